/**
 * Connectors log through the RCS's logger: the real `rcs` binary serves the workspace's scripted bundle and the
 * `log-bundle` fixture; a script's `log.info(…)` and a plain connector's `context.log` calls come out as lines of
 * the server's own log — at their level, filtered by `connectorserver.logLevel`, in `connectorserver.logFormat`
 * (JSON or text), tagged with the connector's bundle name, bundle version and connector name — and no secret
 * (a GuardedString, a `customSensitiveConfiguration` value, a `password` field) reaches a line.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardedString, ScriptContext } from '@rcskit/core';
import {
  ClientEndpoint,
  connectOpenIcf,
  type PeerChannel,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleDir,
  ensureCliBuilt,
  freePort,
  type RcsProcess,
  scratchDir,
  startRcs,
  WORKSPACE,
} from './fixtures/support.js';

const SCRIPTED_BUNDLE = join(WORKSPACE, 'connectors', 'scripted');
const GROOVY_BUNDLE_NAME = 'org.forgerock.openicf.connectors.groovy-connector';
const SCRIPTED_CONNECTOR = 'org.forgerock.openicf.connectors.groovy.ScriptedConnector';
const LOGGING_CONNECTOR = 'org.rcskit.test.LoggingConnector';
const TOKEN = 'tok-s3cret-value';
const SECRET = 'fixture-guarded-secret';

const TEST_SCRIPT = `
export default function test({ operation, configuration, log }) {
  log.info('hello from the ' + operation + ' script');
  log.debug('debug line from the script');
  log.info('token {0}', configuration.propertyBag.token);
  log.warn('sensitive configuration {0}', configuration.customSensitiveConfiguration);
}
`;

/** The JSON log records in `output`. */
function records(output: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      found.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log record
    }
  }
  return found;
}

/** An RCS serving the scripted bundle and the log-bundle fixture, with a client connected to it. */
async function serve(
  logLevel: string,
  logFormat: 'json' | 'pretty',
): Promise<{ rcs: RcsProcess; channel: PeerChannel; manager: RemoteConnectorInfoManager }> {
  const port = await freePort();
  const rcs = startRcs([
    'run',
    '--properties',
    join(home.dir, 'ConnectorServer.properties'),
    `-Dconnectorserver.bundleDir=${SCRIPTED_BUNDLE},${fixtures.dir}`,
    `-Dconnectorserver.port=${port}`,
    `-Dconnectorserver.logLevel=${logLevel}`,
    `-Dconnectorserver.logFormat=${logFormat}`,
  ]);
  await rcs.waitFor(/Connector server listening on/);
  const channel = await connectOpenIcf({
    url: `ws://127.0.0.1:${port}/openicf`,
    key: 'changeit',
    localEndpoint: new ClientEndpoint(),
  });
  const manager = await RemoteConnectorInfoManager.load(channel);
  return { rcs, channel, manager };
}

const home = scratchDir('e2e-connector-logging');
const fixtures = bundleDir({ 'node_modules/log-bundle': 'log-bundle' });
const scripts = join(home.dir, 'scripts');

/** Runs the test script through the scripted connector and the fixture connector's runScriptOnConnector. */
async function exercise(manager: RemoteConnectorInfoManager): Promise<void> {
  const scriptedInfo = manager.connectorInfos.find(
    (i) => i.connectorKey.connectorName === SCRIPTED_CONNECTOR,
  );
  const loggingInfo = manager.connectorInfos.find((i) => i.connectorKey.connectorName === LOGGING_CONNECTOR);
  expect(scriptedInfo).toBeDefined();
  expect(loggingInfo).toBeDefined();
  await manager
    .createFacade(scriptedInfo!, {
      configurationProperties: {
        scriptRoots: [scripts],
        testScriptFileName: 'TestScript.js',
        customSensitiveConfiguration: new GuardedString(`token = '${TOKEN}'`),
      },
    })
    .test();
  const answer = await manager
    .createFacade(loggingInfo!, { configurationProperties: { secret: new GuardedString(SECRET) } })
    .runScriptOnConnector(new ScriptContext('javascript', 'the script text'));
  expect(answer).toBe('logged');
}

/**
 * Registers hooks that start an RCS at `logLevel` in `logFormat`, run {@link exercise} against it and stop it;
 * returns the RCS's output so far.
 */
function servedWith(logLevel: string, logFormat: 'json' | 'pretty'): () => string {
  let served: Awaited<ReturnType<typeof serve>> | undefined;
  beforeAll(async () => {
    served = await serve(logLevel, logFormat);
    await exercise(served.manager);
  }, 90_000);
  afterAll(async () => {
    await served?.channel.close();
    await served?.rcs.stop('SIGKILL');
  });
  return () => served?.rcs.output() ?? '';
}

function expectNoSecret(output: string): void {
  for (const secret of [TOKEN, SECRET, 'fixture-plain-password']) expect(output).not.toContain(secret);
}

beforeAll(() => {
  ensureCliBuilt();
  if (!existsSync(join(SCRIPTED_BUNDLE, 'dist', 'index.js'))) {
    throw new Error(`${SCRIPTED_BUNDLE}/dist is missing: build the workspace first (pnpm build)`);
  }
  mkdirSync(scripts, { recursive: true });
  writeFileSync(join(scripts, 'TestScript.js'), TEST_SCRIPT);
  writeFileSync(join(home.dir, 'ConnectorServer.properties'), 'connectorserver.ifaddress=127.0.0.1\n');
}, 120_000);

afterAll(() => {
  home.remove();
  fixtures.remove();
});

describe('connector log lines in the RCS log, JSON at level info', () => {
  const output = servedWith('info', 'json');

  it("a script's log.info is an INFO line tagged with the connector; log.debug is filtered out", () => {
    const all = records(output());
    const hello = all.find((r) => r.msg === 'hello from the TEST script');
    expect(hello).toMatchObject({
      level: 30,
      component: 'connector',
      bundleName: GROOVY_BUNDLE_NAME,
      bundleVersion: '1.5.20.15',
      connectorName: SCRIPTED_CONNECTOR,
      connector: 'ScriptedConnector',
      operation: 'TEST',
    });
    expect(String(hello?.script)).toMatch(/TestScript\.js$/);
    expect(typeof hello?.time).toBe('string');
    expect(all.some((r) => r.msg === 'debug line from the script')).toBe(false);
    expect(all.find((r) => r.msg === 'token ****')).toMatchObject({ level: 30, operation: 'TEST' });
    expect(all.find((r) => String(r.msg).startsWith('sensitive configuration'))).toMatchObject({
      level: 40,
      msg: 'sensitive configuration [GuardedString]',
    });
  });

  it("a connector's context.log lines: bound identity, pino redaction, GuardedString masked, levels filtered", () => {
    const all = records(output());
    const info = all.find((r) => r.msg === 'fixture info line');
    expect(info).toMatchObject({
      level: 30,
      component: 'connector',
      bundleName: 'org.rcskit.test.log-bundle',
      bundleVersion: '1.0.0',
      connectorName: LOGGING_CONNECTOR,
      text: 'the script text',
      password: '********',
      secret: '[GuardedString]',
    });
    expect(all.find((r) => String(r.msg).startsWith('fixture warn line'))).toMatchObject({
      level: 40,
      msg: 'fixture warn line: [GuardedString]',
      connectorName: LOGGING_CONNECTOR,
    });
    expect(all.some((r) => r.msg === 'fixture debug line' || r.msg === 'fixture trace line')).toBe(false);
  });

  it('no secret reaches the log', () => {
    expectNoSecret(output());
  });
});

describe('connector log lines in the RCS log, text at level trace', () => {
  const output = servedWith('trace', 'pretty');

  it('script lines are text lines of the server log, debug included at level trace', () => {
    const lines = output().split('\n');
    const hello = lines.find((l) => l.includes('hello from the TEST script'));
    expect(hello).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\S+ INFO {2}\\[connector ScriptedConnector\\] hello from the TEST script {2}` +
          `bundleName=${GROOVY_BUNDLE_NAME} bundleVersion=1\\.5\\.20\\.15 connectorName=${SCRIPTED_CONNECTOR.replaceAll('.', '\\.')} ` +
          'script=\\S*TestScript\\.js operation=TEST$',
      ),
    );
    expect(lines.find((l) => l.includes('debug line from the script'))).toMatch(
      /^\S+ DEBUG \[connector ScriptedConnector\] debug line from the script /,
    );
    expect(lines.find((l) => l.includes('fixture trace line'))).toMatch(
      /^\S+ TRACE \[connector\] fixture trace line .*connectorName=org\.rcskit\.test\.LoggingConnector/,
    );
    expect(lines.find((l) => l.includes('fixture info line'))).toContain(
      ' password=******** secret=[GuardedString]',
    );
    expectNoSecret(output());
  });
});
