/**
 * True when an If-None-Match header names `etag` (weak or strong) or is `*`: the client holds that
 * representation, so the answer is 304 without a body.
 * @example matchesEtag(request.headers['if-none-match'], '"abc"')
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}
