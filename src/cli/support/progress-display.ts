import cliProgress from 'cli-progress';
import { formatProgressLine, type ProgressSnapshot } from './progress-line.js';

export interface ProgressDisplay {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

export interface ProgressDisplayOptions {
  /** A bar on a terminal; otherwise a plain line every `intervalMs`. */
  stream: NodeJS.WriteStream;
  /** `--no-progress`: show nothing while running. */
  enabled: boolean;
  /** @default 5000 */
  intervalMs?: number;
  now?: () => number;
}

/** A bar with counts per outcome on a terminal; periodic lines when output goes to a file or a pipe. */
export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  if (!options.enabled) return { update: () => undefined, stop: () => undefined };
  if (options.stream.isTTY) return createBar(options.stream);
  return createPeriodicLines(options.stream, options.intervalMs ?? 5000, options.now ?? Date.now);
}

function createBar(stream: NodeJS.WriteStream): ProgressDisplay {
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {line}', barsize: 24, hideCursor: true, clearOnComplete: false, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(snapshot) {
      const line = formatProgressLine(snapshot);
      if (!started) {
        bar.start(Math.max(snapshot.total, 1), snapshot.done, { line });
        started = true;
      } else {
        bar.setTotal(Math.max(snapshot.total, 1));
        bar.update(snapshot.done, { line });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function createPeriodicLines(stream: NodeJS.WriteStream, intervalMs: number, now: () => number): ProgressDisplay {
  let lastPrinted = Number.NEGATIVE_INFINITY;
  let last: ProgressSnapshot | undefined;
  return {
    update(snapshot) {
      last = snapshot;
      const at = now();
      if (at - lastPrinted < intervalMs) return;
      lastPrinted = at;
      stream.write(`progress: ${formatProgressLine(snapshot)}\n`);
    },
    stop() {
      if (last && lastPrinted !== now()) stream.write(`progress: ${formatProgressLine(last)}\n`);
    },
  };
}
