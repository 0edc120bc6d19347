import { Option, type Command } from 'commander';
import { z } from 'zod';

/**
 * Connection and throughput flags (SPEC section 1). The client secret has no flag on purpose: it is read from
 * `AZURE_CLIENT_SECRET` only, so it never appears in a shell history or a process list.
 */
export const connectionOptionsSchema = z.object({
  tenant: z.string().optional(),
  clientId: z.string().optional(),
  certificate: z.string().optional(),
  deviceCode: z.boolean().default(false),
  cloud: z.string().optional(),
  graphUrl: z.string().optional(),
  authorityHost: z.string().optional(),
  /** A PEM file of a private CA to trust (the emulator prints its `caCertPath`). */
  caFile: z.string().optional(),
  /** Requests per second across all calls. @default 5 */
  rate: z.coerce.number().positive().default(5),
  /** Requests in flight. @default 4 */
  concurrency: z.coerce.number().int().positive().default(4),
  /** @default 8 */
  maxRetries: z.coerce.number().int().min(0).default(8),
  /** Per-request timeout in seconds. @default 30 */
  timeout: z.coerce.number().positive().default(30),
});
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--tenant <id>', 'tenant id or domain (AZURE_TENANT_ID)')
    .option('--client-id <id>', 'app registration client id (AZURE_CLIENT_ID)')
    .option('--certificate <path>', 'PEM with private key and certificate (AZURE_CLIENT_CERTIFICATE_PATH)')
    .option('--device-code', 'delegated sign-in with a device code, for userAdd/userUpdate/userRemove rows', false)
    .addOption(new Option('--cloud <name>', 'national cloud (APBATCH_CLOUD)').choices(['global', 'usgov', 'usgovdod', 'china']))
    .option('--graph-url <url>', 'Graph base URL (APBATCH_GRAPH_URL)')
    .option('--authority-host <url>', 'sign-in host (AZURE_AUTHORITY_HOST)')
    .option('--ca-file <path>', 'extra CA certificate to trust, PEM (APBATCH_CA_FILE)')
    .option('--rate <n>', 'requests per second across all calls', '5')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--max-retries <n>', 'retries per request before giving up', '8')
    .option('--timeout <seconds>', 'time allowed for one request', '30');
}
