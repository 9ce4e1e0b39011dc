// `npm run docs:events`: writes the event table generated from EVENT_CATALOG into README.md, between its markers.
import { readFile, writeFile } from 'node:fs/promises';
import { withEventTable } from './event-table.js';

const readmeUrl = new URL('../README.md', import.meta.url);
const before = await readFile(readmeUrl, 'utf8');
const after = withEventTable(before);
if (after === before) console.log('README.md: the event table is up to date');
else {
  await writeFile(readmeUrl, after);
  console.log('README.md: event table written');
}
