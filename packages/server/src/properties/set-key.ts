/**
 * `rcs setkey <key>` (the Java `ConnectorServer.sh /setKey`): stores the key's hash — base64(SHA-1(UTF-16BE(key)))
 * — as `connectorserver.key` in the properties file. Every other line (comments included) stays as it was; the
 * file is replaced atomically (written to a temporary file in the same directory, flushed to disk, renamed over
 * the original, directory flushed), so a crash never leaves a half-written file.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { computeKeyHash } from '@rcskit/transport';
import { PREFIX } from './definitions.js';
import { setPropertyInText } from './java-properties.js';
import { decodePropertiesFile } from './load.js';

/** The canonical key the hash is stored under. */
export const KEY_PROPERTY = `${PREFIX}key`;

/** Writes `text` to `file` atomically (see the module notes), keeping the file's permissions. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  // Replace the file a symbolic link points at, not the link.
  const file = await realpath(path).catch(() => path);
  let mode = 0o644;
  try {
    mode = (await stat(file)).mode & 0o7777;
  } catch {
    // a new file gets the default mode
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  // Make the rename itself durable; not every platform lets a directory be opened for this.
  try {
    const dir = await open(dirname(file), constants.O_RDONLY);
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Sets `connectorserver.key` in `file` to the hash of `key`, creating the file when it does not exist.
 *
 * @returns the hash written.
 */
export async function setKey(file: string, key: string): Promise<string> {
  if (key === '') throw new Error('The key must not be empty');
  const hash = computeKeyHash(key);
  let text = '';
  try {
    text = decodePropertiesFile(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = '# Connector server configuration (rcskit)\n';
  }
  // An existing spelling (e.g. a lower-case variant) is replaced, not duplicated.
  const existing = /^[ \t\f]*(connectorserver\.key)[ \t\f]*[=:\s]/im.exec(text)?.[1];
  await writeFileAtomically(file, setPropertyInText(text, existing ?? KEY_PROPERTY, hash));
  return hash;
}
