import { describe, expect, it } from 'vitest';
import { guardCell, unguardCell } from './csv.js';

describe('CSV formula guard', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@A1', "'@A1"],
    ["'=already", "''=already"],
    ['plain', 'plain'],
    ["'quoted", "'quoted"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('writes %j as %j and reads it back unchanged', (value, written) => {
    expect(guardCell(value)).toBe(written);
    expect(unguardCell(guardCell(value))).toBe(value);
  });
});
