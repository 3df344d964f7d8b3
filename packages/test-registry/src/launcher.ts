/**
 * The Verdaccio process of {@link startTestRegistry}: `node launcher.js <config.yaml>` builds the registry from
 * the throwaway configuration, listens on a free loopback port (port 0, so there is no probe race) and prints one
 * JSON line `{"port": N}` on stdout once it accepts connections. SIGTERM closes it.
 *
 * @packageDocumentation
 */
import type { Server } from 'node:http';
import { runServer } from 'verdaccio';

const configPath = process.argv[2];
if (configPath === undefined) {
  process.stderr.write('usage: launcher.js <config.yaml>\n');
  process.exit(2);
}

const server = (await runServer(configPath)) as Server;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
server.on('error', (error) => {
  process.stderr.write(`verdaccio: ${error.message}\n`);
  process.exit(1);
});

function stop(): void {
  server.close(() => process.exit(0));
  // Keep-alive sockets of npm clients would hold close() open.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent keeps stdin open; when it dies without stopping us, stdin ends and the registry goes with it.
process.stdin.on('end', stop);
process.stdin.resume();
