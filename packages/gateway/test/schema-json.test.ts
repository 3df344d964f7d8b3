import {
  APIConfiguration,
  AttributeInfo,
  ConfigurationProperties,
  ConnectorInfo,
  ConnectorKey,
  ObjectClassInfo,
  OperationOptionInfo,
  Schema,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  ConfigCrypto,
  coreConfigFor,
  fullConfigFor,
  isCryptoEnvelope,
  OPERATION_TYPES,
  parseObjectTypes,
  schemaToJson,
} from '../src/index.js';
import { fixture } from './helpers.js';

const expected = fixture('seed-users-groups-object-types.json').objectTypes;

/** The seed's "Example Schema Script" as the Groovy connector reports it. */
function seedSchema(): Schema {
  const users = new ObjectClassInfo('users', [
    new AttributeInfo('active', 'Boolean'),
    new AttributeInfo('displayName', 'String'),
    new AttributeInfo('givenName', 'String'),
    new AttributeInfo('middleName', 'String'),
    new AttributeInfo('familyName', 'String'),
    new AttributeInfo('primaryEmail', 'String'),
    new AttributeInfo('secondaryEmail', 'String', ['NOT_RETURNED_BY_DEFAULT']),
    new AttributeInfo('__NAME__', 'String'),
  ]);
  const groups = new ObjectClassInfo('groups', [
    new AttributeInfo('displayName', 'String'),
    new AttributeInfo('members', 'Map', ['MULTIVALUED', 'REQUIRED']),
    new AttributeInfo('schemas', 'String', ['MULTIVALUED', 'NOT_UPDATEABLE', 'NOT_RETURNED_BY_DEFAULT']),
    new AttributeInfo('__NAME__', 'String'),
  ]);
  const pageSize = new OperationOptionInfo('PAGE_SIZE', 'Integer');
  const attrs = new OperationOptionInfo('ATTRS_TO_GET', 'String[]');
  return new Schema(
    [users, groups],
    [pageSize, attrs],
    [
      ['SearchApiOp', [users, groups]],
      ['GetApiOp', [users, groups]],
      ['CreateApiOp', [groups]],
    ],
    [['SearchApiOp', [pageSize, attrs]]],
  );
}

describe('schemaToJson', () => {
  it("renders the seed's objectTypes", () => {
    const json = schemaToJson(seedSchema());
    expect(json.objectTypes).toEqual(expected);
    // Property keys come in IDM's order.
    expect(JSON.stringify(json.objectTypes.groups)).toContain(
      '"members":{"type":"array","items":{"type":"object","nativeType":"object"},"required":true,"nativeName":"members","nativeType":"object"}',
    );
    expect(Object.keys((json.objectTypes.users as any).properties.secondaryEmail)).toEqual([
      'type',
      'nativeName',
      'nativeType',
      'flags',
    ]);
    // What the generator writes, a provisioner reads back.
    const types = parseObjectTypes(json.objectTypes);
    expect(types.get('groups')!.property('members')!.required).toBe(true);
  });

  it("renders the seed's minimal schema", () => {
    const minimal = new Schema(
      [new ObjectClassInfo('__ACCOUNT__', [new AttributeInfo('__NAME__', 'String')])],
      [],
    );
    expect(schemaToJson(minimal).objectTypes).toEqual({
      __ACCOUNT__: {
        $schema: 'http://json-schema.org/draft-03/schema',
        id: '__ACCOUNT__',
        type: 'object',
        nativeType: '__ACCOUNT__',
        properties: { __NAME__: { type: 'string', nativeName: '__NAME__', nativeType: 'string' } },
      },
    });
  });

  it('maps Java types to IDM type names and JSON types, and skips __UID__', () => {
    const info = new ObjectClassInfo('t', [
      new AttributeInfo('__NAME__', 'String', ['REQUIRED']),
      new AttributeInfo('__UID__', 'String'),
      new AttributeInfo('l', 'Long'),
      new AttributeInfo('pl', 'long'),
      new AttributeInfo('i', 'Integer'),
      new AttributeInfo('pi', 'int'),
      new AttributeInfo('d', 'Double'),
      new AttributeInfo('bd', 'BigDecimal'),
      new AttributeInfo('bi', 'BigInteger'),
      new AttributeInfo('c', 'Character'),
      new AttributeInfo('b', 'byte[]'),
      new AttributeInfo('__PASSWORD__', 'GuardedString', ['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT']),
      new AttributeInfo('ro', 'String', ['NOT_CREATABLE', 'NOT_UPDATEABLE']),
    ]);
    const props = (schemaToJson(new Schema([info], [])).objectTypes.t as any).properties;
    expect(props.__UID__).toBeUndefined();
    expect(props.__NAME__).toEqual({
      type: 'string',
      required: true,
      nativeName: '__NAME__',
      nativeType: 'string',
    });
    const types = Object.fromEntries(
      Object.entries(props).map(([k, v]: [string, any]) => [k, `${v.type}/${v.nativeType}`]),
    );
    expect(types).toMatchObject({
      l: 'number/JAVA_TYPE_LONG',
      pl: 'number/JAVA_TYPE_PRIMITIVE_LONG',
      i: 'integer/integer',
      pi: 'integer/JAVA_TYPE_INT',
      d: 'number/JAVA_TYPE_DOUBLE',
      bd: 'number/JAVA_TYPE_BIGDECIMAL',
      bi: 'string/JAVA_TYPE_BIGINTEGER',
      c: 'string/JAVA_TYPE_CHARACTER',
      b: 'string/JAVA_TYPE_BYTE_ARRAY',
      __PASSWORD__: 'string/JAVA_TYPE_GUARDEDSTRING',
    });
    expect(props.__PASSWORD__.flags).toEqual(['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT']);
    expect(props.ro.flags).toEqual(['NOT_CREATABLE', 'NOT_UPDATEABLE']);
  });

  it('lists every operation in operationOptions with its object classes and options', () => {
    const ops = schemaToJson(seedSchema()).operationOptions as any;
    expect(Object.keys(ops)).toEqual([...OPERATION_TYPES]);
    expect(Object.keys(ops.SEARCH.objectFeatures)).toEqual(['users', 'groups']);
    expect(Object.keys(ops.CREATE.objectFeatures)).toEqual(['groups']);
    expect(ops.TEST).toEqual({ objectFeatures: {} });
    expect(ops.SEARCH.objectFeatures.users.operationOptionInfo).toEqual({
      $schema: 'http://json-schema.org/draft-03/schema',
      id: 'FIX_ME',
      type: 'object',
      properties: {
        PAGE_SIZE: { type: 'integer', nativeType: 'integer' },
        ATTRS_TO_GET: {
          type: 'array',
          items: { type: 'string', nativeType: 'string' },
          nativeType: 'string',
        },
      },
    });
    expect(ops.GET.objectFeatures.users.operationOptionInfo.properties).toEqual({});
  });
});

function groovyInfo(): ConnectorInfo {
  const properties = new ConfigurationProperties([
    { name: 'scriptRoots', type: 'String[]', value: [] },
    { name: 'schemaScriptFileName', type: 'String' },
    { name: 'classpath', type: 'String[]', value: ['lib'] },
    { name: 'debug', type: 'boolean', value: false },
    { name: 'minimumRecompilationInterval', type: 'int', value: 100 },
    { name: 'customSensitiveConfiguration', type: 'GuardedString', value: 'top secret' },
    { name: 'apiToken', type: 'String', value: 'abc', confidential: true },
    { name: 'password', type: 'GuardedString' },
  ]);
  const config = new APIConfiguration({ configurationProperties: properties });
  config.setTimeout('SearchApiOp', 30000);
  return new ConnectorInfo({
    connectorKey: new ConnectorKey(
      'org.forgerock.openicf.connectors.groovy-connector',
      '1.5.20.15',
      'org.forgerock.openicf.connectors.groovy.ScriptedConnector',
    ),
    connectorDisplayNameKey: 'groovy.ScriptedConnector.display',
    defaultApiConfiguration: config,
  });
}

describe('coreConfigFor', () => {
  const crypto = ConfigCrypto.ephemeral();
  const connectorRef = {
    connectorHostRef: 'rcs',
    displayName: 'Scripted Groovy Connector',
    bundleVersion: '1.5.20.15',
    systemType: 'provisioner.openicf',
    bundleName: 'org.forgerock.openicf.connectors.groovy-connector',
    connectorName: 'org.forgerock.openicf.connectors.groovy.ScriptedConnector',
  };

  it('echoes the request and adds the defaults, secrets encrypted', () => {
    const core = coreConfigFor({ connectorRef }, groovyInfo(), crypto) as any;
    expect(Object.keys(core)).toEqual([
      'connectorRef',
      'poolConfigOption',
      'resultsHandlerConfig',
      'operationTimeout',
      'configurationProperties',
    ]);
    expect(core.connectorRef).toEqual(connectorRef);
    expect(core.poolConfigOption).toEqual({
      maxObjects: 10,
      maxIdle: 10,
      maxWait: 150000,
      minEvictableIdleTimeMillis: 120000,
      minIdle: 1,
    });
    expect(core.resultsHandlerConfig).toEqual({
      enableNormalizingResultsHandler: true,
      enableFilteredResultsHandler: true,
      enableCaseInsensitiveFilter: false,
      enableAttributesToGetSearchResultsHandler: true,
    });
    expect(Object.keys(core.operationTimeout)).toEqual([...OPERATION_TYPES]);
    expect(core.operationTimeout.SEARCH).toBe(30000);
    expect(core.operationTimeout.CREATE).toBe(-1);
    const props = core.configurationProperties;
    expect(props.scriptRoots).toEqual([]);
    expect(props.schemaScriptFileName).toBeNull();
    expect(props.classpath).toEqual(['lib']);
    expect(props.debug).toBe(false);
    expect(props.minimumRecompilationInterval).toBe(100);
    expect(props.password).toBeNull();
    expect(isCryptoEnvelope(props.customSensitiveConfiguration)).toBe(true);
    expect(crypto.reveal(props.customSensitiveConfiguration)).toBe('top secret');
    expect(crypto.reveal(props.apiToken)).toBe('abc');
    expect(JSON.stringify(core)).not.toContain('top secret');
  });

  it('gives {} when the body has no connectorRef', () => {
    expect(coreConfigFor({}, groovyInfo(), crypto)).toEqual({});
  });

  it('builds the full configuration with the schema', () => {
    const core = coreConfigFor({ connectorRef }, groovyInfo(), crypto) as any;
    core.configurationProperties.scriptRoots = ['/opt/openicf/scripts/groovy'];
    core.configurationProperties.schemaScriptFileName = 'SchemaScript.groovy';
    core.configurationProperties.password = 'clear';
    const full = fullConfigFor(core, seedSchema(), {
      crypto,
      confidential: ['customSensitiveConfiguration', 'apiToken', 'password'],
    }) as any;
    expect(full.objectTypes).toEqual(expected);
    expect(Object.keys(full.operationOptions)).toHaveLength(13);
    expect(full.configurationProperties.scriptRoots).toEqual(['/opt/openicf/scripts/groovy']);
    expect(crypto.reveal(full.configurationProperties.password)).toBe('clear');
    expect(full.configurationProperties.customSensitiveConfiguration).toEqual(
      core.configurationProperties.customSensitiveConfiguration,
    );
    expect(fullConfigFor({ connectorRef }, seedSchema(), { crypto })).toEqual({});
    const noSchema = fullConfigFor(core, null, { crypto });
    expect(noSchema.objectTypes).toBeUndefined();
  });
});
