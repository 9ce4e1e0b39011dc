import { describe, expect, it } from 'vitest';
import { textOn } from './theme.js';

describe('textOn', () => {
  it('puts white on dark colours and black on light ones', () => {
    expect(textOn('#1f6feb')).toBe('#ffffff');
    expect(textOn('#0b3d2e')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
    expect(textOn('#f5f5f5')).toBe('#000000');
  });

  it('falls back to white for a value that is not #rrggbb', () => {
    expect(textOn('red')).toBe('#ffffff');
  });
});
