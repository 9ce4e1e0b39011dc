import { describe, expect, it } from 'vitest';
import { runFailingTest } from '../support/failing/exit-code.js';

describe('a test run with a failing test', () => {
  it('exits non-zero in the distributed project', () => {
    const { status, output } = runFailingTest('distributed');
    expect(output).toMatch(/1 failed/);
    expect(status, output).not.toBe(0);
  });
});
