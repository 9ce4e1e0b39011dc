// The one Vite + Module Federation setup of the storefront: the shell and every remote build with it,
// so what they share, and how, is written once.
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { defineConfig, type UserConfig } from 'vite';

/**
 * Shared singletons: one copy on the page, the shell's. Two Reacts break hooks; two routers give
 * "useNavigate() may be used only in the context of a <Router>"; two query clients or two copies of
 * the storefront's common package would each hold their own session and cart.
 */
const SHARED = ['react', 'react-dom', 'react-router', '@tanstack/react-query', '@storefleet/web-client', '@storefleet/storefront-common'];

export interface FederatedAppOptions {
  /** The federation name, also the key of the remote in config.json (`products`, ...); `shell` for the host. */
  name: string;
  /** A remote's modules, e.g. `{ './pages': './src/pages.tsx' }`; none for the shell. */
  exposes?: Record<string, string>;
}

/**
 * The Vite config of one storefront app.
 * @example export default federatedApp({ name: 'cart', exposes: { './pages': './src/pages.tsx' } })
 */
export function federatedApp(options: FederatedAppOptions): UserConfig {
  const isRemote = options.exposes !== undefined;
  return defineConfig({
    // A remote's URLs are relative, so its chunks load from the remote's own server, not from the shell's
    // origin. The shell's are absolute: its index.html answers deep links (/account/orders, the emailed
    // /reset-password?token=…), where relative URLs would look for /account/assets/….
    base: isRemote ? './' : '/',
    build: { target: 'es2022', reportCompressedSize: true, chunkSizeWarningLimit: 600 },
    plugins: [
      react(),
      federation({
        name: options.name,
        filename: 'remoteEntry.js',
        exposes: options.exposes,
        // Remotes are registered at run time from /config.json (registerRemotes), never at build time.
        remotes: {},
        shared: Object.fromEntries(SHARED.map((name) => [name, { singleton: true }])),
        // Type generation would pull a TypeScript 7 peer; the apps are type-checked by tsc instead.
        dts: false,
        // A remote consumes no other remote: leave that part of the runtime out of its bundle.
        ...(isRemote ? { disableRemote: true } : {}),
        disableSnapshot: true,
      }),
    ],
  });
}
