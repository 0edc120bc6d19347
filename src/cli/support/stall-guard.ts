import { ExitCode } from '../../core/exit-codes.js';

/**
 * Guards against a command that waits on a promise nothing will ever settle: Node then runs out of work and exits
 * with code 0, which for an unattended run would read as "every row done" when most may still be pending. That is
 * always a bug; this makes it say so and exit 4 (resumable: every row is checkpointed) instead.
 */
export function exitLoudlyIfStalled(command: Promise<unknown>, write: (text: string) => void = (text) => process.stderr.write(text)): void {
  let settled = false;
  const markSettled = () => {
    settled = true;
  };
  command.then(markSettled, markSettled);
  process.once('beforeExit', () => {
    if (settled) return;
    write('apbatch: internal error: the command stopped waiting on something that never came (this is a bug, please report it with the log file).\n');
    write('  Every row is checkpointed: run the same command again to resume.\n');
    process.exitCode = ExitCode.Resumable;
  });
}
