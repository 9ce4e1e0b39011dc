import { request, type Dispatcher } from 'undici';

/** A GET of the gateway's own (health, docs) to one upstream replica, bounded by `timeoutMs`. */
export function getFromUpstream(dispatcher: Dispatcher, url: string, timeoutMs: number, requestId: string): Promise<Dispatcher.ResponseData> {
  return request(url, {
    dispatcher,
    method: 'GET',
    headers: { accept: 'application/json', 'x-request-id': requestId },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
}
