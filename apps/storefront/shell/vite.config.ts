import { federatedApp } from '../federation.js';

export default federatedApp({ name: 'shell' });
