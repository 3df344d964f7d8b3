/**
 * The local facade and transport's remote facade make the same API argument checks (core's `argument-checks`):
 * for the same invalid input both reject with the same class and message, the local one before any connector
 * instance is initialized and the remote one before anything is sent.
 */
import {
  Attribute,
  AttributeBuilder,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  JavaException,
  Name,
  NullPointerException,
  ObjectClass,
  ScriptContext,
  SyncToken,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { type ConnectorFacade, type RemoteChannel, RemoteConnectorFacade } from '@rcskit/transport';
import { describe, expect, it } from 'vitest';
import { connectorInfoOf } from '../src/runtime/connector-info.js';
import { LocalConnectorFacade } from '../src/runtime/local-connector-facade.js';
import { apiConfigurationFor, BUNDLE, customConnector } from './runtime-helpers.js';

const ACCOUNT = ObjectClass.ACCOUNT;
const ALL = ObjectClass.ALL;
const UID = new Uid('u');
const nope = <T>(value: unknown) => value as T;
const mail = (value: string) => AttributeBuilder.build('mail', value);

/** A connector with every operation; it only counts the instances initialized and the methods called. */
function everythingConnector(counts: { inits: number; calls: number }) {
  const called = () => {
    counts.calls++;
    return UID;
  };
  return customConnector('test.Everything', () => ({
    init() {
      counts.inits++;
    },
    dispose() {},
    getConfiguration() {
      return undefined;
    },
    create: called,
    update: called,
    addAttributeValues: called,
    removeAttributeValues: called,
    delete: called,
    createFilterTranslator: called,
    executeQuery: called,
    sync: called,
    getLatestSyncToken: called,
    authenticate: called,
    resolveUsername: called,
    runScriptOnConnector: called,
    runScriptOnResource: called,
    schema: called,
    test: called,
  }));
}

/** Both facades over the same connector class and configuration; the remote one's channel refuses to send. */
function facades() {
  const counts = { inits: 0, calls: 0, sent: 0 };
  const cls = everythingConnector(counts);
  const configuration = apiConfigurationFor(cls);
  const channel: RemoteChannel = {
    peerSessionId: 'none',
    principal: 'anonymous',
    socketCount: 1,
    isOpen: true,
    sendRequest: () => {
      counts.sent++;
      throw new Error('the remote facade sent a request');
    },
    requestConnectorInfos: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
  return {
    counts,
    local: new LocalConnectorFacade(cls, configuration),
    remote: new RemoteConnectorFacade(channel, connectorInfoOf(cls, BUNDLE), configuration),
  };
}

/** What a call rejects with (it must reject, not throw synchronously). */
async function rejection(call: () => Promise<unknown>): Promise<Error> {
  const pending = call();
  return pending.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

/** Invalid calls, by description. */
const INVALID: [string, (facade: ConnectorFacade) => Promise<unknown>][] = [
  ['create with a null entry', (f) => f.create(ACCOUNT, nope([new Name('x'), null]))],
  ['create with duplicate names', (f) => f.create(ACCOUNT, [new Name('x'), mail('a'), mail('b')])],
  ['create with __UID__', (f) => f.create(ACCOUNT, [new Name('x'), new Uid('x')])],
  ['create on __ALL__', (f) => f.create(ALL, [new Name('x')])],
  ['create with a null set', (f) => f.create(ACCOUNT, nope(undefined))],
  ['create with a null object class', (f) => f.create(nope(null), [new Name('x')])],
  ['create with a string object class', (f) => f.create(nope('__ACCOUNT__'), [new Name('x')])],
  ['update with __UID__', (f) => f.update(ACCOUNT, UID, [new Uid('v')])],
  ['update with duplicate names', (f) => f.update(ACCOUNT, UID, [mail('a'), mail('b')])],
  ['update with a null entry', (f) => f.update(ACCOUNT, UID, nope([null]))],
  ['update with a null uid', (f) => f.update(ACCOUNT, nope(null), [mail('a')])],
  ['update with a string uid', (f) => f.update(ACCOUNT, nope('u'), [mail('a')])],
  ['update on __ALL__', (f) => f.update(ALL, UID, [mail('a')])],
  ['add a null value list', (f) => f.addAttributeValues(ACCOUNT, UID, [new Attribute('mail', null)])],
  [
    'add an operational attribute',
    (f) => f.addAttributeValues(ACCOUNT, UID, [AttributeBuilder.buildEnabled(true)]),
  ],
  ['remove __NAME__', (f) => f.removeAttributeValues(ACCOUNT, UID, [new Name('x')])],
  ['remove with duplicate names', (f) => f.removeAttributeValues(ACCOUNT, UID, [mail('a'), mail('b')])],
  ['delete on __ALL__', (f) => f.delete(ALL, UID)],
  ['delete with a null uid', (f) => f.delete(ACCOUNT, nope(null))],
  ['get on __ALL__', (f) => f.getObject(ALL, UID)],
  ['get with a null uid', (f) => f.getObject(ACCOUNT, nope(undefined))],
  ['search on __ALL__', (f) => f.search(ALL, null, () => true)],
  ['search with a null handler', (f) => f.search(ACCOUNT, null, nope(null))],
  ['search with a handler object', (f) => f.search(ACCOUNT, null, nope({ handle: () => true }))],
  ['sync with a null handler', (f) => f.sync(ALL, new SyncToken('0'), nope(null))],
  ['sync with a null object class', (f) => f.sync(nope(null), new SyncToken('0'), () => true)],
  ['getLatestSyncToken with a null object class', (f) => f.getLatestSyncToken(nope(null))],
  ['authenticate on __ALL__', (f) => f.authenticate(ALL, 'alice', new GuardedString('pw'))],
  ['authenticate with a null username', (f) => f.authenticate(ACCOUNT, nope(null), new GuardedString('pw'))],
  ['authenticate with a null password', (f) => f.authenticate(ACCOUNT, 'alice', nope(null))],
  ['resolveUsername on __ALL__', (f) => f.resolveUsername(ALL, 'alice')],
  ['resolveUsername with a null username', (f) => f.resolveUsername(ACCOUNT, nope(undefined))],
  ['runScriptOnConnector with a null request', (f) => f.runScriptOnConnector(nope(null))],
  ['runScriptOnResource with a null request', (f) => f.runScriptOnResource(nope(null))],
];

describe('local and remote facades check arguments alike', () => {
  it.each(INVALID)('%s', async (_name, call) => {
    const { counts, local, remote } = facades();
    const fromLocal = await rejection(() => call(local));
    const fromRemote = await rejection(() => call(remote));
    expect(fromLocal).toBeInstanceOf(JavaException);
    expect(fromLocal.constructor).toBe(fromRemote.constructor);
    expect(fromLocal.message).toBe(fromRemote.message);
    expect(counts).toEqual({ inits: 0, calls: 0, sent: 0 });
    await local.dispose();
  });

  it('gives the Java classes and messages for null entries and duplicate names', async () => {
    const { counts, local } = facades();
    await expect(local.create(ACCOUNT, nope([new Name('x'), null]))).rejects.toThrow(
      new NullPointerException("Parameter 'createAttributes' must not contain null."),
    );
    const duplicate = await rejection(() => local.create(ACCOUNT, [new Name('x'), mail('a'), mail('b')]));
    expect(duplicate).toBeInstanceOf(InvalidAttributeValueException);
    expect(duplicate.message).toBe('Duplicate attribute name exists: mail');
    const all = await rejection(() => local.authenticate(ALL, 'alice', new GuardedString('pw')));
    expect(all).toBeInstanceOf(UnsupportedOperationException);
    expect(all.message).toBe('Operation is not allowed on __ALL__ object class');
    const handler = await rejection(() => local.search(ACCOUNT, null, nope({})));
    expect(handler).toBeInstanceOf(IllegalArgumentException);
    expect(handler.message).toBe("Parameter 'handler' must be a function.");
    expect(counts.inits).toBe(0);
    await local.dispose();
  });

  it('lets valid arguments through to the connector (a null sync token included, locally)', async () => {
    const { counts, local } = facades();
    expect(
      await local.create(ACCOUNT, [new Name('x'), mail('a'), AttributeBuilder.build('MAIL', 'b')]),
    ).toEqual(UID);
    expect(await local.update(ACCOUNT, UID, [new Attribute('mail', null)])).toEqual(UID);
    expect(await local.resolveUsername(ACCOUNT, 'alice')).toEqual(UID);
    expect(await local.runScriptOnResource(new ScriptContext('sh', 'ls'))).toEqual(UID);
    await local.sync(ALL, nope(null), () => true);
    expect(counts.calls).toBe(5);
    await local.dispose();
  });
});
