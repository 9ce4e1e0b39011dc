/**
 * The text colour readable on a channel's theme colour: black or white, whichever contrasts more
 * (WCAG relative luminance), so any colour an admin picks keeps the header legible.
 * @example textOn('#ffd400') // '#000000'
 */
export function textOn(background: string): '#000000' | '#ffffff' {
  const match = /^#?([0-9a-f]{6})$/i.exec(background.trim());
  if (!match) return '#ffffff';
  const value = parseInt(match[1]!, 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: black wins above L ≈ 0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

/** Paints the channel's colour on the page: CSS variables the stylesheet uses, and the browser's theme colour. */
export function applyTheme(color: string): void {
  const valid = /^#[0-9a-f]{6}$/i.test(color) ? color : '#1f6feb';
  document.documentElement.style.setProperty('--brand', valid);
  document.documentElement.style.setProperty('--brand-text', textOn(valid));
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', valid);
}
