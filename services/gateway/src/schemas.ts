import { Type, type Static } from '@sinclair/typebox';

// Names and states only: upstream URLs and error codes are the operator's (logs, METRICS_PORT), not the public's.
export const ServiceHealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('not_ready')], {
    description: 'ready: every replica is ready; degraded: some are; not_ready: none is',
  }),
});

/** The body of `GET /api/health`. */
export const SystemHealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')], {
    description: 'ok: all ready (200); degraded: every service has a ready replica but some replica is not (200); unavailable: some service has none (503)',
  }),
  services: Type.Record(Type.String(), ServiceHealthSchema, { description: 'each configured service by name' }),
});
export type SystemHealth = Static<typeof SystemHealthSchema>;
export type ServiceHealth = Static<typeof ServiceHealthSchema>;
