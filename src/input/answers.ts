import type { AnswerInput, QuestionKind } from '../core/domain.js';
import { isGuid } from './identifiers.js';

export const ANSWER_STRING_TYPE = '#microsoft.graph.accessPackageAnswerString';
export const QUESTION_TYPES: Readonly<Record<QuestionKind, string>> = {
  text: '#microsoft.graph.accessPackageTextInputQuestion',
  choice: '#microsoft.graph.accessPackageMultipleChoiceQuestion',
};

const SIMPLE_MEMBERS = new Set(['questionId', 'value', 'displayValue', 'type']);
const GRAPH_MEMBERS = new Set(['@odata.type', 'value', 'displayValue', 'answeredQuestion']);
const EXPECTED_SHAPE =
  'expected a JSON array of {"questionId":"<GUID>","value":"...","displayValue":"...","type":"text"|"choice"} or of Graph accessPackageAnswerString objects';

/** The answers a row gives, or every reason they are not in a documented shape. */
export type ParsedAnswers = { ok: true; answers: AnswerInput[] } | { ok: false; reasons: string[] };

/**
 * The `answers` cell: a JSON array whose items are either the simple form
 * `{"questionId","value","displayValue"?,"type"?}` or Graph's answer objects
 * (`accessPackageAnswerString` with `answeredQuestion` naming the question's type and id).
 */
export function parseAnswers(text: string): ParsedAnswers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reasons: [`not valid JSON (${(error as Error).message}): ${EXPECTED_SHAPE}`] };
  }
  if (!Array.isArray(parsed)) return { ok: false, reasons: [`not a JSON array: ${EXPECTED_SHAPE}`] };
  if (parsed.length === 0) return { ok: false, reasons: ['an empty array: leave the cell empty when there are no answers'] };
  const answers: AnswerInput[] = [];
  const reasons: string[] = [];
  const seen = new Set<string>();
  parsed.forEach((item: unknown, index) => {
    const label = `answer ${index + 1}`;
    const result = isRecord(item) && '@odata.type' in item ? parseGraphAnswer(item, label) : parseSimpleAnswer(item, label);
    if (Array.isArray(result)) {
      reasons.push(...result);
      return;
    }
    const id = result.questionId.toLowerCase();
    if (seen.has(id)) reasons.push(`${label} answers question ${result.questionId} a second time`);
    seen.add(id);
    answers.push(result);
  });
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, answers };
}

function parseSimpleAnswer(item: unknown, label: string): AnswerInput | string[] {
  if (!isRecord(item)) return [`${label} is ${describe(item)}: expected an object {"questionId":"<GUID>","value":"..."}`];
  const reasons: string[] = [];
  const unknown = Object.keys(item).filter((key) => !SIMPLE_MEMBERS.has(key));
  if (unknown.length > 0) reasons.push(`${label} has unknown member ${quoteList(unknown)}: expected questionId, value, displayValue, type`);
  const { questionId, value, displayValue, type } = item;
  if (typeof questionId !== 'string' || !isGuid(questionId)) reasons.push(`${label} questionId is ${describe(questionId)}: expected a GUID`);
  checkValues(value, displayValue, label, reasons);
  if (type !== undefined && type !== 'text' && type !== 'choice') reasons.push(`${label} type is ${describe(type)}: expected "text" or "choice"`);
  if (reasons.length > 0) return reasons;
  return answer(questionId as string, value as string, displayValue as string | undefined, type as QuestionKind | undefined);
}

function parseGraphAnswer(item: Record<string, unknown>, label: string): AnswerInput | string[] {
  const reasons: string[] = [];
  const unknown = Object.keys(item).filter((key) => !GRAPH_MEMBERS.has(key));
  if (unknown.length > 0) {
    reasons.push(`${label} has unknown member ${quoteList(unknown)}: expected @odata.type, value, displayValue, answeredQuestion`);
  }
  if (item['@odata.type'] !== ANSWER_STRING_TYPE) {
    reasons.push(`${label} @odata.type is ${describe(item['@odata.type'])}: expected "${ANSWER_STRING_TYPE}"`);
  }
  const { value, displayValue, answeredQuestion } = item;
  checkValues(value, displayValue, label, reasons);
  let kind: QuestionKind | undefined;
  let id: unknown;
  if (!isRecord(answeredQuestion)) {
    reasons.push(`${label} answeredQuestion is ${describe(answeredQuestion)}: expected {"@odata.type":"${QUESTION_TYPES.text}","id":"<GUID>"}`);
  } else {
    const questionType = answeredQuestion['@odata.type'];
    kind = (Object.keys(QUESTION_TYPES) as QuestionKind[]).find((key) => QUESTION_TYPES[key] === questionType);
    if (kind === undefined) {
      reasons.push(
        `${label} answeredQuestion @odata.type is ${describe(questionType)}: expected "${QUESTION_TYPES.text}" or "${QUESTION_TYPES.choice}"`,
      );
    }
    id = answeredQuestion.id;
    if (typeof id !== 'string' || !isGuid(id)) reasons.push(`${label} answeredQuestion id is ${describe(id)}: expected a GUID`);
  }
  if (reasons.length > 0) return reasons;
  return answer(id as string, value as string, displayValue as string | undefined, kind);
}

function checkValues(value: unknown, displayValue: unknown, label: string, reasons: string[]): void {
  if (typeof value !== 'string') reasons.push(`${label} value is ${describe(value)}: expected a string`);
  if (displayValue !== undefined && typeof displayValue !== 'string') {
    reasons.push(`${label} displayValue is ${describe(displayValue)}: expected a string`);
  }
}

function answer(questionId: string, value: string, displayValue: string | undefined, kind: QuestionKind | undefined): AnswerInput {
  const result: AnswerInput = { questionId: questionId.toLowerCase(), value };
  if (displayValue !== undefined) result.displayValue = displayValue;
  if (kind !== undefined) result.questionKind = kind;
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${text.length > 80 ? `${text.slice(0, 77)}...` : text} (${typeof value})`;
}

function quoteList(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
