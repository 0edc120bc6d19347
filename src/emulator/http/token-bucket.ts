/** Token-bucket throttling, one bucket per client id. */
export interface ThrottleOptions {
  /** Tokens added per second (sustained requests per second). */
  rate: number;
  /** Bucket size: how many requests may come at once after a quiet period. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class ClientThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private options: ThrottleOptions | null;
  private readonly clock: () => number;

  constructor(options: ThrottleOptions | null, clock: () => number) {
    this.options = options;
    this.clock = clock;
  }

  configure(options: ThrottleOptions | null): void {
    this.options = options;
    this.buckets.clear();
  }

  /** Takes a token; when none is left, the whole seconds until one is (what `Retry-After` says). */
  take(clientId: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const options = this.options;
    if (options === null) return { allowed: true };
    const now = this.clock();
    const bucket = this.buckets.get(clientId) ?? { tokens: options.burst, updatedAt: now };
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * options.rate);
    bucket.updatedAt = now;
    this.buckets.set(clientId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / options.rate)) };
  }
}
