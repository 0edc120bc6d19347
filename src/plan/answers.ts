import type { AnswerInput, QuestionKind } from '../core/domain.js';
import {
  ANSWER_STRING_TYPE,
  CHOICE_QUESTION_TYPE,
  TEXT_QUESTION_TYPE,
  type AnswerString,
  type QuestionODataType,
} from './assignment-request-body.js';

const QUESTION_TYPES: Readonly<Record<QuestionKind, QuestionODataType>> = {
  text: TEXT_QUESTION_TYPE,
  choice: CHOICE_QUESTION_TYPE,
};

export type AnswersResult =
  | { kind: 'answers'; answers: AnswerString[] }
  | { kind: 'needs-lookup'; lookups: string[] }
  | { kind: 'invalid'; reason: string };

/**
 * Graph answer objects for a row's answers.
 *
 * `questionKinds` is the policy's own list (online) and wins over a `"type"` given in the row, since
 * Graph checks the answer against the policy; a question the policy does not ask is then invalid.
 * Offline (`questionKinds` undefined) the row's `"type"` is all there is, and an answer without one needs
 * the policy.
 */
export function buildAnswers(
  answers: readonly AnswerInput[],
  questionKinds: ReadonlyMap<string, QuestionKind> | undefined,
): AnswersResult {
  const built: AnswerString[] = [];
  const lookups: string[] = [];
  for (const answer of answers) {
    const kind = questionKinds === undefined ? answer.questionKind : questionKinds.get(answer.questionId);
    if (kind === undefined) {
      if (questionKinds !== undefined) {
        return { kind: 'invalid', reason: `question "${answer.questionId}" is not one of the policy's questions` };
      }
      lookups.push(`the answer to question "${answer.questionId}" has no "type" (text or choice), which the policy tells`);
      continue;
    }
    built.push(answerString(answer, QUESTION_TYPES[kind]));
  }
  return lookups.length > 0 ? { kind: 'needs-lookup', lookups } : { kind: 'answers', answers: built };
}

function answerString(answer: AnswerInput, questionType: QuestionODataType): AnswerString {
  return {
    '@odata.type': ANSWER_STRING_TYPE,
    value: answer.value,
    ...(answer.displayValue === undefined ? {} : { displayValue: answer.displayValue }),
    answeredQuestion: { '@odata.type': questionType, id: answer.questionId },
  };
}
