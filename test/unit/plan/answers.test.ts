import { describe, expect, it } from 'vitest';
import { buildAnswers } from '../../../src/plan/index.js';
import {
  ANSWER_STRING,
  BUSINESS_REASON_QUESTION,
  CHOICE_QUESTION,
  REGION_QUESTION,
  TEXT_QUESTION,
} from './make-row.js';

describe('buildAnswers', () => {
  it('maps a text answer with a displayValue, members in the documented order', () => {
    const result = buildAnswers(
      [{ questionId: BUSINESS_REASON_QUESTION, value: 'Migration', displayValue: 'Migration wave 3', questionKind: 'text' }],
      undefined,
    );
    expect(result).toEqual({
      kind: 'answers',
      answers: [
        {
          '@odata.type': ANSWER_STRING,
          value: 'Migration',
          displayValue: 'Migration wave 3',
          answeredQuestion: { '@odata.type': TEXT_QUESTION, id: BUSINESS_REASON_QUESTION },
        },
      ],
    });
    expect(JSON.stringify(result.kind === 'answers' ? result.answers : undefined)).toBe(
      `[{"@odata.type":"${ANSWER_STRING}","value":"Migration","displayValue":"Migration wave 3",` +
        `"answeredQuestion":{"@odata.type":"${TEXT_QUESTION}","id":"${BUSINESS_REASON_QUESTION}"}}]`,
    );
  });

  it('maps a choice answer and leaves out a displayValue not given', () => {
    const result = buildAnswers([{ questionId: REGION_QUESTION, value: 'EMEA', questionKind: 'choice' }], undefined);
    expect(JSON.stringify(result)).toBe(
      `{"kind":"answers","answers":[{"@odata.type":"${ANSWER_STRING}","value":"EMEA",` +
        `"answeredQuestion":{"@odata.type":"${CHOICE_QUESTION}","id":"${REGION_QUESTION}"}}]}`,
    );
  });

  it('needs the policy offline for every answer without a type', () => {
    expect(
      buildAnswers(
        [
          { questionId: BUSINESS_REASON_QUESTION, value: 'Migration' },
          { questionId: REGION_QUESTION, value: 'EMEA', questionKind: 'choice' },
          { questionId: 'e0000000-0000-4000-8000-000000000009', value: 'x' },
        ],
        undefined,
      ),
    ).toEqual({
      kind: 'needs-lookup',
      lookups: [
        `the answer to question "${BUSINESS_REASON_QUESTION}" has no "type" (text or choice), which the policy tells`,
        'the answer to question "e0000000-0000-4000-8000-000000000009" has no "type" (text or choice), which the policy tells',
      ],
    });
  });

  it("takes the policy's question kinds online, over the row's type", () => {
    const questionKinds = new Map([
      [BUSINESS_REASON_QUESTION, 'text' as const],
      [REGION_QUESTION, 'choice' as const],
    ]);
    expect(
      buildAnswers(
        [
          { questionId: BUSINESS_REASON_QUESTION, value: 'Migration' },
          { questionId: REGION_QUESTION, value: 'AMER', questionKind: 'text' },
        ],
        questionKinds,
      ),
    ).toEqual({
      kind: 'answers',
      answers: [
        {
          '@odata.type': ANSWER_STRING,
          value: 'Migration',
          answeredQuestion: { '@odata.type': TEXT_QUESTION, id: BUSINESS_REASON_QUESTION },
        },
        {
          '@odata.type': ANSWER_STRING,
          value: 'AMER',
          answeredQuestion: { '@odata.type': CHOICE_QUESTION, id: REGION_QUESTION },
        },
      ],
    });
  });

  it('rejects online an answer to a question the policy does not ask', () => {
    expect(
      buildAnswers(
        [{ questionId: 'e0000000-0000-4000-8000-000000000009', value: 'x', questionKind: 'text' }],
        new Map([[BUSINESS_REASON_QUESTION, 'text' as const]]),
      ),
    ).toEqual({
      kind: 'invalid',
      reason: `question "e0000000-0000-4000-8000-000000000009" is not one of the policy's questions`,
    });
  });
});
