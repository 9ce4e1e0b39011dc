import { describe, expect, it } from 'vitest';
import { phoneForApi } from './phone.js';

describe('phoneForApi', () => {
  it('drops the spaces, dots, dashes and brackets people type, and keeps everything else for the API to judge', () => {
    expect(phoneForApi(' +33 6 12 34 56 78 ')).toBe('+33612345678');
    expect(phoneForApi('+1 (212) 555-0100')).toBe('+12125550100');
    expect(phoneForApi('06.12.34.56.78')).toBe('0612345678');
  });

  it('reads an empty field as no phone', () => {
    expect(phoneForApi('  ')).toBeNull();
  });
});
