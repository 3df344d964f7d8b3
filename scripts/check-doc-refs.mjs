#!/usr/bin/env node
/**
 * Checks that code, tests, fixtures and READMEs cite only what is in the repository (docs/README.md, "How code
 * cites these files"):
 *
 * 1. nothing under packages/, connectors/, examples/, bench/ or the root README cites the specification that lives
 *    outside the repository (`spec §5.6`, `framework.md C.7`, `wire-protocol.md §4.3`, `../shared/…`, seed file
 *    names, `seed "Section"`), and a quoted name of a seed's example is one that docs/ restates;
 * 2. every reference into docs/ resolves: `docs/<file>.md#<anchor>` paths (and `#<anchor>` continuations) in code,
 *    relative Markdown links in READMEs, and the links between the docs/ files themselves;
 * 3. every package README (packages/*, connectors/*) links to at least one docs/ file.
 *
 * Usage: node scripts/check-doc-refs.mjs [repo-root]. Exits 1 and lists each problem as file:line when one fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const docsDir = join(root, 'docs');
const SCOPE = ['packages', 'connectors', 'examples', 'bench'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage', '.test-results', '.git']);
const TEXT = new Set([
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.json',
  '.md',
  '.proto',
  '.sh',
  '.properties',
  '.yaml',
  '.yml',
  '.txt',
  '.html',
  '.toml',
]);

/** Citations of material outside the repository. `quoted` rules pass when docs/ mentions the quoted name. */
const OUTSIDE = [
  {
    why: 'a path outside the repository',
    re: /(?:\.\.\/)+shared\/|\bshared\/(?:spec|seeds|data|interop)\b|\/work\/shared/g,
  },
  {
    why: 'a seed document',
    re: /(?<![\w/.-])(?:seeds\/)?(?:scripted-connectors-for-java-rcs|pingidm-7\.2-remote-connectors)\.md/g,
  },
  {
    why: 'a specification document',
    re: /(?<!docs\/(?:[\w-]+\/)*)\b(?:framework|wire-protocol|anchors)\.md\b/g,
  },
  { why: 'a specification citation', re: /\bwire-protocol (?:spec\b|§)/g },
  { why: 'a specification section (§)', re: /(?<!RFC \d{3,5} )§ ?[0-9A-H]/g },
  { why: 'a specification citation', re: /\b[Ss]pec:?\s+(?:§ ?)?(?:[A-H]\.\d|\d+\.\d)/g },
  { why: 'a specification section id', re: /(?<![\w.#/-])[A-H]\.\d{1,2}(?![\d\w]|\.\d)/g },
  { why: 'a seed section not restated in docs/', re: /\bseed(?:'s)?(?:,? |: ?)"([^"\n]+)"/g, quoted: true },
  { why: 'a seed section not restated in docs/', re: /PingIDM 7\.2 "([^"\n]+)"/g, quoted: true },
];

// ---------------------------------------------------------------------------------------------------------------
// docs/ anchors (GitHub's slugs)
// ---------------------------------------------------------------------------------------------------------------
function slugOf(text) {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fence = null;
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slugOf(h[2]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorCache = new Map();
function anchorsOfFile(abs) {
  if (!anchorCache.has(abs)) anchorCache.set(abs, anchorsOf(readFileSync(abs, 'utf8')));
  return anchorCache.get(abs);
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------
function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || (e.name === 'gen' && dir.endsWith(`${sep}src`))) continue;
      yield* walk(p);
    } else if (e.isFile() && TEXT.has(extname(e.name).toLowerCase()) && e.name !== 'CHANGELOG.md') {
      yield p;
    }
  }
}

const rel = (abs) => relative(root, abs).split(sep).join('/');
const lineOf = (text, index) => text.slice(0, index).split('\n').length;
const problems = [];
let checkedRefs = 0;

const docsCorpus = existsSync(docsDir)
  ? [...walk(docsDir)]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      .toLowerCase()
  : '';

/** Checks that `target` (an absolute path, maybe with #anchor) is an existing docs file and heading. */
function checkTarget(from, text, index, abs, anchor, shown) {
  checkedRefs++;
  const where = `${rel(from)}:${lineOf(text, index)}`;
  if (!existsSync(abs)) {
    problems.push(`${where}: ${shown} points to a missing file`);
    return;
  }
  if (anchor && abs.endsWith('.md') && statSync(abs).isFile() && !anchorsOfFile(abs).has(anchor)) {
    problems.push(`${where}: ${shown} points to a missing heading #${anchor} in ${rel(abs)}`);
  }
}

const PATH_REF =
  /(?<![\w./-])docs\/([\w./-]+?\.md)(?:#([\w-]+))?((?:,[ \t]*(?:\r?\n[ \t]*(?:\*|\/\/|#{1,2})?[ \t]*)?#[\w-]+)*)/g;
const MD_LINK = /\]\(([^)\s]+?)(?:\s+"[^"]*")?\)/g;

/** The text with fenced blocks and code spans blanked out (same length), so examples are not read as links. */
function withoutCode(text) {
  const blank = (m) => m.replace(/[^\n]/g, ' ');
  return text.replace(/^([ \t]*)(```|~~~)[\s\S]*?^\1\2[^\n]*$/gm, blank).replace(/`[^`\n]+`/g, blank);
}

/** Spans that already point into docs/; the outside-citation rules skip them. */
function docsSpans(text) {
  const spans = [];
  for (const m of text.matchAll(/\[[^\]]*\]\((?:[^)\s]*\/)?docs\/[^)\s]*\)/g)) {
    spans.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(PATH_REF)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function checkFile(abs, { outside }) {
  const text = readFileSync(abs, 'utf8');
  const isMd = abs.endsWith('.md');
  let links = 0;

  // Root-relative docs paths, with their #anchor continuations.
  for (const m of text.matchAll(PATH_REF)) {
    const file = join(docsDir, m[1]);
    checkTarget(abs, text, m.index, file, m[2], `docs/${m[1]}${m[2] ? `#${m[2]}` : ''}`);
    for (const c of (m[3] ?? '').matchAll(/#([\w-]+)/g))
      checkTarget(abs, text, m.index, file, c[1], `#${c[1]}`);
    links++;
  }

  // Relative Markdown links into docs/ (and, inside docs/, every relative link).
  if (isMd) {
    const inDocs = abs.startsWith(docsDir + sep);
    for (const m of withoutCode(text).matchAll(MD_LINK)) {
      const target = m[1];
      if (/^[a-z][\w+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [path, anchor] = target.split('#');
      const absTarget = path === '' ? abs : resolve(dirname(abs), decodeURI(path));
      const intoDocs = absTarget.startsWith(docsDir + sep) || absTarget === docsDir;
      if (!intoDocs && !inDocs) continue;
      if (intoDocs) links++;
      checkTarget(abs, text, m.index, absTarget, anchor, target);
    }
  }

  if (outside) {
    const spans = docsSpans(text);
    for (const rule of OUTSIDE) {
      for (const m of text.matchAll(rule.re)) {
        if (spans.some(([s, e]) => m.index < e && m.index + m[0].length > s)) continue;
        if (rule.quoted && docsCorpus.includes(m[1].toLowerCase())) continue;
        problems.push(`${rel(abs)}:${lineOf(text, m.index)}: cites ${rule.why}: ${JSON.stringify(m[0])}`);
      }
    }
  }
  return links;
}

if (!existsSync(docsDir)) problems.push('docs/: missing');
let files = 0;
for (const dir of SCOPE) {
  for (const abs of walk(join(root, dir))) {
    checkFile(abs, { outside: true });
    files++;
  }
}
if (existsSync(join(root, 'README.md'))) {
  checkFile(join(root, 'README.md'), { outside: true });
  files++;
}
for (const abs of existsSync(docsDir) ? walk(docsDir) : []) {
  if (abs.endsWith('.md')) checkFile(abs, { outside: false });
}

// Every package README links to docs/.
for (const group of ['packages', 'connectors']) {
  let names = [];
  try {
    names = readdirSync(join(root, group), { withFileTypes: true }).filter((e) => e.isDirectory());
  } catch {}
  for (const e of names) {
    const readme = join(root, group, e.name, 'README.md');
    if (!existsSync(readme)) continue;
    const text = readFileSync(readme, 'utf8');
    const linked = [...text.matchAll(MD_LINK)].some((m) => {
      const path = m[1].split('#')[0];
      return path !== '' && resolve(dirname(readme), path).startsWith(docsDir + sep);
    });
    if (!linked) problems.push(`${rel(readme)}: links to no docs/ file`);
  }
}

if (problems.length > 0) {
  console.error(`check-doc-refs: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `check-doc-refs: ${checkedRefs} references into docs/ resolve; ${files} files cite nothing outside`,
);
