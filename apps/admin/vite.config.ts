import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

/** Prints what the built app weighs (JavaScript and CSS, raw and gzipped), the number the bundle budget watches. */
function reportSize(): Plugin {
  let outDir = 'dist';
  return {
    name: 'storefleet-report-size',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      let raw = 0;
      let gzipped = 0;
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const body = readFileSync(join(assets, name));
        raw += statSync(join(assets, name)).size;
        gzipped += gzipSync(body).length;
      }
      console.log(`admin: ${(raw / 1024).toFixed(1)} KB of JavaScript and CSS, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    },
  };
}

export default defineConfig({
  base: '/admin/',
  plugins: [react(), reportSize()],
  // Workspace packages export their TypeScript sources under the "development" condition.
  resolve: { conditions: ['development', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
