import { ROW_OUTCOMES, SKIP_REASONS } from '../core/domain.js';
import type { Store } from './open-store.js';

export interface RunCompleteness {
  /** True when every row of every input holds exactly one final outcome. */
  complete: boolean;
  rows: number;
  /** What breaks the invariant, in plain words (at most a few examples per kind). */
  problems: string[];
}

const EXAMPLES = 5;

/**
 * The invariant of SPEC section 4, "every row of every input ends with exactly one outcome", as a check the
 * tests and the orchestrator (before it writes `finished`) can run.
 */
export function verifyRunComplete(store: Store, runId: string): RunCompleteness {
  const problems: string[] = [];
  if (!store.getRun(runId)) return { complete: false, rows: 0, problems: [`run ${runId} is not in the state database`] };

  const { db } = store;
  const refs = (where: string): string[] =>
    db
      .prepare<[string], { ref: string }>(`SELECT file || ':' || line AS ref FROM rows WHERE run_id = ? AND ${where} ORDER BY seq LIMIT ${EXAMPLES}`)
      .all(runId)
      .map((row) => row.ref);
  const count = (where: string): number =>
    db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM rows WHERE run_id = ? AND ${where}`).get(runId)?.n ?? 0;
  const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

  const checks: Array<[where: string, what: string]> = [
    ["phase <> 'done'", 'without a final outcome (pending, in flight or waiting)'],
    [`outcome NOT IN (${quoted(ROW_OUTCOMES)})`, 'with an outcome SPEC section 5 does not know'],
    [`outcome = 'skipped' AND (reason IS NULL OR reason NOT IN (${quoted(SKIP_REASONS)}))`, 'skipped without a known reason'],
  ];
  for (const [where, what] of checks) {
    const n = count(where);
    if (n > 0) problems.push(`${n} row(s) ${what}: ${refs(where).join(', ')}${n > EXAMPLES ? ', ...' : ''}`);
  }

  const { rows, lastSeq } = db
    .prepare<[string], { rows: number; lastSeq: number }>('SELECT COUNT(*) AS rows, COALESCE(MAX(seq), 0) AS lastSeq FROM rows WHERE run_id = ?')
    .get(runId) ?? { rows: 0, lastSeq: 0 };
  if (rows !== lastSeq) problems.push(`rows are numbered 1..${lastSeq} but ${rows} are stored: some are missing`);

  const inputs = store.inputs(runId);
  if (inputs.some((input) => input.rowCount === undefined)) {
    problems.push(`not every input was read to its end: ${inputs.filter((i) => i.rowCount === undefined).map((i) => i.file).join(', ')}`);
  } else {
    const expected = inputs.reduce((sum, input) => sum + (input.rowCount ?? 0), 0);
    if (expected !== rows) problems.push(`the inputs hold ${expected} rows but the run has ${rows}`);
  }
  return { complete: problems.length === 0, rows, problems };
}
