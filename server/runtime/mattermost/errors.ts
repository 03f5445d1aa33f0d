/**
 * Errors that cross the wire. A Go `error` result travels as an interface
 * value: *model.AppError passes through whole, anything else becomes
 * *plugin.ErrorString{Code, Err} (client_rpc.go encodableError). Results
 * typed *model.AppError are concrete pointers.
 */
import { TypedValue } from '../gob';
import { messageOf } from '../netrpc';
import type { AppError as AppErrorFields, ErrorString } from './generated';

export const APP_ERROR_GOB_NAME = '*model.AppError';
export const ERROR_STRING_GOB_NAME = '*plugin.ErrorString';

/**
 * Throw from a hook to answer with a *model.AppError (status code, id and
 * all), e.g. from executeCommand; other errors become a plain Go error.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly id: string;
  readonly detailedError: string;
  readonly statusCode: number;
  readonly where: string;

  constructor(init: { id: string; message: string; detailedError?: string; statusCode?: number; where?: string }) {
    super(init.message);
    this.id = init.id;
    this.detailedError = init.detailedError ?? '';
    this.statusCode = init.statusCode ?? 500;
    this.where = init.where ?? '';
  }

  /** The model.AppError fields, JSON-named as the generated schema expects. */
  toFields(): Partial<AppErrorFields> {
    return {
      id: this.id,
      message: this.message,
      detailed_error: this.detailedError,
      status_code: this.statusCode,
      Where: this.where,
    };
  }
}

/** The value of a *model.AppError result field for `error`. */
export function appErrorFields(error: unknown): Partial<AppErrorFields> {
  if (error instanceof AppError) return error.toFields();
  return { id: 'plugin.error', message: messageOf(error), status_code: 500 };
}

/** The value of a Go `error` (interface) result field for `error`, as encodableError makes it. */
export function goErrorValue(error: unknown): TypedValue {
  if (error instanceof AppError) return new TypedValue(APP_ERROR_GOB_NAME, error.toFields());
  const fields: ErrorString = { Code: 0, Err: messageOf(error) };
  return new TypedValue(ERROR_STRING_GOB_NAME, fields);
}
