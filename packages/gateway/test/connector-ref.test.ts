import { satisfies } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConfigCrypto,
  checkConnectorInfoProvider,
  checkConnectorRef,
  LOCAL_HOST_REF,
  OSGI_HOST_REF,
  parseConnectorInfoProvider,
  parseConnectorRef,
  resolveHostRef,
} from '../src/index.js';
import { fixture } from './helpers.js';

describe('parseConnectorRef', () => {
  it("reads the seed's references (exact version, OpenICF range, host names)", () => {
    const groovy = parseConnectorRef(fixture('provisioner.openicf-groovy.json').connectorRef);
    expect(groovy).toMatchObject({
      bundleName: 'org.forgerock.openicf.connectors.groovy-connector',
      bundleVersion: '1.5.20.15',
      connectorName: 'org.forgerock.openicf.connectors.groovy.ScriptedConnector',
      connectorHostRef: 'rcs',
      isLocal: false,
    });
    expect(groovy.versionSpec.syntax).toBe('openicf');
    const csv = parseConnectorRef({
      connectorHostRef: 'csv',
      bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
      bundleVersion: '[1.5.19.0,1.6.0.0)',
      connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
    });
    expect(satisfies('1.5.20.15', csv.versionSpec)).toBe(true);
    expect(satisfies('1.6.0.0', csv.versionSpec)).toBe(false);
  });

  it('defaults to #LOCAL and accepts npm semver ranges', () => {
    const local = parseConnectorRef({ bundleName: 'b', bundleVersion: '^0.1.0', connectorName: 'c' });
    expect(local.connectorHostRef).toBe(LOCAL_HOST_REF);
    expect(local.isLocal).toBe(true);
    expect(local.versionSpec.syntax).toBe('semver');
    expect(
      parseConnectorRef({
        bundleName: 'b',
        bundleVersion: '1',
        connectorName: 'c',
        connectorHostRef: OSGI_HOST_REF,
      }).isLocal,
    ).toBe(true);
  });

  it('lists the problems of a bad reference', () => {
    expect(checkConnectorRef(undefined).problems).toEqual(['connectorRef is required and must be an object']);
    const { problems } = checkConnectorRef({ bundleName: '', bundleVersion: '[2,1]', connectorHostRef: 5 });
    expect(problems).toEqual([
      'connectorRef.bundleName is required and must be a non-empty string',
      'connectorRef.connectorName is required and must be a non-empty string',
      'connectorRef.connectorHostRef must be a non-empty string',
      "connectorRef.bundleVersion '[2,1]' matches no version",
    ]);
    expect(() =>
      parseConnectorRef({ bundleName: 'b', bundleVersion: 'not a version!', connectorName: 'c' }),
    ).toThrow(BadRequestError);
  });
});

describe('connector-info provider', () => {
  it("reads the seed's server-mode configuration", () => {
    const model = parseConnectorInfoProvider(fixture('connectorinfoprovider-server-mode.json'));
    expect(model.connectorsLocation).toBe('connectors');
    expect(model.servers).toHaveLength(1);
    expect(model.servers[0]).toMatchObject({
      kind: 'server',
      name: 'rcs1',
      host: 'rcs.example.com',
      port: 8759,
      useSSL: false,
      timeout: 0,
      protocol: 'websocket',
      key: 'Passw0rd',
      enabled: true,
      displayName: 'Remote Connector Server 1',
    });
    expect(model.servers[0]!.json.webSocketConnections).toBe(2);
  });

  it("reads the seed's CSV example with defaults and encrypted keys", () => {
    const crypto = ConfigCrypto.ephemeral();
    const model = parseConnectorInfoProvider({
      remoteConnectorServers: [{ name: 'csv', host: 'remote-host', key: crypto.encrypt('Passw0rd') }],
    });
    expect(model.servers[0]).toMatchObject({ port: 8759, useSSL: false, protocol: 'websocket' });
    expect(crypto.reveal(model.servers[0]!.key)).toBe('Passw0rd');
  });

  it('reads groups in both layouts and resolves host references', () => {
    const model = parseConnectorInfoProvider(fixture('connectorinfoprovider-failover.json'));
    expect(model.groups.map((g) => [g.kind, g.name, g.algorithm, g.members])).toEqual([
      ['serverGroup', 'dotnet-ha', 'failover', ['remote-host-1', 'remote-host-2']],
      ['clientGroup', 'onprem-ha', 'roundrobin', ['onprem', 'onprem2']],
    ]);
    expect(model.warnings).toEqual([
      'remoteConnectorClientsGroups[0] \'onprem-ha\': member "nowhere" is not a remote connector client and is skipped',
    ]);
    expect(model.clients.map((c) => c.name)).toEqual(['onprem', 'onprem2']);
    expect(resolveHostRef(model, '#LOCAL')).toEqual({ kind: 'local' });
    expect(resolveHostRef(model, 'remote-host-2')).toMatchObject({
      kind: 'server',
      server: { host: 'remote-host-2' },
    });
    expect(resolveHostRef(model, 'onprem')).toMatchObject({ kind: 'client', client: { name: 'onprem' } });
    const group = resolveHostRef(model, 'dotnet-ha');
    expect(group?.kind).toBe('group');
    expect(group?.kind === 'group' && group.servers.map((s) => s.name)).toEqual([
      'remote-host-1',
      'remote-host-2',
    ]);
    expect(resolveHostRef(model, 'unknown')).toBeUndefined();
  });

  it('reads OpenIDM remoteConnectorServersGroups and skips disabled members', () => {
    const model = parseConnectorInfoProvider({
      remoteConnectorServers: [
        { name: 'a', host: 'h1', key: 'k' },
        { name: 'b', host: 'h2', key: 'k', enabled: false },
      ],
      remoteConnectorServersGroups: [
        { name: 'ab', algorithm: 'roundrobin', serversList: [{ name: 'a' }, { name: 'b' }] },
      ],
    });
    const group = resolveHostRef(model, 'ab');
    expect(group?.kind === 'group' && group.servers.map((s) => s.name)).toEqual(['a']);
  });

  it('lists every problem of an invalid configuration', () => {
    const { problems, model } = checkConnectorInfoProvider({
      remoteConnectorServers: [
        { name: 'a', port: 70000, useSSL: 'maybe' },
        { name: 'a', host: 'h', key: 'k' },
        { host: 'h', key: 'k' },
        { name: 'g', type: 'remoteConnectorServersGroup', algorithm: 'random', serversList: [] },
        { name: 'x', type: 'somethingElse' },
      ],
      remoteConnectorClients: [{ name: 'On-Prem' }],
      remoteConnectorServersGroups: {},
    });
    expect(model).toBeUndefined();
    expect(problems).toEqual([
      'remoteConnectorServers[0].host is required',
      "remoteConnectorServers[0].key is required (the connector server's shared secret)",
      'remoteConnectorServers[0].port must be an integer between 1 and 65535',
      'remoteConnectorServers[0].useSSL must be a boolean',
      "remoteConnectorServers[1].name 'a' is already used by remoteConnectorServers[0]",
      'remoteConnectorServers[2].name is required',
      "remoteConnectorServers[4].type 'somethingElse' is not a connector server type",
      'remoteConnectorServersGroups must be an array',
      "remoteConnectorClients[0].name 'On-Prem' must be lower-case letters and digits (^[a-z0-9]+$)",
      "remoteConnectorServers[3].algorithm must be 'failover' or 'roundrobin'",
    ]);
    expect(() => parseConnectorInfoProvider('x')).toThrow(BadRequestError);
    expect(parseConnectorInfoProvider(undefined).servers).toEqual([]);
  });
});
