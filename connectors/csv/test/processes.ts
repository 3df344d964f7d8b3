/** Spawning TypeScript child processes (through tsx) and generating large CSV files for the tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(
  join(dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;

/** Starts `test/children/<script>` with Node and the tsx loader. */
export function spawnChild(script: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', tsxLoader, join(here, 'children', script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code (or signal) and the output of a child. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

/** Writes a CSV file with `rows` accounts (`uid`, `firstName`, `lastName`, `email`, `employeeNumber`, …). */
export async function writeLargeCsv(path: string, rows: number, extraColumns = 0): Promise<void> {
  const out = createWriteStream(path);
  const extra = Array.from({ length: extraColumns }, (_, i) => `attr${i}`);
  const header = ['uid', 'firstName', 'lastName', 'email', 'employeeNumber', ...extra];
  out.write(`${header.map((h) => `"${h}"`).join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const cells = [
      `user${i}`,
      `First${i % 1000}`,
      `Last ${i % 777}, Jr.`,
      `user${i}@example.com`,
      String(100000 + i),
      ...extra.map((_, j) => `value ${j} of row ${i}`),
    ];
    chunk += `${cells.map((c) => `"${c}"`).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}
