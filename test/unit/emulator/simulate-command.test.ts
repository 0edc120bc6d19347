import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { registerSimulateCommand, simulateOptionsSchema, toEmulatorOptions } from '../../../src/cli/commands/simulate.js';

const parse = (raw: Record<string, unknown>) => toEmulatorOptions(simulateOptionsSchema.parse(raw));

describe('apbatch simulate options', () => {
  test('every knob maps to a startEmulator option', () => {
    const options = parse({
      port: '8443',
      users: '500',
      packages: '20',
      seed: '9',
      rate: '5',
      burst: '10',
      fault429: '0.15',
      fault503: '0.1',
      fault503RetryAfter: '0.05',
      fault504: '0.05',
      faultResetBefore: '0.01',
      faultResetAfter: '0.02',
      faultSlow: '0.03',
      faultOn: ['3:reset-after:POST', '7:504', '9:429:POST'],
      faultMethods: 'post',
      faultSeed: '4',
      retryAfter: '3',
      slowMs: '1500',
      latency: '20-80',
      tokenLifetime: '120',
      deliveryDelay: '0',
      autoApprove: '500',
      auth: true,
    });
    expect(options).toEqual({
      port: 8443,
      httpPort: 0,
      tokenLifetimeSeconds: 120,
      deviceCodeApprovalDelayMs: 1000,
      deliveryDelayMs: 0,
      pageSize: 100,
      auth: true,
      throttle: { rate: 5, burst: 10 },
      faults: {
        seed: 4,
        probabilities: { '429': 0.15, '503': 0.1, '503-retry-after': 0.05, '504': 0.05, 'reset-before': 0.01, 'reset-after': 0.02, slow: 0.03 },
        onRequests: [
          { nth: 3, kind: 'reset-after', method: 'POST' },
          { nth: 7, kind: '504' },
          { nth: 9, kind: '429', method: 'POST' },
        ],
        methods: ['POST'],
        retryAfterSeconds: 3,
        slowMs: 1500,
      },
      latency: { minMs: 20, maxMs: 80 },
      autoApproval: { decision: 'approve', afterMs: 500 },
      generate: { users: 500, packages: 20, seed: 9 },
    });
  });

  test('a directory file is used as given; fixed latency is a number', () => {
    const options = parse({ directory: 'my.json', latency: '25', auth: false });
    expect([options.directoryPath, options.latency, options.auth, options.throttle]).toEqual(['my.json', 25, false, null]);
  });

  test('contradictions and bad values are usage errors that say what was expected', () => {
    expect(() => parse({ rate: '5' })).toThrow(new UsageError('--rate and --burst go together: give both, or neither for no throttling'));
    expect(() => parse({ latency: 'slow' })).toThrow(/--latency: expected milliseconds.*got 'slow'/);
    expect(() => parse({ faultOn: ['x:503'] })).toThrow(/--fault-on: expected N:KIND\[:METHOD\]/);
    expect(() => parse({ fault503: '0.7', fault504: '0.6' })).toThrow(/add up to 1.3; expected at most 1/);
    expect(() => parse({ fault429: '0.9', fault503: '0.2' })).toThrow(/add up to 1.1; expected at most 1/);
    expect(() => parse({ faultOn: ['2:428'] })).toThrow("--fault-on: expected N:KIND[:METHOD] with KIND one of 429, 503, 503-retry-after, 504, reset-before, reset-after, slow, slow-after, got '2:428'");
    expect(() => parse({ directory: 'a.json', users: '3' })).toThrow(/exclude each other/);
    expect(simulateOptionsSchema.safeParse({ fault503: '2' }).success).toBe(false);
  });
});

describe('apbatch simulate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('prints one JSON ready line, serves Graph, and stops on SIGTERM', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const program = new Command('apbatch').exitOverride();
    registerSimulateCommand(program);
    const running = program.parseAsync(['simulate', '--users', '12', '--packages', '3', '--seed', '2', '--no-auth'], { from: 'user' });
    await vi.waitFor(() => expect(lines.length).toBe(1), { timeout: 5000 });
    const ready = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['graphUrl', 'graphHttpUrl', 'authorityHost', 'caCertPath', 'tenantId', 'clients']);
    expect(ready.graphUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const clients = ready.clients as { clientId: string; clientSecret: string }[];
    expect(clients).toHaveLength(1);
    expect(clients[0]!.clientSecret).toMatch(/^emulator-secret-/);
    const users = await fetch(`${ready.graphHttpUrl as string}/v1.0/users?$top=20`);
    expect(((await users.json()) as { value: unknown[] }).value).toHaveLength(12);
    process.emit('SIGTERM');
    await running;
    await expect(fetch(`${ready.graphHttpUrl as string}/v1.0/users`)).rejects.toThrow();
  });
});
