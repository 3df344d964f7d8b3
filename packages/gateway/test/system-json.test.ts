import { APIConfiguration, ConnectorInfo, ConnectorKey, ConnectorMessages } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  availableConnectorJson,
  connectorNotAvailable,
  objectNotFound,
  objectTypeNotFound,
  operationNotSupported,
  parseProvisionerConfig,
  provisionerStatusJson,
} from '../src/index.js';

const csvInfo = new ConnectorInfo({
  connectorKey: new ConnectorKey(
    'org.forgerock.openicf.connectors.csvfile-connector',
    '1.5.20.15',
    'org.forgerock.openicf.csvfile.CSVFileConnector',
  ),
  connectorDisplayNameKey: 'connector_displayName',
  messages: new ConnectorMessages({ '': { connector_displayName: 'CSV File Connector' } }),
  defaultApiConfiguration: new APIConfiguration(),
});

describe('system JSON', () => {
  it("renders an availableConnectors entry like the seed's", () => {
    const entry = availableConnectorJson(csvInfo, 'rcs');
    expect(entry).toEqual({
      connectorHostRef: 'rcs',
      displayName: 'CSV File Connector',
      bundleVersion: '1.5.20.15',
      systemType: 'provisioner.openicf',
      bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
      connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
    });
    expect(Object.keys(entry)[0]).toBe('connectorHostRef');
    expect(availableConnectorJson(csvInfo, '#LOCAL').connectorHostRef).toBeUndefined();
    expect(availableConnectorJson(csvInfo).connectorHostRef).toBeUndefined();
  });

  it("renders the status of the seed's remote CSV example", () => {
    const config = parseProvisionerConfig({
      name: 'csv',
      connectorRef: {
        connectorHostRef: 'csv',
        bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
        bundleVersion: '[1.5.0.0,1.6.0.0)',
        connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
      },
      configurationProperties: { csvFile: '/home/testuser/csv-sample/data/hr.csv' },
      objectTypes: {
        account: { nativeType: '__ACCOUNT__', properties: { uid: { nativeName: '__NAME__' } } },
      },
    });
    const status = provisionerStatusJson(config, { displayName: 'CSV File Connector', ok: true });
    expect(JSON.stringify(status)).toBe(
      JSON.stringify({
        name: 'csv',
        enabled: true,
        config: 'config/provisioner.openicf/csv',
        objectTypes: ['__ALL__', 'account'],
        connectorRef: {
          bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
          connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
          bundleVersion: '[1.5.0.0,1.6.0.0)',
        },
        displayName: 'CSV File Connector',
        ok: true,
      }),
    );
    expect(provisionerStatusJson(config, { ok: false, error: 'connector not available' })).toMatchObject({
      ok: false,
      error: 'connector not available',
    });
  });

  it('builds the standard errors of the routes', () => {
    expect(objectNotFound('xxxxxxxx', 'system/groovy/users').toJSON()).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Object xxxxxxxx not found on system/groovy/users',
    });
    expect(objectTypeNotFound('people').message).toBe('Not found: people');
    expect(operationNotSupported('CREATE').code).toBe(501);
    expect(connectorNotAvailable('csv').code).toBe(503);
  });
});
