import {
  APIConfiguration,
  ConfigurationProperties,
  ConnectorInfo,
  ConnectorKey,
  GuardedString,
} from '@rcskit/core';
import { buildApiConfiguration } from '@rcskit/transport';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConfigCrypto,
  checkProvisionerConfig,
  confidentialPropertyNames,
  connectorSettings,
  findObjectType,
  isValidProvisionerName,
  objectTypeNames,
  operationPolicy,
  parseProvisionerConfig,
  protectProvisionerSecrets,
  provisionerFileName,
  provisionerNameOf,
} from '../src/index.js';
import { fixture } from './helpers.js';

const groovy = fixture('provisioner.openicf-groovy.json');

function info(): ConnectorInfo {
  return new ConnectorInfo({
    connectorKey: new ConnectorKey(
      'org.forgerock.openicf.connectors.groovy-connector',
      '1.5.20.15',
      'org.forgerock.openicf.connectors.groovy.ScriptedConnector',
    ),
    connectorDisplayNameKey: 'display',
    defaultApiConfiguration: new APIConfiguration({
      configurationProperties: new ConfigurationProperties([
        { name: 'scriptRoots', type: 'String[]' },
        { name: 'schemaScriptFileName', type: 'String' },
        { name: 'searchScriptFileName', type: 'String' },
        { name: 'customConfiguration', type: 'String' },
        { name: 'customSensitiveConfiguration', type: 'GuardedString' },
        { name: 'apiKey', type: 'String', confidential: true },
      ]),
    }),
  });
}

describe('provisioner configuration', () => {
  it('validates the seed configuration, taking the name from the file', () => {
    const config = parseProvisionerConfig(groovy, { name: 'groovy' });
    expect(config.name).toBe('groovy');
    expect(config.enabled).toBe(true);
    expect(config.connectorRef.connectorHostRef).toBe('rcs');
    expect(objectTypeNames(config)).toEqual(['__ALL__', 'users', 'groups']);
    expect(findObjectType(config, 'users')?.nativeType).toBe('users');
    expect(findObjectType(config, 'nope')).toBeUndefined();
    expect(config.operationTimeout.SEARCH).toBe(-1);
    expect(config.systemActions[0]!.scriptId).toBe('script-1');
  });

  it('reports every problem', () => {
    const { problems } = checkProvisionerConfig(
      {
        name: 'bad-name',
        enabled: 'yes',
        poolConfigOption: { maxObjects: 'ten', minIdle: 5, maxIdle: 1 },
        operationTimeout: { CREATE: 'soon', FLY: 1 },
        resultsHandlerConfig: { enableFilteredResultsHandler: 1 },
        bufferSize: -1,
        configurationProperties: [],
        operationOptions: {
          SEARCH: { denied: 'no', supportedObjectTypes: 'x', objectFeatures: { a: 1 } },
          JUMP: {},
        },
        systemActions: [{ actions: {} }],
        objectTypes: { a: {} },
      },
      {},
    );
    expect(problems).toEqual([
      'name is required and must be letters and digits only, got "bad-name"',
      'enabled must be a boolean',
      'connectorRef is required and must be an object',
      'objectTypes.a.nativeType is required (the ICF object class)',
      'poolConfigOption.maxObjects must be an integer',
      'poolConfigOption: ObjectPoolConfiguration.minIdle (5) must not be greater than maxIdle (1)',
      'operationTimeout.CREATE must be an integer number of milliseconds (-1 = none)',
      'operationTimeout.FLY is not an operation (CREATE, UPDATE, DELETE, TEST, SCRIPT_ON_CONNECTOR, SCRIPT_ON_RESOURCE, GET, RESOLVEUSERNAME, AUTHENTICATE, SEARCH, VALIDATE, SYNC, SCHEMA)',
      'resultsHandlerConfig.enableFilteredResultsHandler must be a boolean',
      'bufferSize must be a non-negative integer',
      'configurationProperties must be an object',
      'operationOptions.SEARCH.denied must be a boolean',
      'operationOptions.SEARCH.supportedObjectTypes must be an array of object class names',
      'operationOptions.SEARCH.objectFeatures.a must be an object',
      'operationOptions.JUMP is not an operation (CREATE, UPDATE, DELETE, TEST, SCRIPT_ON_CONNECTOR, SCRIPT_ON_RESOURCE, GET, RESOLVEUSERNAME, AUTHENTICATE, SEARCH, VALIDATE, SYNC, SCHEMA)',
      'systemActions[0].scriptId is required',
      'systemActions[0].actions must be an array',
    ]);
    expect(checkProvisionerConfig({ ...groovy, name: 'other' }, { name: 'groovy' }).problems).toEqual([
      "name 'other' does not match the configuration name 'groovy'",
    ]);
    expect(() => parseProvisionerConfig([])).toThrow(BadRequestError);
  });

  it('names files and systems', () => {
    expect(provisionerFileName('groovy')).toBe('provisioner.openicf-groovy.json');
    expect(provisionerNameOf('provisioner.openicf-groovy.json')).toBe('groovy');
    expect(provisionerNameOf('provisioner.openicf.connectorinfoprovider.json')).toBeUndefined();
    expect(provisionerNameOf('provisioner.openicf-.json')).toBeUndefined();
    expect(isValidProvisionerName('csv2')).toBe(true);
    expect(isValidProvisionerName('csv-file')).toBe(false);
  });

  it('encrypts confidential properties and decrypts them only for the connector settings', () => {
    const crypto = ConfigCrypto.ephemeral();
    const confidential = confidentialPropertyNames(info());
    expect(confidential).toEqual(['customSensitiveConfiguration', 'apiKey']);
    const stored = protectProvisionerSecrets(
      { ...groovy, configurationProperties: { ...groovy.configurationProperties, apiKey: 'k-123' } },
      confidential,
      crypto,
    );
    expect(JSON.stringify(stored)).not.toContain('sensitive-value1');
    expect(JSON.stringify(stored)).not.toContain('k-123');
    const config = parseProvisionerConfig(
      { ...stored, bufferSize: 50, operationTimeout: { SEARCH: 5000 } },
      { name: 'groovy' },
    );
    const settings = connectorSettings(config, crypto);
    expect(settings.configurationProperties).toMatchObject({
      customSensitiveConfiguration: "key1 = 'sensitive-value1';",
      apiKey: 'k-123',
      scriptRoots: ['/opt/openicf/scripts/groovy'],
    });
    expect(settings.timeouts).toEqual({ SearchApiOp: 5000 });
    expect(settings.producerBufferSize).toBe(50);
    expect(settings.ignoreUnknownProperties).toBe(true);
    const api = buildApiConfiguration(info(), settings);
    const sensitive = api.configurationProperties.getValue('customSensitiveConfiguration');
    expect(sensitive).toBeInstanceOf(GuardedString);
    expect((sensitive as GuardedString).access((c) => c)).toBe("key1 = 'sensitive-value1';");
    expect(api.getTimeout('SearchApiOp')).toBe(5000);
    expect(api.producerBufferSize).toBe(50);
  });

  it('reads producerBufferSize when bufferSize is absent', () => {
    const config = parseProvisionerConfig({ ...groovy, producerBufferSize: 25 }, { name: 'groovy' });
    expect(config.bufferSize).toBe(25);
  });

  it('applies operationOptions: 501 for unsupported types, 403 when denied', () => {
    const config = parseProvisionerConfig(
      {
        ...groovy,
        operationOptions: {
          CREATE: { denied: true },
          DELETE: { supportedObjectTypes: ['groups'] },
          UPDATE: { objectFeatures: { users: { denied: true } } },
          SEARCH: { denied: true, objectFeatures: { groups: { denied: false } } },
        },
      },
      { name: 'groovy' },
    );
    const users = findObjectType(config, 'users')!;
    const groups = findObjectType(config, 'groups')!;
    expect(operationPolicy(config, 'CREATE', users)?.code).toBe(403);
    expect(operationPolicy(config, 'DELETE', users)?.code).toBe(501);
    expect(operationPolicy(config, 'DELETE', groups)).toBeUndefined();
    expect(operationPolicy(config, 'UPDATE', users)?.toJSON()).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'Operation UPDATE is denied on system/groovy/users',
    });
    expect(operationPolicy(config, 'UPDATE', groups)).toBeUndefined();
    expect(operationPolicy(config, 'SEARCH', groups)).toBeUndefined();
    expect(operationPolicy(config, 'GET', users)).toBeUndefined();
  });
});
