import type { ComponentType } from 'react';
import { loadRemote, registerRemotes } from '@module-federation/runtime';

/** What each remote exposes as `<remote>/pages`: its page components by name. */
export type RemotePages = Record<string, ComponentType>;

/** Shown in place of a remote's page when it cannot be loaded. */
export const REMOTE_LABELS: Record<string, string> = {
  products: 'The catalog',
  cart: 'The cart',
  checkout: 'Checkout',
  auth: 'Signing in',
  profile: 'Your account',
};

/** Registers the remotes named in config.json, at run time: a remote moves without rebuilding the shell. */
export function registerStorefrontRemotes(remotes: Record<string, string>): void {
  // type 'module': Vite builds ES module remote entries (without it the runtime expects a global "var" script).
  registerRemotes(Object.entries(remotes).map(([name, entry]) => ({ name, entry, type: 'module' })));
}

const loaded = new Map<string, Promise<RemotePages>>();

/**
 * One remote's pages, loaded once. A failed load is forgotten, so "Try again" loads afresh (a
 * React.lazy component would stay failed until the page is reloaded).
 */
export function loadRemotePages(remote: string): Promise<RemotePages> {
  let pages = loaded.get(remote);
  if (!pages) {
    pages = loadRemote<RemotePages>(`${remote}/pages`).then((module) => {
      if (!module) throw new Error(`${remote} exposes no pages`);
      return module;
    });
    pages.catch(() => loaded.delete(remote));
    loaded.set(remote, pages);
  }
  return pages;
}
