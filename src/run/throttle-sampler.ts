import type { LimiterStats } from '../graph/index.js';
import type { EventKind } from '../store/index.js';

type AddEvent = (event: { kind: EventKind; detail?: Record<string, unknown> }) => void;

/**
 * Turns the limiter's running counters into run events (`throttled`, `rate-changed`) for the report's
 * throttling chart, by sampling: each call records what changed since the last one.
 */
export function createThrottleSampler(readStats: () => LimiterStats, addEvent: AddEvent): () => void {
  let last = readStats();
  return () => {
    const now = readStats();
    const throttled = now.throttled - last.throttled;
    if (throttled > 0) {
      addEvent({ kind: 'throttled', detail: { count: throttled, pauseMs: now.pausedMs - last.pausedMs } });
    }
    if (now.currentRate !== last.currentRate) addEvent({ kind: 'rate-changed', detail: { rate: now.currentRate } });
    last = now;
  };
}
