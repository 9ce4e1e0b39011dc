import { Type } from '@sinclair/typebox';
import type { Problem } from '@storefleet/contracts';

/** The shared Problem schema, registered once on the app (see app.ts). */
export const ProblemRef = Type.Unsafe<Problem>(Type.Ref('Problem'));

/** Problem responses for the given statuses, so OpenAPI lists every failure a route can answer. */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}
