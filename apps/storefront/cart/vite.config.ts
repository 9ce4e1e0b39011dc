import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'cart', exposes: { './pages': './src/pages.tsx' } });
