import { gatherTurn } from '../core/gather-turn.js';

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

/**
 * Groups the requests handed over in one turn of the event loop (rows that start together) into groups of at
 * most `groupSize()`, so that many rows cost one call. A request never waits for company beyond that turn, and
 * when grouping is off it leaves at once, exactly as without the coalescer.
 */
export function createRequestCoalescer<Request, Response>(options: CoalescerOptions<Request, Response>): (request: Request) => Promise<Response> {
  const turn = gatherTurn<Request, Response>((requests) => {
    const size = Math.max(1, Math.floor(options.groupSize()));
    const answers: Array<Promise<Response>> = [];
    for (let start = 0; start < requests.length; start += size) {
      const group = requests.slice(start, start + size);
      if (group.length === 1) {
        answers.push(options.sendOne(group[0]!));
        continue;
      }
      const sent = options.sendGroup(group);
      group.forEach((_, index) =>
        answers.push(
          sent.then((settled) => {
            const answer = settled[index];
            if (answer === undefined) throw new Error(`the group's answer has no item ${index}`);
            if (!answer.ok) throw answer.error;
            return answer.value;
          }),
        ),
      );
    }
    return answers;
  });

  return (request) => {
    if (turn.pending === 0 && options.groupSize() <= 1) return options.sendOne(request);
    return turn.add(request);
  };
}
