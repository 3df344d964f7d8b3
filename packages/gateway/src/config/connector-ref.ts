/**
 * Where a connector lives: a provisioner's `connectorRef` (spec framework.md F.9) and the connector servers of
 * `provisioner.openicf.connectorinfoprovider.json` (F.10, and the PingIDM 7.2 seed).
 *
 * `connectorRef.connectorHostRef` is `#LOCAL` (the default: a connector the gateway hosts itself), the OSGi
 * manager reference, or the `name` of a remote connector server, a connector client (an RCS that dials in) or a
 * group of either. `bundleVersion` is an exact OpenICF version, an OpenICF interval (`[1.5.0.0,1.6.0.0)`) or an
 * npm semver range (`^1.5.0`), read by core's `parseVersionSpec`.
 *
 * The connector-info provider accepts both layouts seen in the wild:
 * - OpenIDM: `remoteConnectorServers[]` and `remoteConnectorServersGroups[]`;
 * - PingIDM 7.x: `remoteConnectorServers[]` / `remoteConnectorClients[]` whose entries carry a `type`
 *   (`remoteConnectorServer`, `remoteConnectorServersGroup`, `remoteConnectorClient`,
 *   `remoteConnectorClientsGroup`), plus `remoteConnectorClientsGroups[]`.
 *
 * Every server, client and group name must be unique (a `connectorHostRef` names any of them). Group members
 * that name no server (or a server of the other kind) are skipped with a warning, as IDM logs and ignores them.
 *
 * @packageDocumentation
 */
import { parseVersionSpec, type VersionSpec } from '@rcskit/core';
import { BadRequestError } from '../errors.js';
import { isCryptoEnvelope } from './crypto.js';

/** `connectorHostRef` of connectors hosted by the gateway itself. */
export const LOCAL_HOST_REF = '#LOCAL';
/** `connectorHostRef` of IDM's embedded OSGi connector manager (treated like `#LOCAL`). */
export const OSGI_HOST_REF = 'osgi:service/org.forgerock.openicf.framework.api.osgi.ConnectorManager';

/** A parsed `connectorRef`. */
export interface ConnectorRef {
  readonly bundleName: string;
  /** The text as configured. */
  readonly bundleVersion: string;
  /** The parsed version requirement. */
  readonly versionSpec: VersionSpec;
  readonly connectorName: string;
  /** `#LOCAL` when not configured. */
  readonly connectorHostRef: string;
  /** True for `#LOCAL` (and the OSGi manager reference). */
  readonly isLocal: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Parses a `connectorRef`; returns the problems instead of throwing (see {@link parseConnectorRef}).
 */
export function checkConnectorRef(json: unknown): { ref?: ConnectorRef; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(json)) return { problems: ['connectorRef is required and must be an object'] };
  for (const key of ['bundleName', 'bundleVersion', 'connectorName'] as const) {
    if (!nonBlank(json[key])) problems.push(`connectorRef.${key} is required and must be a non-empty string`);
  }
  const hostRef = json.connectorHostRef ?? LOCAL_HOST_REF;
  if (!nonBlank(hostRef)) problems.push('connectorRef.connectorHostRef must be a non-empty string');
  let versionSpec: VersionSpec | undefined;
  if (nonBlank(json.bundleVersion)) {
    try {
      versionSpec = parseVersionSpec(json.bundleVersion);
      if (versionSpec.isEmpty)
        problems.push(`connectorRef.bundleVersion '${json.bundleVersion}' matches no version`);
    } catch (e) {
      problems.push(`connectorRef.bundleVersion: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0 || versionSpec === undefined) return { problems };
  const host = (hostRef as string).trim();
  return {
    ref: Object.freeze({
      bundleName: (json.bundleName as string).trim(),
      bundleVersion: (json.bundleVersion as string).trim(),
      versionSpec,
      connectorName: (json.connectorName as string).trim(),
      connectorHostRef: host,
      isLocal: host === LOCAL_HOST_REF || host === OSGI_HOST_REF,
    }),
    problems,
  };
}

/**
 * Parses a `connectorRef`.
 *
 * @throws BadRequestError listing the problems (missing names, invalid or empty version range, …).
 */
export function parseConnectorRef(json: unknown): ConnectorRef {
  const { ref, problems } = checkConnectorRef(json);
  if (!ref) throw new BadRequestError(problems.join('; '));
  return ref;
}

/** A remote connector server the gateway dials (server mode). */
export interface RemoteConnectorServer {
  readonly kind: 'server';
  readonly name: string;
  readonly host: string;
  /** Default 8759. */
  readonly port: number;
  /** Default false. */
  readonly useSSL: boolean;
  /** Milliseconds, 0 = none (default). */
  readonly timeout: number;
  /** `websocket` (default): the OpenICF 1.5 protocol; anything else names the legacy 1.4 protocol. */
  readonly protocol: string;
  /** The shared secret: clear text or a `$crypto` envelope. Decrypt only when dialling. */
  readonly key: unknown;
  /** Default true; a disabled server is not dialled. */
  readonly enabled: boolean;
  readonly displayName: string | undefined;
  /** Seconds (documented, default 60). */
  readonly heartbeatInterval: number | undefined;
  /** The entry as configured (proxy settings, connection counts, …). */
  readonly json: Readonly<Record<string, unknown>>;
}

/** An RCS in client mode: it dials the gateway and names itself (PingIDM 7.x). */
export interface RemoteConnectorClient {
  readonly kind: 'client';
  readonly name: string;
  readonly enabled: boolean;
  readonly displayName: string | undefined;
  readonly json: Readonly<Record<string, unknown>>;
}

/** Load-balancing algorithms of a group. */
export type GroupAlgorithm = 'failover' | 'roundrobin';

/** A group of servers (or of clients) addressed by one name. */
export interface ConnectorServerGroup {
  readonly kind: 'serverGroup' | 'clientGroup';
  readonly name: string;
  readonly algorithm: GroupAlgorithm;
  /** Member names that resolve to a server (or client) of the right kind, in order. */
  readonly members: readonly string[];
  readonly displayName: string | undefined;
  readonly json: Readonly<Record<string, unknown>>;
}

/** A parsed connector-info provider configuration. */
export interface ConnectorInfoProviderModel {
  /** Local bundle directory (default `connectors`). */
  readonly connectorsLocation: string;
  readonly servers: readonly RemoteConnectorServer[];
  readonly clients: readonly RemoteConnectorClient[];
  readonly groups: readonly ConnectorServerGroup[];
  /** Group members that were skipped, and similar non-fatal findings. */
  readonly warnings: readonly string[];
}

/** What a `connectorHostRef` resolves to. */
export type HostRefTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'server'; readonly server: RemoteConnectorServer }
  | { readonly kind: 'client'; readonly client: RemoteConnectorClient }
  | {
      readonly kind: 'group';
      readonly group: ConnectorServerGroup;
      /** The enabled members, in order. */
      readonly servers: readonly (RemoteConnectorServer | RemoteConnectorClient)[];
    };

function optionalInt(
  entry: Record<string, unknown>,
  key: string,
  where: string,
  problems: string[],
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  let value = entry[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) value = Number(value.trim());
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${where}.${key} must be an integer between ${min} and ${max}`);
    return fallback;
  }
  return value;
}

function optionalBool(
  entry: Record<string, unknown>,
  key: string,
  where: string,
  problems: string[],
  fallback: boolean,
): boolean {
  const value = entry[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.push(`${where}.${key} must be a boolean`);
  return fallback;
}

function optionalString(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' ? value : undefined;
}

function parseServer(
  entry: Record<string, unknown>,
  where: string,
  problems: string[],
): RemoteConnectorServer {
  if (!nonBlank(entry.host)) problems.push(`${where}.host is required`);
  const key = entry.key;
  if (!(nonBlank(key) || isCryptoEnvelope(key))) {
    problems.push(`${where}.key is required (the connector server's shared secret)`);
  }
  return Object.freeze({
    kind: 'server' as const,
    name: entry.name as string,
    host: typeof entry.host === 'string' ? entry.host.trim() : '',
    port: optionalInt(entry, 'port', where, problems, 8759, 1, 65535),
    useSSL: optionalBool(entry, 'useSSL', where, problems, false),
    timeout: optionalInt(entry, 'timeout', where, problems, 0),
    protocol: optionalString(entry, 'protocol') ?? 'websocket',
    key,
    enabled: optionalBool(entry, 'enabled', where, problems, true),
    displayName: optionalString(entry, 'displayName'),
    heartbeatInterval:
      entry.heartbeatInterval === undefined
        ? undefined
        : optionalInt(entry, 'heartbeatInterval', where, problems, 60),
    json: entry,
  });
}

function parseClient(
  entry: Record<string, unknown>,
  where: string,
  problems: string[],
): RemoteConnectorClient {
  return Object.freeze({
    kind: 'client' as const,
    name: entry.name as string,
    enabled: optionalBool(entry, 'enabled', where, problems, true),
    displayName: optionalString(entry, 'displayName'),
    json: entry,
  });
}

interface PendingGroup {
  readonly entry: Record<string, unknown>;
  readonly where: string;
  readonly kind: 'serverGroup' | 'clientGroup';
}

const ENTRY_TYPES = {
  remoteConnectorServer: 'server',
  remoteConnectorServersGroup: 'serverGroup',
  remoteConnectorClient: 'client',
  remoteConnectorClientsGroup: 'clientGroup',
} as const;

/** Checks a connector-info provider configuration; returns the model and the problems (see the module notes). */
export function checkConnectorInfoProvider(json: unknown): {
  model?: ConnectorInfoProviderModel;
  problems: string[];
} {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (json === undefined || json === null) json = {};
  if (!isObject(json))
    return { problems: ['the connector-info provider configuration must be a JSON object'] };
  const location = json.connectorsLocation ?? 'connectors';
  if (!nonBlank(location)) problems.push('connectorsLocation must be a non-empty string');

  const servers: RemoteConnectorServer[] = [];
  const clients: RemoteConnectorClient[] = [];
  const pending: PendingGroup[] = [];
  const names = new Map<string, string>();

  const sections: [string, 'server' | 'client' | 'serverGroup' | 'clientGroup'][] = [
    ['remoteConnectorServers', 'server'],
    ['remoteConnectorServersGroups', 'serverGroup'],
    ['remoteConnectorClients', 'client'],
    ['remoteConnectorClientsGroups', 'clientGroup'],
  ];
  for (const [section, defaultKind] of sections) {
    const list = json[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(`${section} must be an array`);
      continue;
    }
    list.forEach((entry: unknown, i: number) => {
      const where = `${section}[${i}]`;
      if (!isObject(entry)) {
        problems.push(`${where} must be an object`);
        return;
      }
      let kind: 'server' | 'client' | 'serverGroup' | 'clientGroup' = defaultKind;
      if (entry.type !== undefined) {
        const typed = ENTRY_TYPES[entry.type as keyof typeof ENTRY_TYPES];
        if (typed === undefined) {
          problems.push(`${where}.type '${String(entry.type)}' is not a connector server type`);
          return;
        }
        kind = typed;
      }
      if (!nonBlank(entry.name)) {
        problems.push(`${where}.name is required`);
        return;
      }
      const previous = names.get(entry.name);
      if (previous !== undefined) {
        problems.push(`${where}.name '${entry.name}' is already used by ${previous}`);
        return;
      }
      names.set(entry.name, where);
      if (kind === 'server') servers.push(parseServer(entry, where, problems));
      else if (kind === 'client') {
        if (!/^[a-z0-9]+$/.test(entry.name)) {
          problems.push(`${where}.name '${entry.name}' must be lower-case letters and digits (^[a-z0-9]+$)`);
        }
        clients.push(parseClient(entry, where, problems));
      } else pending.push({ entry, where, kind });
    });
  }

  const groups: ConnectorServerGroup[] = [];
  for (const { entry, where, kind } of pending) {
    const algorithm = typeof entry.algorithm === 'string' ? entry.algorithm.toLowerCase() : 'failover';
    if (algorithm !== 'failover' && algorithm !== 'roundrobin') {
      problems.push(`${where}.algorithm must be 'failover' or 'roundrobin'`);
      continue;
    }
    const list = entry.serversList ?? [];
    if (!Array.isArray(list)) {
      problems.push(`${where}.serversList must be an array of {"name": …}`);
      continue;
    }
    const pool: readonly { name: string }[] = kind === 'serverGroup' ? servers : clients;
    const members: string[] = [];
    for (const member of list) {
      const memberName = isObject(member) ? member.name : member;
      if (typeof memberName === 'string' && pool.some((s) => s.name === memberName)) {
        if (!members.includes(memberName)) members.push(memberName);
      } else {
        warnings.push(
          `${where} '${entry.name as string}': member ${JSON.stringify(memberName)} is not a ${kind === 'serverGroup' ? 'remote connector server' : 'remote connector client'} and is skipped`,
        );
      }
    }
    groups.push(
      Object.freeze({
        kind,
        name: entry.name as string,
        algorithm,
        members: Object.freeze(members),
        displayName: optionalString(entry, 'displayName'),
        json: entry,
      }),
    );
  }
  if (problems.length > 0) return { problems };
  return {
    model: Object.freeze({
      connectorsLocation: (location as string).trim(),
      servers: Object.freeze(servers),
      clients: Object.freeze(clients),
      groups: Object.freeze(groups),
      warnings: Object.freeze(warnings),
    }),
    problems,
  };
}

/**
 * Parses a connector-info provider configuration.
 *
 * @throws BadRequestError listing the problems.
 */
export function parseConnectorInfoProvider(json: unknown): ConnectorInfoProviderModel {
  const { model, problems } = checkConnectorInfoProvider(json);
  if (!model) throw new BadRequestError(problems.join('; '));
  return model;
}

/**
 * Resolves a `connectorHostRef` against the connector-info provider: `#LOCAL` (and the OSGi reference) are
 * local; otherwise a server, client or group of that exact name, or undefined when none has it.
 */
export function resolveHostRef(
  model: ConnectorInfoProviderModel,
  hostRef: string,
): HostRefTarget | undefined {
  if (hostRef === LOCAL_HOST_REF || hostRef === OSGI_HOST_REF) return { kind: 'local' };
  const server = model.servers.find((s) => s.name === hostRef);
  if (server) return { kind: 'server', server };
  const client = model.clients.find((c) => c.name === hostRef);
  if (client) return { kind: 'client', client };
  const group = model.groups.find((g) => g.name === hostRef);
  if (!group) return undefined;
  const pool: readonly (RemoteConnectorServer | RemoteConnectorClient)[] =
    group.kind === 'serverGroup' ? model.servers : model.clients;
  const members = group.members
    .map((name) => pool.find((s) => s.name === name))
    .filter((s): s is RemoteConnectorServer | RemoteConnectorClient => s?.enabled === true);
  return { kind: 'group', group, servers: members };
}

/**
 * The secret fields of connector-server and client entries (encrypted at rest): a server's `key` and proxy
 * password, a client's `password` (or `key`) and Bearer `token`.
 */
export const CONNECTOR_SERVER_SECRET_FIELDS: readonly string[] = Object.freeze([
  'key',
  'proxyPassword',
  'password',
  'token',
]);
