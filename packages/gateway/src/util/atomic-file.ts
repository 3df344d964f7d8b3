/**
 * How the gateway writes its JSON files. The crash-safe writing itself is `@rcskit/core`'s
 * {@link writeFileAtomic} (temporary file + fsync + rename + directory fsync); it and {@link fsyncDirectory} are
 * re-exported here so that they stay available from `@rcskit/gateway`.
 *
 * @packageDocumentation
 */
export { fsyncDirectory, type WriteFileAtomicOptions, writeFileAtomic } from '@rcskit/core';

/** JSON text as rcskit writes its files: two-space indentation and a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
