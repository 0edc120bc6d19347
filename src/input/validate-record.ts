import type { Action, Column, InputProblem, RecordCells, RequestType, RowRef, ValidRow } from '../core/domain.js';
import { parseAnswers } from './answers.js';
import { toIsoSeconds } from './date-time.js';
import { isGuid, looksLikeFormula, parseNameOrId, parseUserRef } from './identifiers.js';
import { cellProblem, lineProblem } from './problem.js';
import { actionOf, adminRequestTypeFor, isSelfService, parseAction, parseRequestType } from './request-type.js';
import { parseExpiration, parseStart } from './schedule.js';

export interface ValidationContext {
  /** The instant an expiration must be after. Injected so that results do not depend on the clock. */
  now: Date;
}

export interface RecordToValidate {
  ref: RowRef;
  cells: RecordCells;
}

/** Either a valid row, or every problem the record has (never just the first). */
export interface RecordValidation {
  row?: ValidRow;
  problems: InputProblem[];
}

/** Columns holding names or free text that a spreadsheet would run as a formula if they began with `= + - @`. */
const FORMULA_CHECKED: readonly Column[] = ['user', 'accessPackage', 'policy', 'catalog', 'justification'];

/** Checks one record offline against the rules of SPEC section 2. Pure. */
export function validateRecord(record: RecordToValidate, context: ValidationContext): RecordValidation {
  const { ref, cells } = record;
  const problems: InputProblem[] = [];
  const problem = (column: Column, reason: string): void => {
    problems.push(cellProblem(ref, column, cells[column], reason));
  };

  let formulaColumns: Column[] | undefined;
  for (const column of FORMULA_CHECKED) {
    const value = cells[column];
    if (value !== undefined && looksLikeFormula(value)) {
      (formulaColumns ??= []).push(column);
      problem(column, `begins with ${value[0]}, which a spreadsheet runs as a formula: remove it or write the value another way`);
    }
  }
  const isFormula = (column: Column): boolean => formulaColumns !== undefined && formulaColumns.includes(column);

  const requestType = resolveRequestType(cells, problem, problems, ref);
  const action = requestType === undefined ? undefined : actionOf(requestType);

  const user = cells.user === undefined || isFormula('user') ? undefined : parseUserRef(cells.user);
  if (typeof user === 'string') problem('user', user);
  const accessPackage = cells.accessPackage === undefined || isFormula('accessPackage') ? undefined : parseNameOrId(cells.accessPackage);
  const policy = cells.policy === undefined || isFormula('policy') ? undefined : parseNameOrId(cells.policy);
  const assignmentId = cells.assignmentId;
  if (assignmentId !== undefined && !isGuid(assignmentId)) {
    problem('assignmentId', 'expected the assignment id, a GUID such as 00000000-0000-0000-0000-000000000000');
  }

  const expiration = parseExpiration(cells.expiration, context.now);
  if (!expiration.ok) problem('expiration', expiration.reason);
  const start = cells.start === undefined ? undefined : parseStart(cells.start);
  if (start !== undefined && !start.ok) problem('start', start.reason);
  const answers = cells.answers === undefined ? undefined : parseAnswers(cells.answers);
  if (answers !== undefined && !answers.ok) for (const reason of answers.reasons) problem('answers', reason);

  if (start?.ok && expiration.ok && expiration.endMs !== undefined && start.startMs >= expiration.endMs) {
    problem('start', `${start.start} is not before the expiration ${toIsoSeconds(expiration.endMs)}: expected a start before the expiration`);
  }

  if (requestType !== undefined && action !== undefined) {
    checkRequiredColumns(requestType, action, cells, problem);
    if (action === 'update' && cells.expiration === undefined && cells.start === undefined && cells.answers === undefined) {
      problems.push(lineProblem(ref, 'update needs something to change: give expiration, start or answers'));
    }
    if (action === 'remove') {
      for (const column of ['expiration', 'start', 'answers'] as const) {
        if (cells[column] !== undefined) problem(column, `remove takes no ${column}: leave the cell empty`);
      }
    }
  }

  if (problems.length > 0 || requestType === undefined || action === undefined || !expiration.ok) return { problems };

  const row: ValidRow = {
    ref,
    key: rowKey(cells, action),
    action,
    requestType,
    expiration: expiration.expiration,
    cells,
  };
  if (user !== undefined && typeof user !== 'string') row.user = user;
  if (accessPackage !== undefined) row.accessPackage = accessPackage;
  if (policy !== undefined) row.policy = policy;
  if (cells.catalog !== undefined) row.catalog = cells.catalog;
  if (start?.ok) row.start = start.start;
  if (cells.justification !== undefined) row.justification = cells.justification;
  if (answers?.ok) row.answers = answers.answers;
  if (assignmentId !== undefined) row.assignmentId = assignmentId.toLowerCase();
  return { row, problems };
}

/** Identity of a row for duplicates: user (or assignment id) | access package | action, lower-cased. */
export function rowKey(cells: RecordCells, action: Action): string {
  // The catalog tells apart packages of the same name, so adding one user to both is not a duplicate.
  const accessPackage = cells.catalog ? `${cells.catalog}/${cells.accessPackage ?? ''}` : (cells.accessPackage ?? '');
  return `${cells.user ?? cells.assignmentId ?? ''}|${accessPackage}|${action}`.toLowerCase();
}

function resolveRequestType(
  cells: RecordCells,
  problem: (column: Column, reason: string) => void,
  problems: InputProblem[],
  ref: RowRef,
): RequestType | undefined {
  const action = cells.action === undefined ? undefined : parseAction(cells.action);
  if (cells.action !== undefined && action === undefined) problem('action', 'unknown action: expected add, remove or update');
  const override = cells.requestType === undefined ? undefined : parseRequestType(cells.requestType);
  if (cells.requestType !== undefined && override === undefined) {
    problem('requestType', 'unknown request type: expected adminAdd, adminUpdate, adminRemove, userAdd, userUpdate or userRemove');
  }
  if (cells.action === undefined && cells.requestType === undefined) {
    problems.push({ ...lineProblem(ref, 'action is required (add, remove or update) unless requestType is given'), column: 'action' });
    return undefined;
  }
  if (override !== undefined) {
    if (action !== undefined && actionOf(override) !== action) {
      problem('requestType', `${override} does not match action ${action}: expected ${adminRequestTypeFor(action)} or user${action[0]?.toUpperCase()}${action.slice(1)}, or no action`);
      return undefined;
    }
    return cells.action !== undefined && action === undefined ? undefined : override;
  }
  return action === undefined ? undefined : adminRequestTypeFor(action);
}

function checkRequiredColumns(
  requestType: RequestType,
  action: Action,
  cells: RecordCells,
  problem: (column: Column, reason: string) => void,
): void {
  const label = isSelfService(requestType) ? requestType : action;
  if (action === 'add') {
    if (!isSelfService(requestType) && cells.user === undefined) problem('user', `${label} needs a user (object id, UPN or email)`);
    if (cells.accessPackage === undefined) problem('accessPackage', `${label} needs an accessPackage (id or display name)`);
    if (cells.policy === undefined) problem('policy', `${label} needs a policy (id or display name)`);
    return;
  }
  if (cells.assignmentId !== undefined) return;
  if (isSelfService(requestType)) {
    if (cells.accessPackage === undefined) problem('accessPackage', `${label} needs an assignmentId or an accessPackage`);
    return;
  }
  if (cells.user === undefined && cells.accessPackage === undefined) {
    problem('assignmentId', `${label} needs an assignmentId, or both user and accessPackage`);
  } else if (cells.user === undefined) {
    problem('user', `${label} needs a user with the accessPackage (or an assignmentId)`);
  } else if (cells.accessPackage === undefined) {
    problem('accessPackage', `${label} needs an accessPackage with the user (or an assignmentId)`);
  }
}
