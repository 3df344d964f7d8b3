/**
 * TLS material from the properties.
 *
 * - Server mode: a PKCS#12 key store (`keyStoreFile`, password `keyStorePass`, else `keyPass`) or PEM files
 *   (`sslKeyFile` + `sslCertFile`, passphrase `keyPass`, extra chain `sslCaFile`). JKS/JCEKS stores are recognised
 *   by their magic number and refused with the `keytool` command that converts them. The material is loaded into
 *   a secure context at start-up, so a wrong password fails there with the key to fix.
 * - Client mode: trusted CAs for `wss://` URLs and the token endpoint from `sslCaFile` and/or a PEM
 *   `trustStoreFile`. Node cannot read certificates out of a PKCS#12 trust store without a key, so such a store is
 *   refused with the `openssl` command that exports it to PEM.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
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

/** The kind of Java key store a file is, by its magic number. */
export function javaKeyStoreKind(bytes: Uint8Array): 'JKS' | 'JCEKS' | undefined {
  if (bytes.length < 4) return undefined;
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (magic === 0xfeedfeed) return 'JKS';
  if (magic === 0xcececece) return 'JCEKS';
  return undefined;
}

function isPem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 4096)).toString('latin1').includes('-----BEGIN ');
}

function explainTlsError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/mac verify failure|bad decrypt|wrong password|bad password/i.test(message)) return 'wrong password';
  return message;
}

/** HTTPS options for server mode, or `undefined` when `useSSL` is off. */
export async function serverTlsOptions(config: ServerConfig): Promise<HttpsOptions | undefined> {
  if (!config.useSSL) return undefined;
  const tls = config.tls;
  const ca = tls.sslCaFile === undefined ? undefined : await readMaterial('sslCaFile', tls.sslCaFile, config);
  let options: HttpsOptions;
  if (tls.keyStoreFile !== undefined) {
    const pfx = await readMaterial('keyStoreFile', tls.keyStoreFile, config);
    const kind = javaKeyStoreKind(pfx);
    if (kind !== undefined) {
      throw problem(
        'keyStoreFile',
        config,
        `${PREFIX}keyStoreFile ${tls.keyStoreFile} is a ${kind} key store, which Node cannot read: convert it with ` +
          `keytool -importkeystore -srckeystore ${tls.keyStoreFile} -srcstoretype ${kind} -destkeystore keystore.p12 -deststoretype PKCS12`,
      );
    }
    const passphrase = (tls.keyStorePass ?? tls.keyPass)?.reveal() ?? '';
    options = { pfx, passphrase };
    try {
      createSecureContext(options);
    } catch (error) {
      const reason = explainTlsError(error);
      throw problem(
        reason === 'wrong password' ? 'keyStorePass' : 'keyStoreFile',
        config,
        reason === 'wrong password'
          ? `${PREFIX}keyStorePass does not open ${tls.keyStoreFile}: check the key store password`
          : `${PREFIX}keyStoreFile ${tls.keyStoreFile} is not a usable PKCS12 key store: ${reason}`,
      );
    }
  } else {
    const key = await readMaterial('sslKeyFile', tls.sslKeyFile as string, config);
    const cert = await readMaterial('sslCertFile', tls.sslCertFile as string, config);
    const passphrase = tls.keyPass?.reveal();
    options = { key, cert, ...(passphrase !== undefined ? { passphrase } : {}) };
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
  }
  return { ...options, ...(ca !== undefined ? { ca } : {}), minVersion: 'TLSv1.2' };
}

/** Trusted CA certificates for client mode (undefined = Node's default trust store). */
export async function clientTrustedCas(config: ServerConfig): Promise<Buffer[] | undefined> {
  const cas: Buffer[] = [];
  const tls = config.tls;
  if (tls.sslCaFile !== undefined) cas.push(await readMaterial('sslCaFile', tls.sslCaFile, config));
  if (tls.trustStoreFile !== undefined) {
    const bytes = await readMaterial('trustStoreFile', tls.trustStoreFile, config);
    if (!isPem(bytes)) {
      throw problem(
        'trustStoreFile',
        config,
        `${PREFIX}trustStoreFile ${tls.trustStoreFile} is not PEM; Node cannot read certificates from a PKCS12/JKS trust store. ` +
          `Export them (openssl pkcs12 -in ${tls.trustStoreFile} -nokeys -out truststore.pem, or keytool -exportcert -rfc) and set ${PREFIX}sslCaFile=truststore.pem`,
      );
    }
    cas.push(bytes);
  }
  return cas.length > 0 ? cas : undefined;
}
