/**
 * `/openidm/system/<name>?_action=script` (spec framework.md F.3; the scripted-connectors seed, "systemActions"):
 *
 * - `scriptId` (IDM's code) or `_scriptId` (its docs) names an entry of the provisioner's `systemActions`; every
 *   action of it whose `systemType` regex matches `connectorRef.connectorName` **as a whole** (Java
 *   `String.matches`) runs, in order. No entry or no matching action gives 400
 *   `Script ID: <id> for systemType <name> is not defined.` (the seed's message).
 * - The script text is `actionSource`, or the content of `actionFile` (relative to the gateway directory);
 *   `actionType` is the script language.
 * - Arguments: every request parameter except `_`-prefixed ones, `scriptId`, `scriptExecuteMode` and
 *   `scriptVariablePrefix` (as strings), then each key of a JSON-object body (the body wins on a clash). JSON
 *   values become what a Java RCS hands a script: objects → Map, arrays → List, integers → Integer (Long beyond
 *   32 bits), other numbers → Double, `null` → null. A body that is not a JSON object gives 400.
 * - `scriptExecuteMode=resource` runs `runScriptOnResource` (the connector's hosted script receives the text as
 *   `scriptText` and the arguments as `scriptArguments`); anything else runs `runScriptOnConnector`.
 *   `scriptVariablePrefix` is passed as the operation option `variablePrefix`.
 * - Answer: `{"actions": [{"result": <value>} | {"error": "<message>"}, …]}`, one entry per action run; each
 *   action's failure is caught on its own.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { numberToJava } from '@rcskit/core';
import { paramNames, paramValues, type RequestParams } from '../crest/params.js';
import { BadRequestError } from '../errors.js';

/** Parameters of a script request that are not script arguments. */
export const SCRIPT_CONTROL_PARAMETERS: readonly string[] = Object.freeze([
  'scriptId',
  'scriptExecuteMode',
  'scriptVariablePrefix',
]);

/** One action to run. */
export interface ScriptAction {
  readonly language: string;
  readonly text: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON value as the script argument a Java RCS would hand over (see the module notes). */
export function toScriptArgument(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numberToJava(value);
  if (Array.isArray(value)) return value.map(toScriptArgument);
  if (isObject(value)) return new Map(Object.entries(value).map(([k, v]) => [k, toScriptArgument(v)]));
  return value;
}

/**
 * The script arguments of a request: query parameters, then the body's keys.
 *
 * @throws BadRequestError when the body is not a JSON object.
 */
export function scriptArguments(params: RequestParams, body: unknown): Map<string, unknown> {
  const args = new Map<string, unknown>();
  for (const name of paramNames(params)) {
    if (name.startsWith('_') || SCRIPT_CONTROL_PARAMETERS.includes(name)) continue;
    const values = paramValues(params, name);
    args.set(name, values.length === 1 ? values[0] : values);
  }
  if (body !== undefined && body !== null && body !== '') {
    if (!isObject(body))
      throw new BadRequestError('The script arguments in the request body must be a JSON object');
    for (const [key, value] of Object.entries(body)) {
      if (value !== undefined) args.set(key, toScriptArgument(value));
    }
  }
  return args;
}

function matchesWhole(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    return false;
  }
}

/**
 * The actions of `scriptId` whose `systemType` matches the connector name, with their script text.
 *
 * @param baseDir where relative `actionFile`s are found.
 * @throws BadRequestError when none applies, or an action has neither `actionSource` nor a readable `actionFile`.
 */
export async function scriptActionsFor(
  systemActions: readonly Readonly<Record<string, unknown>>[],
  scriptId: string,
  connectorName: string,
  systemName: string,
  baseDir: string,
): Promise<ScriptAction[]> {
  const entry = systemActions.find((a) => a.scriptId === scriptId);
  const actions = Array.isArray(entry?.actions) ? entry.actions : [];
  const matching = actions.filter(
    (a): a is Record<string, unknown> =>
      isObject(a) && typeof a.systemType === 'string' && matchesWhole(a.systemType, connectorName),
  );
  if (matching.length === 0) {
    throw new BadRequestError(`Script ID: ${scriptId} for systemType ${systemName} is not defined.`);
  }
  const out: ScriptAction[] = [];
  for (const action of matching) {
    const language =
      typeof action.actionType === 'string' && action.actionType !== '' ? action.actionType : 'groovy';
    let text: string;
    if (typeof action.actionSource === 'string') text = action.actionSource;
    else if (typeof action.actionFile === 'string' && action.actionFile !== '') {
      const file = isAbsolute(action.actionFile) ? action.actionFile : join(baseDir, action.actionFile);
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new BadRequestError(
          `Script ID: ${scriptId}: cannot read actionFile ${action.actionFile}: ${(error as Error).message}`,
        );
      }
    } else {
      throw new BadRequestError(`Script ID: ${scriptId}: an action has neither actionSource nor actionFile`);
    }
    out.push({ language, text });
  }
  return out;
}
