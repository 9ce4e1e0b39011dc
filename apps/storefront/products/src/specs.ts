/** How the known attributes read (ATTRIBUTES_HELP in contracts' products.ts); others are shown by their key. */
const KNOWN: Record<string, { label: string; unit?: string }> = {
  cpu: { label: 'Processor' },
  ram_gb: { label: 'Memory', unit: 'GB' },
  storage_gb: { label: 'Storage', unit: 'GB' },
  display_in: { label: 'Display', unit: '″' },
  resolution: { label: 'Resolution' },
  gpu: { label: 'Graphics' },
  weight_kg: { label: 'Weight', unit: 'kg' },
  os: { label: 'Operating system' },
  compatible_with: { label: 'Compatible with' },
  capacity: { label: 'Capacity' },
  type: { label: 'Type' },
  form_factor: { label: 'Form factor' },
};

function valueText(value: unknown, unit?: string): string {
  if (Array.isArray(value)) return value.map((v) => valueText(v)).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${valueText(v)}`).join('; ');
  if (value === null || value === undefined || value === '') return '–';
  // 1024 GB reads better as 1 TB; the unit goes after a number only.
  if (unit === 'GB' && typeof value === 'number' && value >= 1024 && value % 1024 === 0) return `${value / 1024} TB`;
  return typeof value === 'number' && unit ? `${value}${unit === '″' ? '' : ' '}${unit}` : String(value);
}

/**
 * A product's free-form `attributes` as the rows of its specs table: known keys first, in a fixed
 * order and with their labels and units, then any other key as written (`battery_wh` → "Battery wh").
 * @example specRows({ ram_gb: 16 }) // [{ label: 'Memory', value: '16 GB' }]
 */
export function specRows(attributes: Record<string, unknown>): { label: string; value: string }[] {
  const known = Object.keys(KNOWN).filter((key) => key in attributes);
  const others = Object.keys(attributes).filter((key) => !(key in KNOWN)).sort();
  return [...known, ...others].map((key) => {
    const spec = KNOWN[key];
    const label = spec?.label ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
    return { label, value: valueText(attributes[key], spec?.unit) };
  });
}

/** `36` → "3 years", `18` → "18 months", `0` → "No warranty". */
export function warrantyText(months: number): string {
  if (months <= 0) return 'No warranty';
  if (months % 12 === 0) return `${months / 12} year${months === 12 ? '' : 's'}`;
  return `${months} months`;
}
