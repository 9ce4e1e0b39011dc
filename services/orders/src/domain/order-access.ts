import { AppError, type AuthUser } from '@storefleet/kit';

/** The same answer for "does not exist" and "is not yours", so ids reveal nothing. */
export function orderNotFound(id: string): AppError {
  return new AppError('not_found', `Order ${id} does not exist`);
}

/** An admin sees every order that is not deleted; a customer only their own. */
export function canSeeOrder(order: { user_id: string | null; deleted: boolean }, user: AuthUser): boolean {
  return !order.deleted && (user.role === 'admin' || order.user_id === user.id);
}

/** A guest finds an order by its id and the email it was placed with (case-insensitive). */
export function guestMayLookUp(order: { email: string; deleted: boolean }, email: string): boolean {
  return !order.deleted && order.email.toLowerCase() === email.trim().toLowerCase();
}
