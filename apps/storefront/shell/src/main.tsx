import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchStorefrontConfig, startStorefront } from '@storefleet/storefront-common';
import { App } from './app.js';
import { registerStorefrontRemotes } from './remotes.js';
import { applyTheme } from './theme.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
try {
  // Read at load, not built in: one shell build serves every channel, and remotes move without a rebuild.
  const config = await fetchStorefrontConfig();
  document.title = config.channel.name;
  applyTheme(config.channel.theme_color);
  registerStorefrontRemotes(config.remotes);
  const storefront = startStorefront(config);
  root.render(
    <StrictMode>
      <App storefront={storefront} />
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <div className="unavailable card" role="alert">
      <h1>The shop cannot open</h1>
      <p>Its settings could not be read ({(error as Error).message}). Please try again later.</p>
    </div>,
  );
}
