/** The part of a logger sign-in uses; a pino logger fits. Nothing secret is ever passed to it. */
export interface SignInLogger {
  warn(message: string): void;
  debug?(message: string): void;
}
