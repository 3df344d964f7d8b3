/**
 * The remote facade checks its arguments with core's shared API argument checks before it builds a request: an
 * invalid call rejects with the core class and message and nothing goes on the wire.
 */
import {
  Attribute,
  AttributeBuilder,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  Name,
  NullPointerException,
  ObjectClass,
  ScriptContext,
  SyncToken,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { RemoteConnectorFacade } from '../src/facade/remote-connector-facade.js';
import { RemoteConnectorInfoManager } from '../src/facade/remote-connector-info-manager.js';
import { OperationDispatcher } from '../src/operations/server-dispatch.js';
import { FakeChannel } from './support/fake-channel.js';
import { MemoryProvider } from './support/memory-connector.js';

const ACCOUNT = ObjectClass.ACCOUNT;
const UID = new Uid('1');
const anything = <T>(value: unknown) => value as T;

async function remote() {
  const provider = new MemoryProvider();
  const channel = new FakeChannel(new OperationDispatcher(provider));
  const manager = await RemoteConnectorInfoManager.load(channel);
  const facade = manager.createFacade(manager.connectorInfos[0]!, {
    configurationProperties: { host: 'h', password: 'p' },
  });
  return { provider, channel, facade };
}

type Call = (facade: RemoteConnectorFacade) => Promise<unknown>;

/** Description → the call, the class it must reject with and the exact message. */
const REFUSED: Record<string, [Call, new (message?: string) => Error, string]> = {
  'create: a null entry in the set': [
    (f) => f.create(ACCOUNT, anything([new Name('x'), null])),
    NullPointerException,
    "Parameter 'createAttributes' must not contain null.",
  ],
  'create: two attributes of the same name': [
    (f) =>
      f.create(ACCOUNT, [
        new Name('x'),
        AttributeBuilder.build('mail', 'a'),
        AttributeBuilder.build('mail', 'b'),
      ]),
    InvalidAttributeValueException,
    'Duplicate attribute name exists: mail',
  ],
  'create: __UID__ in the set': [
    (f) => f.create(ACCOUNT, [new Name('x'), new Uid('u')]),
    InvalidAttributeValueException,
    "Parameter 'createAttributes' must not contain the '__UID__' attribute.",
  ],
  'create: a null set': [
    (f) => f.create(ACCOUNT, anything(null)),
    NullPointerException,
    "Parameter 'createAttributes' must not be null.",
  ],
  'create: an object class that is a string': [
    (f) => f.create(anything('__ACCOUNT__'), [new Name('x')]),
    IllegalArgumentException,
    "Parameter 'objectClass' must be an ObjectClass.",
  ],
  'update: __UID__ in the set': [
    (f) => f.update(ACCOUNT, UID, [new Uid('2')]),
    InvalidAttributeValueException,
    "Parameter 'replaceAttributes' must not contain the '__UID__' attribute.",
  ],
  'update: a duplicate name': [
    (f) => f.update(ACCOUNT, UID, [AttributeBuilder.build('cn', 'a'), AttributeBuilder.build('cn', 'b')]),
    InvalidAttributeValueException,
    'Duplicate attribute name exists: cn',
  ],
  'update: __ALL__': [
    (f) => f.update(ObjectClass.ALL, UID, []),
    UnsupportedOperationException,
    'Operation is not allowed on __ALL__ object class',
  ],
  'update: a null uid': [
    (f) => f.update(ACCOUNT, anything(null), []),
    NullPointerException,
    "Parameter 'uid' must not be null.",
  ],
  'addAttributeValues: a null value list': [
    (f) => f.addAttributeValues(ACCOUNT, UID, [new Attribute('mail', null)]),
    IllegalArgumentException,
    "Can not add or remove a 'null' value ('mail').",
  ],
  'removeAttributeValues: __NAME__': [
    (f) => f.removeAttributeValues(ACCOUNT, UID, [new Name('x')]),
    IllegalArgumentException,
    "Operational attribute '__NAME__' can not be added or removed.",
  ],
  'removeAttributeValues: a null entry': [
    (f) => f.removeAttributeValues(ACCOUNT, UID, anything([undefined])),
    NullPointerException,
    "Parameter 'valuesToRemove' must not contain null.",
  ],
  'delete: __ALL__': [
    (f) => f.delete(ObjectClass.ALL, UID),
    UnsupportedOperationException,
    'Operation is not allowed on __ALL__ object class',
  ],
  'delete: a uid that is a string': [
    (f) => f.delete(ACCOUNT, anything('1')),
    IllegalArgumentException,
    "Parameter 'uid' must be a Uid.",
  ],
  'getObject: __ALL__': [
    (f) => f.getObject(ObjectClass.ALL, UID),
    UnsupportedOperationException,
    'Operation is not allowed on __ALL__ object class',
  ],
  'search: a handler that is not a function': [
    (f) => f.search(ACCOUNT, null, anything({ handle: () => true })),
    IllegalArgumentException,
    "Parameter 'handler' must be a function.",
  ],
  'sync: a null handler': [
    (f) => f.sync(ObjectClass.ALL, new SyncToken('1'), anything(null)),
    NullPointerException,
    "Parameter 'handler' must not be null.",
  ],
  'sync: a null token (refused for the wire)': [
    (f) => f.sync(ACCOUNT, anything(null), () => true),
    NullPointerException,
    "Parameter 'token' must not be null.",
  ],
  'getLatestSyncToken: a null object class': [
    (f) => f.getLatestSyncToken(anything(null)),
    NullPointerException,
    "Parameter 'objectClass' must not be null.",
  ],
  'authenticate: __ALL__': [
    (f) => f.authenticate(ObjectClass.ALL, 'alice', new GuardedString('secret')),
    UnsupportedOperationException,
    'Operation is not allowed on __ALL__ object class',
  ],
  'resolveUsername: a null username': [
    (f) => f.resolveUsername(ACCOUNT, anything(null)),
    NullPointerException,
    "Parameter 'username' must not be null.",
  ],
  'runScriptOnResource: a null request': [
    (f) => f.runScriptOnResource(anything(null)),
    NullPointerException,
    "Parameter 'request' must not be null.",
  ],
  'subscribeConnectorEvents: a null handler': [
    (f) => f.subscribeConnectorEvents(ACCOUNT, null, anything(null)),
    NullPointerException,
    "Parameter 'handler' must not be null.",
  ],
};

describe('RemoteConnectorFacade argument checks', () => {
  it.each(Object.entries(REFUSED))('%s: refused, nothing sent', async (_name, [call, cls, message]) => {
    const { facade, channel, provider } = await remote();
    // A refusal is a rejected promise, never a synchronous throw.
    const pending = call(facade);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(cls);
    expect((error as Error).constructor).toBe(cls);
    expect((error as Error).message).toBe(message);
    expect(channel.log.requests).toHaveLength(0);
    expect(provider.stats.facadesBuilt).toBe(0);
  });

  it('sends what passes the checks, reading an attribute set once', async () => {
    const { facade, channel } = await remote();
    let reads = 0;
    const attributes = {
      *[Symbol.iterator]() {
        reads++;
        yield new Name('alice');
        yield AttributeBuilder.build('mail', 'a@x');
        yield AttributeBuilder.build('MAIL', 'b@x');
      },
    };
    const uid = await facade.create(ACCOUNT, attributes);
    expect(reads).toBe(1);
    expect(channel.log.requests).toHaveLength(1);
    expect((await facade.getObject(ACCOUNT, uid!))?.getAttributeByName('MAIL')?.value).toEqual(['b@x']);
    expect(await facade.update(ACCOUNT, uid!, [new Attribute('mail', null)])).toEqual(uid);
    expect(await facade.getLatestSyncToken(ObjectClass.ALL)).toBeInstanceOf(SyncToken);
    expect(await facade.runScriptOnResource(new ScriptContext('sh', 'ls'))).toBe('sh:ls:');
    expect(channel.log.requests).toHaveLength(5);
  });

  it('checks support before arguments, as the local facade does', async () => {
    const { facade, channel } = await remote();
    const configuration = facade.apiConfiguration.clone();
    configuration.supportedOperations = new Set(['SearchApiOp']);
    const limited = new RemoteConnectorFacade(channel, facade.connectorInfo, configuration);
    await expect(limited.create(anything(null), anything(null))).rejects.toThrow(
      new UnsupportedOperationException("Operation 'CreateApiOp' not supported."),
    );
    expect(channel.log.requests).toHaveLength(0);
  });
});
