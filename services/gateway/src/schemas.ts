import { Type, type Static } from '@sinclair/typebox';

export const UpstreamHealthSchema = Type.Object({
  url: Type.String(),
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready'), Type.Literal('unreachable')]),
  http_status: Type.Optional(Type.Integer()),
  detail: Type.Optional(Type.String()),
});

export const ServiceHealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('not_ready')], {
    description: 'ready: every upstream is ready; degraded: some are; not_ready: none is',
  }),
  upstreams: Type.Array(UpstreamHealthSchema),
});

/** The body of `GET /api/health`. */
export const SystemHealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')], {
    description: 'ok: all ready (200); degraded: every service has a ready upstream but some upstream is not (200); unavailable: some service has none (503)',
  }),
  services: Type.Record(Type.String(), ServiceHealthSchema),
});
export type SystemHealth = Static<typeof SystemHealthSchema>;
export type ServiceHealth = Static<typeof ServiceHealthSchema>;
export type UpstreamHealth = Static<typeof UpstreamHealthSchema>;
