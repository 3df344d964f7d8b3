/**
 * Loading the RCS configuration from its sources (file, `RCS_*` environment variables, `-D` definitions in
 * `OPENICF_OPTS` and on the command line; see `sources.ts` for the precedence).
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { buildServerConfig, PropertiesError, type ServerConfig } from './server-config.js';
import {
  addDefinesLayer,
  addEnvironmentLayer,
  addFileLayer,
  definesFromWords,
  emptyRawProperties,
  type PropertyProblem,
  splitWords,
} from './sources.js';

/** The default properties file, relative to the working directory (the Java RCS layout). */
export const DEFAULT_PROPERTIES_FILE = 'conf/ConnectorServer.properties';

/** What {@link loadServerConfig} reads. */
export interface LoadConfigOptions {
  /** The properties file. Default {@link DEFAULT_PROPERTIES_FILE}, which may be missing (defaults apply). */
  readonly propertiesFile?: string | undefined;
  /** Environment (for `RCS_*` and `OPENICF_OPTS`). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** `key=value` texts of command-line `-D` arguments. */
  readonly defines?: readonly string[] | undefined;
  /** Working directory. Default `process.cwd()`. */
  readonly cwd?: string | undefined;
}

/**
 * Decodes a properties file: UTF-8 when the bytes are valid UTF-8, otherwise ISO-8859-1 (what
 * `java.util.Properties.load(InputStream)` reads).
 */
export function decodePropertiesFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * Reads and checks the configuration.
 *
 * @throws PropertiesError naming every bad or unknown key, with the fix.
 */
export async function loadServerConfig(options: LoadConfigOptions = {}): Promise<ServerConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const explicit = options.propertiesFile !== undefined;
  const file = resolve(cwd, options.propertiesFile ?? DEFAULT_PROPERTIES_FILE);
  const raw = emptyRawProperties();
  let propertiesFile: string | undefined = file;
  try {
    const label = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
    addFileLayer(raw, decodePropertiesFile(await readFile(file)), label);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'EACCES') throw error;
    if (explicit || code !== 'ENOENT') {
      const problem: PropertyProblem = {
        key: '',
        origin: '',
        message:
          code === 'ENOENT'
            ? `Properties file ${file} does not exist (check --properties)`
            : `Properties file ${file} cannot be read (${code})`,
      };
      throw new PropertiesError([problem]);
    }
    propertiesFile = undefined;
  }
  addEnvironmentLayer(raw, env);
  const opts = env.OPENICF_OPTS;
  if (opts !== undefined && opts.trim() !== '') {
    addDefinesLayer(raw, definesFromWords(splitWords(opts)), 'OPENICF_OPTS -D', true);
  }
  addDefinesLayer(raw, options.defines ?? [], 'command line -D', false);
  return buildServerConfig(raw, { propertiesFile, cwd });
}
