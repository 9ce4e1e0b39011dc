import type { Db, Outbox, Queryable } from '@storefleet/kit';
import type { Claim, ClaimStatus, Warranty } from '@storefleet/contracts';
import { WARRANTIES_PUBLISHES } from '../events.js';
import { selectClaim, selectWarranty } from './warranty-rows.js';

/** A claim with the warranty it is made on (whose email and owner decide who is told and who may see it). */
export interface ClaimWithWarranty {
  claim: Claim;
  warranty: Warranty;
}

/**
 * Claims and their history; each change writes its history row and its warranty.claim_* event
 * (`{claim, warranty}`) in the change's own transaction.
 * @example const claims = createClaimsStore(db, { outbox })
 */
export function createClaimsStore(db: Db, { outbox }: { outbox: Outbox }) {
  async function publish(tx: Queryable, type: 'warranty.claim_opened' | 'warranty.claim_updated', claimId: string): Promise<ClaimWithWarranty> {
    const claim = (await selectClaim(tx, claimId))!;
    const warranty = (await selectWarranty(tx, claim.warranty_id))!;
    await outbox.add(tx, { type, subject: claimId, data: { claim, warranty } });
    return { claim, warranty };
  }

  return {
    /**
     * Opens a claim on a warranty, once `check(warranty)` (who may, and whether it is claimable) passed
     * under the warranty's row lock. Undefined when there is no such warranty.
     */
    async open(warrantyId: string, claim: { description: string; actor: string }, check: (warranty: Warranty) => void): Promise<ClaimWithWarranty | undefined> {
      return db.tx(async (tx) => {
        const warranty = await selectWarranty(tx, warrantyId, true);
        if (!warranty) return undefined;
        check(warranty);
        const { rows } = await tx.query<{ id: string }>(
          `WITH c AS (
             INSERT INTO claims (warranty_id, status, description) VALUES ($1, 'open', $2) RETURNING id
           ), h AS (
             INSERT INTO claim_history (claim_id, actor, to_status) SELECT id, $3, 'open' FROM c
           )
           SELECT id FROM c`,
          [warrantyId, claim.description, claim.actor],
        );
        return publish(tx, WARRANTIES_PUBLISHES.warrantyClaimOpened, rows[0]!.id);
      });
    },

    /** Moves a claim to `to` once `check(current)` passed under its row lock. Undefined when there is no such claim. */
    async change(id: string, change: { to: ClaimStatus; note: string | null; actor: string }, check: (current: Claim) => void): Promise<ClaimWithWarranty | undefined> {
      return db.tx(async (tx) => {
        const current = await selectClaim(tx, id, true);
        if (!current) return undefined;
        check(current);
        await tx.query('UPDATE claims SET status = $2, updated_at = now() WHERE id = $1', [id, change.to]);
        await tx.query('INSERT INTO claim_history (claim_id, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5)', [
          id, change.actor, current.status, change.to, change.note,
        ]);
        return publish(tx, WARRANTIES_PUBLISHES.warrantyClaimUpdated, id);
      });
    },
  };
}

export type ClaimsStore = ReturnType<typeof createClaimsStore>;
