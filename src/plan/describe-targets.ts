import type { NameOrId, UserRef } from '../core/domain.js';

/** How a row names its user, for reasons: `user "x@contoso.com" is a UPN or email`. */
export function describeUserLookup(user: UserRef): string {
  switch (user.kind) {
    case 'upn':
      return `user "${user.upn}" is a UPN or email`;
    case 'email':
      return `user "${user.email}" is an email address`;
    case 'id':
      return `user "${user.id}" is not resolved yet`;
  }
}

export function describePackageLookup(accessPackage: NameOrId, catalog: string | undefined): string {
  if (accessPackage.kind === 'id') return `access package "${accessPackage.id}" is not resolved yet`;
  const inCatalog = catalog === undefined ? '' : ` in catalog "${catalog}"`;
  return `access package "${accessPackage.name}"${inCatalog} is a display name`;
}

export function describePolicyLookup(policy: NameOrId | undefined): string {
  if (policy === undefined) return "no policy is given, so the access package's policy must be found";
  if (policy.kind === 'id') return `policy "${policy.id}" is not resolved yet`;
  return `policy "${policy.name}" is a display name`;
}

export function nameOf(target: NameOrId): string {
  return target.kind === 'id' ? target.id : target.name;
}

export function userText(user: UserRef): string {
  switch (user.kind) {
    case 'upn':
      return user.upn;
    case 'email':
      return user.email;
    case 'id':
      return user.id;
  }
}
