import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EVENT_TABLE_END, EVENT_TABLE_START, renderEventTable, withEventTable } from '../../scripts/event-table.js';

describe("the README's event table", () => {
  it('is the one the event catalog generates (run `npm run docs:events` after changing EVENT_CATALOG)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf(EVENT_TABLE_START) + EVENT_TABLE_START.length, readme.indexOf(EVENT_TABLE_END));
    expect(section.trim()).toBe(renderEventTable());
    expect(withEventTable(readme)).toBe(readme);
  });

  it('is regenerated between the markers, whatever was there', () => {
    const stale = `# Storefleet\n\n${EVENT_TABLE_START}\n| event | data | meaning |\n| \`order.shipped\` | | gone |\n${EVENT_TABLE_END}\n\nafter\n`;
    const fresh = withEventTable(stale);
    expect(fresh).not.toContain('order.shipped');
    expect(fresh).toContain('| `user.password_reset_requested` | `user_id`, `email`, `first_name`, `token`, `expires_at` |');
    expect(fresh.endsWith(`${EVENT_TABLE_END}\n\nafter\n`)).toBe(true);
    expect(() => withEventTable('# no markers')).toThrow(/lacks the markers/);
  });
});
