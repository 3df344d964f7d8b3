import {
  chmodSync,
  copyFileSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { computeKeyHash } from '@rcskit/transport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KEY_HASH, loadServerConfig, setKey } from '../src/properties/index.js';
import { FIXTURES, scratchDir } from './fixtures/support.js';

/** The hash the seed's example key gives (base64 SHA-1 of UTF-16BE 'Passw0rd'). */
const PASSW0RD_HASH = computeKeyHash('Passw0rd');

describe('rcs setkey', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => {
    scratch = scratchDir('setkey');
  });
  afterEach(() => scratch.remove());

  it('hashes the key as the Java RCS does (changeit → the shipped default)', () => {
    expect(computeKeyHash('changeit')).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
    expect(DEFAULT_KEY_HASH).toBe(computeKeyHash('changeit'));
    expect(PASSW0RD_HASH).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('rewrites only the key line, keeping comments, other lines and CRLF line ends', async () => {
    const file = join(scratch.dir, 'ConnectorServer.properties');
    copyFileSync(join(FIXTURES, 'properties', 'crlf-with-key.properties'), file);
    const before = readFileSync(file, 'utf8');
    const hash = await setKey(file, 'Passw0rd');
    expect(hash).toBe(PASSW0RD_HASH);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('lmA6bMfENJGlIDbfrVtklXFK32s\\=', `${PASSW0RD_HASH.slice(0, -1)}\\=`));
    const config = await loadServerConfig({ propertiesFile: file, env: {} });
    expect(config.keyHash.reveal()).toBe(PASSW0RD_HASH);
    expect(config.defaultKey).toBe(false);
  });

  it('replaces the file atomically: a new inode, same permissions, no temporary file left', async () => {
    const file = join(scratch.dir, 'ConnectorServer.properties');
    writeFileSync(file, '# keep me\nconnectorserver.port=8759\n');
    chmodSync(file, 0o600);
    const inode = statSync(file).ino;
    await setKey(file, 'Passw0rd');
    expect(statSync(file).ino).not.toBe(inode);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(scratch.dir)).toEqual(['ConnectorServer.properties']);
    expect(readFileSync(file, 'utf8')).toBe(
      `# keep me\nconnectorserver.port=8759\nconnectorserver.key=${PASSW0RD_HASH.slice(0, -1)}\\=\n`,
    );
  });

  it('finds the key by parsing: every spelling becomes one canonical line, a continuation line is not a key', async () => {
    const file = join(scratch.dir, 'ConnectorServer.properties');
    const continued = 'connectorserver.bundleDir=/opt/rcs/ \\\n  connectorserver.key=notakey\n';
    writeFileSync(file, `${continued}ConnectorServer.Key=old1\n# keep\nCONNECTORSERVER.KEY=old2\n`);
    await setKey(file, 'changeit');
    expect(readFileSync(file, 'utf8')).toBe(
      `${continued}connectorserver.key=lmA6bMfENJGlIDbfrVtklXFK32s\\=\n# keep\n`,
    );
    // The loader (last entry, any letter case) now sees the new key.
    const config = await loadServerConfig({ propertiesFile: file, env: {} });
    expect(config.keyHash.reveal()).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
  });

  it('collapses duplicate and continued key entries into one line', async () => {
    const file = join(scratch.dir, 'ConnectorServer.properties');
    writeFileSync(file, 'connectorserver.key=abc\\\n   def\n# between\nconnectorserver.key = again\n');
    await setKey(file, 'changeit');
    expect(readFileSync(file, 'utf8')).toBe(
      'connectorserver.key=lmA6bMfENJGlIDbfrVtklXFK32s\\=\n# between\n',
    );
  });

  it('creates the file when there is none, and writes through a symbolic link', async () => {
    const target = join(scratch.dir, 'real.properties');
    await setKey(target, 'changeit');
    expect(readFileSync(target, 'utf8')).toContain('connectorserver.key=lmA6bMfENJGlIDbfrVtklXFK32s\\=');
    const link = join(scratch.dir, 'link.properties');
    symlinkSync(target, link);
    await setKey(link, 'Passw0rd');
    expect(statSync(link).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain(`${PASSW0RD_HASH.slice(0, -1)}\\=`);
  });

  it('refuses an empty key', async () => {
    await expect(setKey(join(scratch.dir, 'x.properties'), '')).rejects.toThrow('must not be empty');
  });
});
