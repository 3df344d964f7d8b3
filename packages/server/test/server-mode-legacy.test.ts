/**
 * Server mode and a legacy OpenICF 1.4 binary client (IDM with a connector server entry whose protocol is not
 * `websocket`) on the same port: the connection is closed with a log line that says what to change, and a
 * malformed HTTP request still gets its 400.
 */
import { connect } from 'node:net';
import { computeKeyHash } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import { bundleDir, capturingLogger, configFrom, eventually } from './fixtures/support.js';

const bundles = bundleDir({ 'test-bundle': 'test-bundle-1.1.0' });

/** Sends bytes and resolves with everything received until the server closes. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('server mode: a legacy binary client on the WebSocket port', () => {
  let server: ConnectorServer;
  const log = capturingLogger('info');
  beforeAll(async () => {
    server = await ConnectorServer.start({
      config: configFrom({
        'connectorserver.bundleDir': bundles.dir,
        'connectorserver.port': '0',
        'connectorserver.ifaddress': '127.0.0.1',
        'connectorserver.key': computeKeyHash('Passw0rd'),
      }),
      logger: log.logger,
    });
  });
  afterAll(async () => {
    await server.stop();
    bundles.remove();
  });

  it('closes the connection and logs how to switch IDM to the WebSocket protocol', async () => {
    const port = Number(new URL(server.url!).port);
    // The serializer's magic number and version, then the start of a Locale object.
    const legacy = Buffer.from('0000fafb0000000200000006', 'hex');
    expect(await exchange(port, legacy)).toBe('');
    await eventually(() => log.lines.some((l) => l.includes('A legacy OpenICF 1.4 binary client connected')));
    expect(log.lines.find((l) => l.includes('legacy'))).toContain('\\"protocol\\": \\"websocket\\"');
  });

  it('still answers a malformed HTTP request with 400', async () => {
    const port = Number(new URL(server.url!).port);
    expect(await exchange(port, Buffer.from('GET / HTTP/1.1\r\nbad header\r\n\r\n'))).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\n/,
    );
  });
});
