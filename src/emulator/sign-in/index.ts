export { createSignInService } from './sign-in-service.js';
export type { BearerCheck, EmulatorClient, EmulatorSignedInUser, SignInService, SignInServiceOptions } from './sign-in-types.js';
