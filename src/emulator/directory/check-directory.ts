import type { DirectoryFile } from './directory-schema.js';

/** Cross-reference problems the schema cannot see, each as `path: message`. Empty when consistent. */
export function findDirectoryProblems(directory: DirectoryFile): string[] {
  const problems: string[] = [];
  const duplicates = (list: { id: string }[], name: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const key = item.id.toLowerCase();
      if (seen.has(key)) problems.push(`${name}[${index}].id: duplicate id '${item.id}'`);
      seen.add(key);
    });
    return seen;
  };
  const userIds = duplicates(directory.users, 'users');
  const catalogIds = duplicates(directory.catalogs, 'catalogs');
  const packageIds = duplicates(directory.accessPackages, 'accessPackages');
  duplicates(directory.assignmentPolicies, 'assignmentPolicies');
  duplicates(directory.assignments, 'assignments');

  const upns = new Set<string>();
  directory.users.forEach((user, index) => {
    const upn = user.userPrincipalName.toLowerCase();
    if (upns.has(upn)) problems.push(`users[${index}].userPrincipalName: duplicate '${user.userPrincipalName}'`);
    upns.add(upn);
  });
  directory.accessPackages.forEach((pkg, index) => {
    if (!catalogIds.has(pkg.catalogId.toLowerCase())) {
      problems.push(`accessPackages[${index}].catalogId: expected the id of a catalog in this file, got '${pkg.catalogId}'`);
    }
  });
  const policyPackage = new Map<string, string>();
  directory.assignmentPolicies.forEach((policy, index) => {
    policyPackage.set(policy.id.toLowerCase(), policy.accessPackageId.toLowerCase());
    if (!packageIds.has(policy.accessPackageId.toLowerCase())) {
      problems.push(
        `assignmentPolicies[${index}].accessPackageId: expected the id of an access package in this file, got '${policy.accessPackageId}'`,
      );
    }
    (policy.questions ?? []).forEach((question, qIndex) => {
      if (question.kind === 'multipleChoice' && (question.choices ?? []).length === 0) {
        problems.push(`assignmentPolicies[${index}].questions[${qIndex}].choices: expected at least one choice for a multipleChoice question`);
      }
    });
  });
  directory.assignments.forEach((assignment, index) => {
    if (!userIds.has(assignment.targetId.toLowerCase())) {
      problems.push(`assignments[${index}].targetId: expected the id of a user in this file, got '${assignment.targetId}'`);
    }
    const policyPackageId = policyPackage.get(assignment.assignmentPolicyId.toLowerCase());
    if (policyPackageId === undefined) {
      problems.push(
        `assignments[${index}].assignmentPolicyId: expected the id of a policy in this file, got '${assignment.assignmentPolicyId}'`,
      );
    } else if (policyPackageId !== assignment.accessPackageId.toLowerCase()) {
      problems.push(
        `assignments[${index}].assignmentPolicyId: policy '${assignment.assignmentPolicyId}' belongs to package '${policyPackageId}', not '${assignment.accessPackageId}'`,
      );
    }
  });
  return problems;
}
