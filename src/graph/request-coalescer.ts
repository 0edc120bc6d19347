/** How one request of a group ended: what Graph answered, or what was thrown for it. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Options of {@link createRequestCoalescer}. */
export interface CoalescerOptions<Request, Response> {
  /** How many requests may travel together right now (1 turns grouping off). Read at each flush. */
  groupSize: () => number;
  /** Sends a request on its own. */
  sendOne: (request: Request) => Promise<Response>;
  /** Sends 2 or more requests together; answers in the same order. */
  sendGroup: (requests: Request[]) => Promise<Array<Settled<Response>>>;
}

interface Waiting<Request, Response> {
  request: Request;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups the requests handed over in one turn of the event loop (rows that start together) into groups of at
 * most `groupSize()`, so that many rows cost one call. A request never waits for company beyond that turn, and
 * when grouping is off it leaves at once, exactly as without the coalescer.
 */
export function createRequestCoalescer<Request, Response>(options: CoalescerOptions<Request, Response>): (request: Request) => Promise<Response> {
  let waiting: Array<Waiting<Request, Response>> = [];

  function flush(): void {
    const taken = waiting;
    waiting = [];
    const size = Math.max(1, Math.floor(options.groupSize()));
    for (let start = 0; start < taken.length; start += size) {
      const group = taken.slice(start, start + size);
      if (group.length === 1) {
        const only = group[0]!;
        options.sendOne(only.request).then(only.resolve, only.reject);
        continue;
      }
      options.sendGroup(group.map((entry) => entry.request)).then(
        (answers) => {
          group.forEach((entry, index) => {
            const answer = answers[index];
            if (answer === undefined) entry.reject(new Error(`the group's answer has no item ${index}`));
            else if (answer.ok) entry.resolve(answer.value);
            else entry.reject(answer.error);
          });
        },
        (error: unknown) => {
          for (const entry of group) entry.reject(error);
        },
      );
    }
  }

  return (request) => {
    if (waiting.length === 0 && options.groupSize() <= 1) return options.sendOne(request);
    return new Promise<Response>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ request, resolve, reject });
    });
  };
}
