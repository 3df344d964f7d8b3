/**
 * The gateway's client-mode acceptor (`/openicf`) answers the stock Java peers' recorded upgrade requests, sent
 * byte for byte over raw TCP (transport's fixtures/java-openicf-2.0.4): the Java RCS in client mode
 * (`onprem` / `cl1ent-s3cret`) and the Java client (`anonymous` / `changeit`), both with the repeated
 * `Sec-WebSocket-Protocol` line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headerValues, sendRawHttp } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/harness.js';

const RECORDINGS = join(
  import.meta.dirname,
  '..',
  '..',
  'transport',
  'test',
  'fixtures',
  'java-openicf-2.0.4',
);

describe('gateway acceptor and the recorded Java upgrade requests', () => {
  let gw: TestGateway;
  let port: number;

  beforeAll(async () => {
    gw = await startTestGateway({
      connectorInfoProvider: {
        remoteConnectorClients: [
          { name: 'onprem', password: 'cl1ent-s3cret' },
          { name: 'anonymous', key: 'changeit' },
        ],
      },
    });
    port = Number(new URL(gw.url).port);
  });
  afterAll(() => gw.dispose());

  it.each([
    'upgrade-java-rcs-client-mode.http',
    'upgrade-java-client.http',
  ])('answers %s with 101 and one sub-protocol', async (file) => {
    const bytes = readFileSync(join(RECORDINGS, file));
    expect(bytes.toString('latin1').match(/^Sec-WebSocket-Protocol:/gim)).toHaveLength(2);
    const answer = await sendRawHttp(bytes, { port });
    expect(answer.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    expect(headerValues(answer, 'Sec-WebSocket-Protocol')).toEqual(['v1.openicf.forgerock.org']);
  });

  it('refuses the recorded request with another password (403)', async () => {
    const text = readFileSync(join(RECORDINGS, 'upgrade-java-rcs-client-mode.http'), 'latin1').replace(
      /Basic \S+/,
      `Basic ${Buffer.from('onprem:wrong', 'latin1').toString('base64')}`,
    );
    expect((await sendRawHttp(text, { port })).status).toBe(403);
  });
});
