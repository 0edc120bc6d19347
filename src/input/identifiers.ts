import type { NameOrId, UserRef } from '../core/domain.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * A UPN or email: one `@`, no spaces or control characters, and a dotted domain (`local@domain.tld`). Guest UPNs such as
 * `ann_contoso.com#EXT#@tenant.onmicrosoft.com` pass.
 */
const UPN = /^[^\s@\p{Cc}]+@[^\s@.\p{Cc}]+(?:\.[^\s@.\p{Cc}]+)+$/u;
const FORMULA_START = /^[=+\-@]/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A cell a spreadsheet would run as a formula when the file is opened or exported again. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/**
 * How the `user` column names a user: a GUID is an object id; anything with `@` must look like
 * `local@domain.tld` and is taken as a UPN (online, `--invite` uses the same text as the email of a user
 * not yet in the directory). Returns a reason when it is neither.
 */
export function parseUserRef(value: string): UserRef | string {
  if (isGuid(value)) return { kind: 'id', id: value.toLowerCase() };
  if (UPN.test(value)) return { kind: 'upn', upn: value };
  if (value.includes('@')) return 'not a valid UPN or email: expected name@domain.tld';
  return 'expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld)';
}

/** An access package or policy: a GUID is an id, anything else a display name to resolve online. */
export function parseNameOrId(value: string): NameOrId {
  return isGuid(value) ? { kind: 'id', id: value.toLowerCase() } : { kind: 'name', name: value };
}
