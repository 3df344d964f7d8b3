/**
 * Request parameters, framework-independent: a URLSearchParams or a parsed query-string object (what fastify
 * and `node:querystring` give: `string | string[]` per name).
 *
 * CREST reserves names starting with `_`: one that the endpoint does not know gives 400
 * `Unrecognized request parameter '<name>'` (the seed's message); other names are left to the endpoint (IDM
 * ignores them on queries and passes them to scripts on `_action=script`).
 *
 * @packageDocumentation
 */
import { BadRequestError } from '../errors.js';

/** Request parameters as a URLSearchParams or a query-string object. */
export type RequestParams =
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined | null>>;

/** Parameters every CREST request may carry. */
export const COMMON_PARAMETERS: readonly string[] = Object.freeze(['_prettyPrint', '_fields', '_mimeType']);

/** Parameters of a query request (plus {@link COMMON_PARAMETERS}). */
export const QUERY_PARAMETERS: readonly string[] = Object.freeze([
  '_queryFilter',
  '_queryId',
  '_queryExpression',
  '_pageSize',
  '_pagedResultsCookie',
  '_pagedResultsOffset',
  '_totalPagedResultsPolicy',
  '_sortKeys',
]);

/** Parameters of an action request (plus {@link COMMON_PARAMETERS}); `_scriptId` is the IDM docs' spelling. */
export const ACTION_PARAMETERS: readonly string[] = Object.freeze(['_action', '_scriptId']);

/** The parameter names present. */
export function paramNames(params: RequestParams): string[] {
  if (params instanceof URLSearchParams) return [...new Set(params.keys())];
  return Object.keys(params).filter((k) => params[k] !== undefined && params[k] !== null);
}

/** All values of a parameter (none when absent). */
export function paramValues(params: RequestParams, name: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(name);
  const value = params[name];
  if (value === undefined || value === null) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/**
 * The single value of a parameter, or undefined when absent.
 *
 * @throws BadRequestError when the parameter is given more than once.
 */
export function singleParam(params: RequestParams, name: string): string | undefined {
  const values = paramValues(params, name);
  if (values.length > 1)
    throw new BadRequestError(`The request parameter '${name}' must not be given more than once`);
  return values[0];
}

/**
 * Rejects reserved (`_`-prefixed) parameters outside `allowed` and {@link COMMON_PARAMETERS}.
 *
 * @throws BadRequestError `Unrecognized request parameter '<name>'`.
 */
export function checkRequestParameters(params: RequestParams, allowed: Iterable<string>): void {
  const known = new Set<string>([...COMMON_PARAMETERS, ...allowed]);
  for (const name of paramNames(params)) {
    if (name.startsWith('_') && !known.has(name)) {
      throw new BadRequestError(`Unrecognized request parameter '${name}'`);
    }
  }
}

/**
 * The script id of `/system/<name>?_action=script`: IDM's code reads `scriptId`, its documentation shows
 * `_scriptId` (spec G.12); rcskit accepts both (`scriptId` wins when both are given).
 */
export function scriptIdOf(params: RequestParams): string | undefined {
  return singleParam(params, 'scriptId') ?? singleParam(params, '_scriptId');
}

/**
 * Parses a non-negative integer parameter.
 *
 * @throws BadRequestError when the value is not a non-negative integer.
 */
export function nonNegativeIntParam(params: RequestParams, name: string): number | undefined {
  const text = singleParam(params, name);
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim())) {
    throw new BadRequestError(
      `The request parameter '${name}' must be a non-negative integer, not '${text}'`,
    );
  }
  const n = Number(text.trim());
  if (n > 2 ** 31 - 1) throw new BadRequestError(`The request parameter '${name}' is too large: ${text}`);
  return n;
}

/** True for `_prettyPrint=true` (case-insensitive). */
export function prettyPrintOf(params: RequestParams): boolean {
  return (singleParam(params, '_prettyPrint') ?? '').toLowerCase() === 'true';
}
