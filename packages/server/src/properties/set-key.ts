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
import { parseProperties, setPropertyInText } from './java-properties.js';
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
  // An existing spelling (e.g. a variant in other case, which the loader accepts too) is replaced, not duplicated.
  // The file is parsed, so a continuation line that only looks like a key line is not taken for one.
  const wanted = KEY_PROPERTY.toLowerCase();
  const existing = parseProperties(text).entries.find((entry) => entry.key.toLowerCase() === wanted)?.key;
  // Written through a symbolic link to the file it points at, keeping that file's permissions (new: 0644 less umask).
  await writeFileAtomic(file, setPropertyInText(text, existing ?? KEY_PROPERTY, hash), {
    followSymlinks: true,
  });
  return hash;
}
