import { isoTime } from './iso-time.js';

/** One call the emulator received, as `GET /_emulator/requests` lists it. */
export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: string;
  /** The parsed JSON body of a POST (sign-in bodies are never kept: they carry secrets). */
  body?: unknown;
  clientId: string | null;
  /** Status sent, or the status the client never received (`reset-after`); null when reset before. */
  status: number | null;
  /** What the emulator did: `created request X`, `fault: reset-after`, `throttled`... */
  actions: string[];
  /** The `$batch` call this item came in, by its seq. */
  batchSeq?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;
  private readonly clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  start(method: string, path: string, query: string, body?: unknown, batchSeq?: number, time?: string): LoggedRequest {
    this.seq += 1;
    const entry: LoggedRequest = {
      seq: this.seq,
      time: time ?? isoTime(this.clock()),
      method,
      path,
      query,
      clientId: null,
      status: null,
      actions: [],
    };
    if (body !== undefined) entry.body = body;
    if (batchSeq !== undefined) entry.batchSeq = batchSeq;
    this.entries.push(entry);
    return entry;
  }

  list(): LoggedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
