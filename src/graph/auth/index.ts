export { resolveConnection, connectionFlagsSchema, type ConnectionFlags, type ConnectionEnvironment, type ConnectionSettings, type Credential, type RedactedConnectionSettings } from './connection-settings.js';
export { nationalClouds, cloudNames, type CloudName } from './national-clouds.js';
export { createTokenProvider, type TokenProviderOptions } from './create-token-provider.js';
export { verifySignIn, type SignInCheck } from './verify-sign-in.js';
export { EntraSignInError } from './sign-in-failure.js';
export { readCaFile } from './certificate-credential.js';
export type { SignInLogger } from './sign-in-logger.js';
