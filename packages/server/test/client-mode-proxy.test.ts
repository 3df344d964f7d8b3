/**
 * Client mode through a real HTTP CONNECT proxy (fixtures/proxy-process.mjs, its own process on loopback;
 * docs/tls.md, "HTTP proxy"): `wss://` to IDM and the https token endpoint tunnelled without proxy credentials,
 * `ws://` with `proxyPrincipal` / `proxyPassword`, and a wrong proxy password refused with 407 — a clear error,
 * retried with back-off, and no secret in any log line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadKeyEntry } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import { startAcceptor, startTokenEndpoint } from './fixtures/acceptor.js';
import { bundleDir, capturingLogger, configFrom, eventually, FIXTURES } from './fixtures/support.js';

const KT = join(FIXTURES, 'tls', 'keytool');
const bundles = bundleDir({ 'test-bundle': 'test-bundle-1.1.0' });

interface Proxy {
  readonly port: number;
  readonly lines: string[];
  stop(): Promise<void>;
}

/** Starts the proxy process; with `auth`, it requires those Basic credentials. */
function startProxy(auth?: { user: string; password: string }): Promise<Proxy> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  if (auth !== undefined) Object.assign(env, { PROXY_USER: auth.user, PROXY_PASSWORD: auth.password });
  const child: ChildProcess = spawn(process.execPath, [join(FIXTURES, 'proxy-process.mjs')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line === '') continue;
        lines.push(line);
        const match = /^listening (\d+)$/.exec(line);
        if (match !== null) {
          resolve({
            port: Number(match[1]),
            lines,
            stop: async () => {
              child.kill('SIGKILL');
              await exited;
            },
          });
        }
      }
    });
  });
}

describe('client mode through an HTTP proxy', () => {
  const proxies: Proxy[] = [];
  let idmTls: { key: string; cert: string };
  beforeAll(async () => {
    const entry = await loadKeyEntry({ file: join(KT, 'idm.p12'), password: 'changeit' });
    idmTls = { key: entry.key, cert: entry.cert };
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    bundles.remove();
  });

  const base = (url: string, proxyPort: number) => ({
    'connectorserver.url': url,
    'connectorserver.bundleDir': bundles.dir,
    'connectorserver.proxyHost': '127.0.0.1',
    'connectorserver.proxyPort': String(proxyPort),
    'connectorserver.newConnectionsInterval': '0.1',
    'connectorserver.maxReconnectInterval': '0.4',
    'connectorserver.housekeepingInterval': '0.1',
  });

  it('tunnels wss to IDM and the https token endpoint (no proxy credentials)', async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint({ id: 'rcs-client', secret: 'cl1ent-secret' }, tokens, idmTls);
    const acceptor = await startAcceptor({ tokens }, 0, idmTls);
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({
      config: configFrom({
        ...base(acceptor.url, proxy.port),
        'connectorserver.tokenEndpoint': endpoint.url,
        'connectorserver.clientId': 'rcs-client',
        'connectorserver.clientSecret': 'cl1ent-secret',
        'connectorserver.trustStoreFile': join(KT, 'truststore.p12'),
        'connectorserver.trustStorePass': 'changeit',
      }),
      logger,
    });
    try {
      const channel = await acceptor.nextChannel();
      expect(channel.principal).toBe('oauth-client');
      const tokenPort = new URL(endpoint.url).port;
      expect(proxy.lines).toContain(`CONNECT 127.0.0.1:${tokenPort} 200`);
      expect(proxy.lines).toContain(`CONNECT 127.0.0.1:${acceptor.port} 200`);
      expect(lines.join('\n')).not.toContain('cl1ent-secret');
    } finally {
      await server.stop();
      await acceptor.close();
      await endpoint.close();
    }
  });

  it('tunnels ws with proxy credentials; a wrong proxy password is a clear error, retried, never logged', async () => {
    const proxy = await startProxy({ user: 'rcs-proxy', password: 'Pr0xy-pw' });
    proxies.push(proxy);
    const acceptor = await startAcceptor({ users: { rcs1: 's3cret' } });
    const dial = (password: string) => {
      const capture = capturingLogger();
      const started = ConnectorServer.start({
        config: configFrom({
          ...base(acceptor.url, proxy.port),
          'connectorserver.principal': 'rcs1',
          'connectorserver.password': 's3cret',
          'connectorserver.proxyPrincipal': 'rcs-proxy',
          'connectorserver.proxyPassword': password,
        }),
        logger: capture.logger,
      });
      return { started, lines: capture.lines };
    };
    try {
      const right = dial('Pr0xy-pw');
      const server = await right.started;
      try {
        expect((await acceptor.nextChannel()).principal).toBe('rcs1');
        expect(proxy.lines).toContain(`CONNECT 127.0.0.1:${acceptor.port} 200`);
      } finally {
        await server.stop();
      }

      const wrong = dial('wr0ng-Proxy-pw');
      const refused = await wrong.started;
      try {
        const failures = await eventually(() => {
          const found = wrong.lines.filter((l) => l.includes('Cannot connect to IDM'));
          return found.length >= 3 ? found : undefined;
        });
        const first = JSON.parse(failures[0] as string) as Record<string, unknown>;
        expect(first.error).toContain('The HTTP proxy 127.0.0.1:');
        expect(first.error).toContain('refused its credentials');
        expect(first.error).toContain('(HTTP 407)');
        expect(first.fix).toBe('check connectorserver.proxyPrincipal and connectorserver.proxyPassword');
        // Back-off: each wait is drawn from a doubling window (base 0.1 s, cap 0.4 s).
        const delays = failures.map((l) => (JSON.parse(l) as { retryInMs: number }).retryInMs);
        expect(delays[0]).toBeLessThanOrEqual(100);
        expect(delays[2]).toBeGreaterThanOrEqual(200);
        expect(proxy.lines).toContain(`CONNECT 127.0.0.1:${acceptor.port} 407`);
      } finally {
        await refused.stop();
      }
      const all = [...right.lines, ...wrong.lines].join('\n');
      for (const secret of ['Pr0xy-pw', 'wr0ng-Proxy-pw', 's3cret']) expect(all).not.toContain(secret);
      for (const pw of ['Pr0xy-pw', 'wr0ng-Proxy-pw']) {
        expect(all).not.toContain(Buffer.from(`rcs-proxy:${pw}`).toString('base64'));
      }
    } finally {
      await acceptor.close();
    }
  });
});
