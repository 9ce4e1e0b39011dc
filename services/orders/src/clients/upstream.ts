import { AppError, type CallResult } from '@storefleet/kit';

/** The incoming request a call continues (its id and trace travel with the call). */
export interface CallContext {
  id: string;
  traceparent?: string;
}

/** What every state-changing call carries: its idempotency key (`<order id>:<step>`) and the request it serves. */
export interface ChangeOptions {
  key: string;
  context?: CallContext;
}

/** A problem body as another service answers it; extensions such as `code` and `shortages` included. */
export type UpstreamProblem = { code?: string; detail?: string; [extension: string]: unknown };

/** Anything but the statuses a call expects means the upstream cannot do its part now. */
export function unexpected(service: string, what: string, result: CallResult<unknown>): AppError {
  const problem = (result.body ?? {}) as UpstreamProblem;
  const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
  return new AppError('unavailable', `The ${service} service answered ${result.status} to ${what}${detail}`, {
    extensions: { upstream: service, upstream_status: result.status },
  });
}
