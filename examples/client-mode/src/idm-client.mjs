/**
 * A small client of the gateway's IDM REST API, authenticating as IDM's curl examples do
 * (`X-OpenIDM-Username` / `X-OpenIDM-Password`).
 *
 * @module
 */
import { ADMIN } from './run-dir.mjs';

/**
 * @typedef {object} CallResult
 * @property {number} status
 * @property {any} body        the parsed JSON answer (undefined when empty or not JSON)
 * @property {Headers} headers
 * @property {string} text
 */

/**
 * @typedef {object} CallInit
 * @property {unknown} [body]                       sent as JSON
 * @property {Record<string, string>} [headers]
 * @property {AbortSignal} [signal]
 */

/**
 * A client of the gateway at `baseUrl` (`http://host:port`).
 *
 * @param {string} baseUrl
 */
export function idmClient(baseUrl) {
  /**
   * @param {string} method
   * @param {string} path   e.g. `/openidm/system?_action=test`
   * @param {CallInit} [init]
   * @returns {Promise<CallResult>}
   */
  async function call(method, path, init = {}) {
    /** @type {Record<string, string>} */
    const headers = {
      'X-OpenIDM-Username': ADMIN.username,
      'X-OpenIDM-Password': ADMIN.password,
      'Accept-API-Version': 'resource=1.0',
      ...init.headers,
    };
    /** @type {string | undefined} */
    let body;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: init.signal });
    const text = await response.text();
    /** @type {any} */
    let parsed;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  }
  return { baseUrl, call };
}

/** Resolves after `ms`. */
export function sleep(/** @type {number} */ ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` every `intervalMs` until it returns something other than `undefined` / `false`; rejects after
 * `timeoutMs` with the last value or error in the message.
 *
 * @template T
 * @param {() => Promise<T | undefined | false> | T | undefined | false} check
 * @param {{ timeoutMs?: number, intervalMs?: number, what?: string }} [options]
 * @returns {Promise<T>}
 */
export async function eventually(check, options = {}) {
  const { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return /** @type {T} */ (value);
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not met within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : String(last)})`,
      );
    }
    await sleep(intervalMs);
  }
}
