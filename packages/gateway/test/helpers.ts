import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectorObject, ConnectorObjectBuilder } from '@rcskit/core';

/** Parses a JSON file of test/fixtures. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A fresh temporary directory and its cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rcskit-gateway-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A connector object of `objectClass` with a uid, a name and plain attributes. */
export function connectorObject(
  objectClass: string,
  uid: string,
  name: string,
  attributes: Record<string, unknown>,
): ConnectorObject {
  const builder = new ConnectorObjectBuilder().setObjectClass(objectClass).setUid(uid).setName(name);
  for (const [key, value] of Object.entries(attributes)) {
    builder.addAttribute(key, ...(Array.isArray(value) ? value : [value]));
  }
  return builder.build();
}
