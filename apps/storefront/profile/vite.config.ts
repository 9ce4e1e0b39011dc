import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'profile', exposes: { './pages': './src/pages.tsx' } });
