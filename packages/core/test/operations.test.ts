import { describe, expect, it } from 'vitest';
import {
  ALWAYS_SUPPORTED_API_OPERATIONS,
  API_OPERATIONS,
  type ApiOperation,
  apiOperationsFor,
  isApiOperation,
  isSpiOperation,
  OBJECT_CLASS_OPERATIONS,
  OPTION_OPERATIONS,
  SPI_OPERATIONS,
  type SpiOperation,
  spiOperationsOf,
  spiToApi,
} from '../src/api/operations.js';
import { IllegalArgumentException } from '../src/errors.js';

const noop = () => undefined;

describe('API operation names', () => {
  it('are the sixteen serial names of wire-protocol.md §4.3.2', () => {
    expect([...API_OPERATIONS].sort()).toEqual(
      [
        'BatchApiOp',
        'AuthenticationApiOp',
        'ResolveUsernameApiOp',
        'SearchApiOp',
        'ValidateApiOp',
        'CreateApiOp',
        'SchemaApiOp',
        'UpdateApiOp',
        'DeleteApiOp',
        'GetApiOp',
        'TestApiOp',
        'ScriptOnResourceApiOp',
        'ScriptOnConnectorApiOp',
        'SyncApiOp',
        'ConnectorEventSubscriptionApiOp',
        'SyncEventSubscriptionApiOp',
      ].sort(),
    );
    expect(new Set(API_OPERATIONS).size).toBe(16);
  });

  it('lists the object-class and option operations of spec A.8', () => {
    expect([...OBJECT_CLASS_OPERATIONS].sort()).toEqual(
      [
        'AuthenticationApiOp',
        'CreateApiOp',
        'DeleteApiOp',
        'GetApiOp',
        'ResolveUsernameApiOp',
        'SearchApiOp',
        'SyncApiOp',
        'UpdateApiOp',
      ].sort(),
    );
    expect([...OPTION_OPERATIONS].sort()).toEqual(
      [...OBJECT_CLASS_OPERATIONS, 'ScriptOnConnectorApiOp', 'ScriptOnResourceApiOp'].sort(),
    );
  });

  it('has type guards', () => {
    expect(isApiOperation('GetApiOp')).toBe(true);
    expect(isApiOperation('GetOp')).toBe(false);
    expect(isApiOperation(3)).toBe(false);
    expect(isSpiOperation('SearchOp')).toBe(true);
    expect(isSpiOperation('SearchApiOp')).toBe(false);
    expect(isSpiOperation('toString')).toBe(false);
    expect(SPI_OPERATIONS).toHaveLength(15);
  });
});

describe('spiToApi (spec C.5)', () => {
  it.each<[SpiOperation, ApiOperation[]]>([
    ['AuthenticateOp', ['AuthenticationApiOp']],
    ['ResolveUsernameOp', ['ResolveUsernameApiOp']],
    ['CreateOp', ['CreateApiOp']],
    ['DeleteOp', ['DeleteApiOp']],
    ['SearchOp', ['SearchApiOp', 'GetApiOp']],
    ['UpdateOp', ['UpdateApiOp']],
    ['UpdateAttributeValuesOp', ['UpdateApiOp']],
    ['SchemaOp', ['SchemaApiOp']],
    ['TestOp', ['TestApiOp']],
    ['ScriptOnConnectorOp', ['ScriptOnConnectorApiOp']],
    ['ScriptOnResourceOp', ['ScriptOnResourceApiOp']],
    ['SyncOp', ['SyncApiOp']],
    ['BatchOp', ['BatchApiOp']],
    ['ConnectorEventSubscriptionOp', ['ConnectorEventSubscriptionApiOp']],
    ['SyncEventSubscriptionOp', ['SyncEventSubscriptionApiOp']],
  ])('%s → %j', (spi, apis) => {
    expect(spiToApi(spi)).toEqual(apis);
  });

  it('returns a fresh array each time', () => {
    const first = spiToApi('SearchOp');
    first.pop();
    expect(spiToApi('SearchOp')).toEqual(['SearchApiOp', 'GetApiOp']);
  });

  it('rejects unknown names', () => {
    expect(() => spiToApi('FooOp' as SpiOperation)).toThrow(IllegalArgumentException);
    expect(() => spiToApi('FooOp' as SpiOperation)).toThrow(/FooOp/);
  });
});

describe('apiOperationsFor', () => {
  it('always adds ValidateApiOp and ScriptOnConnectorApiOp', () => {
    expect([...apiOperationsFor([])]).toEqual(['ValidateApiOp', 'ScriptOnConnectorApiOp']);
    expect(ALWAYS_SUPPORTED_API_OPERATIONS).toEqual(['ValidateApiOp', 'ScriptOnConnectorApiOp']);
  });

  it('unions the SPI→API map, in API_OPERATIONS order', () => {
    const ops = apiOperationsFor(['UpdateAttributeValuesOp', 'SearchOp', 'UpdateOp', 'CreateOp']);
    expect([...ops]).toEqual([
      'SearchApiOp',
      'ValidateApiOp',
      'CreateApiOp',
      'UpdateApiOp',
      'GetApiOp',
      'ScriptOnConnectorApiOp',
    ]);
  });
});

describe('spiOperationsOf (duck typing)', () => {
  it('finds nothing on an empty object and rejects non-objects', () => {
    expect(spiOperationsOf({})).toEqual([]);
    expect(() => spiOperationsOf(null as unknown as object)).toThrow(IllegalArgumentException);
    expect(() => spiOperationsOf('create' as unknown as object)).toThrow(IllegalArgumentException);
  });

  it('detects every single-method operation', () => {
    const connector = {
      authenticate: noop,
      resolveUsername: noop,
      create: noop,
      delete: noop,
      update: noop,
      schema: noop,
      test: noop,
      runScriptOnConnector: noop,
      runScriptOnResource: noop,
      executeBatch: noop,
    };
    expect(spiOperationsOf(connector)).toEqual([
      'AuthenticateOp',
      'ResolveUsernameOp',
      'CreateOp',
      'DeleteOp',
      'UpdateOp',
      'SchemaOp',
      'TestOp',
      'ScriptOnConnectorOp',
      'ScriptOnResourceOp',
      'BatchOp',
    ]);
  });

  it('needs both methods for the two-method operations', () => {
    expect(spiOperationsOf({ createFilterTranslator: noop })).toEqual([]);
    expect(spiOperationsOf({ executeQuery: noop })).toEqual([]);
    expect(spiOperationsOf({ createFilterTranslator: noop, executeQuery: noop })).toEqual(['SearchOp']);
    expect(spiOperationsOf({ sync: noop })).toEqual([]);
    expect(spiOperationsOf({ sync: noop, getLatestSyncToken: noop })).toEqual(['SyncOp']);
    expect(spiOperationsOf({ addAttributeValues: noop })).toEqual([]);
    expect(spiOperationsOf({ addAttributeValues: noop, removeAttributeValues: noop })).toEqual([
      'UpdateAttributeValuesOp',
    ]);
  });

  it('ignores properties that are not functions and the ambiguous subscribe method', () => {
    expect(spiOperationsOf({ create: true, test: 'yes', schema: {}, subscribe: noop })).toEqual([]);
  });

  it('sees inherited class methods', () => {
    class Base {
      create() {
        return undefined;
      }
    }
    class CsvLike extends Base {
      delete() {
        return undefined;
      }
      createFilterTranslator() {
        return undefined;
      }
      executeQuery() {
        return undefined;
      }
      test() {
        return undefined;
      }
      schema() {
        return undefined;
      }
    }
    const ops = spiOperationsOf(new CsvLike());
    expect(ops).toEqual(['CreateOp', 'DeleteOp', 'SearchOp', 'SchemaOp', 'TestOp']);
    expect([...apiOperationsFor(ops)]).toEqual([
      'SearchApiOp',
      'ValidateApiOp',
      'CreateApiOp',
      'SchemaApiOp',
      'DeleteApiOp',
      'GetApiOp',
      'TestApiOp',
      'ScriptOnConnectorApiOp',
    ]);
  });
});
