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
    if (typeof result === 'string') {
      reasons.push(result);
      return;
    }
    const id = result.questionId.toLowerCase();
    if (seen.has(id)) reasons.push(`${label} answers question ${result.questionId} a second time`);
    seen.add(id);
    answers.push(result);
  });
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, answers };
}

function parseSimpleAnswer(item: unknown, label: string): AnswerInput | string {
  if (!isRecord(item)) return `${label} is ${describe(item)}: expected an object {"questionId":"<GUID>","value":"..."}`;
  const unknown = Object.keys(item).filter((key) => !SIMPLE_MEMBERS.has(key));
  if (unknown.length > 0) return `${label} has unknown member ${quoteList(unknown)}: expected questionId, value, displayValue, type`;
  const { questionId, value, displayValue, type } = item;
  if (typeof questionId !== 'string' || !isGuid(questionId)) {
    return `${label} questionId is ${describe(questionId)}: expected a GUID`;
  }
  if (typeof value !== 'string') return `${label} value is ${describe(value)}: expected a string`;
  if (displayValue !== undefined && typeof displayValue !== 'string') {
    return `${label} displayValue is ${describe(displayValue)}: expected a string`;
  }
  if (type !== undefined && type !== 'text' && type !== 'choice') {
    return `${label} type is ${describe(type)}: expected "text" or "choice"`;
  }
  return answer(questionId, value, displayValue, type);
}

function parseGraphAnswer(item: Record<string, unknown>, label: string): AnswerInput | string {
  const unknown = Object.keys(item).filter((key) => !GRAPH_MEMBERS.has(key));
  if (unknown.length > 0) {
    return `${label} has unknown member ${quoteList(unknown)}: expected @odata.type, value, displayValue, answeredQuestion`;
  }
  if (item['@odata.type'] !== ANSWER_STRING_TYPE) {
    return `${label} @odata.type is ${describe(item['@odata.type'])}: expected "${ANSWER_STRING_TYPE}"`;
  }
  const { value, displayValue, answeredQuestion } = item;
  if (typeof value !== 'string') return `${label} value is ${describe(value)}: expected a string`;
  if (displayValue !== undefined && typeof displayValue !== 'string') {
    return `${label} displayValue is ${describe(displayValue)}: expected a string`;
  }
  if (!isRecord(answeredQuestion)) {
    return `${label} answeredQuestion is ${describe(answeredQuestion)}: expected {"@odata.type":"${QUESTION_TYPES.text}","id":"<GUID>"}`;
  }
  const questionType = answeredQuestion['@odata.type'];
  const kind = (Object.keys(QUESTION_TYPES) as QuestionKind[]).find((key) => QUESTION_TYPES[key] === questionType);
  if (kind === undefined) {
    return `${label} answeredQuestion @odata.type is ${describe(questionType)}: expected "${QUESTION_TYPES.text}" or "${QUESTION_TYPES.choice}"`;
  }
  const id = answeredQuestion.id;
  if (typeof id !== 'string' || !isGuid(id)) return `${label} answeredQuestion id is ${describe(id)}: expected a GUID`;
  return answer(id, value, displayValue, kind);
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
