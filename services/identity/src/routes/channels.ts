import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import {
  ChannelKeyParamsSchema, ChannelListSchema, ChannelParamsSchema, ChannelSchema, CreateChannelSchema, CreatedChannelKeySchema, UpdateChannelSchema,
} from '@storefleet/contracts';
import type { Channels } from '../operations/channels.js';

const Problem = Type.Ref('Problem');
const guarded = { security: [{ bearer: [] }], tags: ['channels (admin)'] };
const denied = { 401: Problem, 403: Problem };
const NoContent = Type.Null({ description: 'Done' });

/** Admin management of the storefront channels and their publishable keys; registered inside an admin scope. */
export async function channelRoutes(app: App, deps: { channels: Channels }): Promise<void> {
  const { channels } = deps;

  app.get('/channels', {
    schema: { ...guarded, operationId: 'listChannels', summary: 'Every channel with its live keys (their prefixes only)', response: { 200: ChannelListSchema, ...denied } },
  }, async () => channels.list());

  app.post('/channels', {
    schema: {
      ...guarded,
      operationId: 'createChannel',
      summary: 'Create a channel (a storefront): slug, name, theme colour, default currency, allowed browser origins',
      body: CreateChannelSchema,
      response: { 201: ChannelSchema, 400: Problem, ...denied, 409: Problem },
    },
  }, async (request, reply) => reply.status(201).send(await channels.create(request.body)));

  app.get('/channels/:id', {
    schema: { ...guarded, operationId: 'getChannel', summary: 'One channel', params: ChannelParamsSchema, response: { 200: ChannelSchema, 400: Problem, ...denied, 404: Problem } },
  }, async (request) => channels.get(request.params.id));

  app.patch('/channels/:id', {
    schema: {
      ...guarded,
      operationId: 'updateChannel',
      summary: 'Change a channel (its slug never changes)',
      params: ChannelParamsSchema,
      body: UpdateChannelSchema,
      response: { 200: ChannelSchema, 400: Problem, ...denied, 404: Problem },
    },
  }, async (request) => channels.update(request.params.id, request.body));

  app.delete('/channels/:id', {
    schema: {
      ...guarded,
      operationId: 'deleteChannel',
      summary: 'Delete a channel and its keys (web cannot be deleted); orders keep the channel they recorded',
      params: ChannelParamsSchema,
      response: { 204: NoContent, 400: Problem, ...denied, 404: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    await channels.remove(request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/channels/:id/keys', {
    schema: {
      ...guarded,
      operationId: 'createChannelKey',
      summary: 'Make a publishable key (pk_…) for the channel: shown in full only in this answer',
      params: ChannelParamsSchema,
      response: { 201: CreatedChannelKeySchema, 400: Problem, ...denied, 404: Problem },
    },
  }, async (request, reply) => reply.status(201).send(await channels.createKey(request.params.id)));

  app.delete('/channels/:id/keys/:key_id', {
    schema: {
      ...guarded,
      operationId: 'revokeChannelKey',
      summary: 'Revoke a publishable key: the gateway refuses it (401) once it has heard',
      params: ChannelKeyParamsSchema,
      response: { 204: NoContent, 400: Problem, ...denied, 404: Problem },
    },
  }, async (request, reply) => {
    await channels.revokeKey(request.params.id, request.params.key_id);
    return reply.status(204).send(null);
  });
}
