import { Type } from '@sinclair/typebox';
import type { Problem } from '@storefleet/contracts';

/** The Problem schema as a route refers to it; the kit registers it once on every app (service.ts). */
export const ProblemRef = Type.Unsafe<Problem>(Type.Ref('Problem'));

/**
 * Problem responses for the given statuses, so OpenAPI lists every failure a route can answer.
 * @example schema: { response: { 200: OrderSchema, ...problems(400, 404) } }
 */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}
