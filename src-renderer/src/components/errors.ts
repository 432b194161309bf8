// What a failed call means for the owner, and which field it names.
import { ApiCallError } from '../../../src-shared/api/client';
import { errorMessage } from '../../../src-shared/errors';

/** The field an agent error names without its "params." prefix ("price", "natsUrl"), or null. */
export function errorField(err: unknown): string | null {
  if (!(err instanceof ApiCallError) || !err.field) return null;
  return err.field.replace(/^params\./, '');
}

export function describeError(err: unknown): string {
  if (err instanceof ApiCallError && err.code === 'disconnected') return `not connected to the Island (${err.message})`;
  return errorMessage(err);
}
