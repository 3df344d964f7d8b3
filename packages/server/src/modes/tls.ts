/**
 * TLS material from the properties (`docs/tls.md`).
 *
 * - Server mode: the key entry of `keyStoreFile` (PKCS12 or JKS, as keytool makes them; store password
 *   `keyStorePass`, else `keyPass`; key password `keyPass`, else the store password; entry `keyAlias`, else the
 *   only one), or PEM files (`sslKeyFile` + `sslCertFile`, passphrase `keyPass`, extra chain `sslCaFile`).
 * - Client mode: trusted certificates for `wss://` URLs and the token endpoint from `trustStoreFile` (PKCS12, JKS
 *   or PEM, password `trustStorePass`) and/or `sslCaFile` (PEM); they replace Node's default CAs. With a key store
 *   or PEM key files, the RCS presents that certificate (mutual TLS).
 *
 * Everything is loaded and checked at start-up, so a wrong password, an unknown alias or an expired certificate
 * stops the RCS with the property to fix, the file and the fix; never a password.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { KeyStoreError, loadKeyEntry, loadTrustedCertificates } from '@rcskit/transport';
import { PREFIX } from '../properties/definitions.js';
import { PropertiesError, type ServerConfig } from '../properties/server-config.js';

function problem(name: string, config: ServerConfig, message: string): PropertiesError {
  return new PropertiesError([
    { key: `${PREFIX}${name}`, origin: config.origins.get(`${PREFIX}${name}`) ?? '', message },
  ]);
}

async function readMaterial(name: string, path: string, config: ServerConfig): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw problem(
      name,
      config,
      `${PREFIX}${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

/** The property a key store problem is about. */
function propertyOf(error: KeyStoreError, store: 'keyStore' | 'trustStore'): string {
  if (error.problem === 'wrong-password') return `${store}Pass`;
  if (error.problem === 'wrong-key-password') return 'keyPass';
  if (error.problem === 'unknown-alias' || error.problem === 'ambiguous-alias') return 'keyAlias';
  return `${store}File`;
}

/** Re-throws a key store problem as a {@link PropertiesError} on the property to fix. */
function asPropertiesError(error: unknown, config: ServerConfig, store: 'keyStore' | 'trustStore'): never {
  if (!(error instanceof KeyStoreError)) throw error;
  const name = propertyOf(error, store);
  let message = `${PREFIX}${name}: ${error.message}`;
  if (error.problem === 'ambiguous-alias') message += ` with ${PREFIX}keyAlias`;
  throw problem(name, config, message);
}

function explainTlsError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/mac verify failure|bad decrypt|wrong password|bad password/i.test(message)) return 'wrong password';
  return message;
}

/** Key and certificate chain (PEM) from the key store or the PEM files, or `undefined` when none is set. */
async function keyMaterial(
  config: ServerConfig,
): Promise<{ key: string | Buffer; cert: string | Buffer; passphrase?: string } | undefined> {
  const tls = config.tls;
  if (tls.keyStoreFile !== undefined) {
    const storePass = (tls.keyStorePass ?? tls.keyPass)?.reveal();
    try {
      const entry = await loadKeyEntry({
        file: tls.keyStoreFile,
        type: tls.keyStoreType,
        password: storePass,
        keyPassword: tls.keyPass?.reveal() ?? storePass,
        alias: tls.keyAlias,
      });
      return { key: entry.key, cert: entry.cert };
    } catch (error) {
      asPropertiesError(error, config, 'keyStore');
    }
  }
  if (tls.sslKeyFile === undefined || tls.sslCertFile === undefined) return undefined;
  const key = await readMaterial('sslKeyFile', tls.sslKeyFile, config);
  const cert = await readMaterial('sslCertFile', tls.sslCertFile, config);
  const passphrase = tls.keyPass?.reveal();
  const options = { key, cert, ...(passphrase !== undefined ? { passphrase } : {}) };
  try {
    createSecureContext(options);
  } catch (error) {
    const reason = explainTlsError(error);
    throw problem(
      reason === 'wrong password' ? 'keyPass' : 'sslKeyFile',
      config,
      reason === 'wrong password'
        ? `${PREFIX}keyPass does not decrypt ${tls.sslKeyFile}`
        : `${PREFIX}sslKeyFile/${PREFIX}sslCertFile cannot be used: ${reason}`,
    );
  }
  return options;
}

/** HTTPS options for server mode, or `undefined` when `useSSL` is off. */
export async function serverTlsOptions(config: ServerConfig): Promise<HttpsOptions | undefined> {
  if (!config.useSSL) return undefined;
  const tls = config.tls;
  const ca = tls.sslCaFile === undefined ? undefined : await readMaterial('sslCaFile', tls.sslCaFile, config);
  const material = await keyMaterial(config);
  if (material === undefined) throw problem('useSSL', config, `${PREFIX}useSSL=true needs a key store`);
  return { ...material, ...(ca !== undefined ? { ca } : {}), minVersion: 'TLSv1.2' };
}

/** TLS settings of client mode: whom to trust, and the client certificate for mutual TLS. */
export interface ClientTls {
  /** Trusted certificates (PEM); `undefined` = Node's default CAs. */
  readonly ca?: string[] | undefined;
  /** Client key and certificate chain (PEM), when configured. */
  readonly key?: string | Buffer | undefined;
  readonly cert?: string | Buffer | undefined;
  readonly passphrase?: string | undefined;
  /** The trust store file, for messages. */
  readonly trustFile?: string | undefined;
}

/** Loads the client-mode TLS settings (see the module notes). */
export async function clientTls(config: ServerConfig): Promise<ClientTls> {
  const tls = config.tls;
  const ca: string[] = [];
  if (tls.sslCaFile !== undefined)
    ca.push((await readMaterial('sslCaFile', tls.sslCaFile, config)).toString('utf8'));
  if (tls.trustStoreFile !== undefined) {
    try {
      ca.push(
        ...(await loadTrustedCertificates({
          file: tls.trustStoreFile,
          type: tls.trustStoreType,
          password: tls.trustStorePass?.reveal(),
        })),
      );
    } catch (error) {
      asPropertiesError(error, config, 'trustStore');
    }
  }
  const material = await keyMaterial(config);
  return {
    ...(ca.length > 0 ? { ca } : {}),
    ...(material ?? {}),
    trustFile: tls.trustStoreFile ?? tls.sslCaFile,
  };
}
