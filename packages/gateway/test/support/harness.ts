/**
 * Test harness: remote RCSs (an `OpenIcfServer` serving a {@link TestProvider}), gateways on a temporary
 * directory, and a small authenticated JSON client for the REST API.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientChannel,
  connectOpenIcf,
  type LocalConnectorProvider,
  type OpenIcfServer,
  OperationDispatcher,
  startOpenIcfServer,
} from '@rcskit/transport';
import { type Gateway, startGateway } from '../../src/gateway.js';
import { TEST_BUNDLE, TEST_CONNECTOR, type TestProvider } from './test-connector.js';

export const ADMIN_HEADERS = Object.freeze({
  'X-OpenIDM-Username': 'openidm-admin',
  'X-OpenIDM-Password': 'openidm-admin',
});

/** A remote RCS in server mode. */
export interface TestRcs {
  readonly server: OpenIcfServer;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts an RCS serving `provider` with key `Passw0rd` (on `port`, default any). */
export async function startRcs(
  provider: LocalConnectorProvider,
  port = 0,
  key = 'Passw0rd',
): Promise<TestRcs> {
  const server = await startOpenIcfServer({
    host: '127.0.0.1',
    port,
    key,
    localEndpoint: new OperationDispatcher(provider),
    housekeepingIntervalMs: 0,
  });
  return { server, port: server.address!.port, close: () => server.close() };
}

/** An RCS in client mode: dials the gateway's `/openicf` and serves `provider`. */
export function dialGateway(
  gatewayUrl: string,
  provider: LocalConnectorProvider,
  credentials: { principal: string; password: string; headers?: Record<string, string> },
): Promise<ClientChannel> {
  return connectOpenIcf({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/openicf`,
    principal: credentials.principal,
    password: credentials.password,
    headers: credentials.headers,
    localEndpoint: new OperationDispatcher(provider),
    housekeepingIntervalMs: 0,
  });
}

/** The gateway's `testConnectorServers` answer: one status per connector server. */
export async function testConnectorServers(gatewayUrl: string): Promise<any[]> {
  const r = await fetch(`${gatewayUrl}/openidm/system?_action=testConnectorServers`, {
    method: 'POST',
    headers: ADMIN_HEADERS,
  });
  return ((await r.json()) as { openicf: any[] }).openicf;
}

/** A free TCP port on loopback (nothing listens on it when this resolves). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A provisioner configuration for the test connector with an `account` object type. */
export function accountProvisioner(
  name: string,
  connectorHostRef: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const connectorRef: Record<string, unknown> = {
    bundleName: TEST_BUNDLE,
    bundleVersion: '[1.0.0.0,2.0.0.0)',
    connectorName: TEST_CONNECTOR,
  };
  if (connectorHostRef !== undefined) connectorRef.connectorHostRef = connectorHostRef;
  return {
    name,
    connectorRef,
    configurationProperties: { host: 'memory', password: 'memory-secret' },
    objectTypes: {
      account: {
        $schema: 'http://json-schema.org/draft-03/schema',
        id: '__ACCOUNT__',
        type: 'object',
        nativeType: '__ACCOUNT__',
        properties: {
          uid: { type: 'string', nativeName: '__NAME__', nativeType: 'string', required: true },
          displayName: { type: 'string', nativeName: 'displayName', nativeType: 'string' },
          email: {
            type: 'array',
            items: { type: 'string', nativeType: 'string' },
            nativeName: 'email',
            nativeType: 'string',
          },
          age: { type: 'integer', nativeName: 'age', nativeType: 'integer' },
          notes: {
            type: 'string',
            nativeName: 'notes',
            nativeType: 'string',
            flags: ['NOT_RETURNED_BY_DEFAULT'],
          },
        },
      },
    },
    systemActions: [
      {
        scriptId: 'script-1',
        actions: [
          { systemType: '.*MemoryConnector', actionType: 'groovy', actionSource: '2 + 2' },
          { systemType: '.*Other.*Connector', actionType: 'groovy', actionSource: 'never' },
          { systemType: '.*Memory.*', actionType: 'groovy', actionSource: 'throw' },
        ],
      },
      {
        scriptId: 'script-2',
        actions: [{ systemType: '.*ScriptedConnector', actionType: 'groovy', actionSource: 'x' }],
      },
    ],
    ...extra,
  };
}

/** What a test gateway is started with. */
export interface TestGatewayOptions {
  /** Reuse a directory (restart tests); default: a fresh temporary one. */
  readonly dir?: string;
  readonly provisioners?: Record<string, Record<string, unknown>>;
  readonly connectorInfoProvider?: Record<string, unknown>;
  readonly localProvider?: TestProvider;
  /** Watch `conf/` for hand edits (default false in tests). */
  readonly watch?: boolean;
}

/** A started gateway with its directory and a JSON client. */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly dir: string;
  readonly url: string;
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  close(): Promise<void>;
  /** Closes and removes the directory. */
  dispose(): Promise<void>;
}

export interface CallInit {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Send the admin credentials (default true). */
  readonly auth?: boolean;
}

export interface CallResult {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
  readonly text: string;
}

/** Starts a gateway on a temporary directory holding the given configuration files. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'rcskit-gw-')));
  const conf = join(dir, 'conf');
  await mkdir(conf, { recursive: true });
  for (const [name, json] of Object.entries(options.provisioners ?? {})) {
    await writeFile(join(conf, `provisioner.openicf-${name}.json`), JSON.stringify(json, null, 2));
  }
  if (options.connectorInfoProvider !== undefined) {
    await writeFile(
      join(conf, 'provisioner.openicf.connectorinfoprovider.json'),
      JSON.stringify(options.connectorInfoProvider, null, 2),
    );
  }
  const gateway = await startGateway({
    dir,
    port: 0,
    host: '127.0.0.1',
    localProvider: options.localProvider,
    reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
    refreshMinIntervalMs: 50,
    connectTimeoutMs: 5000,
    users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
    watch: options.watch ?? false,
  });
  const call = async (method: string, path: string, init: CallInit = {}): Promise<CallResult> => {
    const headers: Record<string, string> = {
      ...(init.auth === false ? {} : ADMIN_HEADERS),
      ...init.headers,
    };
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${gateway.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  return {
    gateway,
    dir,
    url: gateway.url,
    call,
    close: () => gateway.close(),
    dispose: async () => {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
