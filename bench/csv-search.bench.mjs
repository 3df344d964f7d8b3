#!/usr/bin/env node
/**
 * CSV connector benchmark: a full search through `@rcskit/connector-csv` against a raw papaparse streaming parse
 * of the same 1M-row file, plus a filtered search and a one-row update (a full streamed rewrite).
 *
 * Run from the repository root after `pnpm --filter @rcskit/connector-csv... build`:
 *
 *     node bench/csv-search.bench.mjs [rows]
 *
 * Each measurement runs in its own child process (so peak RSS is that phase's own), twice; the best time is kept.
 * It prints results and ratios; it asserts nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const csvPackage = join(root, 'connectors', 'csv');
const require = createRequire(join(csvPackage, 'package.json'));
const Papa = require('papaparse');
const RUNS = 3;

/** Samples RSS every 20 ms; returns a function that stops and gives the peak in MB. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
  };
}

async function generate(path, rows) {
  const out = createWriteStream(path);
  out.write('"uid","firstName","lastName","email","employeeNumber","department"\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `"user${i}","First${i % 1000}","Last ${i % 777}, Jr.","user${i}@example.com","${100000 + i}","dept${i % 17}"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

/** The phases, each run in a child: returns the number of rows seen. */
const phases = {
  /** papaparse's own Node streaming, one `step` callback per row. */
  async 'papaparse-step'(file) {
    let rows = 0;
    await new Promise((resolve, reject) => {
      Papa.parse(createReadStream(file, { encoding: 'utf8' }), {
        delimiter: ',',
        step: () => {
          rows++;
        },
        complete: resolve,
        error: reject,
      });
    });
    return rows - 1;
  },
  /** papaparse's Node streaming with a `chunk` callback (an array of rows per chunk): its fastest mode. */
  async 'papaparse-chunk'(file) {
    let rows = 0;
    await new Promise((resolve, reject) => {
      Papa.parse(createReadStream(file, { encoding: 'utf8' }), {
        delimiter: ',',
        chunk: (results) => {
          rows += results.data.length;
        },
        complete: resolve,
        error: reject,
      });
    });
    return rows - 1;
  },
  /**
   * No file: just builds as many ConnectorObjects of the same shape (uid, name, six attributes) as the full search
   * does. It shows how much of the search is the object model's own cost.
   */
  async 'core-objects-only'(_file, rows) {
    const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
    const names = ['firstName', 'uid', 'lastName', 'email', 'employeeNumber', 'department'];
    let built = 0;
    for (let i = 0; i < rows; i++) {
      const uid = `user${i}`;
      const attributes = [new core.Uid(uid), new core.Name(uid)];
      for (const name of names) attributes.push(new core.Attribute(name, [`${name}${i}`]));
      const object = new core.ConnectorObject(core.ObjectClass.ACCOUNT, attributes);
      built += object.uid.uidValue === uid ? 1 : 0;
    }
    return built;
  },
  /** Every row as a ConnectorObject through executeQuery (no filter). */
  async 'connector-search'(file) {
    const { core, connector } = await load(file);
    let rows = 0;
    const handler = core.searchResultsHandler(() => {
      rows++;
      return true;
    });
    await connector.executeQuery(core.ObjectClass.ACCOUNT, null, handler, new core.OperationOptions());
    return rows;
  },
  /** A filter pushed down to raw rows: one match in 1M rows. */
  async 'connector-filtered'(file) {
    const { core, connector } = await load(file);
    const options = new core.OperationOptions();
    const [query] = connector
      .createFilterTranslator(core.ObjectClass.ACCOUNT, options)
      .translate(core.FilterBuilder.equalTo('employeeNumber', '100042'));
    let rows = 0;
    const handler = core.searchResultsHandler(() => {
      rows++;
      return true;
    });
    await connector.executeQuery(core.ObjectClass.ACCOUNT, query, handler, options);
    return rows;
  },
  /** One update of the last row: the whole file is streamed into a temporary file and swapped in. */
  async 'connector-update'(file, rows) {
    const { core, connector } = await load(file);
    await connector.update(
      core.ObjectClass.ACCOUNT,
      new core.Uid(`user${rows - 1}`),
      [core.AttributeBuilder.build('department', `changed${Date.now()}`)],
      new core.OperationOptions(),
    );
    return rows;
  },
};

async function load(file) {
  const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
  const { csvFileConnector } = await import(pathToFileURL(join(csvPackage, 'dist', 'index.js')).href);
  const connector = csvFileConnector.create();
  const config = csvFileConnector.configurationClass.create();
  config.csvFile = file;
  connector.init(config);
  return { core, connector };
}

async function child(phase, file, rows) {
  const stop = rssSampler();
  let best = Number.POSITIVE_INFINITY;
  let seen = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    seen = await phases[phase](file, rows);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write(JSON.stringify({ phase, ms: best, rows: seen, peakRssMb: stop() }));
}

async function main() {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'rcskit-csv-bench-'));
  const file = join(dir, 'accounts.csv');
  try {
    const t0 = Date.now();
    await generate(file, rows);
    const sizeMb = statSync(file).size / (1024 * 1024);
    console.log(`CSV bench: ${rows} rows, ${sizeMb.toFixed(1)} MB, generated in ${Date.now() - t0} ms`);
    console.log(`node ${process.version}, best of ${RUNS} runs per phase, each phase in its own process\n`);
    const results = {};
    for (const phase of Object.keys(phases)) {
      const run = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--phase', phase, file, String(rows)],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (run.status !== 0) throw new Error(`phase ${phase} failed:\n${run.stderr}`);
      results[phase] = JSON.parse(run.stdout);
    }
    const base = results['papaparse-step'].ms;
    const pad = (s, n) => String(s).padEnd(n);
    console.log(`${pad('phase', 20)}${pad('time', 12)}${pad('rows/s', 12)}${pad('vs step', 10)}peak RSS`);
    for (const r of Object.values(results)) {
      console.log(
        pad(r.phase, 20) +
          pad(`${(r.ms / 1000).toFixed(2)} s`, 12) +
          pad(Math.round((rows / r.ms) * 1000).toLocaleString('en-US'), 12) +
          pad(`${(r.ms / base).toFixed(2)}x`, 10) +
          `${r.peakRssMb.toFixed(0)} MB`,
      );
    }
    const search = results['connector-search'];
    console.log(
      `\nfull search / raw papaparse streaming: ${(search.ms / base).toFixed(2)}x (step), ` +
        `${(search.ms / results['papaparse-chunk'].ms).toFixed(2)}x (chunk); ` +
        `search peak RSS ${search.peakRssMb.toFixed(0)} MB for a ${sizeMb.toFixed(0)} MB file`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--phase') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  await main();
}
