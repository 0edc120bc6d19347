import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { InputProblem } from '../core/domain.js';
import { UsageError } from '../core/errors.js';
import { formatProblem, validateFiles, type ValidationEvent } from '../input/index.js';
import { describeOpenError } from '../input/open-error.js';
import { loadRows, sha256File, type NewRunInput, type RowInput, type Store } from '../store/index.js';

export interface LoadRunOptions {
  files: readonly string[];
  now: Date;
  ignoreUnknownColumns: boolean;
  /** `--new-run`: load files already run before as a new run instead of refusing. @default false */
  newRun: boolean;
  /** What the run keeps of its command line (no secret: the store drops secret-looking keys too). */
  storedOptions: Record<string, unknown>;
  apiVersion: string;
  graphUrl: string;
  tenant: string | undefined;
  /** Told the run id as soon as the run exists, before its rows are read. */
  onCreated?: (runId: string) => void;
  /** Told after each batch of rows is committed. */
  onLoaded?: (rows: number) => void;
}

export interface LoadedRun {
  runId: string;
  rows: number;
  /** Notes for the user, e.g. that a file changed since an unfinished run read it. */
  notices: string[];
}

/**
 * Creates a run from CSV files: hashes them, refuses files already run (pointing to `resume`), then streams
 * every row, valid or not, into the store in batched transactions. A file that cannot be read stops the run
 * before anything is sent (exit code 2), and the half-loaded run is removed.
 */
export async function loadRun(store: Store, options: LoadRunOptions): Promise<LoadedRun> {
  const inputs = await describeInputs(options.files);
  const notices = dropDeadLoads(store, inputs);
  notices.push(...changedInputNotices(store, inputs));
  const match = store.findRunByInputHash(inputs.map((input) => input.sha256));
  if (match && !options.newRun) {
    const names = match.inputs.map((input) => input.file).join(', ');
    throw new UsageError(`${names} ${match.inputs.length === 1 ? 'was' : 'were'} already loaded in run ${match.run.id} (${match.run.status}).`, {
      hint:
        match.run.status === 'finished'
          ? `Its report: apbatch report ${match.run.id}. To send the file again anyway: add --new-run.`
          : `Continue it with: apbatch resume ${match.run.id}   (or start over with --new-run)`,
    });
  }
  const run = store.createRun({ options: options.storedOptions, apiVersion: options.apiVersion, graphUrl: options.graphUrl, tenant: options.tenant });
  store.addInputs(run.id, inputs);
  options.onCreated?.(run.id);
  const fileProblems: InputProblem[] = [];
  const positions = new Map(options.files.map((file, position) => [file, position]));
  try {
    const rows = await loadRows(store, run.id, toRowInputs(validateFiles(options.files, { now: options.now, ignoreUnknownColumns: options.ignoreUnknownColumns }), fileProblems, (file, count) => {
      store.setInputRowCount(run.id, positions.get(file) ?? 0, count);
    }), { onBatch: options.onLoaded });
    if (fileProblems.length > 0) {
      store.deleteRun(run.id);
      throw new UsageError(`nothing was sent: ${fileProblems.length === 1 ? 'an input cannot' : `${fileProblems.length} inputs cannot`} be read:\n${fileProblems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
    }
    store.setRunStatus(run.id, 'running');
    return { runId: run.id, rows, notices };
  } catch (error) {
    if (store.getRun(run.id)?.status === 'loading') store.deleteRun(run.id);
    throw error;
  }
}

async function* toRowInputs(
  events: AsyncIterable<ValidationEvent>,
  fileProblems: InputProblem[],
  onFileDone: (file: string, rows: number) => void,
): AsyncIterable<RowInput> {
  for await (const event of events) {
    switch (event.kind) {
      case 'row':
        yield { kind: 'valid', row: event.row };
        break;
      case 'duplicate':
        yield { kind: 'valid', row: event.row, skip: 'duplicate' };
        break;
      case 'invalid-row':
        yield { kind: 'invalid', ref: event.ref, cells: event.cells, problems: event.problems };
        break;
      case 'file-problem':
        fileProblems.push(event.problem);
        break;
      case 'file-done':
        onFileDone(event.file, event.counts.rows);
        break;
    }
  }
}

async function describeInputs(files: readonly string[]): Promise<NewRunInput[]> {
  const problems: string[] = [];
  const inputs: NewRunInput[] = [];
  for (const file of files) {
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      inputs.push({ file, absolutePath: resolve(file), sha256: await sha256File(file), sizeBytes: info.size });
    } catch (error) {
      problems.push(`${file}: ${describeOpenError(error)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(`nothing was sent: ${problems.join('; ')}`);
  return inputs;
}

/**
 * A run still `loading` died while reading its files (kill -9, power loss): its rows are incomplete and it never
 * sent anything, as processing starts only once every row is stored. Running one of its files again drops it,
 * so the file is read afresh instead of being refused as already loaded.
 */
function dropDeadLoads(store: Store, inputs: readonly NewRunInput[]): string[] {
  const notices: string[] = [];
  const paths = new Set(inputs.map((input) => input.absolutePath));
  for (const run of store.listRuns()) {
    if (run.status !== 'loading') continue;
    const read = store.inputs(run.id).filter((input) => paths.has(input.absolutePath));
    if (read.length === 0) continue;
    store.deleteRun(run.id);
    notices.push(`run ${run.id} stopped while reading ${read.map((input) => input.file).join(', ')}; it sent nothing and is replaced by this run`);
  }
  return notices;
}

/** A file read by an unfinished run has different contents now: say so, as that run's rows are what it read. */
function changedInputNotices(store: Store, inputs: readonly NewRunInput[]): string[] {
  const notices: string[] = [];
  for (const run of store.listRuns()) {
    if (run.status === 'finished') continue;
    for (const earlier of store.inputs(run.id)) {
      const now = inputs.find((input) => input.absolutePath === earlier.absolutePath);
      if (now && now.sha256 !== earlier.sha256) {
        notices.push(`${now.file} changed since unfinished run ${run.id} read it; this is a new run. ${run.id} keeps what it read: apbatch resume ${run.id}`);
      }
    }
  }
  return notices;
}
