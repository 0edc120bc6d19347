import { z } from 'zod';

/**
 * The emulator's directory file (`samples/directory.json`). Shape:
 *
 * ```json
 * {
 *   "tenantId": "GUID", "domain": "contoso.com",
 *   "clients": [{ "clientId": "GUID", "clientSecret": "text", "roles": ["EntitlementManagement.ReadWrite.All"] }],
 *   "users": [{ "id": "GUID", "userPrincipalName": "a@contoso.com", "displayName": "A", "mail": "a@contoso.com" }],
 *   "catalogs": [{ "id": "GUID", "displayName": "General" }],
 *   "accessPackages": [{ "id": "GUID", "displayName": "Sales Tools", "catalogId": "GUID" }],
 *   "assignmentPolicies": [{
 *     "id": "GUID", "displayName": "Direct assignment", "accessPackageId": "GUID",
 *     "requiresApproval": false,
 *     "questions": [{ "id": "GUID", "kind": "text" | "multipleChoice", "text": "Region", "isRequired": true,
 *                     "choices": ["EMEA", "AMER"] }]
 *   }],
 *   "assignments": [{ "id": "GUID", "targetId": "user GUID", "accessPackageId": "GUID", "assignmentPolicyId": "GUID" }]
 * }
 * ```
 *
 * Every id is a GUID and unique within its list; references (catalogId, accessPackageId, assignmentPolicyId,
 * targetId) must name an entry of the file, and an assignment's policy must belong to its package.
 */
const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');

const clientSchema = z.strictObject({
  clientId: guid,
  clientSecret: z.string().min(1).optional(),
  certificatePem: z.string().min(1).optional(),
  roles: z.array(z.string()).optional(),
  description: z.string().optional(),
});

const userSchema = z.strictObject({
  id: guid,
  userPrincipalName: z.string().includes('@', { message: 'expected a user principal name like name@domain' }),
  displayName: z.string().min(1),
  mail: z.string().nullable().optional(),
  accountEnabled: z.boolean().optional(),
  userType: z.enum(['Member', 'Guest']).optional(),
});

const catalogSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  description: z.string().optional(),
});

const accessPackageSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  catalogId: guid,
  description: z.string().optional(),
  isHidden: z.boolean().optional(),
});

const questionSchema = z.strictObject({
  id: guid,
  kind: z.enum(['text', 'multipleChoice']),
  text: z.string().min(1),
  isRequired: z.boolean(),
  choices: z.array(z.string().min(1)).optional(),
});

const policySchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  accessPackageId: guid,
  description: z.string().optional(),
  requiresApproval: z.boolean().optional(),
  questions: z.array(questionSchema).optional(),
});

const assignmentSchema = z.strictObject({
  id: guid,
  targetId: guid,
  accessPackageId: guid,
  assignmentPolicyId: guid,
  startDateTime: z.iso.datetime({ offset: true }).optional(),
});

export const directoryFileSchema = z.strictObject({
  tenantId: guid,
  domain: z.string().min(1),
  clients: z.array(clientSchema).min(1),
  users: z.array(userSchema),
  catalogs: z.array(catalogSchema),
  accessPackages: z.array(accessPackageSchema),
  assignmentPolicies: z.array(policySchema),
  assignments: z.array(assignmentSchema).default([]),
});

export type DirectoryFile = z.infer<typeof directoryFileSchema>;
export type DirectoryClient = z.infer<typeof clientSchema>;
export type DirectoryUser = z.infer<typeof userSchema>;
export type DirectoryCatalog = z.infer<typeof catalogSchema>;
export type DirectoryAccessPackage = z.infer<typeof accessPackageSchema>;
export type DirectoryPolicy = z.infer<typeof policySchema>;
export type DirectoryQuestion = z.infer<typeof questionSchema>;
export type DirectoryAssignment = z.infer<typeof assignmentSchema>;
