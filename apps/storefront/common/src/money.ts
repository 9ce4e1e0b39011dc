const formats = new Map<string, Intl.NumberFormat>();

/**
 * An amount as the shop shows it: the currency's symbol and two decimals (`€1,299.00`). A missing
 * currency (a cart line whose product left the catalog) shows as EUR, the catalog's default; a
 * non-finite amount as a dash rather than "NaN".
 * @example formatPrice(1299, 'EUR') // '€1,299.00'
 */
export function formatPrice(amount: number | null | undefined, currency: string | null | undefined = 'EUR', locale = 'en-IE'): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '–';
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : 'EUR';
  const key = `${locale}:${code}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(key, format);
  }
  return format.format(amount);
}

/** Adds money amounts in cents, so 0.1 + 0.2 is 0.30 and a cart of many lines does not drift. */
export function sumPrices(amounts: number[]): number {
  return amounts.reduce((cents, amount) => cents + Math.round(amount * 100), 0) / 100;
}
