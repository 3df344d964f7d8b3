/**
 * `rcs setkey <key>` (the Java `ConnectorServer.sh /setKey`): stores the key's hash — base64(SHA-1(UTF-16BE(key)))
 * — as `connectorserver.key` in the properties file. Every other line (comments included) stays as it was; the
 * file is replaced atomically with `@rcskit/core`'s `writeFileAtomic` (written to a temporary file in the same
 * directory, flushed to disk, renamed over the original, directory flushed), so a crash never leaves a
 * half-written file.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@rcskit/core';
import { computeKeyHash } from '@rcskit/transport';
import { PREFIX } from './definitions.js';
import { setPropertyInText } from './java-properties.js';
import { decodePropertiesFile } from './load.js';

/** The canonical key the hash is stored under. */
export const KEY_PROPERTY = `${PREFIX}key`;

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
  // The loader takes the key in any letter case and keeps the last entry, so every spelling is replaced by one
  // canonical line (where the first one was). The file is parsed, so a continuation line that only looks like a
  // key line is not taken for one.
  const wanted = KEY_PROPERTY.toLowerCase();
  const updated = setPropertyInText(text, KEY_PROPERTY, hash, (key) => key.toLowerCase() === wanted);
  // Written through a symbolic link to the file it points at, keeping that file's permissions (new: 0644 less umask).
  await writeFileAtomic(file, updated, {
    followSymlinks: true,
  });
  return hash;
}
