import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  CONNECTOR_INFO_PROVIDER_FILE,
  type ConfigChange,
  ConfigCrypto,
  ConfigStore,
  connectorSettings,
  InternalServerError,
  isCryptoEnvelope,
  NotFoundError,
  writeFileAtomic,
} from '../src/index.js';
import { fixture, tempDir } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function store(debounce = 30) {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  const confDir = join(temp.dir, 'conf');
  const crypto = ConfigCrypto.ephemeral();
  return { confDir, crypto, store: new ConfigStore({ confDir, crypto, watchDebounceMs: debounce }) };
}

const groovy = fixture('provisioner.openicf-groovy.json');

describe('ConfigStore: provisioners', () => {
  it('puts, gets, lists and deletes, with secrets encrypted on disk', async () => {
    const { store: configs, crypto, confDir } = await store();
    expect(await configs.listProvisioners()).toEqual([]);
    const stored = await configs.putProvisioner(
      'groovy',
      { _id: 'provisioner.openicf/groovy', ...groovy },
      { confidential: ['customSensitiveConfiguration'] },
    );
    expect(stored.error).toBeUndefined();
    expect(stored.config?.name).toBe('groovy');
    expect(stored.json?._id).toBeUndefined();
    expect(stored.json?.name).toBe('groovy');
    const file = join(confDir, 'provisioner.openicf-groovy.json');
    expect(stored.file).toBe(file);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('sensitive-value1');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const props = JSON.parse(text).configurationProperties;
    expect(isCryptoEnvelope(props.customSensitiveConfiguration)).toBe(true);
    expect(crypto.reveal(props.customSensitiveConfiguration)).toBe("key1 = 'sensitive-value1';");
    const config = await configs.requireProvisioner('groovy');
    expect(connectorSettings(config, crypto).configurationProperties).toMatchObject({
      customSensitiveConfiguration: "key1 = 'sensitive-value1';",
    });
    expect((await configs.listProvisioners()).map((p) => p.name)).toEqual(['groovy']);
    expect((await configs.deleteProvisioner('groovy'))?.name).toBe('groovy');
    expect(await configs.deleteProvisioner('groovy')).toBeUndefined();
    expect(await configs.getProvisioner('groovy')).toBeUndefined();
    await expect(configs.requireProvisioner('groovy')).rejects.toThrow(NotFoundError);
    expect((await readdir(confDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects invalid names and configurations with 400', async () => {
    const { store: configs } = await store();
    await expect(configs.putProvisioner('bad-name', groovy)).rejects.toThrow(BadRequestError);
    await expect(configs.putProvisioner('x', { ...groovy, connectorRef: undefined })).rejects.toThrow(
      /connectorRef is required/,
    );
    await expect(configs.putProvisioner('x', 'text')).rejects.toThrow(BadRequestError);
    expect(await configs.listProvisioners()).toEqual([]);
  });

  it('reports an invalid hand-written file without affecting the others', async () => {
    const { store: configs, confDir } = await store();
    await configs.putProvisioner('groovy', groovy);
    await writeFile(join(confDir, 'provisioner.openicf-broken.json'), '{ "name": ');
    await writeFile(join(confDir, 'provisioner.openicf-nameless.json'), JSON.stringify({ name: 'nameless' }));
    await writeFile(join(confDir, 'unrelated.json'), '{}');
    const list = await configs.listProvisioners();
    expect(list.map((p) => [p.name, p.config !== undefined])).toEqual([
      ['broken', false],
      ['groovy', true],
      ['nameless', false],
    ]);
    expect(list[0]!.error).toMatch(/^Invalid JSON/);
    expect(list[2]!.error).toContain('connectorRef is required');
    await expect(configs.requireProvisioner('nameless')).rejects.toThrow(InternalServerError);
  });

  it('picks up hand edits on the next read', async () => {
    const { store: configs, confDir } = await store();
    await configs.putProvisioner('groovy', groovy);
    expect((await configs.requireProvisioner('groovy')).enabled).toBe(true);
    const file = join(confDir, 'provisioner.openicf-groovy.json');
    const edited = { ...JSON.parse(await readFile(file, 'utf8')), enabled: false };
    await writeFile(file, JSON.stringify(edited));
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    expect((await configs.requireProvisioner('groovy')).enabled).toBe(false);
  });

  it('reports changes through watch', async () => {
    const { store: configs, confDir } = await store();
    await configs.putProvisioner('groovy', groovy);
    const changes: ConfigChange[] = [];
    const stop = configs.watch((c) => changes.push(c));
    try {
      await writeFileAtomic(join(confDir, 'provisioner.openicf-other.json'), JSON.stringify(groovy));
      await writeFile(join(confDir, CONNECTOR_INFO_PROVIDER_FILE), '{}');
      await writeFile(join(confDir, 'ignored.txt'), 'x');
      const deadline = Date.now() + 3000;
      while (changes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      stop();
    }
    expect(changes).toContainEqual({ kind: 'provisioner', name: 'other' });
    expect(changes).toContainEqual({ kind: 'connectorInfoProvider' });
  });

  it('serialises concurrent writes to one file', async () => {
    const { store: configs } = await store();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => configs.putProvisioner('groovy', { ...groovy, bufferSize: i + 1 })),
    );
    const config = await configs.requireProvisioner('groovy');
    expect(config.bufferSize).toBeGreaterThanOrEqual(1);
  });
});

describe('ConfigStore: connector-info provider', () => {
  it('is empty when the file does not exist', async () => {
    const { store: configs } = await store();
    const provider = await configs.getConnectorInfoProvider();
    expect(provider.mtimeMs).toBe(0);
    expect(provider.model?.servers).toEqual([]);
  });

  it("stores the seed's configuration with the key encrypted, and GET returns the envelope", async () => {
    const { store: configs, crypto, confDir } = await store();
    const stored = await configs.putConnectorInfoProvider(fixture('connectorinfoprovider-server-mode.json'));
    const server = (stored.json!.remoteConnectorServers as any[])[0];
    expect(isCryptoEnvelope(server.key)).toBe(true);
    expect(server.proxyPassword).toBeNull();
    expect(stored.json!._id).toBeUndefined();
    expect(await readFile(join(confDir, CONNECTOR_INFO_PROVIDER_FILE), 'utf8')).not.toContain('Passw0rd');
    const again = await configs.getConnectorInfoProvider();
    expect(crypto.reveal(again.model!.servers[0]!.key)).toBe('Passw0rd');
    // Storing the stored form again keeps the same envelope.
    const twice = await configs.putConnectorInfoProvider(again.json);
    expect((twice.json!.remoteConnectorServers as any[])[0].key).toEqual(server.key);
  });

  it('rejects an invalid configuration and reports an invalid file', async () => {
    const { store: configs, confDir } = await store();
    await expect(
      configs.putConnectorInfoProvider({ remoteConnectorServers: [{ name: 'x' }] }),
    ).rejects.toThrow(/host is required/);
    await mkdir(confDir, { recursive: true });
    await writeFileAtomic(join(confDir, CONNECTOR_INFO_PROVIDER_FILE), '[]');
    expect((await configs.getConnectorInfoProvider()).error).toBe('The file must hold a JSON object');
  });
});
