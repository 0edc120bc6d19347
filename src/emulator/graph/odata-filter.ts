import { badRequest } from './graph-error.js';

export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterLiteral = string | number | boolean | null;

/** One `path op literal` comparison; a filter is their conjunction (`and`). */
export interface FilterClause {
  path: string;
  operator: FilterOperator;
  value: FilterLiteral;
}

/** Reads the value at a filter path from a record; `undefined` means the path is not filterable. */
export type FilterFields<T> = Record<string, (record: T) => string | boolean | null>;

const OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const TOKEN = /\s*(?:'((?:[^']|'')*)'|([A-Za-z_@][\w./@]*)|(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)|(-?\d+(?:\.\d+)?)|(\()|(\)))/y;

/**
 * Parses the `$filter` subset apbatch needs: comparisons `path op literal` joined by `and`, optionally in
 * parentheses. Literals: `'text'` (a quote inside is doubled), numbers, `true`/`false`/`null`, and bare
 * date-times (`createdDateTime ge 2025-01-01T00:00:00Z`). `or`, `not` and functions answer 400 as an
 * unsupported query.
 */
export function parseFilter(text: string): FilterClause[] {
  const tokens: { kind: 'string' | 'word' | 'number' | 'open' | 'close'; text: string }[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (match === null) throw badRequest(`Invalid filter clause: syntax error at position ${position} in '${text}'.`);
    position = TOKEN.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replaceAll("''", "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'word', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'string', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'number', text: match[4] });
    else if (match[5] !== undefined) tokens.push({ kind: 'open', text: '(' });
    else tokens.push({ kind: 'close', text: ')' });
  }
  const clauses: FilterClause[] = [];
  let index = 0;
  let depth = 0;
  const fail = (why: string): never => {
    throw badRequest(`Invalid filter clause: ${why} in '${text}'.`);
  };
  const skipParens = (kind: 'open' | 'close'): void => {
    while (tokens[index]?.kind === kind) {
      depth += kind === 'open' ? 1 : -1;
      index += 1;
    }
  };
  for (;;) {
    skipParens('open');
    const path = tokens[index];
    const operator = tokens[index + 1];
    const literal = tokens[index + 2];
    if (path?.kind !== 'word') fail('expected a property path');
    if (operator?.kind !== 'word' || !OPERATORS.has(operator.text.toLowerCase())) {
      fail(`unsupported operator '${operator?.text ?? ''}' (supported: eq, ne, gt, ge, lt, le, and)`);
    }
    if (literal === undefined || literal.kind === 'open' || literal.kind === 'close') fail('expected a literal');
    index += 3;
    clauses.push({
      path: path!.text,
      operator: operator!.text.toLowerCase() as FilterOperator,
      value: toLiteral(literal!),
    });
    skipParens('close');
    if (depth < 0) fail('unbalanced parentheses');
    const next = tokens[index];
    if (next === undefined) break;
    if (next.kind === 'word' && next.text.toLowerCase() === 'and') {
      index += 1;
      continue;
    }
    fail(`unsupported '${next.text}' (only 'and' joins clauses)`);
  }
  if (depth !== 0) fail('unbalanced parentheses');
  return clauses;
}

function toLiteral(token: { kind: string; text: string }): FilterLiteral {
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return Number(token.text);
  const word = token.text.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  throw badRequest(`Invalid filter clause: '${token.text}' is not a literal (strings are quoted).`);
}

/** Turns parsed clauses into a predicate over `T`; a path not in `fields` is a 400 like Graph's. */
export function compileFilter<T>(clauses: FilterClause[], fields: FilterFields<T>, typeName: string): (record: T) => boolean {
  const lowerFields = new Map(Object.entries(fields).map(([path, read]) => [path.toLowerCase(), read]));
  const tests = clauses.map((clause) => {
    const read = lowerFields.get(clause.path.toLowerCase());
    if (read === undefined) {
      throw badRequest(
        `Invalid filter clause: the property '${clause.path}' cannot be filtered on '${typeName}' (supported: ${Object.keys(fields).join(', ')}).`,
      );
    }
    return (record: T): boolean => compare(read(record), clause.operator, clause.value);
  });
  return (record) => tests.every((test) => test(record));
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

function compare(actual: string | boolean | null, operator: FilterOperator, expected: FilterLiteral): boolean {
  if (operator === 'eq' || operator === 'ne') {
    const equal =
      typeof actual === 'string' && typeof expected === 'string'
        ? actual.toLowerCase() === expected.toLowerCase()
        : actual === expected;
    return operator === 'eq' ? equal : !equal;
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  const [a, b] =
    DATE_TIME.test(actual) && DATE_TIME.test(expected) ? [Date.parse(actual), Date.parse(expected)] : [actual, expected];
  if (operator === 'gt') return a > b;
  if (operator === 'ge') return a >= b;
  if (operator === 'lt') return a < b;
  return a <= b;
}
