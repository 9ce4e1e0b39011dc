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

/** The fields an AppError names. */
export function fieldsOf(error: AppError): string[] {
  return (error.fields ?? []).map((f) => f.field);
}

/** The fields named by the AppError `fn` throws. */
export function thrownFields(fn: () => unknown): string[] {
  return fieldsOf(appErrorOf(fn));
}

/** The fields a problem response's `errors` name. */
export function problemFields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}
