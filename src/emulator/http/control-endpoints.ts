import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './send-json.js';
import type { EmulatorControls } from '../start-emulator.js';

/**
 * The emulator's own API for tests and demos (never logged, never throttled):
 * `GET /_emulator/requests`, `GET /_emulator/state`, `POST /_emulator/reset`,
 * `POST /_emulator/assignment-requests/{id}/approve|deny`, `POST /_emulator/throttle` `{rate,burst}|null`,
 * `POST /_emulator/faults` (FaultOptions), `POST /_emulator/latency` `{ms}|{minMs,maxMs}`,
 * `POST /_emulator/expire-tokens` `{seconds}`, `POST /_emulator/revoke-client` `{clientId}`.
 */
export function handleControlCall(controls: EmulatorControls, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  let body: Record<string, unknown> | null;
  try {
    body = rawBody.length > 0 ? (JSON.parse(rawBody) as Record<string, unknown> | null) : null;
  } catch {
    return sendJson(res, 400, { error: { code: 'BadRequest', message: 'expected a JSON body' } });
  }
  if (method === 'GET' && path === '/_emulator/requests') return sendJson(res, 200, { value: controls.requests() });
  if (method === 'GET' && path === '/_emulator/state') return sendJson(res, 200, controls.state.snapshot());
  if (method === 'POST') {
    if (path === '/_emulator/reset') {
      controls.reset();
      return sendJson(res, 200, { reset: true });
    }
    const decision = /^\/_emulator\/assignment-requests\/([^/]+)\/(approve|deny)$/.exec(path);
    if (decision !== null) {
      const done = decision[2] === 'approve' ? controls.approveRequest(decision[1] ?? '') : controls.denyRequest(decision[1] ?? '');
      return done
        ? sendJson(res, 200, { id: decision[1], decision: decision[2] })
        : sendJson(res, 404, { error: { code: 'NotPendingApproval', message: `no request '${decision[1]}' waits for approval` } });
    }
    if (path === '/_emulator/throttle') {
      controls.setThrottle(body === null ? null : { rate: Number(body.rate), burst: Number(body.burst) });
      return sendJson(res, 200, { throttle: body });
    }
    if (path === '/_emulator/faults') {
      controls.setFaults(body ?? {});
      return sendJson(res, 200, { faults: body });
    }
    if (path === '/_emulator/latency') {
      controls.setLatency(body !== null && 'minMs' in body ? { minMs: Number(body.minMs), maxMs: Number(body.maxMs) } : Number(body?.ms ?? 0));
      return sendJson(res, 200, { latency: body });
    }
    if (path === '/_emulator/expire-tokens') {
      controls.expireTokensAfter(Number(body?.seconds ?? 0));
      return sendJson(res, 200, { expireTokensAfter: body?.seconds ?? 0 });
    }
    if (path === '/_emulator/revoke-client') {
      controls.revokeClient(String(body?.clientId ?? ''));
      return sendJson(res, 200, { revoked: body?.clientId ?? null });
    }
  }
  sendJson(res, 404, { error: { code: 'NotFound', message: `no emulator endpoint ${method} ${path}` } });
}
