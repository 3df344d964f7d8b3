import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  APIConfiguration,
  AttributeBuilder,
  ConnectorKey,
  ConnectorObjectBuilder,
  EqualsFilter,
  GuardedString,
  IllegalArgumentException,
  int,
  long,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  ScriptContext,
  SearchResult,
  SyncDeltaBuilder,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  ConnectorKeySchema,
  ConnectorObjectSchema,
  LocaleSchema,
  ScriptContextSchema,
  SearchResultSchema,
  SyncDeltaSchema,
  SyncTokenSchema,
  UidSchema,
} from '../src/gen/CommonObjectMessages_pb.js';
import { UpdateOpRequest_UpdateType } from '../src/gen/OperationMessages_pb.js';
import {
  apiConfigurationFromFacadeKey,
  decodeAttributeSet,
  decodeConnectorInfos,
  decodeConnectorObjectBlob,
  decodeFilter,
  decodeGuardedString,
  decodeOptionalBlob,
  decodeOptions,
  decodeScriptArguments,
  EMPTY_BLOB,
  encodeAttributeSet,
  encodeConnectorInfos,
  encodeConnectorObjectBlob,
  encodeFilter,
  encodeGuardedString,
  encodeOptionalBlob,
  encodeOptions,
  facadeKeyOf,
  UnexpectedBlobException,
} from '../src/operations/blobs.js';
import {
  connectorKeyFromProto,
  connectorKeyToProto,
  connectorObjectFromProto,
  connectorObjectToProto,
  describeConnectorKey,
  localeFromProto,
  localeToProto,
  MalformedOperationMessageException,
  scriptContextFromProto,
  scriptContextToProto,
  searchResultFromProto,
  searchResultToProto,
  syncDeltaFromProto,
  syncDeltaToProto,
  syncTokenFromProto,
  syncTokenToProto,
  uidFromProto,
  uidToProto,
  updateTypeFromProto,
  updateTypeToProto,
} from '../src/operations/codec.js';
import { serializeBinary } from '../src/serializer/index.js';
import { memoryConnectorInfo } from './support/memory-connector.js';

/** Encodes and decodes a message with protobuf, as the wire does. */
function wire<T extends Parameters<typeof toBinary>[1]>(
  schema: Parameters<typeof toBinary>[0],
  message: T,
): T {
  return fromBinary(schema, toBinary(schema, message)) as T;
}

const account = new ConnectorObjectBuilder()
  .setObjectClass(ObjectClass.ACCOUNT)
  .setUid(new Uid('123', 'rev-7'))
  .setName('alice')
  .addAttribute('mail', 'a@b', 'c@d')
  .addAttribute('age', int(42))
  .build();

describe('Uid', () => {
  it('round-trips value and revision', () => {
    for (const uid of [new Uid('123'), new Uid('u-1', 'r9')]) {
      const back = uidFromProto(wire(UidSchema, uidToProto(uid)));
      expect(back?.equals(uid)).toBe(true);
      expect(back?.revision).toBe(uid.revision);
    }
  });

  it('omits an absent revision and reads a blank one as none', () => {
    const bytes = toBinary(UidSchema, uidToProto(new Uid('1')));
    expect(Buffer.from(bytes).toString('hex')).toBe('0a0131');
    expect(uidFromProto(create(UidSchema, { value: 'x', revision: '  ' }))?.revision).toBeUndefined();
  });

  it('reads a missing message as null and refuses a blank value', () => {
    expect(uidFromProto(undefined)).toBeNull();
    expect(() => uidFromProto(create(UidSchema, { value: '' }))).toThrow(MalformedOperationMessageException);
  });
});

describe('ConnectorKey', () => {
  it('round-trips and describes keys as core does', () => {
    const key = new ConnectorKey('bundle', '1.5.0.0', 'org.example.Conn');
    const message = wire(ConnectorKeySchema, connectorKeyToProto(key));
    expect(connectorKeyFromProto(message).equals(key)).toBe(true);
    expect(describeConnectorKey(message)).toBe(key.toString());
    expect(describeConnectorKey(undefined)).toBe('null');
  });
});

describe('Locale', () => {
  it('maps Java locale strings and BCP 47 tags to the three parts', () => {
    expect(localeToProto('en_US')).toMatchObject({ language: 'en', country: 'US', variant: '' });
    expect(localeToProto('de-CH')).toMatchObject({ language: 'de', country: 'CH', variant: '' });
    expect(localeFromProto(wire(LocaleSchema, localeToProto('en_US_POSIX')))).toBe('en_US_POSIX');
    expect(localeFromProto(wire(LocaleSchema, localeToProto('fr')))).toBe('fr');
    expect(localeFromProto(undefined)).toBe('');
  });

  it('writes no empty parts', () => {
    expect(Buffer.from(toBinary(LocaleSchema, localeToProto('en'))).toString('hex')).toBe('0a02656e');
  });
});

describe('ScriptContext', () => {
  it('round-trips language, text and typed arguments', () => {
    const context = new ScriptContext(
      'Groovy',
      'return x',
      new Map<string, unknown>([
        ['x', int(5)],
        ['name', 'bob'],
        ['list', ['a', long(7n)]],
      ]),
    );
    const back = scriptContextFromProto(wire(ScriptContextSchema, scriptContextToProto(context)));
    expect(back.scriptLanguage).toBe('Groovy');
    expect(back.scriptText).toBe('return x');
    expect(back.scriptArguments.get('x')).toEqual(int(5));
    expect(back.scriptArguments.get('name')).toBe('bob');
    expect(back.scriptArguments.get('list')).toEqual(['a', long(7n)]);
  });

  it('refuses a context without a script', () => {
    expect(() => scriptContextFromProto(create(ScriptContextSchema, {}))).toThrow(
      MalformedOperationMessageException,
    );
  });
});

describe('SearchResult', () => {
  it('round-trips every field, -1 counts included', () => {
    for (const result of [
      new SearchResult(),
      new SearchResult('cookie', 5),
      new SearchResult('c2', 'EXACT', 100, -1),
      new SearchResult(null, 'ESTIMATE', -1, 3),
    ]) {
      expect(
        searchResultFromProto(wire(SearchResultSchema, searchResultToProto(result))).equals(result),
      ).toBe(true);
    }
  });
});

describe('SyncToken', () => {
  it('keeps the Java type of the value', () => {
    for (const token of [new SyncToken(int(7)), new SyncToken(long(2n ** 60n)), new SyncToken('abc')]) {
      const back = syncTokenFromProto(wire(SyncTokenSchema, syncTokenToProto(token)));
      expect(back?.equals(token)).toBe(true);
    }
    expect(syncTokenFromProto(undefined)).toBeNull();
    expect(syncTokenFromProto(create(SyncTokenSchema, {}))).toBeNull();
  });
});

describe('ConnectorObject (search encoding)', () => {
  it('is objectClass + attribute-set blob', () => {
    const message = wire(ConnectorObjectSchema, connectorObjectToProto(account));
    expect(message.objectClass).toBe('__ACCOUNT__');
    const attrs = decodeAttributeSet(message.attributes);
    expect(attrs?.map((a) => a.name).sort()).toEqual(['__NAME__', '__UID__', 'age', 'mail']);
    const back = connectorObjectFromProto(message);
    expect(back.equals(account)).toBe(true);
    expect(back.uid.revision).toBe('rev-7');
  });

  it('refuses a message without class or attributes', () => {
    expect(() =>
      connectorObjectFromProto(create(ConnectorObjectSchema, { attributes: encodeAttributeSet([]) })),
    ).toThrow(MalformedOperationMessageException);
    expect(() => connectorObjectFromProto(create(ConnectorObjectSchema, { objectClass: 'x' }))).toThrow(
      MalformedOperationMessageException,
    );
  });
});

describe('SyncDelta', () => {
  it('round-trips a delta with object and previous uid (attribute set + separate object class)', () => {
    const delta = new SyncDeltaBuilder()
      .setToken(int(3))
      .setDeltaType('CREATE_OR_UPDATE')
      .setPreviousUid('old')
      .setObject(account)
      .build();
    const message = wire(SyncDeltaSchema, syncDeltaToProto(delta));
    expect(message.objectClass).toBe('__ACCOUNT__');
    // The object blob is a Set of attributes, not a ConnectorObject.
    expect(decodeOptionalBlob(message.connectorObject)).toBeInstanceOf(Set);
    const back = syncDeltaFromProto(message);
    expect(back.equals(delta)).toBe(true);
  });

  it('round-trips a DELETE without object, with and without object class', () => {
    for (const oc of [null, ObjectClass.GROUP]) {
      const delta = new SyncDeltaBuilder()
        .setToken('t-9')
        .setDeltaType('DELETE')
        .setUid('gone')
        .setObjectClass(oc)
        .build();
      const message = wire(SyncDeltaSchema, syncDeltaToProto(delta));
      expect(message.connectorObject.byteLength).toBe(0);
      expect(syncDeltaFromProto(message).equals(delta)).toBe(true);
    }
  });

  it('refuses an object without object class, and a delta without token', () => {
    const message = create(SyncDeltaSchema, {
      token: syncTokenToProto(new SyncToken(int(1))),
      uid: uidToProto(account.uid),
      connectorObject: encodeAttributeSet(account.attributes),
    });
    expect(() => syncDeltaFromProto(message)).toThrow(MalformedOperationMessageException);
    expect(() => syncDeltaFromProto(create(SyncDeltaSchema, { uid: { value: 'x' } }))).toThrow(
      MalformedOperationMessageException,
    );
  });
});

describe('UpdateType', () => {
  it('maps the three update methods', () => {
    expect(updateTypeToProto('update')).toBe(UpdateOpRequest_UpdateType.REPLACE);
    expect(updateTypeToProto('addAttributeValues')).toBe(UpdateOpRequest_UpdateType.ADD);
    expect(updateTypeToProto('removeAttributeValues')).toBe(UpdateOpRequest_UpdateType.REMOVE);
    for (const m of ['update', 'addAttributeValues', 'removeAttributeValues'] as const) {
      expect(updateTypeFromProto(updateTypeToProto(m))).toBe(m);
    }
    expect(() => updateTypeFromProto(7 as UpdateOpRequest_UpdateType)).toThrow(
      MalformedOperationMessageException,
    );
  });
});

describe('blobs', () => {
  it('uses empty bytes for absent options, filters, objects and script results', () => {
    expect(encodeOptions(null)).toEqual(EMPTY_BLOB);
    expect(encodeOptions(undefined).byteLength).toBe(0);
    expect(decodeOptions(EMPTY_BLOB)).toBeNull();
    expect(decodeOptions(undefined)).toBeNull();
    expect(encodeFilter(null).byteLength).toBe(0);
    expect(decodeFilter(EMPTY_BLOB)).toBeNull();
    expect(encodeConnectorObjectBlob(null).byteLength).toBe(0);
    expect(decodeConnectorObjectBlob(EMPTY_BLOB)).toBeNull();
    expect(encodeOptionalBlob(undefined).byteLength).toBe(0);
    // A serialized null object is null too.
    expect(decodeOptionalBlob(serializeBinary(null))).toBeNull();
  });

  it('round-trips options, filters, the Get object, passwords and script arguments', () => {
    const options = new OperationOptionsBuilder().setAttributesToGet(['mail', 'age']).setPageSize(10).build();
    expect(decodeOptions(encodeOptions(options))?.equals(options)).toBe(true);
    const filter = new EqualsFilter(AttributeBuilder.build('mail', 'a@b'));
    expect(decodeFilter(encodeFilter(filter))?.equals(filter)).toBe(true);
    expect(decodeConnectorObjectBlob(encodeConnectorObjectBlob(account))?.equals(account)).toBe(true);
    const password = new GuardedString('changeit');
    expect(decodeGuardedString(encodeGuardedString(password))?.equals(password)).toBe(true);
    expect(decodeScriptArguments(EMPTY_BLOB).size).toBe(0);
  });

  it('keeps Uid and Name classes inside attribute sets', () => {
    const attrs = decodeAttributeSet(encodeAttributeSet([new Name('n'), new Uid('u')]));
    expect(attrs?.some((a) => a instanceof Name)).toBe(true);
    expect(attrs?.some((a) => a instanceof Uid)).toBe(true);
  });

  it('refuses blobs of the wrong type', () => {
    expect(() => decodeOptions(serializeBinary('text'))).toThrow(UnexpectedBlobException);
    expect(() => decodeAttributeSet(serializeBinary(int(1)))).toThrow(UnexpectedBlobException);
    expect(() => decodeAttributeSet(serializeBinary(new Set(['x'])))).toThrow(UnexpectedBlobException);
    expect(() => decodeConnectorObjectBlob(serializeBinary(new Set()))).toThrow(UnexpectedBlobException);
    expect(() => decodeScriptArguments(serializeBinary(['x']))).toThrow(UnexpectedBlobException);
    expect(() => decodeConnectorInfos(serializeBinary('x'))).toThrow(UnexpectedBlobException);
  });

  it('round-trips the connector info list', () => {
    const infos = [memoryConnectorInfo('1.0.0.0'), memoryConnectorInfo('2.0.0.0')];
    const back = decodeConnectorInfos(encodeConnectorInfos(infos));
    expect(back.map((i) => i.connectorKey.toString())).toEqual(infos.map((i) => i.connectorKey.toString()));
    expect(back[0]?.defaultApiConfiguration.equals(infos[0]?.defaultApiConfiguration)).toBe(true);
    expect(decodeConnectorInfos(EMPTY_BLOB)).toEqual([]);
    expect(decodeConnectorInfos(encodeConnectorInfos([]))).toEqual([]);
  });
});

describe('facade key', () => {
  it('is the Base64 text of the serialized APIConfiguration and decodes back', () => {
    const configuration = memoryConnectorInfo().createDefaultAPIConfiguration();
    configuration.configurationProperties.setValues({
      host: 'example.org',
      password: 's3cret',
      tags: ['a', 'b'],
    });
    configuration.setTimeout('SearchApiOp', 5000);
    const key = facadeKeyOf(configuration);
    expect(key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(key, 'base64')).toEqual(Buffer.from(serializeBinary(configuration)));
    expect(facadeKeyOf(configuration)).toBe(key);
    const back = apiConfigurationFromFacadeKey(key);
    expect(back).toBeInstanceOf(APIConfiguration);
    expect(back.equals(configuration)).toBe(true);
    expect(back.getTimeout('SearchApiOp')).toBe(5000);
  });

  it('refuses text that is not Base64 or not an APIConfiguration', () => {
    expect(() => apiConfigurationFromFacadeKey('')).toThrow(/facade key/);
    expect(() => apiConfigurationFromFacadeKey('not base64!')).toThrow(/facade key/);
    expect(() => apiConfigurationFromFacadeKey(Buffer.from(serializeBinary('x')).toString('base64'))).toThrow(
      UnexpectedBlobException,
    );
  });

  it('builds ConnectorKeys only from non-blank parts', () => {
    expect(() => connectorKeyFromProto(create(ConnectorKeySchema, { bundleName: 'b' }))).toThrow(
      IllegalArgumentException,
    );
  });
});
