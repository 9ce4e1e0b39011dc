import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'auth', exposes: { './pages': './src/pages.tsx' } });
