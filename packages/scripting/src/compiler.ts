/**
 * Turns script text into callable JavaScript (spec framework.md D.2 "Engine behaviour", rcskit form):
 *
 * 1. **Transpile** with TypeScript's `transpileModule` (types stripped, `import`/`export` turned into CommonJS
 *    `require`/`exports`, a source map kept). JavaScript goes through the same step, so both languages accept
 *    `import` and are checked for syntax errors the same way; a syntax error is reported with the script's own
 *    file, line and column.
 * 2. **Decide the form.** A script with a default export (`export default function (ctx) {…}`) is a *module*:
 *    its body runs once per load and its default export is called per operation with the bindings object. Any
 *    other script is a *statement script*, run per call as Groovy runs a script: the bindings are top-level
 *    variables and the value of the last expression statement is the result. The rewrite that makes this work
 *    changes the last expression statement into a `return` — also inside a trailing `if`/`else`, block, or the
 *    `try` and `catch` blocks of a trailing `try` — so `4 * 4`, `[1, 2, 3]` or `new SearchResult(cookie, -1)` at
 *    the end of a script is its value. An explicit top-level `return x` works too.
 * 3. **Wrap** the CommonJS code in a function whose parameters are `exports, require, module, __filename,
 *    __dirname` and, for statement scripts, the binding names; the body sits in an inner block, so a script may
 *    declare a `const`/`let` with a binding's name (shadowing it, as a Groovy `def` shadows a binding). The
 *    function is compiled with `node:vm` in the main realm under the script's own file name, one line above the
 *    code so the generated line numbers are the transpiled ones.
 * 4. **Map stacks.** {@link mapStackTrace} rewrites `file:line:column` of registered scripts in a stack through the
 *    source map, so errors point at the lines of the `.ts` (or `.js`) file itself.
 *
 * Limitations of statement scripts: only a trailing *expression statement* has a value (a trailing `for`,
 * `switch` or declaration gives `undefined`); an object literal as the last statement must be parenthesised
 * (`({ a: 1 })`), since `{ a: 1 }` is a block in JavaScript; `const x = x` self-references are a TDZ error;
 * `import.meta` is not available (use `__filename`/`__dirname`).
 *
 * @packageDocumentation
 */
import { SourceMap } from 'node:module';
import { Script as VmScript } from 'node:vm';
import { ConnectorException } from '@rcskit/core';

/** The TypeScript compiler module (loaded lazily: it is large). */
export type TypeScriptModule = typeof import('typescript');

let typescript: Promise<TypeScriptModule> | undefined;

/** Loads the TypeScript compiler once. */
export function loadTypeScript(): Promise<TypeScriptModule> {
  typescript ??= import('typescript').then((m) => (m as { default?: TypeScriptModule }).default ?? m);
  return typescript;
}

/** How a script is called; see the module notes. */
export type ScriptForm = 'module' | 'statement';

/** The source language: TypeScript (`.ts`, `.mts`) or JavaScript (`.js`, `.mjs`). */
export type ScriptLanguage = 'ts' | 'js';

/** A transpiled script, ready to be wrapped. */
export interface TranspiledScript {
  /** The name stack traces use: the script's path, or a virtual name for request scripts. */
  readonly filename: string;
  readonly language: ScriptLanguage;
  readonly form: ScriptForm;
  /** CommonJS JavaScript, without the source-map comment. */
  readonly code: string;
  /** The source map from {@link code} back to the script text. */
  readonly sourceMap: SourceMap;
}

/** Options of {@link transpileScript}. */
export interface TranspileOptions {
  readonly filename: string;
  readonly language: ScriptLanguage;
  /** Force a form; by default a script with a default export is a module, anything else a statement script. */
  readonly form?: ScriptForm | undefined;
  /** Keep the result for the same text and file name (default true; one-off request texts pass false). */
  readonly cache?: boolean | undefined;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: position - last };
}

/** True when the source file has a default export (`export default …`, `export { x as default }`). */
function hasDefaultExport(ts: TypeScriptModule, file: import('typescript').SourceFile): boolean {
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) return true;
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
    ) {
      return true;
    }
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause) &&
      statement.exportClause.elements.some((e) => e.name.text === 'default')
    ) {
      return true;
    }
  }
  return false;
}

/** The completion rewrite of statement scripts (see the module notes). */
function completionTransformer(
  ts: TypeScriptModule,
): (
  context: import('typescript').TransformationContext,
) => (file: import('typescript').SourceFile) => import('typescript').SourceFile {
  type Statement = import('typescript').Statement;
  return (context) => (file) => {
    const { factory } = context;
    const ignorable = (s: Statement): boolean =>
      ts.isEmptyStatement(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isImportDeclaration(s) ||
      ts.isImportEqualsDeclaration(s) ||
      (ts.isModuleDeclaration(s) && !!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) ||
      (ts.isVariableStatement(s) && !!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword));
    const completeList = (statements: readonly Statement[]): Statement[] => {
      let i = statements.length - 1;
      while (i >= 0 && ignorable(statements[i]!)) i--;
      if (i < 0) return [...statements];
      const last = statements[i]!;
      const done = complete(last);
      return done === last ? [...statements] : [...statements.slice(0, i), done, ...statements.slice(i + 1)];
    };
    const complete = (s: Statement): Statement => {
      if (ts.isExpressionStatement(s)) {
        return ts.setOriginalNode(ts.setTextRange(factory.createReturnStatement(s.expression), s), s);
      }
      if (ts.isBlock(s)) return factory.updateBlock(s, completeList(s.statements));
      if (ts.isIfStatement(s)) {
        return factory.updateIfStatement(
          s,
          s.expression,
          complete(s.thenStatement),
          s.elseStatement ? complete(s.elseStatement) : undefined,
        );
      }
      if (ts.isTryStatement(s)) {
        const tryBlock = factory.updateBlock(s.tryBlock, completeList(s.tryBlock.statements));
        const catchClause = s.catchClause
          ? factory.updateCatchClause(
              s.catchClause,
              s.catchClause.variableDeclaration,
              factory.updateBlock(s.catchClause.block, completeList(s.catchClause.block.statements)),
            )
          : undefined;
        return factory.updateTryStatement(s, tryBlock, catchClause, s.finallyBlock);
      }
      return s;
    };
    return factory.updateSourceFile(file, completeList(file.statements));
  };
}

/**
 * Transpiles a script and decides its form (see the module notes).
 *
 * @throws ConnectorException `Syntax error in <file>:<line>:<column>: <message>` for the first syntax error.
 */
export function transpileScript(
  ts: TypeScriptModule,
  text: string,
  options: TranspileOptions,
): TranspiledScript {
  if (options.cache === false) return transpileUncached(ts, text, options);
  const key = `${options.language}\0${options.form ?? ''}\0${options.filename}\0${text}`;
  const cached = transpiled.get(key);
  if (cached) {
    // Refresh the entry's place in the LRU order.
    transpiled.delete(key);
    transpiled.set(key, cached);
    return cached;
  }
  const result = transpileUncached(ts, text, options);
  transpiled.set(key, result);
  if (transpiled.size > TRANSPILE_CACHE_SIZE) transpiled.delete(transpiled.keys().next().value as string);
  return result;
}

/** Transpiled texts by language, form, file name and text: configurations sharing scripts compile them once. */
const transpiled = new Map<string, TranspiledScript>();
const TRANSPILE_CACHE_SIZE = 256;

function transpileUncached(ts: TypeScriptModule, text: string, options: TranspileOptions): TranspiledScript {
  let form: ScriptForm = options.form ?? 'statement';
  const detect =
    (_context: import('typescript').TransformationContext) => (file: import('typescript').SourceFile) => {
      if (options.form === undefined) form = hasDefaultExport(ts, file) ? 'module' : 'statement';
      return file;
    };
  const complete = completionTransformer(ts);
  const result = ts.transpileModule(text, {
    fileName: options.language === 'ts' ? 'script.ts' : 'script.js',
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
      inlineSourceMap: false,
      esModuleInterop: true,
      removeComments: false,
      isolatedModules: true,
      verbatimModuleSyntax: false,
      useDefineForClassFields: true,
    },
    transformers: {
      before: [detect, (context) => (file) => (form === 'statement' ? complete(context)(file) : file)],
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  const first = errors[0];
  if (first) {
    const message = ts.flattenDiagnosticMessageText(first.messageText, '\n');
    const where =
      first.start === undefined
        ? options.filename
        : (() => {
            const { line, column } = lineAndColumn(text, first.start);
            return `${options.filename}:${line}:${column}`;
          })();
    throw new ConnectorException(`Syntax error in ${where}: ${message}`);
  }
  const code = result.outputText.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '\n');
  const payload = JSON.parse(result.sourceMapText ?? '{"version":3,"sources":[],"names":[],"mappings":""}');
  return {
    filename: options.filename,
    language: options.language,
    form,
    code,
    sourceMap: new SourceMap(payload),
  };
}

// ---- stack mapping -------------------------------------------------------------------------------------------

const maps = new Map<string, SourceMap>();

/** Registers the source map of a compiled script under its file name (the latest compilation wins). */
export function registerSourceMap(filename: string, map: SourceMap): void {
  maps.set(filename, map);
}

/** Forgets the source map of a file name (for one-off request scripts). */
export function unregisterSourceMap(filename: string): void {
  maps.delete(filename);
}

function mapPosition(map: SourceMap, line: number, column: number): { line: number; column: number } | null {
  try {
    const entry = map.findEntry(line - 1, Math.max(0, column - 1)) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (typeof entry.originalLine !== 'number' || typeof entry.originalColumn !== 'number') return null;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return null;
  }
}

/** The original line of a generated line (V8 reports only a line for syntax errors). */
function mapLine(map: SourceMap, line: number): number | null {
  const end = mapPosition(map, line, 100_000);
  return end ? end.line : null;
}

/**
 * Rewrites the positions of registered scripts in a stack trace (`file:line:column`, as V8 prints frames, and
 * `file:line` on the first line of a syntax error) to positions in the script's own text.
 */
export function mapStackTrace(stack: string): string {
  if (maps.size === 0) return stack;
  return stack
    .split('\n')
    .map((text) => {
      const frame = /:(\d+):(\d+)(\)?)\s*$/.exec(text);
      if (frame) {
        const head = text.slice(0, frame.index);
        // `at fn (path:l:c)` or `at path:l:c`; paths may contain spaces.
        const start = frame[3]
          ? head.lastIndexOf('(') + 1
          : (/^\s*at (?:async )?/.exec(head)?.[0].length ?? 0);
        const path = head.slice(start);
        const map = maps.get(path);
        if (!map) return text;
        const mapped = mapPosition(map, Number(frame[1]), Number(frame[2]));
        return mapped ? `${head}:${mapped.line}:${mapped.column}${frame[3]}` : text;
      }
      const header = /^(.+):(\d+)$/.exec(text);
      if (header) {
        const map = maps.get(header[1]!);
        const line = map ? mapLine(map, Number(header[2])) : null;
        return line === null ? text : `${header[1]}:${line}`;
      }
      return text;
    })
    .join('\n');
}

/** Rewrites an error's stack in place with {@link mapStackTrace} (once); returns the error. */
export function mapErrorStack<E>(error: E): E {
  if (!(error instanceof Error)) return error;
  const marked = error as Error & { [MAPPED]?: true };
  if (marked[MAPPED]) return error;
  try {
    const stack = error.stack;
    if (typeof stack === 'string') {
      Object.defineProperty(error, 'stack', {
        value: mapStackTrace(stack),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    Object.defineProperty(error, MAPPED, { value: true, enumerable: false });
  } catch {
    // Frozen errors keep their stack.
  }
  return error;
}

const MAPPED = Symbol('rcskit.scripting.stackMapped');

// ---- wrapping --------------------------------------------------------------------------------------------------

/** The parameters every wrapper starts with (CommonJS). */
export const COMMONJS_PARAMETERS = Object.freeze(['exports', 'require', 'module', '__filename', '__dirname']);

/** Options of {@link compileWrapper}. */
export interface WrapperOptions {
  /** Parameter names after the CommonJS ones (statement scripts: the binding names). */
  readonly parameters?: readonly string[];
  /** An `async function` (scripts) or a plain one (helper modules loaded by `require`). */
  readonly async: boolean;
  /** Strict mode (modules); statement scripts run sloppy, as scripts do. */
  readonly strict: boolean;
}

/**
 * Compiles a transpiled script into a function `(exports, require, module, __filename, __dirname, ...parameters)`
 * in the main realm (see the module notes) and registers its source map.
 *
 * @throws ConnectorException for a syntax error V8 finds (e.g. a duplicate declaration), with the original line.
 */
export function compileWrapper(
  script: TranspiledScript,
  options: WrapperOptions,
): (...args: unknown[]) => unknown {
  const parameters = [...COMMONJS_PARAMETERS, ...(options.parameters ?? [])];
  const header = `(${options.async ? 'async ' : ''}function (${parameters.join(', ')}) {${options.strict ? '"use strict";' : ''} {`;
  const source = `${header}\n${script.code}\n}})`;
  registerSourceMap(script.filename, script.sourceMap);
  let compiled: VmScript;
  try {
    compiled = new VmScript(source, { filename: script.filename, lineOffset: -1 });
  } catch (error) {
    const stack = error instanceof Error ? mapStackTrace(String(error.stack ?? '')) : '';
    const where = new RegExp(`^${escapeRegExp(script.filename)}:(\\d+)`).exec(stack);
    const message = error instanceof Error ? error.message : String(error);
    throw new ConnectorException(
      `Syntax error in ${script.filename}${where ? `:${where[1]}` : ''}: ${message}`,
      { cause: error },
    );
  }
  return compiled.runInThisContext() as (...args: unknown[]) => unknown;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
