/**
 * A phone as a shopper types it (`+44 20 7946 0958`, `+1 (212) 555-0100`) in the API's E.164 form
 * (`+442079460958`): spaces, dots, dashes and brackets go, nothing else is guessed (a number without its
 * country code stays as typed, and the API names the field). Empty means no phone.
 * @example phoneForApi('+33 6 12 34 56 78') // '+33612345678'
 */
export function phoneForApi(typed: string): string | null {
  const compact = typed.replace(/[\s().-]/g, '');
  return compact === '' ? null : compact;
}
