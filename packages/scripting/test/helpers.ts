import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScriptedConfiguration, type ScriptLogger } from '../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const MODULES = join(FIXTURES, 'scripts', 'modules');
export const STATEMENTS = join(FIXTURES, 'scripts', 'statements');
export const JS = join(FIXTURES, 'scripts', 'js');

/** A configuration with the given fields (scriptRoots default to the module fixtures). */
export function configure(
  fields: Partial<Record<keyof ScriptedConfiguration, unknown>> = {},
): ScriptedConfiguration {
  const configuration = new ScriptedConfiguration();
  Object.assign(configuration, { scriptRoots: [MODULES], ...fields });
  return configuration;
}

export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

/** A pino-like logger that keeps every line. */
export function memoryLogger(): ScriptLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') lines.push({ level, fields: {}, msg: objOrMsg });
      else lines.push({ level, fields: objOrMsg as Record<string, unknown>, msg: msg ?? '' });
    };
  return {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'rcskit-scripting-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
