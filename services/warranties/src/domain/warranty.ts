import { AppError, type AuthUser } from '@storefleet/kit';
import type { ClaimStatus, Shipment, UpdateWarranty, Warranty } from '@storefleet/contracts';

/** One unit that gets a warranty: its serial and the product line it was shipped on. */
export interface WarrantyUnit {
  serial: string;
  sku: string;
  product_id: string;
  product_name: string;
  months: number;
}

/**
 * The units of a shipment that are under warranty: every serial of a line whose product had
 * warranty_months > 0 when it was sold (a line carries one serial per unit shipped).
 * @example warrantyUnitsOf(shipment) // [{ serial: 'SN1', sku: 'LAP-1', product_id, product_name: 'Book 14', months: 36 }]
 */
export function warrantyUnitsOf(shipment: Shipment): WarrantyUnit[] {
  return shipment.lines
    .filter((line) => line.warranty_months > 0)
    .flatMap((line) =>
      line.serials.slice(0, line.quantity).map((serial) => ({ serial, sku: line.sku, product_id: line.product_id, product_name: line.name, months: line.warranty_months })),
    );
}

/** What an admin's PATCH does to a warranty. */
export type WarrantyChange = { action: 'extended'; ends_on: string } | { action: 'voided' };

/**
 * An admin's change of a warranty: a later end date (`ends_on`) or `status: "void"`, one of them. A void
 * warranty changes no more (409); an end date not after the current one is 422 naming `ends_on`.
 */
export function planWarrantyChange(warranty: Pick<Warranty, 'status' | 'ends_on'>, request: UpdateWarranty): WarrantyChange {
  if ((request.ends_on === undefined) === (request.status === undefined)) {
    throw new AppError('validation', 'Give either ends_on (to extend) or status "void"', {
      fields: [{ field: request.ends_on === undefined ? 'ends_on' : 'status', message: 'give either ends_on (a later end date) or status "void", not both' }],
    });
  }
  if (warranty.status === 'void') throw new AppError('conflict', 'This warranty is void: it can no longer change', { extensions: { code: 'warranty_void' } });
  if (request.status === 'void') return { action: 'voided' };
  // YYYY-MM-DD strings compare as the days they name.
  if (request.ends_on! <= warranty.ends_on) {
    throw new AppError('unprocessable', `The new end date must be after ${warranty.ends_on}`, {
      fields: [{ field: 'ends_on', message: `must be after the current end date ${warranty.ends_on}` }],
    });
  }
  return { action: 'extended', ends_on: request.ends_on! };
}

/** Claims are made against an active warranty only. */
export function assertClaimable(warranty: Pick<Warranty, 'status' | 'ends_on'>): void {
  if (warranty.status === 'active') return;
  const why = warranty.status === 'void' ? 'it is void' : `it ended on ${warranty.ends_on}`;
  throw new AppError('conflict', `No claim can be opened on this warranty: ${why}`, { extensions: { code: `warranty_${warranty.status}` } });
}

/** The life of a claim: in repair may go back to open (waiting for the customer); resolved and rejected are final. */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  open: ['in_repair', 'resolved', 'rejected'],
  in_repair: ['open', 'resolved', 'rejected'],
  resolved: [],
  rejected: [],
};

/** Refuses a claim status change the life of a claim does not have (409 naming the allowed ones). */
export function assertClaimTransition(from: ClaimStatus, to: ClaimStatus): void {
  const allowed = CLAIM_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const legal = allowed.length ? allowed.join(', ') : 'none, it is final';
  throw new AppError('conflict', `A claim that is ${from} cannot become ${to} (allowed: ${legal})`, {
    extensions: { code: 'illegal_transition', from, to, allowed: [...allowed] },
  });
}

/** Who may see a warranty when signed in: its buyer's account or an admin. Anyone else is told it does not exist. */
export function canView(warranty: Pick<Warranty, 'user_id'>, user: Pick<AuthUser, 'id' | 'role'>): boolean {
  return user.role === 'admin' || warranty.user_id === user.id;
}

/** A guest proves a warranty is theirs with the email it was sold to and its serial (no case in either). */
export function guestProves(warranty: Pick<Warranty, 'email' | 'serial'>, proof: { email?: string; serial?: string }): boolean {
  return (
    proof.email !== undefined && proof.serial !== undefined &&
    proof.email.trim().toLowerCase() === warranty.email.toLowerCase() && proof.serial.trim().toUpperCase() === warranty.serial.toUpperCase()
  );
}

/** The same answer for an unknown warranty and one the caller may not see, so neither tells the other apart. */
export function warrantyNotFound(): AppError {
  return new AppError('not_found', 'There is no such warranty');
}

export function claimNotFound(id: string): AppError {
  return new AppError('not_found', `There is no claim ${id}`);
}

/** A guest (no token) must name the warranty by its email and serial: 400 naming the missing field. */
export function requireProof(user: AuthUser | undefined, proof: { email?: string; serial?: string }): void {
  if (user) return;
  const missing = (['email', 'serial'] as const).filter((field) => proof[field] === undefined);
  if (!missing.length) return;
  throw new AppError('validation', 'Sign in as the buyer, or give the email and serial of the warranty', {
    fields: missing.map((field) => ({ field, message: 'a guest gives the email the unit was sold to and its serial' })),
  });
}

/** Who may open a claim: the buyer's account, an admin, or anyone proving it with email + serial; on an active warranty. */
export function assertMayClaim(warranty: Warranty, user: AuthUser | undefined, proof: { email?: string; serial?: string }): void {
  if (!(user && canView(warranty, user)) && !guestProves(warranty, proof)) throw warrantyNotFound();
  assertClaimable(warranty);
}
