/**
 * Where script logs go: to the logger the framework hands the connector in `init(configuration, context)` (with
 * the bundle's fields and its redaction), to a logger a host set with `setScriptLogger` ahead of that, and
 * without either to the default text lines on stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardedString } from '@rcskit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ScriptedConnector,
  ScriptedPoolableConnector,
  scriptLoggerFor,
  setScriptLogger,
  textScriptLogger,
} from '../src/index.js';
import { configure, memoryLogger, tempDir } from './helpers.js';

const SCRIPT = `
export default function test({ operation, configuration, log }) {
  log.info('This is ' + operation + ' script');
  log.info('token = {0}', configuration.propertyBag.token);
  log.warn('sensitive text: {0}', configuration.customSensitiveConfiguration);
  log.debug('debug detail');
  log.trace('trace detail');
}
`;

/** A configuration whose test script logs at every level, with `token` from the sensitive configuration. */
function loggingConfiguration() {
  const dir = tempDir();
  writeFileSync(join(dir, 'TestScript.js'), SCRIPT);
  return configure({
    scriptRoots: [dir],
    testScriptFileName: 'TestScript.js',
    customSensitiveConfiguration: new GuardedString("token = 's3cr3t-token'"),
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('script logs with a context logger', () => {
  it('go to context.log at their level, with connector, script and operation, secrets redacted', async () => {
    setScriptLogger(null);
    const log = memoryLogger();
    const connector = new ScriptedConnector();
    connector.init(loggingConfiguration(), { log });
    await connector.test();
    expect(log.records.map((r) => [r.level, r.msg])).toEqual([
      ['info', 'This is TEST script'],
      ['info', 'token = ****'],
      ['warn', 'sensitive text: [GuardedString]'],
      ['debug', 'debug detail'],
      ['trace', 'trace detail'],
    ]);
    for (const record of log.records) {
      expect(record.fields).toMatchObject({ connector: 'ScriptedConnector', operation: 'TEST' });
      expect(String(record.fields.script)).toMatch(/TestScript\.js$/);
    }
    expect(JSON.stringify(log.records)).not.toContain('s3cr3t-token');
  });

  it('a logger without trace gets trace records at debug', async () => {
    setScriptLogger(null);
    const { trace: _unused, ...log } = memoryLogger();
    const connector = new ScriptedPoolableConnector();
    connector.init(loggingConfiguration(), { log });
    await connector.test();
    expect(log.records.at(-1)).toMatchObject({ level: 'debug', msg: 'trace detail' });
    expect(log.records.at(-1)?.fields).toMatchObject({ connector: 'ScriptedPoolableConnector' });
  });

  it('each configuration logs to its own context logger; a later instance brings the latest one', async () => {
    setScriptLogger(null);
    const first = memoryLogger();
    const second = memoryLogger();
    const configurationA = loggingConfiguration();
    const configurationB = loggingConfiguration();
    const a = new ScriptedConnector();
    a.init(configurationA, { log: first });
    const b = new ScriptedConnector();
    b.init(configurationB, { log: second });
    await a.test();
    expect(first.records).toHaveLength(5);
    expect(second.records).toHaveLength(0);
    await b.test();
    expect(second.records).toHaveLength(5);

    const replacement = memoryLogger();
    const again = new ScriptedConnector();
    again.init(configurationA, { log: replacement });
    await a.test();
    expect(first.records).toHaveLength(5);
    expect(replacement.records).toHaveLength(5);
  });

  it('a logger set with setScriptLogger takes precedence; setScriptLogger(null) gives context.log back', async () => {
    const host = memoryLogger();
    const context = memoryLogger();
    setScriptLogger(host);
    const connector = new ScriptedConnector();
    connector.init(loggingConfiguration(), { log: context });
    await connector.test();
    expect(host.records).toHaveLength(5);
    expect(context.records).toHaveLength(0);
    setScriptLogger(null);
    await connector.test();
    expect(host.records).toHaveLength(5);
    expect(context.records).toHaveLength(5);
  });
});

describe('script logs without a context logger', () => {
  it('go to the default text logger on stderr, at info and above', async () => {
    vi.stubEnv('RCSKIT_SCRIPT_LOG_LEVEL', 'info');
    setScriptLogger(null);
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const connector = new ScriptedConnector();
    connector.init(loggingConfiguration());
    await connector.test();
    vi.restoreAllMocks();
    const lines = written.filter((line) => line.includes('TestScript.js'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+ INFO {2}\[ScriptedConnector\] \S*TestScript\.js TEST: This is TEST script\n$/,
    );
    expect(lines[1]).toContain('TEST: token = ****');
    expect(lines[2]).toContain('WARN  [ScriptedConnector]');
    expect(lines[2]).toContain('TEST: sensitive text: [GuardedString]');
    expect(written.join('')).not.toContain('s3cr3t-token');
    expect(written.join('')).not.toContain('detail');
  });

  it('go to the logger set with setScriptLogger, as before', async () => {
    const host = memoryLogger();
    setScriptLogger(host);
    const connector = new ScriptedConnector();
    connector.init(loggingConfiguration());
    await connector.test();
    expect(host.records.map((r) => r.msg)).toContain('This is TEST script');
  });

  it('scriptLoggerFor without a context logger forwards like scriptLogger', () => {
    const lines: string[] = [];
    setScriptLogger(textScriptLogger('debug', (line) => lines.push(line)));
    scriptLoggerFor({}).debug({ script: 'S.js' }, 'hello');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DEBUG S.js: hello');
  });
});
