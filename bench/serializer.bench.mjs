/**
 * Serializer benchmark: encode + decode of one 10-attribute ConnectorObject with the OpenICF binary object
 * serializer of @rcskit/transport, against JSON.stringify + JSON.parse of the same data, in the same process and
 * run. Reports ops/s of each case and the ratios (serializer time / JSON time); the target is ≤ 1.5×.
 *
 * "JSON of the same data" is measured three ways (see README.md): JSON.stringify + JSON.parse of the
 * ConnectorObject itself (through its toJSON); of the same values as a hand-made plain object (no core objects on
 * either side: the strictest baseline); and of that plain object plus building the ConnectorObject from the parsed
 * JSON (like for like: what a JSON wire format would have to do before a server or client can use the object).
 *
 * Informational only: it never fails (exit code 0 whatever the numbers), so it can run on any machine.
 *
 *   pnpm build && pnpm bench                        # from the repository root
 *   node serializer.bench.mjs --rounds 9 --ms 1000  # from bench/: more and longer rounds
 *   node serializer.bench.mjs --json                # one JSON line (for tracking over time)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const TARGET_RATIO = 1.5;

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    ms: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.max(1, Number(args.rounds));
const ROUND_MS = Math.max(50, Number(args.ms));
const WARMUP_MS = Math.max(0, Number(args.warmup));

let core;
let transport;
try {
  core = await import('@rcskit/core');
  transport = await import('@rcskit/transport');
} catch (error) {
  console.error(`Cannot load @rcskit/core / @rcskit/transport (${error.message}).`);
  console.error('Build them first: `pnpm build` (or `pnpm --filter @rcskit/transport... build`).');
  process.exit(1);
}
const { AttributeBuilder, ConnectorObject, ConnectorObjectBuilder, int, long, ObjectClass } = core;
const { deserializeBinary, serializeBinary } = transport;

// ------------------------------------------------------------------------------------------------------------
// The data: one account with 10 attributes (__UID__ and __NAME__ included), a realistic mix of value types.

const photo = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);
const account = {
  uid: '3f9c2a64-6f1e-4c1b-9d55-2a7f0b8e41c2',
  name: 'bjensen',
  givenName: 'Barbara',
  description: 'Senior engineer, platform team',
  employeeNumber: 4217, // Integer
  lastLogin: 1732300800123, // Long (epoch ms)
  active: true, // Boolean
  mail: ['bjensen@example.com', 'barbara.jensen@example.com', 'bj@example.org'], // multi-valued String
  address: { street: '1 Main Street', city: 'Springfield', zip: '12345' }, // Map
  photo, // byte[]
};

/** The account as a core ConnectorObject (Java-typed values: int(), long(), Uint8Array for byte[]). */
function toConnectorObject(a) {
  return new ConnectorObjectBuilder()
    .setObjectClass(ObjectClass.ACCOUNT)
    .setUid(a.uid)
    .setName(a.name)
    .addAttribute('givenName', a.givenName)
    .addAttribute('description', a.description)
    .addAttribute('employeeNumber', int(a.employeeNumber))
    .addAttribute('lastLogin', long(a.lastLogin))
    .addAttribute('active', a.active)
    .addAttribute(AttributeBuilder.build('mail', ...a.mail))
    .addAttribute('address', new Map(Object.entries(a.address)))
    .addAttribute('photo', a.photo)
    .build();
}

/** The same data as plain JSON (what a REST API would send): byte[] as Base64, numbers as numbers. */
function toPlainJson(a) {
  return {
    objectClass: '__ACCOUNT__',
    _id: a.uid,
    __NAME__: a.name,
    givenName: a.givenName,
    description: a.description,
    employeeNumber: a.employeeNumber,
    lastLogin: a.lastLogin,
    active: a.active,
    mail: a.mail,
    address: a.address,
    photo: Buffer.from(a.photo).toString('base64'),
  };
}

/**
 * The parsed JSON back to the same core ConnectorObject, through the public builder (secondary comparison only):
 * what a JSON wire format would have to do too before a server or client can use the object.
 */
function fromPlainJson(p) {
  return new ConnectorObjectBuilder()
    .setObjectClass(p.objectClass)
    .setUid(p._id)
    .setName(p.__NAME__)
    .addAttribute('givenName', p.givenName)
    .addAttribute('description', p.description)
    .addAttribute('employeeNumber', int(p.employeeNumber))
    .addAttribute('lastLogin', long(p.lastLogin))
    .addAttribute('active', p.active)
    .addAttribute(AttributeBuilder.build('mail', ...p.mail))
    .addAttribute('address', new Map(Object.entries(p.address)))
    .addAttribute('photo', Buffer.from(p.photo, 'base64'))
    .build();
}

const object = toConnectorObject(account);
const plain = toPlainJson(account);
if (object.attributes.length !== 10)
  throw new Error(`expected 10 attributes, got ${object.attributes.length}`);

// Both sides round-trip for real before anything is timed.
const blob = serializeBinary(object);
const back = deserializeBinary(blob);
if (!(back instanceof ConnectorObject) || !back.equals(object))
  throw new Error('serializer round trip failed');
const text = JSON.stringify(plain);
if (JSON.stringify(JSON.parse(text)) !== text) throw new Error('JSON round trip failed');
if (!fromPlainJson(JSON.parse(text)).equals(object)) throw new Error('JSON → ConnectorObject build failed');
const objectText = JSON.stringify(object);
if (JSON.stringify(JSON.parse(objectText)) !== objectText)
  throw new Error('JSON of the object round trip failed');

// ------------------------------------------------------------------------------------------------------------
// Timing

let sink = 0;

const cases = {
  serializer: () => {
    const bytes = serializeBinary(object);
    const decoded = deserializeBinary(bytes);
    sink += bytes.length + (decoded === null ? 0 : 1);
  },
  // Each direction alone (informational).
  encode: () => {
    sink += serializeBinary(object).length;
  },
  decode: () => {
    sink += deserializeBinary(blob) === null ? 0 : 1;
  },
  jsonObject: () => {
    const json = JSON.stringify(object);
    const decoded = JSON.parse(json);
    sink += json.length + (decoded === null ? 0 : 1);
  },
  json: () => {
    const json = JSON.stringify(plain);
    const decoded = JSON.parse(json);
    sink += json.length + (decoded === null ? 0 : 1);
  },
  jsonBuild: () => {
    const json = JSON.stringify(plain);
    const decoded = fromPlainJson(JSON.parse(json));
    sink += json.length + (decoded === null ? 0 : 1);
  },
};

/** Runs `fn` in batches for about `ms` milliseconds; returns operations per second. */
function measure(fn, ms) {
  let ops = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - start;
    if (elapsed < ms / 20) batch *= 2;
  }
  return (ops * 1000) / elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Warm-up: every case, so the JIT has seen all paths before the first round.
for (const fn of Object.values(cases)) measure(fn, WARMUP_MS / 2);

// Rounds alternate the cases (the order reverses every round), so drift hits all alike.
const names = Object.keys(cases);
const results = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) results[name].push(measure(cases[name], ROUND_MS));
}

const ops = Object.fromEntries(names.map((name) => [name, median(results[name])]));
/** How many times longer one serializer encode + decode takes than one operation of `baseline`. */
const ratioTo = (baseline) => ops[baseline] / ops.serializer;
const ratio = ratioTo('json');
const ratioVsJsonOfObject = ratioTo('jsonObject');
const buildRatio = ratioTo('jsonBuild');
const verdict = (r) => (r <= TARGET_RATIO ? 'met' : 'NOT met');

if (args.json) {
  console.log(
    JSON.stringify({
      bench: 'serializer',
      node: process.version,
      blobBytes: blob.length,
      jsonBytes: Buffer.byteLength(text),
      jsonOfObjectBytes: Buffer.byteLength(objectText),
      serializerOpsPerSec: Math.round(ops.serializer),
      encodeOpsPerSec: Math.round(ops.encode),
      decodeOpsPerSec: Math.round(ops.decode),
      jsonOpsPerSec: Math.round(ops.json),
      // Kept with the meaning it always had: against the plain-data JSON.
      ratio: Number(ratio.toFixed(2)),
      target: TARGET_RATIO,
      met: ratio <= TARGET_RATIO,
      jsonOfObjectOpsPerSec: Math.round(ops.jsonObject),
      ratioVsJsonOfObject: Number(ratioVsJsonOfObject.toFixed(2)),
      metVsJsonOfObject: ratioVsJsonOfObject <= TARGET_RATIO,
      jsonBuildOpsPerSec: Math.round(ops.jsonBuild),
      ratioVsJsonBuild: Number(buildRatio.toFixed(2)),
    }),
  );
} else {
  const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(11);
  const spread = (xs) => `${fmt(Math.min(...xs)).trim()}–${fmt(Math.max(...xs)).trim()}`;
  const line = (label, name) =>
    console.log(`  ${label.padEnd(48)}${fmt(ops[name])} ops/s  (rounds ${spread(results[name])})`);
  console.log(`serializer benchmark — Node ${process.version}, ${ROUNDS} rounds × ${ROUND_MS} ms (median)`);
  console.log(
    `  ConnectorObject, 10 attributes: ${blob.length} bytes binary; JSON ${Buffer.byteLength(objectText)} bytes ` +
      `(the object), ${Buffer.byteLength(text)} bytes (plain data)`,
  );
  line('binary serializer encode+decode', 'serializer');
  line('  encode alone', 'encode');
  line('  decode alone', 'decode');
  line('JSON stringify+parse of the ConnectorObject', 'jsonObject');
  line('JSON stringify+parse of the plain data', 'json');
  line('JSON plain data + building the ConnectorObject', 'jsonBuild');
  console.log(`  the serializer takes, for one encode + decode (target ≤ ${TARGET_RATIO}×):`);
  console.log(
    `    ${ratioVsJsonOfObject.toFixed(2)}× the time of JSON of the same ConnectorObject: ${verdict(ratioVsJsonOfObject)}`,
  );
  console.log(
    `    ${ratio.toFixed(2)}× the time of JSON of the plain data (no core objects): ${verdict(ratio)}`,
  );
  console.log(
    `    ${buildRatio.toFixed(2)}× the time of JSON + building the ConnectorObject (like for like)`,
  );
}
if (sink === 42) console.log(''); // keep the work observable
