import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

/**
 * Prints what the built app weighs (JavaScript and CSS, raw and gzipped), the number the bundle budget
 * watches, and the JavaScript the first page (sign-in) loads: the entry and what it imports statically
 * (each page's own file loads when the page opens).
 */
function reportSize(): Plugin {
  let outDir = 'dist';
  let firstLoad = 0;
  return {
    name: 'storefleet-report-size',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
      const loaded = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (loaded.has(fileName) || chunk?.type !== 'chunk') return;
        loaded.add(fileName);
        chunk.imports.forEach(visit);
      };
      if (entry) visit(entry.fileName);
      firstLoad = [...loaded].reduce((sum, fileName) => sum + gzipSync((bundle[fileName] as { code: string }).code).length, 0);
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
      console.log(`admin: ${(raw / 1024).toFixed(1)} KB of JavaScript and CSS, ${(gzipped / 1024).toFixed(1)} KB gzipped; the sign-in page loads ${(firstLoad / 1024).toFixed(1)} KB of JavaScript gzipped`);
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
