/**
 * The TLS matrix end to end (docs/tls.md): server mode with PKCS12 (keytool, EC; node-forge, RSA), JKS (keytool)
 * and PEM key material; client mode trusting PKCS12, JKS and PEM trust stores, with and without mutual TLS, and
 * the token endpoint over https; and each refusal (wrong store or key password, unknown alias, expired, untrusted,
 * other host name) as a start-up or connection error naming the property, the file and the fix, never a password.
 * The keytool-made stores are committed (fixtures/tls/keytool/generate.sh); the RSA store is made here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { join } from 'node:path';
import {
  ClientEndpoint,
  computeKeyHash,
  connectOpenIcf,
  loadKeyEntry,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import { PropertiesError } from '../src/properties/index.js';
import { startAcceptor, startTokenEndpoint } from './fixtures/acceptor.js';
import {
  bundleDir,
  capturingLogger,
  configFrom,
  eventually,
  FIXTURES,
  scratchDir,
} from './fixtures/support.js';

const KT = join(FIXTURES, 'tls', 'keytool');
const PEM = join(FIXTURES, 'tls');
const bundles = bundleDir({ 'test-bundle': 'test-bundle-1.1.0' });
const scratch = scratchDir('tls-matrix');
let forgeStore: string;
let forgeCert: string;

/** The expired key pair of expired.p12, read with node-forge (loadKeyEntry refuses it, as it should). */
async function expiredPair(): Promise<HttpsOptions> {
  const der = readFileSync(join(KT, 'expired.p12')).toString('binary');
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, 'changeit');
  const pem = (label: string, asn1: forge.asn1.Asn1) =>
    `-----BEGIN ${label}-----\n${forge.util.encode64(forge.asn1.toDer(asn1).getBytes(), 64)}\n-----END ${label}-----\n`;
  let key = '';
  let cert = '';
  for (const contents of p12.safeContents) {
    for (const bag of contents.safeBags) {
      const asn1 = (bag as unknown as { asn1: forge.asn1.Asn1 }).asn1;
      if (bag.type === forge.pki.oids.certBag) cert = pem('CERTIFICATE', asn1);
      else key = pem('PRIVATE KEY', asn1);
    }
  }
  return { key, cert };
}

/** A PKCS12 store made with node-forge: an RSA key (from Node's generator) and a self-signed localhost cert. */
function makeForgeStore(): void {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], 'forge-pass', {
    algorithm: 'aes256',
    friendlyName: 'forge-rsa',
  });
  forgeStore = join(scratch.dir, 'forge-rsa.p12');
  writeFileSync(forgeStore, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  forgeCert = forge.pki.certificateToPem(cert);
}

beforeAll(() => makeForgeStore());
afterAll(() => {
  bundles.remove();
  scratch.remove();
});

function serverConfig(extra: Record<string, string>) {
  return configFrom({
    'connectorserver.bundleDir': bundles.dir,
    'connectorserver.port': '0',
    'connectorserver.ifaddress': '127.0.0.1',
    'connectorserver.key': computeKeyHash('Passw0rd'),
    'connectorserver.useSSL': 'true',
    ...extra,
  });
}

async function startFails(config: () => ReturnType<typeof serverConfig>): Promise<string> {
  try {
    const server = await ConnectorServer.start({ config: config(), logger: capturingLogger().logger });
    await server.stop();
  } catch (error) {
    expect(error).toBeInstanceOf(PropertiesError);
    return (error as Error).message;
  }
  throw new Error('the RCS started');
}

describe('server mode key material', () => {
  it.each([
    [
      'PKCS12 (keytool, EC)',
      { 'connectorserver.keyStoreFile': join(KT, 'rcs.p12'), 'connectorserver.keyStorePass': 'changeit' },
      'rcs-p12.pem',
    ],
    [
      'JKS (keytool, EC)',
      {
        'connectorserver.keyStoreFile': join(KT, 'rcs.jks'),
        'connectorserver.keyStoreType': 'JKS',
        'connectorserver.keyStorePass': 'changeit',
        'connectorserver.keyPass': 'changeit',
      },
      'rcs-jks.pem',
    ],
    [
      'PEM',
      {
        'connectorserver.sslKeyFile': join(PEM, 'key.pem'),
        'connectorserver.sslCertFile': join(PEM, 'cert.pem'),
      },
      '../cert.pem',
    ],
    ['PKCS12 (node-forge, RSA, AES-256)', {}, 'forge'],
  ] as const)('serves wss with %s', async (_name, properties, caFile) => {
    const extra: Record<string, string> =
      caFile === 'forge'
        ? { 'connectorserver.keyStoreFile': forgeStore, 'connectorserver.keyStorePass': 'forge-pass' }
        : { ...properties };
    const server = await ConnectorServer.start({
      config: serverConfig(extra),
      logger: capturingLogger().logger,
    });
    try {
      expect(server.url).toMatch(/^wss:/);
      const ca = caFile === 'forge' ? forgeCert : readFileSync(join(KT, caFile));
      const channel = await connectOpenIcf({
        url: server.url!,
        key: 'Passw0rd',
        ca,
        localEndpoint: new ClientEndpoint(),
      });
      const manager = await RemoteConnectorInfoManager.load(channel);
      expect(manager.connectorInfos.length).toBe(1);
      await channel.close();
    } finally {
      await server.stop();
    }
  });

  it('refuses a wrong store password, naming keyStorePass and the file, not the password', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'rcs.p12'),
        'connectorserver.keyStorePass': 'Wr0ngPass!',
      }),
    );
    expect(message).toMatch(
      /^connectorserver\.keyStorePass: the password does not open .*rcs\.p12: check the store password/,
    );
    expect(message).not.toContain('Wr0ngPass!');
    const jks = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'rcs.jks'),
        'connectorserver.keyStorePass': 'Wr0ngPass!',
      }),
    );
    expect(jks).toMatch(/^connectorserver\.keyStorePass: the password does not open .*rcs\.jks/);
    expect(jks).not.toContain('Wr0ngPass!');
  });

  it('refuses a wrong JKS key password, naming keyPass', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'rcs.jks'),
        'connectorserver.keyStorePass': 'changeit',
        'connectorserver.keyPass': 'Wr0ngKey!',
      }),
    );
    expect(message).toMatch(
      /^connectorserver\.keyPass: the key password does not recover the key 'icf-rcs' in .*rcs\.jks/,
    );
    expect(message).not.toContain('Wr0ngKey!');
  });

  it('refuses an unknown key alias, listing the aliases the store has', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'rcs.p12'),
        'connectorserver.keyStorePass': 'changeit',
        'connectorserver.keyAlias': 'rcs-key',
      }),
    );
    expect(message).toMatch(
      /^connectorserver\.keyAlias: .*rcs\.p12 has no key entry 'rcs-key'; its key entries: icf-rcs/,
    );
  });

  it('refuses a store with several key entries unless keyAlias names one, and then serves that one', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'two-keys.p12'),
        'connectorserver.keyStorePass': 'changeit',
      }),
    );
    expect(message).toMatch(
      /two-keys\.p12 holds several key entries \((icf-rcs, openidm-localhost|openidm-localhost, icf-rcs)\): name the one to use/,
    );
    const server = await ConnectorServer.start({
      config: serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'two-keys.p12'),
        'connectorserver.keyStorePass': 'changeit',
        'connectorserver.keyAlias': 'icf-rcs',
      }),
      logger: capturingLogger().logger,
    });
    try {
      // Trusting only icf-rcs's certificate proves the alias chose the entry the server presents.
      const channel = await connectOpenIcf({
        url: server.url!,
        key: 'Passw0rd',
        ca: readFileSync(join(KT, 'rcs-p12.pem')),
        localEndpoint: new ClientEndpoint(),
      });
      await channel.close();
      await expect(
        connectOpenIcf({
          url: server.url!,
          key: 'Passw0rd',
          ca: readFileSync(join(KT, 'idm.pem')),
          localEndpoint: new ClientEndpoint(),
        }),
      ).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });

  it('refuses an expired certificate at start-up, with the date and how to renew it', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'expired.p12'),
        'connectorserver.keyStorePass': 'changeit',
      }),
    );
    expect(message).toMatch(
      /^connectorserver\.keyStoreFile: the certificate 'expired' in .*expired\.p12 .* expired on \d{4}-/,
    );
    expect(message).toContain('renew it (keytool -genkeypair');
  });

  it('refuses a trust store as key store: it holds no private key', async () => {
    const message = await startFails(() =>
      serverConfig({
        'connectorserver.keyStoreFile': join(KT, 'truststore.p12'),
        'connectorserver.keyStorePass': 'changeit',
      }),
    );
    expect(message).toContain('holds no private key entry');
  });
});

describe('client mode trust and mutual TLS', () => {
  let idm: HttpsOptions;
  let rcsAsIdm: HttpsOptions;
  let expired: HttpsOptions;
  let otherHost: HttpsOptions;
  const pair = async (file: string): Promise<HttpsOptions> => {
    const entry = await loadKeyEntry({ file: join(KT, file), password: 'changeit' });
    return { key: entry.key, cert: entry.cert };
  };
  beforeAll(async () => {
    idm = await pair('idm.p12');
    rcsAsIdm = await pair('rcs.p12');
    // loadKeyEntry refuses an expired entry: build that one by hand from the store's PEM export.
    otherHost = await pair('other-host.p12');
    expired = await expiredPair();
  });

  /** Starts client mode against an acceptor with `tls`; `check` gets the logs and the acceptor. */
  async function dial(
    tls: HttpsOptions,
    properties: Record<string, string>,
    check: (lines: string[], acceptor: Awaited<ReturnType<typeof startAcceptor>>) => Promise<void>,
  ): Promise<void> {
    const acceptor = await startAcceptor({ users: { rcs1: 's3cret' } }, 0, tls);
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({
      config: configFrom({
        'connectorserver.url': acceptor.url,
        'connectorserver.bundleDir': bundles.dir,
        'connectorserver.principal': 'rcs1',
        'connectorserver.password': 's3cret',
        'connectorserver.newConnectionsInterval': '0.1',
        'connectorserver.maxReconnectInterval': '0.3',
        'connectorserver.housekeepingInterval': '0.1',
        ...properties,
      }),
      logger,
    });
    try {
      await check(lines, acceptor);
      expect(lines.join('\n')).not.toContain('changeit');
      expect(lines.join('\n')).not.toContain('s3cret');
    } finally {
      await server.stop();
      await acceptor.close();
    }
  }

  const connects = async (_lines: string[], acceptor: Awaited<ReturnType<typeof startAcceptor>>) => {
    const channel = await acceptor.nextChannel();
    expect(channel.principal).toBe('rcs1');
  };
  const trust = {
    PKCS12: {
      'connectorserver.trustStoreFile': join(KT, 'truststore.p12'),
      'connectorserver.trustStorePass': 'changeit',
    },
    JKS: {
      'connectorserver.trustStoreFile': join(KT, 'truststore.jks'),
      'connectorserver.trustStoreType': 'JKS',
      'connectorserver.trustStorePass': 'changeit',
    },
    PEM: { 'connectorserver.trustStoreFile': join(KT, 'idm.pem'), 'connectorserver.trustStoreType': 'PEM' },
  } as const;

  it.each(
    Object.keys(trust) as (keyof typeof trust)[],
  )('dials wss trusting a %s trust store', async (type) => {
    await dial(idm, trust[type], connects);
  });

  const clientKeys = {
    PKCS12: {
      'connectorserver.keyStoreFile': join(KT, 'rcs.p12'),
      'connectorserver.keyStorePass': 'changeit',
    },
    JKS: { 'connectorserver.keyStoreFile': join(KT, 'rcs.jks'), 'connectorserver.keyStorePass': 'changeit' },
    PEM: {
      'connectorserver.sslKeyFile': join(PEM, 'key.pem'),
      'connectorserver.sslCertFile': join(PEM, 'cert.pem'),
    },
  } as const;
  const clientCas = [
    readFileSync(join(KT, 'rcs-p12.pem')),
    readFileSync(join(KT, 'rcs-jks.pem')),
    readFileSync(join(PEM, 'cert.pem')),
  ];

  it.each(
    Object.keys(clientKeys) as (keyof typeof clientKeys)[],
  )('presents a %s client certificate when IDM asks for one (mutual TLS)', async (type) => {
    const mutual = { ...idm, requestCert: true, rejectUnauthorized: true, ca: clientCas };
    await dial(mutual, { ...trust.PKCS12, ...clientKeys[type] }, connects);
  });

  it('without a client certificate, mutual TLS fails and is retried', async () => {
    const mutual = { ...idm, requestCert: true, rejectUnauthorized: true, ca: clientCas };
    await dial(mutual, trust.PKCS12, async (lines, acceptor) => {
      await eventually(() => lines.filter((l) => l.includes('Cannot connect to IDM')).length >= 2);
      expect(acceptor.channels).toEqual([]);
    });
  });

  it('an untrusted IDM certificate: the error names the trust store and the keytool import', async () => {
    await dial(rcsAsIdm, trust.PKCS12, async (lines) => {
      const line = await eventually(() => lines.find((l) => l.includes('Cannot connect to IDM')));
      expect(line).toContain('is not trusted');
      expect(line).toMatch(/"fix":"import IDM's certificate into .*truststore\.p12 \(keytool -importcert/);
    });
  });

  it('an expired IDM certificate and one for another host name are connection errors saying so', async () => {
    await dial(expired, trust.JKS, async (lines) => {
      const line = await eventually(() => lines.find((l) => l.includes('Cannot connect to IDM')));
      expect(line).toContain('has expired');
      expect(line).toMatch(/"fix":"IDM's certificate must be renewed, then imported into .*truststore\.jks"/);
    });
    await dial(otherHost, trust.PKCS12, async (lines) => {
      const line = await eventually(() => lines.find((l) => l.includes('Cannot connect to IDM')));
      expect(line).toContain('is not issued for that host name');
      expect(line).toContain('use the host name of IDM');
    });
  });

  it('fetches the OAuth2 token over https with the same trust store and client certificate', async () => {
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint({ id: 'rcs-client', secret: 'cl1ent-secret' }, tokens, {
      ...idm,
      requestCert: true,
      rejectUnauthorized: true,
      ca: clientCas,
    });
    try {
      const acceptor = await startAcceptor({ tokens }, 0, idm);
      const { logger, lines } = capturingLogger();
      const server = await ConnectorServer.start({
        config: configFrom({
          'connectorserver.url': acceptor.url,
          'connectorserver.bundleDir': bundles.dir,
          'connectorserver.tokenEndpoint': endpoint.url,
          'connectorserver.clientId': 'rcs-client',
          'connectorserver.clientSecret': 'cl1ent-secret',
          ...trust.PKCS12,
          ...clientKeys.PKCS12,
        }),
        logger,
      });
      try {
        const channel = await acceptor.nextChannel();
        expect(channel.principal).toBe('oauth-client');
        expect(endpoint.requests).toHaveLength(1);
        expect(lines.join('\n')).not.toContain('cl1ent-secret');
      } finally {
        await server.stop();
        await acceptor.close();
      }
    } finally {
      await endpoint.close();
    }
  });
});
