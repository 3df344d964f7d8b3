/**
 * Finds, compiles, caches and reloads script files (spec framework.md D.2 "Engine behaviour").
 *
 * - **Resolution.** A script name is resolved in each of `scriptRoots` in order (an absolute name is used as it
 *   is). A name with an extension must use one of `scriptExtensions`; a name without one is tried with each
 *   extension in order. `.groovy` names fail with a message saying Groovy does not run here.
 * - **Imports.** Scripts may `import` (or `require`) `@rcskit/scripting` and `@rcskit/core` — the very modules the
 *   engine runs with, so `instanceof` works on what they return — Node built-ins and packages (resolved from the
 *   script's directory), and **helper scripts** by relative path (`./lib.js` also finds `./lib.ts`). Helpers are
 *   compiled the same way, run once (CommonJS semantics, cycles get partial exports) and cached; they may not use
 *   top-level `await`.
 * - **Caching and recompilation.** A compiled script is kept until the configuration is released. With
 *   `recompileGroovySource`, the file and every helper it imported are checked (modification time and size) at
 *   most once per `minimumRecompilationInterval` ms; a change reloads the script (and the changed helpers) on
 *   the next call, without a restart. An unchanged text (same hash) keeps the compiled script.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@rcskit/core';
import { ConfigurationException, ConnectorException } from '@rcskit/core';
import {
  compileWrapper,
  type ScriptForm,
  type ScriptLanguage,
  type TranspiledScript,
  type TypeScriptModule,
  transpileScript,
} from './compiler.js';
import * as scripting from './index.js';

/** The script file extensions rcskit runs. */
export const SUPPORTED_SCRIPT_EXTENSIONS: readonly string[] = Object.freeze(['js', 'mjs', 'ts', 'mts']);

/** The language of a script file by its extension (`.ts`/`.mts` → TypeScript). */
export function languageOf(path: string): ScriptLanguage {
  const ext = extname(path).toLowerCase();
  return ext === '.ts' || ext === '.mts' ? 'ts' : 'js';
}

/**
 * The script roots as absolute directory paths: each entry is read as a `file:` URL when it parses as one, else
 * as a path (relative paths against the working directory).
 *
 * @throws ConfigurationException when there is no root, for a URL of another scheme (e.g. `jar:`), and when
 *   `check` is true for a root that is not an existing directory.
 */
export function resolveScriptRoots(
  roots: readonly (string | null)[] | null | undefined,
  check = false,
): string[] {
  const entries = (roots ?? []).filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  if (entries.length === 0) {
    throw new ConfigurationException("Missing required 'scriptRoots' configuration property");
  }
  return entries.map((entry) => {
    const text = entry.trim();
    let path = text;
    if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(text)) {
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (url) {
        if (url.protocol !== 'file:') {
          throw new ConfigurationException(
            `Invalid scriptRoots entry '${entry}': only directories (paths or file: URLs) are supported`,
          );
        }
        path = fileURLToPath(url);
      }
    }
    const absolute = resolve(path);
    if (check) {
      let directory = false;
      try {
        directory = statSync(absolute).isDirectory();
      } catch {
        directory = false;
      }
      if (!directory) {
        throw new ConfigurationException(
          `Invalid scriptRoots entry '${entry}': ${absolute} is not a directory`,
        );
      }
    }
    return absolute;
  });
}

/**
 * The configured extensions rcskit can run, without dots and lower-cased, in the configured order.
 *
 * @throws ConfigurationException when none of them is supported (e.g. only `groovy`).
 */
export function resolveScriptExtensions(extensions: readonly (string | null)[] | null | undefined): string[] {
  const configured = (extensions ?? [])
    .filter((e): e is string => typeof e === 'string' && e.trim() !== '')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase());
  if (configured.length === 0) return [...SUPPORTED_SCRIPT_EXTENSIONS];
  const usable = [...new Set(configured.filter((e) => SUPPORTED_SCRIPT_EXTENSIONS.includes(e)))];
  if (usable.length === 0) {
    throw new ConfigurationException(
      `None of the scriptExtensions [${configured.join(', ')}] can run here: rcskit runs ` +
        `${SUPPORTED_SCRIPT_EXTENSIONS.join(', ')} scripts (Groovy scripts must be ported to TypeScript or JavaScript)`,
    );
  }
  return usable;
}

interface Stamp {
  readonly mtimeMs: number;
  readonly size: number;
}

function stampOf(path: string): Stamp | null {
  try {
    const stat = statSync(path);
    return stat.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : null;
  } catch {
    return null;
  }
}

function sameStamp(a: Stamp | null, b: Stamp | null): boolean {
  return a !== null && b !== null && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readScript(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Options of a {@link ScriptLoader}. */
export interface ScriptLoaderOptions {
  /** Absolute root directories (see {@link resolveScriptRoots}). */
  readonly roots: readonly string[];
  /** Extensions without dots (see {@link resolveScriptExtensions}). */
  readonly extensions: readonly string[];
  /** Reload changed files (`recompileGroovySource`). */
  readonly recompile: boolean;
  /** Minimum ms between two checks of one file (`minimumRecompilationInterval`). */
  readonly interval: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A `require` as scripts get it. */
export type ScriptRequire = ((id: string) => unknown) & { resolve: (id: string) => string };

interface HelperEntry {
  readonly stamp: Stamp;
  readonly module: { exports: unknown };
  checkedAt: number;
}

/** A compiled script file (or a request script) and what is needed to call it. */
export class LoadedScript {
  readonly path: string;
  readonly transpiled: TranspiledScript;
  readonly hash: string;
  stamp: Stamp | null;
  checkedAt: number;
  /** Helper files this script imported, with the stamp they had. */
  readonly deps = new Map<string, Stamp>();
  readonly require: ScriptRequire;
  readonly #variants = new Map<string, (...args: unknown[]) => unknown>();
  #module: Promise<(context: object) => unknown> | undefined;

  constructor(
    path: string,
    transpiled: TranspiledScript,
    hash: string,
    stamp: Stamp | null,
    now: number,
    makeRequire: (script: LoadedScript) => ScriptRequire,
  ) {
    this.path = path;
    this.transpiled = transpiled;
    this.hash = hash;
    this.stamp = stamp;
    this.checkedAt = now;
    this.require = makeRequire(this);
  }

  /** `module` (default export called with the bindings) or `statement` (bindings as variables). */
  get form(): ScriptForm {
    return this.transpiled.form;
  }

  /**
   * The default export of a module script; the module body runs on the first call (again after a failure).
   *
   * @throws ConnectorException when the default export is not a function.
   */
  moduleFunction(): Promise<(context: object) => unknown> {
    this.#module ??= (async () => {
      const wrapper = compileWrapper(this.transpiled, { async: true, strict: true });
      const module = { exports: {} as unknown };
      await wrapper(module.exports, this.require, module, this.path, dirname(this.path));
      const exported = module.exports as { default?: unknown } | null;
      const fn =
        exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported;
      if (typeof fn !== 'function') {
        throw new ConnectorException(
          `${this.path}: the default export must be a function receiving the bindings, got ${typeof fn}`,
        );
      }
      return fn as (context: object) => unknown;
    })();
    this.#module.catch(() => {
      this.#module = undefined;
    });
    return this.#module;
  }

  /** The compiled function of a statement script for a list of parameter names (cached per list). */
  statementFunction(parameters: readonly string[]): (...args: unknown[]) => unknown {
    const key = parameters.join(',');
    let fn = this.#variants.get(key);
    if (!fn) {
      fn = compileWrapper(this.transpiled, { async: true, strict: false, parameters });
      this.#variants.set(key, fn);
    }
    return fn;
  }

  /** Checks that the wrapper compiles (syntax errors V8 finds beyond TypeScript's parser). */
  check(): void {
    compileWrapper(this.transpiled, { async: true, strict: this.form === 'module' });
  }
}

/** Loads script files from the roots and keeps them compiled (see the module notes). */
export class ScriptLoader {
  readonly #ts: TypeScriptModule;
  readonly #options: ScriptLoaderOptions;
  readonly #scripts = new Map<string, LoadedScript>();
  readonly #helpers = new Map<string, HelperEntry>();
  /** Script names already resolved, with when: every operation resolves its script name. */
  readonly #resolved = new Map<string, { readonly path: string; checkedAt: number }>();
  readonly #now: () => number;

  constructor(ts: TypeScriptModule, options: ScriptLoaderOptions) {
    this.#ts = ts;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The roots the loader searches. */
  get roots(): readonly string[] {
    return this.#options.roots;
  }

  /**
   * The absolute path of a script name (see the module notes).
   *
   * @param property the configuration property that named it, for messages.
   * @throws ConfigurationException for an extension that cannot run or a file found in no root.
   */
  resolve(name: string, property = 'script'): string {
    // Every operation resolves its script's name; looking in the roots stats up to one file per root and
    // extension, so a found path is kept — for good without recompilation (the compiled script is kept too),
    // else until the next check of the files (`minimumRecompilationInterval`), when a file added to an earlier
    // root or with an earlier extension takes over. A name not found is looked up again on the next call.
    const known = this.#resolved.get(name);
    if (known !== undefined) {
      if (!this.#options.recompile) return known.path;
      const now = this.#now();
      if (now - known.checkedAt < this.#options.interval) return known.path;
    }
    const path = this.#lookUp(name, property);
    this.#resolved.set(name, { path, checkedAt: this.#now() });
    return path;
  }

  #lookUp(name: string, property: string): string {
    const trimmed = name.trim();
    const ext = extname(trimmed).slice(1).toLowerCase();
    const extensions = this.#options.extensions;
    if (ext !== '' && !extensions.includes(ext)) {
      const groovy =
        ext === 'groovy'
          ? ' Groovy scripts cannot run in rcskit: port them to TypeScript or JavaScript.'
          : '';
      throw new ConfigurationException(
        `${property} '${trimmed}': the extension '.${ext}' is not one of the scriptExtensions (${extensions.join(', ')}).${groovy}`,
      );
    }
    const bases = isAbsolute(trimmed) ? [trimmed] : this.#options.roots.map((root) => join(root, trimmed));
    for (const base of bases) {
      const candidates = ext !== '' ? [base] : extensions.map((e) => `${base}.${e}`);
      for (const candidate of candidates) if (stampOf(candidate)) return candidate;
    }
    throw new ConfigurationException(
      `${property} '${trimmed}' not found in scriptRoots [${this.#options.roots.join(', ')}]`,
    );
  }

  /**
   * The compiled script at `path`, reloading it when recompilation is on and it (or a helper) changed.
   *
   * @throws ConnectorException when the file cannot be read or does not compile.
   */
  load(path: string): LoadedScript {
    const cached = this.#scripts.get(path);
    if (cached && !this.#stale(cached)) return cached;
    const stamp = stampOf(path);
    if (!stamp) {
      this.#scripts.delete(path);
      throw new ConfigurationException(`Script file ${path} does not exist`);
    }
    let text: string;
    try {
      text = readScript(path);
    } catch (error) {
      throw new ConnectorException(`Cannot read script ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const hash = hashOf(text);
    if (cached && cached.hash === hash && !this.#depsChanged(cached)) {
      cached.stamp = stamp;
      return cached;
    }
    const transpiled = transpileScript(this.#ts, text, { filename: path, language: languageOf(path) });
    const loaded = new LoadedScript(path, transpiled, hash, stamp, this.#now(), (s) =>
      this.#makeRequire(s.path, s),
    );
    this.#scripts.set(path, loaded);
    return loaded;
  }

  /**
   * Compiles request text (runScriptOnConnector, `evaluateScript`) as a statement script under a virtual file
   * name; nothing is cached. Relative imports resolve from the first script root.
   */
  inline(text: string, filename: string, language: ScriptLanguage): LoadedScript {
    const transpiled = transpileScript(this.#ts, text, {
      filename,
      language,
      form: 'statement',
      cache: false,
    });
    const base = join(this.#options.roots[0] ?? process.cwd(), basename(filename));
    return new LoadedScript(filename, transpiled, hashOf(text), null, this.#now(), (s) =>
      this.#makeRequire(base, s),
    );
  }

  /** Forgets every compiled script and helper. */
  clear(): void {
    this.#scripts.clear();
    this.#helpers.clear();
    this.#resolved.clear();
  }

  #stale(script: LoadedScript): boolean {
    if (!this.#options.recompile) return false;
    const now = this.#now();
    if (now - script.checkedAt < this.#options.interval) return false;
    script.checkedAt = now;
    if (!sameStamp(stampOf(script.path), script.stamp)) return true;
    return this.#depsChanged(script);
  }

  #depsChanged(script: LoadedScript): boolean {
    let changed = false;
    for (const [dep, stamp] of script.deps) {
      if (!sameStamp(stampOf(dep), stamp)) {
        this.#helpers.delete(dep);
        changed = true;
      }
    }
    return changed;
  }

  #makeRequire(from: string, owner: LoadedScript): ScriptRequire {
    const nodeRequire = createRequire(from);
    const fn = ((id: string): unknown => {
      if (id === '@rcskit/scripting') return scripting;
      if (id === '@rcskit/core') return core;
      if (id.startsWith('./') || id.startsWith('../') || isAbsolute(id)) {
        const helper = this.#resolveHelper(dirname(from), id);
        if (helper) return this.#helper(helper, owner);
      }
      return nodeRequire(id);
    }) as ScriptRequire;
    fn.resolve = (id: string) => nodeRequire.resolve(id);
    return fn;
  }

  #resolveHelper(directory: string, id: string): string | undefined {
    const base = resolve(directory, id);
    const extensions = this.#options.extensions;
    const ext = extname(base).slice(1).toLowerCase();
    const candidates: string[] = [];
    if (ext !== '' && extensions.includes(ext)) candidates.push(base);
    // TypeScript sources import each other by their output names (`./lib.js` for `lib.ts`).
    if (ext === 'js' && extensions.includes('ts')) candidates.push(`${base.slice(0, -3)}.ts`);
    if (ext === 'mjs' && extensions.includes('mts')) candidates.push(`${base.slice(0, -4)}.mts`);
    if (ext === '') for (const e of extensions) candidates.push(`${base}.${e}`);
    return candidates.find((c) => existsSync(c) && stampOf(c) !== null);
  }

  /** Runs (once) and returns the exports of a helper script, recording it as a dependency of `owner`. */
  #helper(path: string, owner: LoadedScript): unknown {
    let entry = this.#helpers.get(path);
    if (entry && this.#options.recompile) {
      const now = this.#now();
      if (now - entry.checkedAt >= this.#options.interval) {
        entry.checkedAt = now;
        if (!sameStamp(stampOf(path), entry.stamp)) {
          this.#helpers.delete(path);
          entry = undefined;
        }
      }
    }
    if (!entry) {
      const stamp = stampOf(path);
      if (!stamp) throw new ConnectorException(`Cannot find module '${path}'`);
      const transpiled = transpileScript(this.#ts, readScript(path), {
        filename: path,
        language: languageOf(path),
        form: 'module',
      });
      const module = { exports: {} as unknown };
      entry = { stamp, module, checkedAt: this.#now() };
      this.#helpers.set(path, entry);
      const helperRequire = this.#makeRequire(path, owner);
      try {
        const wrapper = compileWrapper(transpiled, { async: false, strict: true });
        wrapper(module.exports, helperRequire, module, path, dirname(path));
      } catch (error) {
        this.#helpers.delete(path);
        throw error;
      }
    }
    owner.deps.set(path, entry.stamp);
    return entry.module.exports;
  }
}
