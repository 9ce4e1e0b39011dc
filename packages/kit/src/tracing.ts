import { context, propagation, trace, SpanKind, type Link } from '@opentelemetry/api';

/**
 * Tracing is on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (see tracing-start.ts, which a process
 * imports first). Off, nothing here creates a span or reads the context: the checks cost a boolean.
 */
export const tracingEnabled = (): boolean => enabled;
let enabled = false;

/** Called by tracing-start.ts once the tracer provider is registered. */
export function markTracingStarted(): void {
  enabled = true;
}

/** The W3C traceparent of the active span (to stamp on an event or a hand-built request), or undefined when tracing is off. */
export function currentTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/**
 * Runs a subscriber's handling of events in a consumer span linked to each producer's span (the
 * `traceparent` its envelope carries), so a trace shows what an event caused, and the database calls of
 * the handler nest under it.
 */
export function inConsumerSpan<T>(group: string, events: { type: string; traceparent?: string }[], handle: () => Promise<T>): Promise<T> {
  if (!enabled) return handle();
  const links: Link[] = [];
  for (const event of events) {
    if (!event.traceparent) continue;
    const producer = trace.getSpanContext(propagation.extract(context.active(), { traceparent: event.traceparent }));
    if (producer) links.push({ context: producer });
  }
  const types = [...new Set(events.map((e) => e.type))].join(',');
  const tracer = trace.getTracer('storefleet-events');
  return tracer.startActiveSpan(`process ${types}`, { kind: SpanKind.CONSUMER, links, attributes: { 'messaging.consumer.group.name': group, 'messaging.batch.message_count': events.length } }, async (span) => {
    try {
      return await handle();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: 2 });
      throw error;
    } finally {
      span.end();
    }
  });
}
