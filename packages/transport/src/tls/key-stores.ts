/**
 * Key and trust stores as Java users have them (`docs/tls.md`): PKCS12 stores as `keytool` writes them
 * (password-protected, PBES2/AES or the older PBE algorithms, RSA or EC keys; read with node-forge), JKS stores
 * (read with jks-js) and PEM files. What comes out is PEM text Node's TLS takes as `key`, `cert` and `ca`.
 *
 * The content of a file decides its type (JKS and JCEKS by their magic numbers, PEM by its armour, PKCS12
 * otherwise); a declared type is only used in messages. Every failure is a {@link KeyStoreError} whose message
 * names the file and the fix, never a password.
 *
 * @packageDocumentation
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import jks from 'jks-js';
import forge from 'node-forge';

/** What a store file holds, by its content. */
export type StoreFormat = 'PKCS12' | 'JKS' | 'JCEKS' | 'PEM';

/** Why a store could not be used. */
export type KeyStoreProblem =
  | 'unreadable'
  | 'unsupported'
  | 'corrupt'
  | 'wrong-password'
  | 'wrong-key-password'
  | 'no-key'
  | 'unknown-alias'
  | 'ambiguous-alias'
  | 'no-certificate'
  | 'expired'
  | 'not-yet-valid';

/** A key or trust store could not be used; the message names the file and the fix. */
export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
  constructor(
    readonly problem: KeyStoreProblem,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where a store is and how to open it. */
export interface StoreSource {
  readonly file: string;
  /** Declared type (`PKCS12`, `JKS`, `PEM`); informational, the content decides. */
  readonly type?: string | undefined;
  /** Store password. */
  readonly password?: string | undefined;
  /** Private key password (JKS keys may have their own; PKCS12 stores use the store password). */
  readonly keyPassword?: string | undefined;
  /** Alias of the key entry to use; default: the only key entry. */
  readonly alias?: string | undefined;
}

/** A private key with its certificate chain, as PEM. */
export interface KeyEntry {
  readonly alias: string;
  /** PKCS#8 PEM private key. */
  readonly key: string;
  /** PEM certificates, the entry's own first. */
  readonly cert: string;
  /** The entry's own certificate. */
  readonly certificate: X509Certificate;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The format of a store's bytes. */
export function storeFormat(bytes: Uint8Array): StoreFormat {
  const magic = bytes.length >= 4 ? Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed) return 'JKS';
  if (magic === 0xcececece) return 'JCEKS';
  if (Buffer.from(bytes.subarray(0, 4096)).toString('latin1').includes('-----BEGIN ')) return 'PEM';
  return 'PKCS12';
}

function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function readStore(source: StoreSource): Promise<Buffer> {
  try {
    return await readFile(source.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new KeyStoreError('unreadable', source.file, `cannot read ${source.file} (${code})`);
  }
}

function jceksRefused(file: string): KeyStoreError {
  return new KeyStoreError(
    'unsupported',
    file,
    `${file} is a JCEKS store, which rcskit cannot read: convert it with keytool -importkeystore -srckeystore ${file} -srcstoretype JCEKS -destkeystore ${file}.p12 -deststoretype PKCS12`,
  );
}

function wrongPassword(file: string): KeyStoreError {
  return new KeyStoreError(
    'wrong-password',
    file,
    `the password does not open ${file}: check the store password (keytool -list -keystore ${file} asks for it)`,
  );
}

interface RawEntry {
  alias: string | undefined;
  localKeyId: string | undefined;
  key?: string;
  certs: string[];
  trusted: boolean;
}

function bagDer(asn1: forge.asn1.Asn1): Uint8Array {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** Reads a PKCS12 store into entries (keys paired with their certificates by local key id). */
function readPkcs12(bytes: Buffer, source: StoreSource): RawEntry[] {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), false);
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, source.password ?? '');
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw wrongPassword(source.file);
    }
    throw new KeyStoreError(
      'corrupt',
      source.file,
      `${source.file} is not a PKCS12, JKS or PEM store (${message}): create it with keytool -storetype PKCS12`,
    );
  }
  const keys = new Map<string, RawEntry>();
  const certs: { alias: string | undefined; localKeyId: string | undefined; pem: string }[] = [];
  for (const contents of p12.safeContents) {
    for (const bag of contents.safeBags) {
      const alias = bag.attributes.friendlyName?.[0] as string | undefined;
      const localKeyId = bag.attributes.localKeyId?.[0] as string | undefined;
      const raw = bag as unknown as { asn1?: forge.asn1.Asn1 };
      if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        // forge parses RSA keys; others (EC) stay as their PKCS#8 structure.
        const asn1 =
          bag.key != null
            ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
            : raw.asn1;
        if (asn1 === undefined) continue;
        const entry: RawEntry = {
          alias,
          localKeyId,
          key: pem('PRIVATE KEY', bagDer(asn1)),
          certs: [],
          trusted: false,
        };
        keys.set(localKeyId ?? alias ?? String(keys.size), entry);
      } else if (bag.type === forge.pki.oids.certBag) {
        const asn1 = bag.cert != null ? forge.pki.certificateToAsn1(bag.cert) : raw.asn1;
        if (asn1 !== undefined) certs.push({ alias, localKeyId, pem: pem('CERTIFICATE', bagDer(asn1)) });
      }
    }
  }
  const entries = [...keys.values()];
  for (const cert of certs) {
    const owner = entries.find((e) => e.localKeyId !== undefined && e.localKeyId === cert.localKeyId);
    if (owner !== undefined) owner.certs.unshift(cert.pem);
    else entries.push({ alias: cert.alias, localKeyId: undefined, certs: [cert.pem], trusted: true });
  }
  return entries;
}

/** Reads a JKS store into entries (keys decrypted with the key password, else the store password). */
function readJks(bytes: Buffer, source: StoreSource, decryptKeys: boolean): RawEntry[] {
  let parsed: ReturnType<typeof jks.parseJks>;
  try {
    parsed = jks.parseJks(bytes, source.password ?? '');
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/password/i.test(message)) {
      throw wrongPassword(source.file);
    }
    throw new KeyStoreError(
      'corrupt',
      source.file,
      `${source.file} is not a readable JKS store (${message})`,
    );
  }
  const der = (cert: { value: Buffer }) => pem('CERTIFICATE', cert.value);
  return parsed.map((entry): RawEntry => {
    if ('chain' in entry) {
      let key: string | undefined;
      if (decryptKeys && (source.alias === undefined || source.alias === entry.alias)) {
        try {
          key = jks.decrypt(entry.protectedPrivateKey, source.keyPassword ?? source.password ?? '');
        } catch {
          throw new KeyStoreError(
            'wrong-key-password',
            source.file,
            `the key password does not recover the key '${entry.alias}' in ${source.file}: set the key password (keytool -keypasswd -alias ${entry.alias} -keystore ${source.file} changes it)`,
          );
        }
      }
      return { alias: entry.alias, localKeyId: undefined, key, certs: entry.chain.map(der), trusted: false };
    }
    return { alias: entry.alias, localKeyId: undefined, certs: [der(entry.cert)], trusted: true };
  });
}

async function readEntries(source: StoreSource, decryptKeys: boolean): Promise<RawEntry[]> {
  const bytes = await readStore(source);
  switch (storeFormat(bytes)) {
    case 'JCEKS':
      throw jceksRefused(source.file);
    case 'JKS':
      return readJks(bytes, source, decryptKeys);
    case 'PEM': {
      const text = bytes.toString('utf8');
      const certs = text.match(PEM_CERT) ?? [];
      const key = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]+?-----END (?:[A-Z]+ )?PRIVATE KEY-----/.exec(
        text,
      )?.[0];
      return [
        { alias: undefined, localKeyId: undefined, key, certs: [...certs], trusted: key === undefined },
      ];
    }
    default:
      return readPkcs12(bytes, source);
  }
}

function checkValidity(file: string, alias: string, certificate: X509Certificate, now: Date): void {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (now > to) {
    throw new KeyStoreError(
      'expired',
      file,
      `the certificate '${alias}' in ${file} (${certificate.subject.replace(/\n/g, ', ')}) expired on ${to.toISOString()}: renew it (keytool -genkeypair, or import a newly signed certificate with keytool -importcert -alias ${alias})`,
    );
  }
  if (now < from) {
    throw new KeyStoreError(
      'not-yet-valid',
      file,
      `the certificate '${alias}' in ${file} is valid only from ${from.toISOString()}: check the clock or the certificate`,
    );
  }
}

/** Puts the chain in order: the entry's own certificate first, then each issuer found among the others. */
function orderChain(certs: readonly string[]): string[] {
  const parsed = certs.map((text) => ({ text, x509: new X509Certificate(text) }));
  const issuers = new Set(
    parsed.flatMap((a) => parsed.filter((b) => b !== a && b.x509.checkIssued(a.x509)).map(() => a)),
  );
  const leaf = parsed.find((c) => !issuers.has(c)) ?? parsed[0];
  if (leaf === undefined) return [];
  const chain = [leaf];
  for (;;) {
    const last = chain[chain.length - 1]!;
    const next = parsed.find((c) => !chain.includes(c) && last.x509.checkIssued(c.x509));
    if (next === undefined) break;
    chain.push(next);
  }
  return chain.map((c) => c.text);
}

/**
 * Loads the private key entry of a key store: the one named `alias`, or the only one. Checks that the key
 * matches its certificate and that the certificate is valid now.
 */
export async function loadKeyEntry(source: StoreSource, now = new Date()): Promise<KeyEntry> {
  const entries = (await readEntries(source, true)).filter((e) => !e.trusted);
  const aliases = entries.map((e) => e.alias ?? '(no alias)');
  if (entries.length === 0) {
    throw new KeyStoreError(
      'no-key',
      source.file,
      `${source.file} holds no private key entry (only trusted certificates?): use the store made with keytool -genkeypair`,
    );
  }
  let entry: RawEntry | undefined;
  if (source.alias !== undefined) {
    entry = entries.find((e) => e.alias === source.alias);
    if (entry === undefined) {
      throw new KeyStoreError(
        'unknown-alias',
        source.file,
        `${source.file} has no key entry '${source.alias}'; its key entries: ${aliases.join(', ')}`,
      );
    }
  } else if (entries.length > 1) {
    throw new KeyStoreError(
      'ambiguous-alias',
      source.file,
      `${source.file} holds several key entries (${aliases.join(', ')}): name the one to use`,
    );
  } else entry = entries[0];
  const alias = entry?.alias ?? '(no alias)';
  if (entry?.key === undefined || entry.certs.length === 0) {
    throw new KeyStoreError(
      'no-certificate',
      source.file,
      `the key entry '${alias}' in ${source.file} has no certificate: import one with keytool -importcert -alias ${alias}`,
    );
  }
  const chain = orderChain(entry.certs);
  const certificate = new X509Certificate(chain[0] as string);
  if (!certificate.checkPrivateKey(createPrivateKey(entry.key))) {
    throw new KeyStoreError(
      'corrupt',
      source.file,
      `the certificate of '${alias}' in ${source.file} does not belong to its private key: import the matching certificate`,
    );
  }
  checkValidity(source.file, alias, certificate, now);
  return { alias, key: entry.key, cert: chain.join(''), certificate };
}

/** Loads every certificate of a trust store (trusted entries and the certificates of key entries), as PEM. */
export async function loadTrustedCertificates(source: StoreSource): Promise<string[]> {
  const entries = await readEntries(source, false);
  const certs = entries.flatMap((e) => e.certs);
  if (certs.length === 0) {
    throw new KeyStoreError(
      'no-certificate',
      source.file,
      `${source.file} holds no certificate: import the peer's certificate with keytool -importcert -file <cert> -keystore ${source.file}`,
    );
  }
  return certs;
}
