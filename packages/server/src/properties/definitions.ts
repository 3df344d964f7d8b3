/**
 * Every property `ConnectorServer.properties` may hold: the Java RCS names (PingIDM 7.2 "RCS Properties" table and
 * the shipped sample files) and rcskit's own additions. The README's property table is this list.
 *
 * Keys are matched without regard to case (the open-source Java RCS file spells `connectorserver.usessl`, the
 * PingIDM docs `connectorserver.useSSL`); aliases accept the names the Java system properties use
 * (`keyStore`, `keyStorePassword`, …).
 *
 * @packageDocumentation
 */

/** How a property's text is read. */
export type PropertyType =
  | 'string'
  | 'secret'
  | 'path'
  | 'paths'
  | 'boolean'
  | 'integer'
  | 'port'
  | 'seconds'
  | 'urls'
  | 'enum'
  | 'ignored';

/** Which mode reads a property. */
export type PropertyMode = 'server' | 'client' | 'both';

/** One known property. */
export interface PropertyDefinition {
  /** The canonical key, e.g. `connectorserver.port`. */
  readonly key: string;
  readonly type: PropertyType;
  readonly mode: PropertyMode;
  /** `java`: a Java RCS property; `rcskit`: ours. */
  readonly origin: 'java' | 'rcskit';
  /** Default as shown to users (the parser applies defaults itself). */
  readonly defaultText?: string;
  /** Allowed values of an `enum` (lower case). */
  readonly values?: readonly string[];
  /** Other accepted keys. */
  readonly aliases?: readonly string[];
  /** Never logged even though it is not a password (the key hash). */
  readonly sensitive?: boolean;
  /** Inclusive bounds of an `integer`. */
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** Prefix of the Java RCS keys. */
export const PREFIX = 'connectorserver.';

/** Prefix of bundle pins: `rcskit.bundle.pin.<label>=<bundleName> <range>`. */
export const PIN_PREFIX = 'rcskit.bundle.pin.';

/** Log levels accepted by `connectorserver.logLevel` (pino's, plus the java.util.logging names). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** java.util.logging and SLF4J level names mapped to pino's. */
export const JAVA_LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  severe: 'error',
  warning: 'warn',
  config: 'info',
  fine: 'debug',
  finer: 'trace',
  finest: 'trace',
  all: 'trace',
  off: 'silent',
};

const k = (name: string) => `${PREFIX}${name}`;

/** The known properties, in the order the README lists them. */
export const PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  {
    key: k('mode'),
    type: 'enum',
    mode: 'both',
    origin: 'rcskit',
    values: ['auto', 'server', 'client'],
    defaultText: 'auto',
    description:
      'Which mode to run: `auto` = client mode when `connectorserver.url` is set, server mode otherwise (the Java rule).',
  },
  {
    key: k('port'),
    type: 'port',
    mode: 'server',
    origin: 'java',
    defaultText: '8759',
    description: 'Port the RCS listens on for IDM (0 = any free port, logged at start-up).',
  },
  {
    key: k('ifaddress'),
    type: 'string',
    mode: 'server',
    origin: 'java',
    defaultText: 'all interfaces',
    description: 'Interface address to listen on, e.g. `127.0.0.1`.',
  },
  {
    key: k('key'),
    type: 'string',
    mode: 'server',
    origin: 'java',
    defaultText: 'hash of `changeit`',
    sensitive: true,
    description:
      'The shared key **hash** (base64 SHA-1 of the UTF-16BE key) IDM must present; set it with `rcs setkey <key>`.',
  },
  {
    key: k('useSSL'),
    type: 'boolean',
    mode: 'server',
    origin: 'java',
    defaultText: 'false',
    description: 'Listen with TLS (`wss://`), using the key store or the PEM files below.',
  },
  {
    key: k('keyStoreFile'),
    type: 'path',
    mode: 'both',
    origin: 'java',
    aliases: [k('keyStore')],
    description:
      'Key store (PKCS12 or JKS, as keytool makes them) with the RCS private key and certificate: the TLS server key in server mode, the client certificate for mutual TLS in client mode (see docs/tls.md).',
  },
  {
    key: k('keyStoreType'),
    type: 'enum',
    mode: 'both',
    origin: 'java',
    values: ['pkcs12', 'jks', 'jceks'],
    defaultText: 'PKCS12',
    description:
      'Key store type (`PKCS12` or `JKS`; the file content decides, `JCEKS` stops start-up with how to convert).',
  },
  {
    key: k('keyStorePass'),
    type: 'secret',
    mode: 'both',
    origin: 'java',
    aliases: [k('keyStorePassword')],
    description: 'Key store password.',
  },
  {
    key: k('keyPass'),
    type: 'secret',
    mode: 'both',
    origin: 'java',
    aliases: [k('keyPassword')],
    description:
      'Private key password (a JKS key may have its own); used for the store when `keyStorePass` is not set, and as the passphrase of `sslKeyFile`.',
  },
  {
    key: k('keyAlias'),
    type: 'string',
    mode: 'both',
    origin: 'rcskit',
    description: 'Alias of the key entry to use when the key store holds several (default: the only one).',
  },
  {
    key: k('trustStoreFile'),
    type: 'path',
    mode: 'both',
    origin: 'java',
    aliases: [k('trustStore')],
    description:
      'Trust store (PKCS12, JKS or PEM) for `wss://` URLs and the token endpoint in client mode; replaces the default CAs.',
  },
  {
    key: k('trustStoreType'),
    type: 'enum',
    mode: 'both',
    origin: 'java',
    values: ['pkcs12', 'jks', 'jceks', 'pem'],
    defaultText: 'PKCS12',
    description: 'Trust store type (`PKCS12`, `JKS` or `PEM`; the file content decides).',
  },
  {
    key: k('trustStorePass'),
    type: 'secret',
    mode: 'both',
    origin: 'java',
    aliases: [k('trustStorePassword')],
    description: 'Trust store password (PEM files need none).',
  },
  {
    key: k('sslKeyFile'),
    type: 'path',
    mode: 'both',
    origin: 'rcskit',
    description: 'PEM private key, instead of a key store (with `sslCertFile`; client mode: mutual TLS).',
  },
  {
    key: k('sslCertFile'),
    type: 'path',
    mode: 'both',
    origin: 'rcskit',
    description: 'PEM certificate chain matching `sslKeyFile`.',
  },
  {
    key: k('sslCaFile'),
    type: 'path',
    mode: 'both',
    origin: 'rcskit',
    description:
      'PEM CA certificates: trusted for `wss://` URLs and the token endpoint in client mode; sent as the chain in server mode.',
  },
  {
    key: k('bundleDir'),
    type: 'paths',
    mode: 'both',
    origin: 'java',
    defaultText: 'connectors',
    description:
      'Where connector bundles (npm packages) are installed; several directories may be listed, separated by commas.',
  },
  {
    key: k('bundleWatch'),
    type: 'boolean',
    mode: 'both',
    origin: 'rcskit',
    defaultText: 'true',
    description:
      'Load bundle versions added to the bundle directories, and retire removed ones, while the server runs (no restart).',
  },
  {
    key: k('bundleRetireGrace'),
    type: 'seconds',
    mode: 'both',
    origin: 'rcskit',
    defaultText: '600',
    description:
      'How long a retired (removed or replaced) bundle version still serves requests addressed to it, though no longer advertised, so facades open on it finish their work.',
  },
  {
    key: k('bundleInstallOnStart'),
    type: 'boolean',
    mode: 'both',
    origin: 'rcskit',
    defaultText: 'false',
    description:
      '`rcs run` first installs what the lock file of the first bundle directory (`rcs-lock.json`, written by `rcs install`) lists and is missing, from the registry of its `.npmrc`.',
  },
  {
    key: k('libDir'),
    type: 'ignored',
    mode: 'both',
    origin: 'java',
    description: 'Java library directory: accepted and ignored (bundles bring their npm dependencies).',
  },
  {
    key: k('loggerClass'),
    type: 'ignored',
    mode: 'both',
    origin: 'java',
    description: 'Java logger class: accepted and ignored (rcskit logs with pino).',
  },
  {
    key: k('logLevel'),
    type: 'enum',
    mode: 'both',
    origin: 'rcskit',
    values: [...LOG_LEVELS, ...Object.keys(JAVA_LOG_LEVELS)],
    defaultText: 'info',
    description:
      'Log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent` (Java names such as `FINE` and `WARNING` are mapped).',
  },
  {
    key: k('logFormat'),
    type: 'enum',
    mode: 'both',
    origin: 'rcskit',
    values: ['auto', 'pretty', 'json'],
    defaultText: 'auto',
    description:
      'Log lines as text (`pretty`) or JSON (`json`); `auto` = text on a terminal, JSON otherwise.',
  },
  {
    key: k('pingPongInterval'),
    type: 'seconds',
    mode: 'both',
    origin: 'java',
    defaultText: '60',
    description: 'Send a WebSocket ping on every socket this often, in seconds (0 = never).',
  },
  {
    key: k('groupCheckInterval'),
    type: 'seconds',
    mode: 'both',
    origin: 'java',
    defaultText: '240',
    description:
      'Connection-group health check (ControlRequest and stale-request clean-up), in seconds (0 = off).',
  },
  {
    key: k('shutdownTimeout'),
    type: 'seconds',
    mode: 'both',
    origin: 'rcskit',
    defaultText: '10',
    description: 'On SIGINT/SIGTERM, how long operations in progress may run before they are cancelled.',
  },
  {
    key: k('url'),
    type: 'urls',
    mode: 'client',
    origin: 'java',
    description:
      'IDM endpoint(s) to dial, e.g. `wss://idm.example.com/openicf`; several separated by spaces or commas. Setting it selects client mode.',
  },
  {
    key: k('connectorServerName'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description:
      'Name of this RCS in IDM (`^[a-z0-9]*$`); sent as upgrade header `X-OpenICF-Connector-Server-Name`.',
  },
  {
    key: k('hostId'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description: 'Unique id of this RCS host; sent as upgrade header `X-OpenICF-Host-Id`.',
  },
  {
    key: k('principal'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    defaultText: 'anonymous',
    description: 'Basic user name for IDM (client mode without OAuth2).',
  },
  {
    key: k('password'),
    type: 'secret',
    mode: 'client',
    origin: 'java',
    description: 'Basic password (the clear key) for IDM.',
  },
  {
    key: k('tokenEndpoint'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description:
      'OAuth2 token endpoint; when set, the RCS authenticates with a client-credentials Bearer token.',
  },
  {
    key: k('clientId'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description: 'OAuth2 client id.',
  },
  {
    key: k('clientSecret'),
    type: 'secret',
    mode: 'client',
    origin: 'java',
    description: 'OAuth2 client secret.',
  },
  {
    key: k('scope'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description: 'OAuth2 scope, e.g. `fr:idm:*`.',
  },
  {
    key: k('webSocketConnections'),
    type: 'integer',
    mode: 'client',
    origin: 'java',
    min: 1,
    max: 10,
    defaultText: '2',
    description: 'Sockets to keep open to each URL.',
  },
  {
    key: k('maxWebSocketConnections'),
    type: 'integer',
    mode: 'client',
    origin: 'java',
    min: 1,
    max: 10,
    defaultText: '10',
    description: 'Upper bound of `webSocketConnections`.',
  },
  {
    key: k('housekeepingInterval'),
    type: 'seconds',
    mode: 'client',
    origin: 'java',
    defaultText: '10',
    description:
      'How often the socket count of each URL is checked and missing sockets reopened, in seconds.',
  },
  {
    key: k('connectionTtl'),
    type: 'seconds',
    mode: 'client',
    origin: 'java',
    defaultText: '0',
    description:
      'Replace a socket after it has been open this long, in seconds (a new one is opened first); 0 = never.',
  },
  {
    key: k('newConnectionsInterval'),
    type: 'seconds',
    mode: 'client',
    origin: 'java',
    defaultText: '1',
    description:
      'Least time between two connection attempts to one URL, in seconds: the first reconnect delay, doubled per failure.',
  },
  {
    key: k('maxReconnectInterval'),
    type: 'seconds',
    mode: 'client',
    origin: 'rcskit',
    defaultText: '60',
    description: 'Cap of the reconnect delay, in seconds.',
  },
  {
    key: k('proxyHost'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    description:
      'HTTP proxy for the WebSocket and the token endpoint in client mode (CONNECT tunnel, also for `ws://`).',
  },
  {
    key: k('proxyPort'),
    type: 'port',
    mode: 'client',
    origin: 'java',
    defaultText: '8080',
    description: 'HTTP proxy port.',
  },
  {
    key: k('proxyPrincipal'),
    type: 'string',
    mode: 'client',
    origin: 'java',
    aliases: [k('proxyUser')],
    description: 'HTTP proxy user (Basic `Proxy-Authorization`); IDM spells it `proxyUser`.',
  },
  {
    key: k('proxyPassword'),
    type: 'secret',
    mode: 'client',
    origin: 'java',
    description: 'HTTP proxy password.',
  },
];

/** A definition by lower-cased key or alias. */
export const DEFINITIONS_BY_LOWER_KEY: ReadonlyMap<string, PropertyDefinition> = new Map(
  PROPERTY_DEFINITIONS.flatMap((definition) =>
    [definition.key, ...(definition.aliases ?? [])].map((key) => [key.toLowerCase(), definition] as const),
  ),
);

/** Finds the definition of a key (any case, aliases included). */
export function findDefinition(key: string): PropertyDefinition | undefined {
  return DEFINITIONS_BY_LOWER_KEY.get(key.toLowerCase());
}

/** Whether a property holds a secret (never logged, masked in summaries). */
export function isSecretKey(key: string): boolean {
  const definition = findDefinition(key);
  return definition !== undefined && (definition.type === 'secret' || definition.sensitive === true);
}
