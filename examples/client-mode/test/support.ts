/**
 * Test support: scratch run directories made from the example's templates, real `rcs` processes (client mode
 * dialling the gateway, server mode dialled by it), the gateway started in-process on port 0, and one cleanup
 * list that every test file empties in `afterEach` — child processes are SIGKILLed there even when a test failed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, startGateway } from '@rcskit/gateway';
import { eventually, idmClient } from '../src/idm-client.mjs';
import { type NodeProcess, startNode } from '../src/processes.mjs';
import {
  CSV_BUNDLE_DIR,
  clientModeArgs,
  EXAMPLE_DIR,
  prepareRunDir,
  RCS_CLI,
  type RunDir,
  readTemplate,
  SERVER_KEY,
  SERVER_KEY_HASH,
  SYSTEM,
  writeConf,
} from '../src/run-dir.mjs';

export { eventually, idmClient };
export type IdmClient = ReturnType<typeof idmClient>;

/** The three users of `hr.csv`. */
export const HR_USERS = ['BJENSEN', 'JSANCHEZ', 'SCARTER'] as const;

const cleanups: (() => unknown)[] = [];

/** Registers work for {@link cleanup} (run in reverse order). */
export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}

/** Kills every process, closes every gateway and removes every scratch directory of the test. */
export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {
      // Keep cleaning up.
    }
  }
}

/** Fails early, with the fix, when the packages were not built. */
export function requireBuilt(): void {
  if (!existsSync(RCS_CLI)) throw new Error(`${RCS_CLI} is missing: run \`pnpm build\` first`);
}

/** A fresh scratch directory under the system temporary directory, removed at cleanup. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rcskit-client-mode-${prefix}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP port nobody listens on right now (loopback). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** This process's environment without `RCS_*` / `OPENICF_OPTS`, which would override the test's properties. */
export function rcsEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^RCS_/i.test(key) && key !== 'OPENICF_OPTS') env[key] = value;
  }
  return env;
}

/** Starts `rcs …args` in `cwd`; the process is SIGKILLed at cleanup (a no-op once it exited). */
export function startRcs(label: string, args: readonly string[], cwd: string): NodeProcess {
  const rcs = startNode(label, RCS_CLI, args, { cwd, env: rcsEnv() });
  onCleanup(() => rcs.stop('SIGKILL'));
  return rcs;
}

/** One line the gateway logged. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string | undefined;
  readonly [field: string]: unknown;
}

/** A gateway started by {@link startTestGateway}, with what it logged (info and above). */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly logs: LogLine[];
}

/** Starts the gateway in-process on any free port over `dir` (fast reconnects and a cheap password hash). */
export async function startTestGateway(dir: string): Promise<TestGateway> {
  const logs: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') logs.push({ level, msg: objOrMsg });
      else logs.push({ ...objOrMsg, level, msg });
    };
  const gateway = await startGateway({
    dir,
    port: 0,
    host: '127.0.0.1',
    reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
    refreshMinIntervalMs: 50,
    connectTimeoutMs: 5_000,
    users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
    watch: false,
    logger: { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') },
  });
  onCleanup(() => gateway.close());
  return { gateway, logs };
}

// ------------------------------------------------------------------------------------------------------------------
// Client mode: the example as shipped

/** The example's run directory in a scratch directory, its gateway, and an `rcs` in client mode dialling it. */
export async function startClientModeExample(): Promise<{
  run: RunDir;
  gateway: Gateway;
  rcs: NodeProcess;
  idm: IdmClient;
}> {
  const run = prepareRunDir(scratchDir('client'));
  const { gateway } = await startTestGateway(run.gatewayDir);
  const rcs = startRcs(
    'rcs (client mode)',
    clientModeArgs(run, gateway.url, [
      '-Dconnectorserver.logFormat=json',
      '-Dconnectorserver.newConnectionsInterval=0.1',
    ]),
    run.rcsHome,
  );
  return { run, gateway, rcs, idm: idmClient(gateway.url) };
}

/**
 * Starts another `rcs` in client mode from the example's properties, in `home` (see {@link rcsHome}), dialling the
 * gateway as the `remoteConnectorClients` entry `name` with `password` (overriding the file's
 * `connectorServerName`, `principal` and `password`).
 */
export function startClientRcs(
  run: RunDir,
  gatewayUrl: string,
  home: string,
  client: { name: string; password: string },
): NodeProcess {
  return startRcs(
    `rcs ${client.name} (client mode)`,
    clientModeArgs(run, gatewayUrl, [
      '-Dconnectorserver.logFormat=json',
      '-Dconnectorserver.newConnectionsInterval=0.1',
      `-Dconnectorserver.connectorServerName=${client.name}`,
      `-Dconnectorserver.principal=${client.name}`,
      `-Dconnectorserver.password=${client.password}`,
    ]),
    home,
  );
}

// ------------------------------------------------------------------------------------------------------------------
// Server mode and groups

/** An `rcs` in server mode with its own home (`conf/`, `data/hr.csv`), working directory = home. */
export interface ServerRcs {
  readonly label: string;
  readonly home: string;
  readonly csvFile: string;
  readonly port: number;
  readonly process: NodeProcess;
}

/** `base64(SHA-1(UTF-16BE(key)))`, the `connectorserver.key` that `rcs setkey <key>` writes. */
export function keyHash(key: string): string {
  const utf16be = Buffer.from(key, 'utf16le').swap16();
  return createHash('sha1').update(utf16be).digest('base64');
}

/**
 * An RCS home `<parent>/<label>` with `data/hr.csv` = the example's `hr.csv` plus, when `marker` is given, a row
 * with that uid — so a query answer shows which RCS served it. The RCS runs in the home, so the provisioner's
 * relative `csvFile` `data/hr.csv` names this RCS's file.
 */
export function rcsHome(parent: string, label: string, marker?: string): { home: string; csvFile: string } {
  const home = join(parent, label);
  mkdirSync(join(home, 'data'), { recursive: true });
  let csv = readFileSync(join(EXAMPLE_DIR, 'data', 'hr.csv'), 'utf8');
  if (marker !== undefined) {
    csv += `"Marker", "${marker}", "${label}", "${marker.toLowerCase()}@example.com", "000000"\n`;
  }
  const csvFile = join(home, 'data', 'hr.csv');
  writeFileSync(csvFile, csv);
  return { home, csvFile };
}

/** Writes `<home>/conf/ConnectorServer.properties` for server mode: loopback, key `Passw0rd`, the CSV bundle only. */
function writeServerProperties(home: string, label: string): string {
  const file = join(home, 'conf', 'ConnectorServer.properties');
  if (existsSync(file)) return file;
  mkdirSync(join(home, 'conf'), { recursive: true });
  writeFileSync(
    file,
    [
      `## ${label}: rcs in server mode, dialled by the gateway (a remoteConnectorServers entry)`,
      'connectorserver.port=0',
      'connectorserver.ifaddress=127.0.0.1',
      `connectorserver.key=${SERVER_KEY_HASH.replace('=', '\\=')}`,
      `connectorserver.bundleDir=${CSV_BUNDLE_DIR}`,
      'connectorserver.logFormat=json',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Starts `rcs run` in server mode in `home` (see {@link rcsHome}); port 0 = any, read from the start-up line.
 */
export async function startServerRcs(label: string, home: string, port = 0): Promise<ServerRcs> {
  const args = ['run', '--properties', writeServerProperties(home, label)];
  if (port !== 0) args.push(`-Dconnectorserver.port=${port}`);
  const rcs = startRcs(label, args, home);
  const match = await rcs.waitFor(/Connector server listening on ws:\/\/127\.0\.0\.1:(\d+)\/openicf/);
  return { label, home, csvFile: join(home, 'data', 'hr.csv'), port: Number(match[1]), process: rcs };
}

/** A `remoteConnectorServers` entry for a server-mode RCS on loopback (the seed's `key` in clear). */
export function serverEntry(name: string, port: number): Record<string, unknown> {
  return { name, host: '127.0.0.1', port, useSSL: false, key: SERVER_KEY, timeout: 0 };
}

/**
 * A gateway directory with the connector-info provider `provider` and the example's CSV provisioner pointed at
 * `connectorHostRef`, its `csvFile` set to `csvFile` (relative paths resolve in each RCS's working directory).
 */
export function gatewayDirWith(
  provider: Record<string, unknown>,
  connectorHostRef: string,
  csvFile: string,
): string {
  const dir = scratchDir('gateway');
  const confDir = join(dir, 'conf');
  writeConf(confDir, 'provisioner.openicf.connectorinfoprovider.json', provider);
  const csv = readTemplate('provisioner.openicf-csv.json');
  csv.connectorRef.connectorHostRef = connectorHostRef;
  csv.configurationProperties.csvFile = csvFile;
  writeConf(confDir, `provisioner.openicf-${SYSTEM}.json`, csv);
  return dir;
}

/** Waits until `testConnectorServers` reports exactly the named servers `ok`. */
export async function serversOk(idm: IdmClient, expected: Record<string, boolean>): Promise<void> {
  await eventually(
    async () => {
      const answer = await idm.call('POST', '/openidm/system?_action=testConnectorServers');
      const byName = new Map<string, boolean>(
        (answer.body?.openicf ?? []).map((s: { name: string; ok: boolean }) => [s.name, s.ok]),
      );
      return Object.entries(expected).every(([name, ok]) => byName.get(name) === ok);
    },
    { timeoutMs: 15_000, what: `connector servers ${JSON.stringify(expected)}` },
  );
}

/** The `_id`s of a query answer, sorted. */
export function ids(answer: { body: any }): string[] {
  return ((answer.body?.result ?? []) as { _id: string }[]).map((o) => o._id).sort();
}

/** Queries every account; asserts a 200 and returns the ids. */
export async function queryAll(idm: IdmClient): Promise<string[]> {
  const answer = await idm.call('GET', `/openidm/system/${SYSTEM}/account?_queryFilter=true`);
  if (answer.status !== 200) throw new Error(`query answered ${answer.status}: ${answer.text}`);
  return ids(answer);
}

/** Which of the `markers` is among `ids` (exactly one is expected). */
export function servedBy(result: readonly string[], markers: readonly string[]): string {
  const found = markers.filter((m) => result.includes(m));
  if (found.length !== 1)
    throw new Error(`expected exactly one of ${markers.join(', ')} in ${result.join(', ')}`);
  return found[0]!;
}

/** Sends SIGSTOP / SIGCONT / … to a running child. */
export function signal(rcs: NodeProcess, name: NodeJS.Signals): void {
  if (rcs.running() && rcs.child.pid !== undefined) process.kill(rcs.child.pid, name);
}

export { SERVER_KEY, SERVER_KEY_HASH, SYSTEM };
