import { describe, expect, it } from 'vitest';
import { specRows, warrantyText } from './specs.js';

describe('specRows', () => {
  it('shows known attributes first, labelled, with units, and 1024 GB as 1 TB', () => {
    expect(specRows({ weight_kg: 1.2, zeta: 'x', ram_gb: 16, storage_gb: 1024, display_in: 14 })).toEqual([
      { label: 'Memory', value: '16 GB' },
      { label: 'Storage', value: '1 TB' },
      { label: 'Display', value: '14″' },
      { label: 'Weight', value: '1.2 kg' },
      { label: 'Zeta', value: 'x' },
    ]);
  });

  it('lists arrays and keeps unknown keys readable', () => {
    expect(specRows({ compatible_with: ['X1 Carbon', 'T14'], battery_wh: 57, usb_c: true })).toEqual([
      { label: 'Compatible with', value: 'X1 Carbon, T14' },
      { label: 'Battery wh', value: '57' },
      { label: 'Usb c', value: 'Yes' },
    ]);
  });
});

describe('warrantyText', () => {
  it('says years for whole years and months otherwise', () => {
    expect([warrantyText(36), warrantyText(12), warrantyText(18), warrantyText(0)]).toEqual(['3 years', '1 year', '18 months', 'No warranty']);
  });
});
