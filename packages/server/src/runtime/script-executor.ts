/**
 * The framework's own script runner for `runScriptOnConnector` when the connector does not implement
 * `ScriptOnConnectorOp` (spec framework.md C.5: the operation is always supported).
 *
 * Supported language: **JavaScript** (`javascript`, `js` or `ecmascript`, any case). The text runs in a fresh
 * `node:vm` context in which every script argument is a global variable, plus `connector`, the initialized
 * connector instance of the call. The result is the value of the last expression statement (a Promise result is
 * awaited). Arrays, plain objects, Maps, Sets and Dates made inside the script are copied into the server's realm,
 * so `instanceof` checks and the wire serializer see ordinary values.
 *
 * `node:vm` is not a security boundary: like the Java framework's Groovy and JavaScript executors, this runs
 * trusted scripts from the IDM administrator with the server's rights. Any other language fails with
 * `UnsupportedOperationException`.
 *
 * @packageDocumentation
 */
import { createContext, runInContext } from 'node:vm';
import { type ScriptContext, UnsupportedOperationException } from '@rcskit/core';

const JAVASCRIPT = new Set(['javascript', 'js', 'ecmascript']);

/** Whether the framework can run scripts of this language itself. */
export function isFrameworkScriptLanguage(language: string): boolean {
  return JAVASCRIPT.has(language.trim().toLowerCase());
}

/**
 * Throws when the framework cannot run scripts of this language itself.
 *
 * @throws UnsupportedOperationException naming the language and what is supported.
 */
export function assertFrameworkScriptLanguage(language: string): void {
  if (!isFrameworkScriptLanguage(language)) {
    throw new UnsupportedOperationException(
      `The connector does not implement ScriptOnConnectorOp, and the framework cannot run scripts in ` +
        `'${language}' itself: only JavaScript ('javascript', 'js', 'ecmascript') is supported`,
    );
  }
}

/** Options of {@link runFrameworkScript}. */
export interface FrameworkScriptOptions {
  /**
   * Limit for the synchronous part of the script, in ms (`vm`'s own timeout); undefined or 0 and below = none.
   * The operation timeout of the facade covers the asynchronous part.
   */
  readonly syncTimeoutMs?: number | undefined;
}

function tag(value: object): string {
  return Object.prototype.toString.call(value);
}

/** An object literal of another realm: its prototype is that realm's `Object.prototype` (or it has none). */
function isForeignPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || (Object.getPrototypeOf(proto) === null && tag(value) === '[object Object]');
}

/** Copies values made in the script's realm into this one (see the module notes); other values pass as they are. */
export function toHostRealm(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(toHostRealm(item, seen));
    return out;
  }
  if (value instanceof Object) return value; // already of this realm (Attributes, Uids, Java-typed values, …)
  switch (tag(value)) {
    case '[object Map]': {
      const out = new Map<unknown, unknown>();
      seen.set(value, out);
      for (const [k, v] of value as Map<unknown, unknown>)
        out.set(toHostRealm(k, seen), toHostRealm(v, seen));
      return out;
    }
    case '[object Set]': {
      const out = new Set<unknown>();
      seen.set(value, out);
      for (const v of value as Set<unknown>) out.add(toHostRealm(v, seen));
      return out;
    }
    case '[object Date]':
      return new Date((value as Date).getTime());
    default:
      break;
  }
  if (isForeignPlainObject(value)) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = toHostRealm(v, seen);
    return out;
  }
  return value;
}

/**
 * Runs a JavaScript script with the script arguments and `connector` bound (see the module notes).
 *
 * @throws UnsupportedOperationException for a language other than JavaScript.
 * @throws whatever the script throws.
 */
export async function runFrameworkScript(
  request: ScriptContext,
  connector: object,
  options: FrameworkScriptOptions = {},
): Promise<unknown> {
  assertFrameworkScriptLanguage(request.scriptLanguage);
  const sandbox: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of request.scriptArguments) sandbox[name] = value;
  sandbox.connector = connector;
  const context = createContext(sandbox, { name: 'rcskit runScriptOnConnector' });
  const timeout = options.syncTimeoutMs;
  const result: unknown = runInContext(request.scriptText, context, {
    filename: 'runScriptOnConnector.js',
    ...(timeout !== undefined && timeout > 0 ? { timeout } : {}),
  });
  const settled = isThenable(result) ? await result : result;
  return toHostRealm(settled);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
