import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirectoryFile } from './directory/directory-schema.js';
import { generateDirectory } from './directory/generate-directory.js';
import { loadDirectory } from './directory/load-directory.js';
import { seededRandom } from './directory/seeded-random.js';
import type { EmulatorOptions, LatencyOptions } from './emulator-options.js';
import { BearerCache } from './http/bearer-cache.js';
import { handleControlCall } from './http/control-endpoints.js';
import { FaultInjector, type FaultOptions } from './http/fault-injector.js';
import { handleGraphCall, type GraphPipeline } from './http/graph-pipeline.js';
import { readBody } from './http/read-body.js';
import { RequestLog, type LoggedRequest } from './http/request-log.js';
import { sendJson } from './http/send-json.js';
import { ClientThrottle, type ThrottleOptions } from './http/token-bucket.js';
import { createSignInService, type SignInService } from './sign-in/index.js';
import { EmulatorState } from './state/emulator-state.js';
import { generateEmulatorTls } from './tls/index.js';

/** What tests, the demo and `/_emulator/*` can change or read while the emulator runs. */
export interface EmulatorControls {
  /** The live tenant: directory, assignments, requests. */
  readonly state: EmulatorState;
  /** Every call received, in order. */
  requests(): LoggedRequest[];
  /** Back to the initial directory; the request log, throttle buckets and fault counters start again. */
  reset(): void;
  setThrottle(throttle: ThrottleOptions | null): void;
  setFaults(faults: FaultOptions): void;
  setLatency(latency: LatencyOptions): void;
  /** Tokens (issued and future) die `seconds` from now at the latest. */
  expireTokensAfter(seconds: number): void;
  revokeClient(clientId: string): void;
  /** Approves a `pendingApproval` request; false when none waits under that id. */
  approveRequest(requestId: string): boolean;
  denyRequest(requestId: string): boolean;
}

export interface RunningEmulator extends EmulatorControls {
  /** Graph base over HTTPS, without version: `https://127.0.0.1:PORT`. */
  graphUrl: string;
  /** Graph base over plain HTTP. */
  graphHttpUrl: string;
  /** Sign-in host (msal-node's authority host): `https://127.0.0.1:PORT`. */
  authorityHost: string;
  /** The CA that signed the HTTPS certificate, written as PEM. */
  caCertPath: string;
  caCertPem: string;
  tenantId: string;
  /** App registrations accepted (secrets are emulator-only values). */
  clients: { clientId: string; clientSecret?: string }[];
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

async function resolveDirectory(options: EmulatorOptions): Promise<DirectoryFile> {
  if (options.directory !== undefined) return options.directory;
  if (options.directoryPath !== undefined) return loadDirectory(options.directoryPath);
  return generateDirectory(options.generate ?? { users: 100, packages: 10, seed: 1 });
}

function latencySource(latency: LatencyOptions, seed: number): () => number {
  if (typeof latency === 'number') return () => latency;
  const random = seededRandom(seed);
  const { minMs, maxMs } = latency;
  return () => minMs + Math.floor(random() * (maxMs - minMs + 1));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the Graph and sign-in emulator on 127.0.0.1 (HTTPS for both, plain HTTP for Graph). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const directory = await resolveDirectory(options);
  const state = new EmulatorState(directory, {
    clock,
    deliveryDelayMs: options.deliveryDelayMs ?? 200,
    idSeed: options.idSeed ?? 1,
    autoApproval: options.autoApproval ?? null,
  });
  const clients = [...directory.clients, ...(options.extraClients ?? [])];
  const firstUser = directory.users[0];
  const signIn: SignInService = createSignInService({
    tenantId: directory.tenantId,
    clients: clients.map(({ clientId, clientSecret, certificatePem, roles }) => ({ clientId, clientSecret, certificatePem, roles })),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    deviceCodeApprovalDelayMs: options.deviceCodeApprovalDelayMs ?? 1000,
    deviceCodeUser:
      options.deviceCodeUser ??
      (firstUser === undefined ? undefined : { id: firstUser.id, userPrincipalName: firstUser.userPrincipalName, displayName: firstUser.displayName }),
    now: clock,
  });
  let faultOptions = options.faults ?? {};
  const bearers = new BearerCache(options.verifyBearer ?? ((authorization) => signIn.verifyBearer(authorization)), clock);
  const log = new RequestLog(clock);
  const pipeline: GraphPipeline = {
    state,
    log,
    throttle: new ClientThrottle(options.throttle ?? null, clock),
    faults: new FaultInjector(faultOptions),
    paging: { pageSize: options.pageSize ?? 100, maxPageSize: options.maxPageSize ?? 999 },
    verifyBearer: options.auth === false ? null : (authorization) => bearers.check(authorization),
    latencyMs: latencySource(options.latency ?? 0, faultOptions.seed ?? 1),
    sleep,
    clock,
  };
  let throttleOptions = options.throttle ?? null;

  const controls: EmulatorControls = {
    state,
    requests: () => log.list(),
    reset: () => {
      state.reset();
      log.clear();
      pipeline.throttle.configure(throttleOptions);
      pipeline.faults.configure(faultOptions);
    },
    setThrottle: (throttle) => {
      throttleOptions = throttle;
      pipeline.throttle.configure(throttle);
    },
    setFaults: (faults) => {
      faultOptions = faults;
      pipeline.faults.configure(faults);
    },
    setLatency: (latency) => {
      pipeline.latencyMs = latencySource(latency, faultOptions.seed ?? 1);
    },
    expireTokensAfter: (seconds) => {
      signIn.expireTokensAfter(seconds);
      bearers.forget();
    },
    revokeClient: (clientId) => {
      signIn.revokeClient(clientId);
      bearers.forget();
    },
    approveRequest: (id) => state.decide(id, 'approve'),
    denyRequest: (id) => state.decide(id, 'deny'),
  };

  const tls = await generateEmulatorTls();
  let authorityHost = '';

  const handle = async (req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> => {
    const url = new URL(req.url ?? '/', `${secure ? 'https' : 'http'}://${req.headers.host ?? HOST}`);
    const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    const first = url.pathname.split('/')[1] ?? '';
    if (first === 'v1.0' || first === 'beta') return handleGraphCall(pipeline, req, res, url, body);
    if (first === '_emulator') return handleControlCall(controls, req, res, url, body);
    if (secure) {
      // Sign-in calls are logged without their body: it carries secrets and assertions.
      const entry = log.start(req.method ?? 'GET', url.pathname, '');
      entry.actions.push('sign-in');
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      if (signIn.handle(req, res, url, body, authorityHost)) return;
    }
    sendJson(res, 404, { error: { code: 'NotFound', message: `Nothing at ${url.pathname}` } });
  };
  const onRequest = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, secure).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: `Emulator bug: ${String(error)}` } });
      else res.destroy();
    });
  };
  const httpsServer = createHttpsServer({ key: tls.serverKeyPem, cert: tls.serverCertPem, keepAlive: true }, onRequest(true));
  const httpServer = createHttpServer({ keepAlive: true }, onRequest(false));
  const httpsPort = await listen(httpsServer, options.port ?? 0);
  const httpPort = await listen(httpServer, options.httpPort ?? 0);
  authorityHost = `https://${HOST}:${httpsPort}`;

  const ownCaDir = options.caDir === undefined;
  const caDir = options.caDir ?? (await mkdtemp(join(tmpdir(), 'apbatch-emulator-')));
  await mkdir(caDir, { recursive: true });
  const caCertPath = join(caDir, 'emulator-ca.pem');
  await writeFile(caCertPath, tls.caCertPem, { mode: 0o644 });

  return {
    ...controls,
    graphUrl: authorityHost,
    graphHttpUrl: `http://${HOST}:${httpPort}`,
    authorityHost,
    caCertPath,
    caCertPem: tls.caCertPem,
    tenantId: directory.tenantId,
    clients: clients.map(({ clientId, clientSecret }) => (clientSecret === undefined ? { clientId } : { clientId, clientSecret })),
    close: async () => {
      await Promise.all([closeServer(httpsServer), closeServer(httpServer)]);
      if (ownCaDir) await rm(caDir, { recursive: true, force: true });
    },
  };
}
