import { describe, expect, it } from 'vitest';
import { runFailingTest } from '../support/failing/exit-code.js';

describe('a test run with a failing test', () => {
  it.each(['unit', 'system'] as const)('exits non-zero in the %s project', (project) => {
    const { status, output } = runFailingTest(project);
    expect(output).toMatch(/1 failed/);
    expect(status, output).not.toBe(0);
  });
});
