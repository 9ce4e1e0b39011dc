/**
 * The storefront's runtime config, `/config.json` beside the shell's index.html: one shell build
 * serves any channel, and a remote moves to a new URL without rebuilding the shell.
 */
export interface StorefrontConfig {
  /** The gateway, e.g. `http://127.0.0.1:8080` (empty: the storefront's own origin). */
  apiBaseUrl: string;
  channel: {
    /** The channel's slug (`web`, `nyc`). */
    id: string;
    /** Its publishable key (`pk_…`), sent as `X-API-Key`; absent where the gateway has no channel keys yet. */
    key?: string;
    name: string;
    /** `#rrggbb`. */
    theme_color: string;
  };
  /** Each remote's entry URL, by remote name (`products` → `http://127.0.0.1:5101/remoteEntry.js`). */
  remotes: Record<string, string>;
}

/** Reads `/config.json`, refusing one that lacks what the storefront cannot work without. */
export async function fetchStorefrontConfig(url = '/config.json'): Promise<StorefrontConfig> {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const config = (await response.json()) as Partial<StorefrontConfig>;
  if (typeof config.apiBaseUrl !== 'string' || !config.channel?.name || !config.remotes) {
    throw new Error(`${url} needs apiBaseUrl, channel {id, name, theme_color} and remotes`);
  }
  return config as StorefrontConfig;
}
