import { describe, expect, it } from 'vitest';
import { BODY_SHAPES, shapeBodyFor, type AssignmentRequestBody } from '../../../src/plan/index.js';

const FULL_BODY: AssignmentRequestBody = {
  requestType: 'adminAdd',
  assignment: {
    targetId: 'a0000000-0000-4000-8000-000000000001',
    assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001',
    accessPackageId: 'b0000000-0000-4000-8000-000000000001',
  },
  schedule: { expiration: { type: 'noExpiration' } },
  justification: 'Project start',
  answers: [],
};

describe('body shapes per API version', () => {
  it('uses `assignment` for both v1.0 and beta', () => {
    expect(BODY_SHAPES).toEqual({
      'v1.0': { assignmentMember: 'assignment' },
      beta: { assignmentMember: 'assignment' },
    });
  });

  it.each(['v1.0', 'beta'] as const)('keeps every member and their order for %s', (api) => {
    const shaped = shapeBodyFor(api, FULL_BODY);
    expect(shaped).toEqual(FULL_BODY);
    expect(Object.keys(shaped)).toEqual(['requestType', 'assignment', 'schedule', 'justification', 'answers']);
    expect(shaped).not.toBe(FULL_BODY);
  });

  it('restores the SPEC member order of a body built in another order', () => {
    const scrambled = { answers: [], justification: 'x', assignment: { id: 'f0000000-0000-4000-8000-000000000001' }, requestType: 'adminUpdate' } as const;
    expect(JSON.stringify(shapeBodyFor('v1.0', { ...scrambled, answers: [] }))).toBe(
      '{"requestType":"adminUpdate","assignment":{"id":"f0000000-0000-4000-8000-000000000001"},"justification":"x","answers":[]}',
    );
  });
});
