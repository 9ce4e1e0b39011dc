import { describe, expect, it } from 'vitest';
import { stepKey } from './step-key.js';

describe('step keys', () => {
  it('are <order id>:<step>, with the round for inventory steps after a reactivation', () => {
    expect(stepKey({ id: 'o1', reservation_round: 1 }, 'reserve')).toBe('o1:reserve');
    expect(stepKey({ id: 'o1', reservation_round: 1 }, 'authorize')).toBe('o1:authorize');
    expect(stepKey({ id: 'o1', reservation_round: 2 }, 'release')).toBe('o1:release-2');
    expect(stepKey({ id: 'o1', reservation_round: 2 }, 'void')).toBe('o1:void');
  });
});
