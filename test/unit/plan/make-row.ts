import type { ValidRow } from '../../../src/core/domain.js';

/**
 * A hand-made validated row, as the input stage would produce it: an `adminAdd` of user01 to Sales Tools
 * through its direct assignment policy, by id, unless `overrides` say otherwise.
 */
export function makeRow(overrides: Partial<ValidRow> = {}): ValidRow {
  return {
    ref: { file: 'rows.csv', line: 2 },
    key: 'a0000000-0000-4000-8000-000000000001|b0000000-0000-4000-8000-000000000001|add',
    action: 'add',
    requestType: 'adminAdd',
    user: { kind: 'id', id: USER_01 },
    accessPackage: { kind: 'id', id: SALES_TOOLS },
    policy: { kind: 'id', id: SALES_DIRECT },
    expiration: { type: 'policyDefault' },
    cells: {},
    ...overrides,
  };
}

export const USER_01 = 'a0000000-0000-4000-8000-000000000001';
export const SALES_TOOLS = 'b0000000-0000-4000-8000-000000000001';
export const SALES_DIRECT = 'd0000000-0000-4000-8000-000000000001';
export const SALES_APPROVAL = 'd0000000-0000-4000-8000-000000000002';
export const BUSINESS_REASON_QUESTION = 'e0000000-0000-4000-8000-000000000001';
export const REGION_QUESTION = 'e0000000-0000-4000-8000-000000000002';
export const ASSIGNMENT_01 = 'f0000000-0000-4000-8000-000000000001';

export const TEXT_QUESTION = '#microsoft.graph.accessPackageTextInputQuestion';
export const CHOICE_QUESTION = '#microsoft.graph.accessPackageMultipleChoiceQuestion';
export const ANSWER_STRING = '#microsoft.graph.accessPackageAnswerString';
