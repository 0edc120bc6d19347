import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { formatStatusTable, type RunStatusLine } from '../../report/index.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import type { SetExitCode } from './index.js';

export function registerStatusCommand(program: Command, _setExitCode: SetExitCode): void {
  const command = program
    .command('status')
    .description('counts per outcome for the runs in the state database (--json for machines)')
    .argument('[runId]', 'one run only');
  addCommonOptions(command).action(async (runId: string | undefined, raw: unknown) => {
    const options = commonOptionsSchema.parse(raw);
    if (!existsSync(options.db)) {
      process.stdout.write(options.json ? '[]\n' : `No state database at ${options.db}: no runs yet.\n`);
      return;
    }
    const { openStore } = await import('../../store/index.js');
    const store = openStore(options.db, { readonly: true });
    try {
      const runs = runId ? [store.getRun(runId)] : store.listRuns();
      if (runId && !runs[0]) throw new UsageError(`no run ${runId} in ${options.db}`, { hint: 'apbatch status lists the runs it holds.' });
      const lines: RunStatusLine[] = runs.flatMap((run) => (run ? [{ run, counts: store.countOutcomes(run.id) }] : []));
      if (options.json) {
        const json = lines.map(({ run, counts }) => ({
          runId: run.id,
          status: run.status,
          createdAt: run.createdAt,
          finishedAt: run.finishedAt ?? null,
          exitCode: run.exitCode ?? null,
          rows: counts.total,
          outcomes: counts.byOutcome,
          skipped: counts.skippedByReason,
          phases: counts.byPhase,
        }));
        process.stdout.write(`${JSON.stringify(runId ? json[0] : json)}\n`);
      } else {
        process.stdout.write(`${formatStatusTable(lines)}\n`);
      }
    } finally {
      store.close();
    }
  });
}
