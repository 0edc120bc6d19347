import type { BearerCheck } from '../sign-in/index.js';

type Verify = (authorization: string | undefined) => BearerCheck;

const MAX_ENTRIES = 1000;

/**
 * Remembers accepted tokens until they expire, so a signature is checked once per token rather than on every
 * call (it costs more than the rest of a Graph call). `forget()` must run whenever token validity changes
 * otherwise (revoked client, tokens expired early): the emulator's controls do so.
 */
export class BearerCache {
  private readonly accepted = new Map<string, Extract<BearerCheck, { ok: true }>>();
  private readonly verify: Verify;
  private readonly clock: () => number;

  constructor(verify: Verify, clock: () => number) {
    this.verify = verify;
    this.clock = clock;
  }

  check(authorization: string | undefined): BearerCheck {
    if (authorization !== undefined) {
      const known = this.accepted.get(authorization);
      if (known !== undefined && this.clock() < known.expiresAt) return known;
    }
    const result = this.verify(authorization);
    if (result.ok && authorization !== undefined) {
      if (this.accepted.size >= MAX_ENTRIES) this.accepted.clear();
      this.accepted.set(authorization, result);
    }
    return result;
  }

  forget(): void {
    this.accepted.clear();
  }
}
