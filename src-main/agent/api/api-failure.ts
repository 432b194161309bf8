// A request the agent refuses or cannot serve, with the code and field the dashboard shows.
// Handlers throw it; dispatch turns it into an ApiErrorBody. Anything else thrown is a bug or an
// I/O failure: logged, and answered 'internal'.
import type { ApiErrorBody, ApiErrorCode } from '../../../src-shared/api/frames';
import { IslandError } from '../../../src-shared/errors';

export class ApiFailure extends IslandError {
  override name = 'ApiFailure';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Dotted path of the offending field, e.g. `params.price`. */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): ApiErrorBody {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}
