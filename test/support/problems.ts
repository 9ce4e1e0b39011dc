import { AppError } from '@storefleet/kit';

/** The AppError `fn` throws (a test fails if it throws nothing or something else). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** The fields named by the AppError `fn` throws. */
export function thrownFields(fn: () => unknown): string[] {
  return (appErrorOf(fn).fields ?? []).map((f) => f.field);
}

/** The fields a problem response's `errors` name. */
export function problemFields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}
