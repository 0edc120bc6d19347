import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/run-cli.js';

const guard = pathToFileURL(join(projectRoot, 'dist/src/cli/support/stall-guard.js')).href;

/** Runs a Node process that hands the guard `promise` (JS source) and then has nothing left to do. */
function exitOf(promise: string): { status: number | null; stderr: string } {
  const script = `import { exitLoudlyIfStalled } from ${JSON.stringify(guard)}; exitLoudlyIfStalled(${promise});`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: child.status, stderr: child.stderr };
}

describe('exitLoudlyIfStalled', () => {
  it('a command left waiting on a promise nothing settles exits 4 with a message, not 0 in silence', () => {
    const { status, stderr } = exitOf('new Promise(() => {})');
    expect(status).toBe(4);
    expect(stderr).toBe(
      'apbatch: internal error: the command stopped waiting on something that never came (this is a bug, please report it with the log file).\n' +
        '  Every row is checkpointed: run the same command again to resume.\n',
    );
  });

  it('a command that finished leaves the exit code alone', () => {
    expect(exitOf('Promise.resolve(0)')).toEqual({ status: 0, stderr: '' });
  });
});
