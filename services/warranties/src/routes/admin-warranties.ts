import { problems, requireUser, type App } from '@storefleet/kit';
import { ClaimParamsSchema, ClaimSchema, UpdateClaimSchema, UpdateWarrantySchema, WarrantyParamsSchema, WarrantySchema } from '@storefleet/contracts';
import { assertClaimTransition, claimNotFound, planWarrantyChange, warrantyNotFound } from '../domain/warranty.js';
import type { ClaimsStore } from '../store/claims-store.js';
import type { WarrantiesStore } from '../store/warranties-store.js';

const tags = ['warranties'];
const security = [{ bearer: [] }];

/** Changes for admins; registered on a scope whose hooks already demand an admin token. */
export function adminWarrantyRoutes(app: App, { warranties, claims }: { warranties: WarrantiesStore; claims: ClaimsStore }): void {
  app.patch(
    '/warranties/:id',
    {
      schema: {
        tags, security, operationId: 'updateWarranty',
        summary: 'Extend a warranty to a later ends_on, or void it (status "void"), with a reason kept in its history (admin); emits warranty.updated',
        params: WarrantyParamsSchema,
        body: UpdateWarrantySchema,
        response: { 200: WarrantySchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const by = { actor: requireUser(request).id, reason: request.body.reason };
      const warranty = await warranties.change(request.params.id, (current) => planWarrantyChange(current, request.body), by);
      if (!warranty) throw warrantyNotFound();
      return warranty;
    },
  );

  app.patch(
    '/warranties/claims/:id',
    {
      schema: {
        tags, security, operationId: 'updateClaim',
        summary: 'Move a claim: open → in_repair | resolved | rejected, in_repair → open | resolved | rejected (admin); emits warranty.claim_updated',
        params: ClaimParamsSchema,
        body: UpdateClaimSchema,
        response: { 200: ClaimSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { status, note } = request.body;
      const change = { to: status, note: note ?? null, actor: requireUser(request).id };
      const changed = await claims.change(request.params.id, change, (current) => assertClaimTransition(current.status, status));
      if (!changed) throw claimNotFound(request.params.id);
      return changed.claim;
    },
  );
}
