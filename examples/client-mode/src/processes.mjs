/**
 * Child processes of the example (`rcs`, `rcs-gateway`): output kept and split into lines, waiting for a line,
 * stopping with a signal. Used by `start.mjs` and by the tests.
 *
 * @module
 */
import { spawn } from 'node:child_process';

/**
 * @typedef {object} NodeProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {string} label
 * @property {() => string} output                     everything written to stdout and stderr so far
 * @property {(pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>} waitFor
 *   resolves with the first match of `pattern` in the output; rejects when the process exits first or on timeout
 * @property {Promise<number | string>} exited          the exit code, or the signal name
 * @property {() => boolean} running
 * @property {(signal?: NodeJS.Signals) => Promise<number | string>} stop  sends a signal, resolves on exit
 */

/**
 * @typedef {object} StartOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]              the whole environment (default: this process's)
 * @property {(line: string) => void} [onLine]      called with every complete output line
 * @property {boolean} [detached]                   own process group: a Ctrl-C on the terminal reaches only the
 *                                                  parent, which then stops the children in order
 */

/**
 * Runs `node <script> …args`.
 *
 * @param {string} label   a name for messages
 * @param {string} script  the JavaScript file to run with this Node.js
 * @param {readonly string[]} args
 * @param {StartOptions} [options]
 * @returns {NodeProcess}
 */
export function startNode(label, script, args, options = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let text = '';
  /** @type {Set<() => void>} */
  const listeners = new Set();
  const partial = { stdout: '', stderr: '' };
  /** @param {'stdout' | 'stderr'} stream */
  const append = (stream) => (/** @type {Buffer} */ chunk) => {
    const s = chunk.toString('utf8');
    text += s;
    if (options.onLine !== undefined) {
      const lines = (partial[stream] + s).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    }
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append('stdout'));
  child.stderr?.on('data', append('stderr'));
  let done = false;
  /** @type {Promise<number | string>} */
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
        if (partial[stream] !== '') options.onLine?.(partial[stream]);
        partial[stream] = '';
      }
      resolve(code ?? signal ?? -1);
      for (const listener of listeners) listener();
    });
    child.on('error', (error) => {
      done = true;
      text += `\n${label}: ${error.message}\n`;
      resolve(-1);
      for (const listener of listeners) listener();
    });
  });
  return {
    child,
    label,
    output: () => text,
    exited,
    running: () => !done,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match !== null) {
            finish();
            resolve(match);
          } else if (done) {
            finish();
            reject(new Error(`${label} exited before printing ${pattern}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${label} did not print ${pattern} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
