import { problems, requireUser, type App } from '@storefleet/kit';
import {
  ClaimSchema, CreateClaimSchema, WarrantyListQuerySchema, WarrantyLookupQuerySchema, WarrantyPageSchema, WarrantyParamsSchema, WarrantySchema,
} from '@storefleet/contracts';
import { assertMayClaim, canView, requireProof, warrantyNotFound } from '../domain/warranty.js';
import type { ClaimsStore } from '../store/claims-store.js';
import type { WarrantiesStore } from '../store/warranties-store.js';

const tags = ['warranties'];
const security = [{ bearer: [] }];

/** The guest lookup; registered without auth. */
export function guestWarrantyRoutes(app: App, { warranties }: { warranties: WarrantiesStore }): void {
  app.get(
    '/warranties/lookup',
    {
      schema: {
        tags, operationId: 'lookupWarranty',
        summary: 'A guest finds the warranty of a unit by the email it was sold to and its serial (404 when the pair does not match)',
        querystring: WarrantyLookupQuerySchema,
        response: { 200: WarrantySchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const warranty = await warranties.lookup(request.query.email, request.query.serial);
      if (!warranty) throw warrantyNotFound();
      return warranty;
    },
  );
}

/** Opening a claim: the buyer signed in, or a guest with email + serial; registered behind the optional auth hook. */
export function claimRoutes(app: App, { claims }: { claims: ClaimsStore }): void {
  app.post(
    '/warranties/:id/claims',
    {
      schema: {
        tags, operationId: 'openClaim',
        summary: 'Open a claim on an active warranty: its buyer (signed in) or a guest giving its email and serial; emits warranty.claim_opened',
        security: [{ bearer: [] }, {}],
        params: WarrantyParamsSchema,
        body: CreateClaimSchema,
        response: { 201: ClaimSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { user, body } = request;
      requireProof(user, body);
      const opened = await claims.open(request.params.id, { description: body.description, actor: user?.id ?? 'guest' }, (w) => assertMayClaim(w, user, body));
      if (!opened) throw warrantyNotFound();
      return reply.code(201).send(opened.claim);
    },
  );
}

/** Warranties of the signed-in user (everyone's for admins); registered behind the required auth hook. */
export function warrantyRoutes(app: App, { warranties }: { warranties: WarrantiesStore }): void {
  app.get(
    '/warranties',
    {
      schema: {
        tags, security, operationId: 'listWarranties',
        summary: 'Own warranties, newest first; admins see all; filters: serial, email, status (active, expired, void)',
        querystring: WarrantyListQuerySchema,
        response: { 200: WarrantyPageSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { page = 1, limit = 20, serial, email, status } = request.query;
      const found = await warranties.list({ page, limit, serial, email, status, user_id: user.role === 'admin' ? undefined : user.id });
      return { ...found, page, limit };
    },
  );

  app.get(
    '/warranties/:id',
    {
      schema: {
        tags, security, operationId: 'getWarranty', summary: 'One warranty with its history and claims (its buyer or an admin; 404 for anyone else)',
        params: WarrantyParamsSchema,
        response: { 200: WarrantySchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const warranty = await warranties.get(request.params.id);
      if (!warranty || !canView(warranty, requireUser(request))) throw warrantyNotFound();
      return warranty;
    },
  );
}
