import { describe, expect, it } from 'vitest';
import { parseSerials, statusActions } from './order-actions.js';

describe('order status actions', () => {
  it('offers exactly the legal changes, asking for serials when shipping and a reason when cancelling', () => {
    expect(statusActions('processing')).toEqual([
      { to: 'shipped', label: 'Ship', asks: 'serials' },
      { to: 'cancelled', label: 'Cancel order', asks: 'reason' },
    ]);
    expect(statusActions('shipped').map((a) => a.to)).toEqual(['delivered', 'cancelled']);
    expect(statusActions('delivered')).toEqual([]);
    expect(statusActions('cancelled')).toEqual([{ to: 'pending', label: 'Reopen', asks: 'nothing' }]);
  });

  it('reads serial numbers one per line or separated by commas, without blanks or repeats', () => {
    expect(parseSerials(' SN-1, SN-2\n\nSN-3;SN-1 \n')).toEqual(['SN-1', 'SN-2', 'SN-3']);
    expect(parseSerials('  \n ,')).toEqual([]);
  });
});
