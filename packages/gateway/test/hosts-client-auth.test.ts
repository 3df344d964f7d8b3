import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkConnectorInfoProvider } from '../src/config/connector-ref.js';
import { ConfigCrypto } from '../src/config/crypto.js';
import { clientAuthenticator } from '../src/connectors/client-acceptor.js';

const crypto = ConfigCrypto.ephemeral();
const model = checkConnectorInfoProvider({
  remoteConnectorClients: [
    { name: 'tokened', token: crypto.encrypt('T0ken') },
    { name: 'basic', password: crypto.encrypt('s3cret'), principal: 'rcs-user' },
    { name: 'keyed', key: 'k3y' },
    { name: 'off', password: 'x', enabled: false },
    { name: 'bare' },
  ],
}).model!;

const users = {
  verify: async (user: string, password: string) =>
    user === 'openidm-admin' && password === 'openidm-admin' ? { username: user, roles: [] } : undefined,
};

const authenticate = clientAuthenticator({ model: () => model, crypto, users: users as never });

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`;
}

describe('client-mode RCS authentication', () => {
  it('binds Bearer tokens and Basic credentials to the configured client', async () => {
    expect(await authenticate(request({ authorization: 'Bearer T0ken' }))).toBe('tokened');
    expect(await authenticate(request({ authorization: 'Bearer nope' }))).toBe(403);
    expect(await authenticate(request({ authorization: basic('rcs-user', 's3cret') }))).toBe('basic');
    expect(await authenticate(request({ authorization: basic('rcs-user', 'wrong') }))).toBe(403);
    expect(await authenticate(request({ authorization: basic('basic', 's3cret') }))).toBe(403);
    expect(await authenticate(request({ authorization: basic('keyed', 'k3y') }))).toBe('keyed');
    expect(await authenticate(request({ authorization: basic('off', 'x') }))).toBe(403);
    expect(await authenticate(request({}))).toBe(401);
  });

  it('accepts a gateway user for a client without its own secret, named by header', async () => {
    const named = (name: string, user = 'openidm-admin', password = 'openidm-admin') =>
      authenticate(
        request({ authorization: basic(user, password), 'x-openicf-connector-server-name': name }),
      );
    expect(await named('bare')).toBe('bare');
    expect(await named('bare', 'openidm-admin', 'wrong')).toBe(403);
    expect(await named('basic')).toBe(403);
    expect(await named('unknown')).toBe(403);
  });
});
