import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, registerWebFiles, type App } from '@storefleet/kit';

/** apps/admin/dist beside this service, from its sources (src/) and from its build (dist/) alike, in the repository or an image. */
export const DEFAULT_ADMIN_DIST = fileURLToPath(new URL('../../../apps/admin/dist', import.meta.url));

/**
 * Serves the admin panel at /admin/ (a single-page app: its client routes answer index.html). A folder named
 * by ADMIN_DIST must be built; the default one may not be yet (tests, a checkout before `npm start`): then the
 * gateway still starts and /admin answers 503 saying how to build it.
 */
export async function registerAdminPanel(app: App, options: { root: string; required: boolean }): Promise<void> {
  const { root } = options;
  // Pages, not API: none of these routes is in the gateway's OpenAPI document.
  app.get('/admin', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin/', 301));
  if (options.required || existsSync(`${root}/index.html`)) {
    await registerWebFiles(app, { root, prefix: '/admin/', spa: true });
    return;
  }
  app.log.warn({ folder: root }, 'the admin panel is not built: /admin answers 503 until it is (npm run build -w @storefleet/admin)');
  app.get('/admin/*', { schema: { hide: true } }, async () => {
    throw new AppError('unavailable', `The admin panel is not built (no index.html in ${root}): run npm run build -w @storefleet/admin, or npm start, which builds it`);
  });
}
