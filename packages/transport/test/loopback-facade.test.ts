/**
 * End to end: a real `OpenIcfServer` hosting the in-memory connector through `OperationDispatcher`, and a
 * `connectOpenIcf` client using `RemoteConnectorInfoManager` / `RemoteConnectorFacade`, over ws and wss.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyExistsException,
  AttributeBuilder,
  ConnectionFailedException,
  ConnectorException,
  ConnectorIOException,
  type ConnectorObject,
  EqualsFilter,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  int,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  PermissionDeniedException,
  Schema,
  ScriptContext,
  type SyncDelta,
  SyncToken,
  Uid,
  UnknownUidException,
} from '@rcskit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEndpoint } from '../src/facade/client-endpoint.js';
import type { RemoteConnectorFacade } from '../src/facade/remote-connector-facade.js';
import { RemoteConnectorInfoManager } from '../src/facade/remote-connector-info-manager.js';
import { OperationDispatcher } from '../src/operations/server-dispatch.js';
import { type ClientChannel, connectOpenIcf } from '../src/peer/client.js';
import { type OpenIcfServer, startOpenIcfServer } from '../src/peer/server.js';
import { GENERATED, MEMORY_BUNDLE, MEMORY_CONNECTOR, MemoryProvider } from './support/memory-connector.js';

const KEY = 'changeit';
const ACCOUNT = ObjectClass.ACCOUNT;

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1 made with the openssl CLI. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'rcskit-loopback-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function generated(count: number, extra: Record<string, number> = {}) {
  const builder = new OperationOptionsBuilder().setOption('count', int(count));
  for (const [name, value] of Object.entries(extra)) builder.setOption(name, int(value));
  return builder.build();
}

const schemes = hasOpenssl() ? (['ws', 'wss'] as const) : (['ws'] as const);

describe.each(schemes)('remote facade over %s', (scheme) => {
  let tls: { key: Buffer; cert: Buffer } | undefined;
  let provider: MemoryProvider;
  let server: OpenIcfServer;
  let channel: ClientChannel;
  let manager: RemoteConnectorInfoManager;
  let facade: RemoteConnectorFacade;

  const connect = (options: { key?: string; bearerToken?: string; sockets?: number } = {}) =>
    connectOpenIcf({
      url: server.url,
      localEndpoint: new ClientEndpoint(),
      ...(options.key !== undefined ? { key: options.key } : {}),
      ...(options.bearerToken !== undefined ? { bearerToken: options.bearerToken } : {}),
      sockets: options.sockets ?? 1,
      ...(tls ? { ca: tls.cert } : {}),
    });

  beforeAll(async () => {
    tls = scheme === 'wss' ? selfSignedCertificate() : undefined;
    provider = new MemoryProvider(['1.0.0.0', '1.5.9.0', '1.5.10.0']);
    server = await startOpenIcfServer({
      localEndpoint: new OperationDispatcher(provider),
      host: '127.0.0.1',
      port: 0,
      key: KEY,
      ...(tls ? { tls } : {}),
    });
    channel = await connect({ key: KEY, sockets: 2 });
    manager = await RemoteConnectorInfoManager.load(channel);
    const info = manager.findConnectorInfo(MEMORY_BUNDLE, '[1.5.0.0,2.0.0.0)', MEMORY_CONNECTOR);
    expect(info?.connectorKey.bundleVersion).toBe('1.5.10.0');
    facade = manager.createFacade(info!, {
      configurationProperties: { host: 'h', password: 'p', tags: ['a'] },
    });
  });

  afterAll(async () => {
    manager?.dispose();
    await channel?.close();
    await server?.close();
  });

  it(`uses ${scheme} with two sockets in one connection group`, async () => {
    expect(server.url.startsWith(`${scheme}://`)).toBe(true);
    expect(channel.socketCount).toBe(2);
    expect(server.channels).toHaveLength(1);
    expect(server.channels[0]?.socketCount).toBe(2);
    // Concurrent requests spread over the group's sockets all complete.
    const results = await Promise.all(Array.from({ length: 20 }, () => facade.validate()));
    expect(results).toHaveLength(20);
  });

  it('runs every API operation', async () => {
    await facade.validate();
    await facade.test();
    const schema = await facade.schema();
    expect(schema).toBeInstanceOf(Schema);
    expect(schema?.findObjectClassInfo('__ACCOUNT__')?.attributeInfos.length).toBeGreaterThan(0);

    const alice = await facade.create(ACCOUNT, [
      new Name(`alice-${scheme}`),
      AttributeBuilder.build('mail', 'a@x'),
    ]);
    expect(alice).toBeInstanceOf(Uid);
    const bob = await facade.create(ACCOUNT, [new Name(`bob-${scheme}`)]);
    expect((await facade.getObject(ACCOUNT, alice!))?.name.nameValue).toBe(`alice-${scheme}`);
    expect(await facade.getObject(ACCOUNT, new Uid('missing'))).toBeNull();

    await facade.update(ACCOUNT, alice!, [AttributeBuilder.build('mail', 'b@x')]);
    await facade.addAttributeValues(ACCOUNT, alice!, [AttributeBuilder.build('mail', 'c@x', 'd@x')]);
    await facade.removeAttributeValues(ACCOUNT, alice!, [AttributeBuilder.build('mail', 'b@x')]);
    expect((await facade.getObject(ACCOUNT, alice!))?.getAttributeByName('mail')?.value).toEqual([
      'c@x',
      'd@x',
    ]);

    const found: ConnectorObject[] = [];
    await facade.search(ACCOUNT, new EqualsFilter(new Name(`bob-${scheme}`)), (o) => {
      found.push(o);
      return true;
    });
    expect(found.map((o) => o.uid.uidValue)).toEqual([bob!.uidValue]);
    const all: ConnectorObject[] = [];
    const paged = await facade.search(
      ACCOUNT,
      null,
      (o) => {
        all.push(o);
        return true;
      },
      new OperationOptionsBuilder().setPageSize(1).build(),
    );
    expect(all).toHaveLength(1);
    expect(paged?.pagedResultsCookie).toBe('more');

    expect(
      (await facade.authenticate(ACCOUNT, `alice-${scheme}`, new GuardedString('secret')))?.equals(alice),
    ).toBe(true);
    expect((await facade.resolveUsername(ACCOUNT, `bob-${scheme}`))?.equals(bob)).toBe(true);

    const before = await facade.getLatestSyncToken(ACCOUNT);
    expect(before).toBeInstanceOf(SyncToken);
    await facade.delete(ACCOUNT, bob!);
    const deltas: SyncDelta[] = [];
    const token = await facade.sync(ACCOUNT, before!, (d) => {
      deltas.push(d);
      return true;
    });
    expect(deltas.map((d) => d.deltaType)).toEqual(['DELETE']);
    expect(deltas[0]?.uid.equals(bob)).toBe(true);
    expect(token?.equals(await facade.getLatestSyncToken(ACCOUNT))).toBe(true);
    const everything: SyncDelta[] = [];
    await facade.sync(ObjectClass.ALL, new SyncToken(int(0)), (d) => {
      everything.push(d);
      return true;
    });
    expect(everything.length).toBeGreaterThanOrEqual(6);
    expect(everything.find((d) => d.deltaType === 'CREATE')?.object?.objectClass.equals(ACCOUNT)).toBe(true);

    const echoed = (await facade.runScriptOnConnector(
      new ScriptContext('Groovy', 'return args', { n: int(3), s: 'x', list: ['a', int(1)] }),
      new OperationOptionsBuilder().setRunAsUser('admin').build(),
    )) as Map<string, unknown>;
    expect(echoed.get('text')).toBe('return args');
    const args = echoed.get('arguments') as Map<string, unknown>;
    expect(args.get('n')).toEqual(int(3));
    expect(args.get('list')).toEqual(['a', int(1)]);
    expect(await facade.runScriptOnResource(new ScriptContext('sh', 'ls', { a: 'b' }))).toBe('sh:ls:a');

    const events: ConnectorObject[] = [];
    await facade.subscribeConnectorEvents(ACCOUNT, null, (o) => {
      events.push(o);
      return true;
    });
    expect(events).toHaveLength(3);
    const syncEvents: SyncDelta[] = [];
    await facade.subscribeSyncEvents(
      ACCOUNT,
      before,
      (d) => {
        syncEvents.push(d);
        return true;
      },
      generated(2),
    );
    expect(syncEvents.map((d) => d.uid.uidValue)).toEqual(['d1', 'd2']);

    // The server decoded the facade key into the caller's configuration.
    const configuration = provider.stats.lastConfiguration!;
    expect(configuration.configurationProperties.getValue('host')).toBe('h');
    expect(configuration.configurationProperties.getValue('password')).toBeInstanceOf(GuardedString);
  });

  it('maps connector exceptions to the same core classes with their messages', async () => {
    const name = `dup-${scheme}`;
    await facade.create(ACCOUNT, [new Name(name)]);
    const cases: [() => Promise<unknown>, new (...a: never[]) => Error, string | RegExp][] = [
      [
        () => facade.create(ACCOUNT, [new Name(name)]),
        AlreadyExistsException,
        `Object with name ${name} already exists`,
      ],
      [
        () => facade.update(ACCOUNT, new Uid('zzz'), [new Name('n')]),
        UnknownUidException,
        'Object zzz of __ACCOUNT__ not found',
      ],
      [
        () => facade.delete(ACCOUNT, new Uid('zzz')),
        UnknownUidException,
        'Object zzz of __ACCOUNT__ not found',
      ],
      [
        () =>
          facade.create(ACCOUNT, [
            new Name('x'),
            AttributeBuilder.build('failWith', 'InvalidAttributeValue'),
          ]),
        InvalidAttributeValueException,
        'Attribute failWith asked for an InvalidAttributeValueException',
      ],
      [
        () => facade.create(ACCOUNT, [new Name('x'), AttributeBuilder.build('failWith', 'PermissionDenied')]),
        PermissionDeniedException,
        'Not allowed, as requested',
      ],
      [
        () => facade.create(ACCOUNT, [new Name('x'), AttributeBuilder.build('failWith', 'Error')]),
        ConnectorException,
        'A plain JavaScript error',
      ],
      [
        () => facade.authenticate(ACCOUNT, name, new GuardedString('bad')),
        InvalidPasswordException,
        `Wrong password for ${name}`,
      ],
      [
        () => facade.authenticate(ACCOUNT, 'nobody', new GuardedString('x')),
        InvalidCredentialException,
        'No account nobody',
      ],
      [
        () => facade.runScriptOnConnector(new ScriptContext('js', 'throw')),
        ConnectorException,
        'Script failed on purpose',
      ],
      [
        () => facade.runScriptOnResource(new ScriptContext('js', 'throw')),
        ConnectorIOException,
        'Resource script failed',
      ],
    ];
    for (const [promise, cls, message] of cases) {
      const error = await promise().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(cls);
      expect((error as Error).message).toEqual(message);
    }
    // UnknownUidException keeps its (Java) place in the hierarchy.
    const unknown = await facade.delete(ACCOUNT, new Uid('zzz')).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidCredentialException);
    // A failing connector test.
    const failing = manager.createFacade(facade.connectorInfo, {
      configurationProperties: { failTest: true },
    });
    await expect(failing.test()).rejects.toThrow(new ConnectorIOException('Test failed as configured'));
  });

  it('streams 10 000 objects in order', async () => {
    const started = performance.now();
    let next = 1;
    let inOrder = true;
    const result = await facade.search(
      GENERATED,
      null,
      (o) => {
        if (o.uid.uidValue !== `g${next}`) inOrder = false;
        next++;
        return true;
      },
      generated(10_000),
    );
    const ms = performance.now() - started;
    expect(inOrder).toBe(true);
    expect(next - 1).toBe(10_000);
    expect(result?.totalPagedResults).toBe(10_000);
    console.info(`[${scheme}] streamed 10 000 objects in ${ms.toFixed(0)} ms`);
  }, 20_000);

  it('stops the server half way when the handler returns false', async () => {
    const producedBefore = provider.stats.produced;
    let seen = 0;
    const result = await facade.search(
      GENERATED,
      null,
      () => ++seen < 5000,
      generated(10_000, {
        delayMs: 1,
        delayEvery: 10,
      }),
    );
    expect(result).toBeNull();
    expect(seen).toBe(5000);
    await new Promise((r) => setTimeout(r, 100));
    const produced = provider.stats.produced - producedBefore;
    console.info(`[${scheme}] handler stopped at 5000; server produced ${produced} of 10 000`);
    expect(produced).toBeGreaterThanOrEqual(5000);
    expect(produced).toBeLessThan(7000);
  }, 20_000);

  it('stops the server half way when the AbortSignal aborts', async () => {
    const producedBefore = provider.stats.produced;
    const controller = new AbortController();
    let seen = 0;
    const search = facade.search(
      GENERATED,
      null,
      () => {
        if (++seen === 5000) controller.abort(new Error('stop here'));
        return true;
      },
      generated(10_000, { delayMs: 1, delayEvery: 10 }),
      controller.signal,
    );
    await expect(search).rejects.toThrow('stop here');
    await new Promise((r) => setTimeout(r, 100));
    const produced = provider.stats.produced - producedBefore;
    console.info(`[${scheme}] aborted at 5000; server produced ${produced} of 10 000`);
    expect(produced).toBeLessThan(7000);
    // The channel is still usable afterwards.
    await facade.test();
  }, 20_000);

  it('surfaces a wrong key (403) and a missing key (401) as clear connection failures', async () => {
    const wrong = await connect({ key: 'wrong-key' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ConnectionFailedException);
    expect((wrong as { httpStatus?: number }).httpStatus).toBe(403);
    expect((wrong as Error).message).toMatch(/403/);
    expect((wrong as Error).message).not.toContain('wrong-key');
    // No Basic credentials reach the server (a Bearer token is not a shared key): 401.
    const missing = await connect({ bearerToken: 'not-a-key' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConnectionFailedException);
    expect((missing as { httpStatus?: number }).httpStatus).toBe(401);
    expect((missing as Error).message).toMatch(/401/);
    // No secret at all is refused before connecting.
    await expect(connect({})).rejects.toThrow(IllegalArgumentException);
  });
});
