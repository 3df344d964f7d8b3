import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { searchResultsHandler } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, connectorFor, NO_OPTIONS, tempDir } from './helpers.js';
import { writeLargeCsv } from './processes.js';

/** The garbage collector, made callable at run time (as `node --expose-gc` would). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const MB = 1024 * 1024;

describe('memory', () => {
  it('stays flat while searching a 200k-row file (streamed, never loaded whole)', async () => {
    const file = join(tempDir(), 'large.csv');
    await writeLargeCsv(file, 200_000, 8);
    const size = statSync(file).size;
    // Loading this file whole (about 50 MB of text, 2.6M cells) takes ~170 MB of heap for the parsed rows alone.
    expect(size).toBeGreaterThan(48 * MB);

    const gc = collector();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let livePeak = baseline;
    let count = 0;
    const handler = searchResultsHandler((object) => {
      count++;
      if (count % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (count % 25_000 === 0) {
        gc();
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
      }
      return object.uid.uidValue.length > 0;
    });
    await connectorFor(file).executeQuery(ACCOUNT, null, handler, NO_OPTIONS);
    expect(count).toBe(200_000);
    const growth = (peak - baseline) / MB;
    const live = (livePeak - baseline) / MB;
    // Heap in use at any sample (garbage included), and what is still reachable after a collection.
    expect(growth, `heap grew by ${growth.toFixed(1)} MB`).toBeLessThan(100);
    expect(live, `live heap grew by ${live.toFixed(1)} MB`).toBeLessThan(25);
  }, 60_000);
});
