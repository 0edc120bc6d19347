import { seededRandom, type RandomSource } from '../directory/seeded-random.js';

/**
 * What can go wrong with one Graph call:
 * `429` (TooManyRequests with Retry-After, not carried out: throttling that does not depend on the call rate),
 * `503` (no Retry-After), `503-retry-after`, `504`, `reset-before` (socket destroyed before the call is
 * carried out), `reset-after` (carried out, then the socket destroyed: the client never hears), `slow` (answered
 * `slowMs` late, before being carried out), `slow-after` (carried out at once, answered `slowMs` late).
 */
export const FAULT_KINDS = ['429', '503', '503-retry-after', '504', 'reset-before', 'reset-after', 'slow', 'slow-after'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault on the Nth call (1-based) among the calls that match `method`. */
export interface NthRequestFault {
  nth: number;
  kind: FaultKind;
  /** Count only calls with this method (e.g. `POST`). @default every method */
  method?: string;
}

export interface FaultOptions {
  /** Seed of the draw that decides probabilistic faults: the same seed and calls give the same faults. @default 1 */
  seed?: number;
  /** Probability (0..1) of each kind per Graph call; their sum must not exceed 1. @default none */
  probabilities?: Partial<Record<FaultKind, number>>;
  /** Faults at fixed positions, checked before the probabilities. @default [] */
  onRequests?: NthRequestFault[];
  /** Only calls with these methods can get a probabilistic fault. @default every method */
  methods?: string[];
  /** `Retry-After` of a `429` or a `503-retry-after`, in seconds. @default 2 */
  retryAfterSeconds?: number;
  /** Extra delay of a `slow` call, in ms. @default 3000 */
  slowMs?: number;
}

export class FaultInjector {
  private options: FaultOptions;
  private random: RandomSource;
  private counts = new Map<string, number>();

  constructor(options: FaultOptions) {
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
  }

  configure(options: FaultOptions): void {
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
    this.counts = new Map();
  }

  get retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 2;
  }

  get slowMs(): number {
    return this.options.slowMs ?? 3000;
  }

  /** The fault for the next call, or null. Draws exactly one random number per call, so faults stay reproducible. */
  pick(method: string): FaultKind | null {
    const all = (this.counts.get('*') ?? 0) + 1;
    this.counts.set('*', all);
    const upper = method.toUpperCase();
    const own = (this.counts.get(upper) ?? 0) + 1;
    this.counts.set(upper, own);
    const draw = this.random();
    for (const rule of this.options.onRequests ?? []) {
      const n = rule.method === undefined ? all : rule.method.toUpperCase() === upper ? own : -1;
      if (n === rule.nth) return rule.kind;
    }
    const methods = this.options.methods;
    if (methods !== undefined && !methods.some((m) => m.toUpperCase() === upper)) return null;
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += this.options.probabilities?.[kind] ?? 0;
      if (draw < cumulative) return kind;
    }
    return null;
  }
}
