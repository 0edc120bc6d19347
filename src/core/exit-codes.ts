/** Exit codes of SPEC section 5. Only the CLI entry turns them into `process.exit`. */
export const ExitCode = {
  /** Every row `submitted`, `delivered` or `skipped`. */
  Ok: 0,
  /** Some rows ended otherwise. */
  SomeRowsFailed: 1,
  /** Bad usage or unreadable input; nothing sent. */
  BadInput: 2,
  /** Sign-in failed; nothing sent. */
  SignInFailed: 3,
  /** The run stopped before every row had an outcome; resumable. */
  Resumable: 4,
  /** Ctrl-C; resumable. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
