import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'products', exposes: { './pages': './src/pages.tsx' } });
