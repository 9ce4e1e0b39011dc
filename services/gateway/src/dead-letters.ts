import type { FastifyReply } from 'fastify';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { Type } from '@sinclair/typebox';
import { SystemDeadLetterListSchema, type DeadLetter, type SystemDeadLetterList } from '@storefleet/contracts';
import { AppError, type App } from '@storefleet/kit';
import type { Upstreams } from './upstreams.js';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends one admin call to a service, with the client's token (the service checks that it is an
 * admin's), trying its replicas in turn until one answers; undefined when none could be reached.
 */
async function callService(upstreams: Upstreams, service: string, method: Dispatcher.HttpMethod, path: string, options: { authorization?: string; requestId: string; timeoutMs: number }): Promise<Answer | undefined> {
  const replicas = upstreams.all().find((s) => s.name === service)?.upstreams ?? [];
  for (const upstream of replicas) {
    try {
      const response = await undiciRequest(`${upstream.url}${path}`, {
        dispatcher: upstreams.agent,
        method,
        headers: { accept: 'application/json', 'x-request-id': options.requestId, ...(options.authorization ? { authorization: options.authorization } : {}) },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? 'application/json'), body: await response.body.text() };
    } catch {
      // This replica is down or slow: the next one shares its database.
    }
  }
  return undefined;
}

/** Sends a service's answer on as it is: its problem, its list, or its 204. */
function sendAnswer(reply: FastifyReply, answer: Answer): FastifyReply {
  return reply.code(answer.status).type(answer.contentType).send(answer.status === 204 ? null : answer.body);
}

const ServiceParams = Type.Object({ service: Type.String({ pattern: '^[a-z]+$' }), id: Type.String({ format: 'uuid' }) });
const ProblemRef = Type.Ref('Problem');

/**
 * `/api/events/dead-letters`: every service's dead letters gathered in one list (as `/api/health`
 * gathers readiness), and a replay or a discard of one, sent to the service that holds it.
 */
export function registerDeadLetterRoutes(app: App, upstreams: Upstreams, timeoutMs: number): void {
  const configured = () => upstreams.all().filter((s) => s.upstreams.length > 0).map((s) => s.name as string);

  async function forward(method: Dispatcher.HttpMethod, service: string, path: string, request: { headers: { authorization?: string }; id: string }) {
    if (!configured().includes(service)) throw new AppError('not_found', `There is no service named ${service}`);
    const answer = await callService(upstreams, service, method, path, { authorization: request.headers.authorization, requestId: request.id, timeoutMs });
    if (!answer) throw new AppError('unavailable', `The ${service} service could not be reached`);
    return answer;
  }

  app.get(
    '/api/events/dead-letters',
    {
      schema: {
        tags: ['events'],
        operationId: 'listDeadLetters',
        summary: "Every service's dead letters: events a subscriber group failed EVENT_MAX_ATTEMPTS times (admin)",
        security: [{ bearer: [] }],
        response: { 200: SystemDeadLetterListSchema, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request, reply) => {
      const services = configured();
      const answers = await Promise.all(
        services.map((service) => callService(upstreams, service, 'GET', '/events/dead-letters', { authorization: request.headers.authorization, requestId: request.id, timeoutMs })),
      );
      // Every service checks the same token: a refusal (not signed in, not an admin) is the answer.
      const refused = answers.find((answer) => answer && (answer.status === 401 || answer.status === 403));
      if (refused) return sendAnswer(reply, refused);
      const list: SystemDeadLetterList = { dead_letters: [], services: {} };
      services.forEach((service, i) => {
        const answer = answers[i];
        list.services[service] = !answer ? 'unreachable' : answer.status === 200 ? 'ok' : 'failed';
        if (answer?.status !== 200) return;
        for (const letter of (JSON.parse(answer.body) as { dead_letters: DeadLetter[] }).dead_letters) list.dead_letters.push({ service, ...letter });
      });
      list.dead_letters.sort((a, b) => a.last_failed_at.localeCompare(b.last_failed_at));
      return list;
    },
  );

  app.post(
    '/api/events/dead-letters/:service/:id/replay',
    {
      schema: {
        tags: ['events'],
        operationId: 'replayDeadLetter',
        summary: "Runs the dead letter's handler again: 204 and gone, or 409 with the failure and kept (admin)",
        security: [{ bearer: [] }],
        params: ServiceParams,
        response: { 204: Type.Null(), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef, 503: ProblemRef },
      },
    },
    async (request, reply) => {
      const { service, id } = request.params;
      return sendAnswer(reply, await forward('POST', service, `/events/dead-letters/${id}/replay`, request));
    },
  );

  app.delete(
    '/api/events/dead-letters/:service/:id',
    {
      schema: {
        tags: ['events'],
        operationId: 'deleteDeadLetter',
        summary: 'Discards a dead letter without handling it (admin)',
        security: [{ bearer: [] }],
        params: ServiceParams,
        response: { 204: Type.Null(), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 503: ProblemRef },
      },
    },
    async (request, reply) => {
      const { service, id } = request.params;
      return sendAnswer(reply, await forward('DELETE', service, `/events/dead-letters/${id}`, request));
    },
  );
}
