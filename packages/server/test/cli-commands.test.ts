/** The `rcs` command line, run as a process: version, setkey, properties, bad properties and their exit codes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { computeKeyHash } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, FIXTURES, runRcs, scratchDir } from './fixtures/support.js';

const scratch = scratchDir('cli');
beforeAll(() => ensureCliBuilt(), 90_000);
afterAll(() => scratch.remove());

describe('rcs', () => {
  it('--version names the server and framework versions', async () => {
    const { code, output } = await runRcs(['--version']);
    expect(code).toBe(0);
    expect(output).toMatch(/^rcs 0\.1\.0 \(@rcskit\/core 0\.1\.0, @rcskit\/transport 0\.1\.0, node v\d+/);
  });

  it('setkey writes the key hash like ConnectorServer.sh /setKey and keeps the rest of the file', async () => {
    const file = join(scratch.dir, 'ConnectorServer.properties');
    writeFileSync(file, '# my settings\nconnectorserver.port=8759\nconnectorserver.key=old\n# end\n');
    const { code, output } = await runRcs(['setkey', 'Passw0rd', '--properties', file]);
    expect(code).toBe(0);
    expect(output).toBe('Key has been successfully updated.\n');
    expect(readFileSync(file, 'utf8')).toBe(
      `# my settings\nconnectorserver.port=8759\nconnectorserver.key=${computeKeyHash('Passw0rd').replace('=', '\\=')}\n# end\n`,
    );
  });

  it('run stops with exit code 2 and names a misspelt property and its fix', async () => {
    const { code, output } = await runRcs([
      'run',
      '--properties',
      join(FIXTURES, 'properties', 'typo.properties'),
    ]);
    expect(code).toBe(2);
    expect(output).toMatch(
      /^rcs: connectorserver\.prot is not a known property — did you mean connectorserver\.port\? \(.*typo\.properties:3\)\n$/,
    );
  });

  it('run reports every bad override, from the command line and the environment', async () => {
    const { code, output } = await runRcs(
      [
        'run',
        '--properties',
        join(FIXTURES, 'properties', 'server-mode.properties'),
        '-Dconnectorserver.port=http',
        '-D',
        'connectorserver.useSSL=maybe',
      ],
      { RCS_PING_PONG_INTERVAL: 'often' },
    );
    expect(code).toBe(2);
    expect(output).toContain(
      "connectorserver.port must be a whole number from 0 to 65535, not 'http' (command line -D)",
    );
    expect(output).toContain("connectorserver.useSSL must be true or false, not 'maybe' (command line -D)");
    expect(output).toContain("not 'often' (environment RCS_PING_PONG_INTERVAL)");
  });

  it('run fails with exit code 2 when the properties file is missing', async () => {
    const { code, output } = await runRcs(['run', '--properties', join(scratch.dir, 'missing.properties')]);
    expect(code).toBe(2);
    expect(output).toContain('missing.properties does not exist');
  });

  it('run exits 1 and says which property to change when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, output } = await runRcs([
        'run',
        '--properties',
        join(FIXTURES, 'properties', 'server-mode.properties'),
        `-Dconnectorserver.port=${port}`,
        '-Dconnectorserver.ifaddress=127.0.0.1',
        `-Dconnectorserver.bundleDir=${scratch.dir}`,
      ]);
      expect(code).toBe(1);
      expect(output).toContain(
        `rcs: Cannot listen on 127.0.0.1 port ${port}: the port is in use (change connectorserver.port)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('properties lists every key with its default', async () => {
    const { code, output } = await runRcs(['properties']);
    expect(code).toBe(0);
    expect(output).toContain('connectorserver.port  (server, java) [default: 8759]');
    expect(output).toContain('rcskit.bundle.pin.<label>=<bundleName> <range>');
  });

  it('an unknown command is an error', async () => {
    const { code, output } = await runRcs(['start']);
    expect(code).not.toBe(0);
    expect(output).toContain("unknown command 'start'");
  });
});
