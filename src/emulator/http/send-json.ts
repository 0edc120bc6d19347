import type { ServerResponse } from 'node:http';

const GRAPH_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': GRAPH_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Ends the connection abruptly (TCP RST where Node can), so the client sees a reset, not an answer. */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  const resettable = socket as typeof socket & { resetAndDestroy?: () => void };
  if (typeof resettable.resetAndDestroy === 'function' && 'setNoDelay' in socket && !('encrypted' in socket)) {
    resettable.resetAndDestroy();
  } else {
    socket.destroy();
  }
}
