import { AuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { SignInError } from '../../../src/core/errors.js';
import { SignInNetworkError } from '../../../src/graph/auth/https-network-client.js';
import { EntraSignInError, toSignInError, type SignInContext } from '../../../src/graph/auth/sign-in-failure.js';

const context: SignInContext = { authorityHost: 'https://login.microsoftonline.com', tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-1111-4111-8111-111111111111' };

function serverError(code: number, error: string, description: string): ServerError {
  const message = `Error(s): ${code} - Timestamp: 2026-11-28 12:00:00Z - Description: AADSTS${code}: ${description}\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-11-28 12:00:00Z - Correlation ID: c - Trace ID: t`;
  return new ServerError(error, 'c', message, undefined, String(code), 400);
}

describe('toSignInError', () => {
  it.each([
    [7000215, 'invalid_client', 'The client secret is wrong or expired'],
    [7000222, 'invalid_client', 'The client secret has expired'],
    [90002, 'invalid_request', "Tenant 'contoso.onmicrosoft.com' does not exist at https://login.microsoftonline.com"],
    [700016, 'unauthorized_client', "No application with client id '11111111-1111-4111-8111-111111111111' in tenant 'contoso.onmicrosoft.com'"],
    [700027, 'invalid_client', 'The certificate is not the one registered'],
    [65001, 'invalid_grant', 'Consent is missing'],
    [50034, 'invalid_request', 'See https://login.microsoftonline.com/error?code=50034'],
  ])('AADSTS%i becomes a SignInError with the code and a hint', (code, oauthError, hint) => {
    const error = toSignInError(serverError(code, oauthError, 'What Entra said.'), context) as EntraSignInError;
    expect(error).toBeInstanceOf(SignInError);
    expect(error.exitCode).toBe(3);
    expect(error.entraErrorCode).toBe(`AADSTS${code}`);
    expect(error.message).toBe(`Sign-in failed: AADSTS${code} ${oauthError}: What Entra said.`);
    expect(error.hint).toContain(hint);
  });

  it('finds the code in the description when error_codes is missing', () => {
    const error = toSignInError(new AuthError('invalid_client', 'correlation', 'AADSTS7000215: Invalid client secret provided.'), context) as EntraSignInError;
    expect(error.entraErrorCode).toBe('AADSTS7000215');
  });

  it("recovers the transport failure msal replaced with a bare network_error", () => {
    const network = new SignInNetworkError('https://login.microsoftonline.com/x', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    const error = toSignInError(new AuthError('network_error', 'correlation', 'Network request failed'), { ...context, lastNetworkError: () => network });
    expect(error.message).toBe('Sign-in failed: cannot reach https://login.microsoftonline.com (ENOTFOUND)');
    expect(error.hint).toBe('Check the network or proxy, and --authority-host / --cloud.');
  });

  it('says an untrusted certificate is a trust problem', () => {
    const network = new SignInNetworkError('https://127.0.0.1:1/x', Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }));
    expect(toSignInError(network, context).message).toBe('Sign-in failed: the certificate of https://login.microsoftonline.com is not trusted (SELF_SIGNED_CERT_IN_CHAIN)');
  });

  it('keeps a SignInError as it is and wraps anything else', () => {
    const original = new SignInError('already explained');
    expect(toSignInError(original, context)).toBe(original);
    expect(toSignInError(new Error('boom'), context).message).toBe('Sign-in failed: boom');
  });
});
