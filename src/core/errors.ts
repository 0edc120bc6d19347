import { ExitCode } from './exit-codes.js';

/**
 * An expected failure: the message is for the user as is, and `exitCode` is what the program ends with.
 * Anything that is not an `AppError` reaching the CLI entry is a bug and is reported as one.
 */
export class AppError extends Error {
  readonly exitCode: ExitCode;
  /** An optional second line: what to do about it. */
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

export class UsageError extends AppError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, ExitCode.BadInput, options);
    this.name = 'UsageError';
  }
}

export class SignInError extends AppError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, ExitCode.SignInFailed, options);
    this.name = 'SignInError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
