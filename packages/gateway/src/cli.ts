#!/usr/bin/env node
/**
 * `rcs-gateway`: runs the gateway from the command line.
 *
 * ```
 * rcs-gateway run --dir <dir> [--port 8080] [--host 0.0.0.0] [--tls-key key.pem --tls-cert cert.pem]
 *                 [--log-level info]
 * ```
 *
 * Logs are JSON lines on stderr (never secrets). SIGINT / SIGTERM stop the gateway cleanly. The command-line
 * gateway hosts no local connectors: point `connectorRef.connectorHostRef` at a connector server (an RCS in
 * server mode it dials, or one in client mode dialling its `/openicf`).
 *
 * @packageDocumentation
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PeerLogger } from '@rcskit/transport';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startGateway } from './gateway.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/** A JSON-lines logger on a stream, filtered by level. */
export function consoleLogger(
  level: Level,
  write: (line: string) => void = (l) => process.stderr.write(l),
): PeerLogger {
  const threshold = LEVELS.indexOf(level);
  const at =
    (name: Exclude<Level, 'silent'>) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (LEVELS.indexOf(name) < threshold) return;
      const fields = typeof objOrMsg === 'string' ? {} : objOrMsg;
      const message = typeof objOrMsg === 'string' ? objOrMsg : msg;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: name, msg: message, ...fields })}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** The command-line program (exported for tests). */
export function program(): Command {
  const cmd = new Command('rcs-gateway').description(
    'IDM-compatible REST gateway driving OpenICF connectors on remote connector servers',
  );
  cmd
    .command('run')
    .description('run the gateway')
    .requiredOption('--dir <dir>', 'gateway directory (conf/, security/, state/)')
    .option('--port <port>', 'HTTP(S) port', port, 8080)
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .option('--tls-key <file>', 'PEM private key (serve https/wss)')
    .option('--tls-cert <file>', 'PEM certificate chain')
    .option('--truststore <file>', "IDM's trust store (PKCS12, JKS or PEM) for useSSL connector servers")
    .option('--truststore-password <password>', 'trust store password (or RCS_GATEWAY_TRUSTSTORE_PASSWORD)')
    .addOption(new Option('--log-level <level>', 'log level').choices([...LEVELS]).default('info'))
    .action(
      async (opts: {
        dir: string;
        port: number;
        host: string;
        tlsKey?: string;
        tlsCert?: string;
        truststore?: string;
        truststorePassword?: string;
        logLevel: Level;
      }) => {
        if ((opts.tlsKey === undefined) !== (opts.tlsCert === undefined)) {
          throw new InvalidArgumentError('--tls-key and --tls-cert go together');
        }
        const logger = consoleLogger(opts.logLevel);
        const gateway = await startGateway({
          dir: opts.dir,
          port: opts.port,
          host: opts.host,
          logger,
          ...(opts.truststore !== undefined
            ? {
                trustStore: {
                  file: opts.truststore,
                  password: opts.truststorePassword ?? process.env.RCS_GATEWAY_TRUSTSTORE_PASSWORD,
                },
              }
            : {}),
          ...(opts.tlsKey !== undefined && opts.tlsCert !== undefined
            ? { tls: { key: readFileSync(opts.tlsKey), cert: readFileSync(opts.tlsCert) } }
            : {}),
        });
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'stopping');
          gateway.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.on('SIGINT', () => stop('SIGINT'));
        process.on('SIGTERM', () => stop('SIGTERM'));
      },
    );
  return cmd;
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  program()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`rcs-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
