import { expect, it } from 'vitest';

// Run only by test/*/exit-code.test.ts, through ./vitest.config.ts: a test run whose tests fail must exit non-zero.
it('fails on purpose', () => {
  expect(1).toBe(2);
});
