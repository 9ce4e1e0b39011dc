import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'checkout', exposes: { './pages': './src/pages.tsx' } });
