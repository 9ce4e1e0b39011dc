import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contracts from '../index.js';
import * as internal from './index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The TypeScript sources under a folder of the repository, without dependencies and builds. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(root + folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/(^|\/)(node_modules|dist)\//.test(file))
    .map((file) => `${folder}/${file}`);
}

describe('the internal contracts', () => {
  it('are not exported from the package root, which the web apps bundle', () => {
    expect(Object.keys(internal).filter((name) => name in contracts)).toEqual([]);
  });

  it('are imported by no web app: the gateway never routes /internal/, so no browser sees those shapes', () => {
    const files = [...sourcesUnder('apps'), ...sourcesUnder('packages/web-client')];
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => readFileSync(root + file, 'utf8').includes('@storefleet/contracts/internal'))).toEqual([]);
  });
});
