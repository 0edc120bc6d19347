import type { IncomingMessage, ServerResponse } from 'node:http';

/** An app registration the emulator knows. */
export interface EmulatorClient {
  clientId: string;
  /** Accepted client secret; omit for a certificate-only or public client. */
  clientSecret?: string;
  /** Registered certificate credential (PEM of the public certificate). */
  certificatePem?: string;
  /**
   * Permissions granted: app roles for app-only tokens (`roles` claim), and the delegated scopes consented for
   * device-code tokens (`scp` claim), e.g. `['EntitlementManagement.ReadWrite.All', 'User.Read.All']`.
   * @default [] (a token without permissions: Graph answers 403)
   */
  roles?: string[];
}

/** The user a device-code sign-in signs in as (the emulator approves the code on this user's behalf). */
export interface EmulatorSignedInUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
}

export interface SignInServiceOptions {
  tenantId: string;
  clients: EmulatorClient[];
  /** Lifetime of the access tokens it issues, in seconds. @default 3600 */
  tokenLifetimeSeconds?: number;
  /** How long after a device code is issued the emulator approves it. @default 1000 */
  deviceCodeApprovalDelayMs?: number;
  /** Polling interval it tells device-code clients, in seconds (Entra says 5). @default 1 */
  deviceCodePollIntervalSeconds?: number;
  /** Who signs in through the device code flow. @default a fixed admin user of the tenant */
  deviceCodeUser?: EmulatorSignedInUser;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

export type BearerCheck =
  | { ok: true; clientId: string; kind: 'app' | 'delegated'; userId?: string; roles: string[]; expiresAt: number }
  | { ok: false; status: 401; code: 'InvalidAuthenticationToken'; message: string };

export interface SignInService {
  /** Handles sign-in paths; returns false when the path is not a sign-in path. `authorityHost` is e.g. https://127.0.0.1:PORT */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string, authorityHost: string): boolean;
  /**
   * Checks an `Authorization` header. `roles` holds the app roles of an app token, and the granted delegated
   * scopes (`scp`) of a delegated token, so one permission check serves both; `expiresAt` is epoch milliseconds.
   */
  verifyBearer(authorization: string | undefined): BearerCheck;
  /** Later token requests fail with `invalid_client`, and tokens already issued are rejected. */
  revokeClient(clientId: string): void;
  /** Tokens issued from now on, and those already issued, die `seconds` after issue or after now, whichever is sooner. */
  expireTokensAfter(seconds: number): void;
}
