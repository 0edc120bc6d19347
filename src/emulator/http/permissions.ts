/** The permissions (app roles or delegated scopes) Graph asks of each call apbatch makes; any one suffices. */
export function requiredPermissions(method: string, path: string): string[] {
  if (path.startsWith('/users')) {
    return ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
  }
  if (method === 'GET') return ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'];
  return ['EntitlementManagement.ReadWrite.All'];
}

export function hasPermission(granted: readonly string[], method: string, path: string): boolean {
  const needed = requiredPermissions(method, path);
  return granted.some((role) => needed.some((n) => n.toLowerCase() === role.toLowerCase()));
}
