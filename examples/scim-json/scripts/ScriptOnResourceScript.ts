/**
 * The seed's "run on resource" script (`scriptOnResourceScriptFileName`). It receives the system action's
 * `actionSource` as `scriptText`, its `actionType` as `scriptLanguage` and the request's arguments as
 * `scriptArguments`; nothing runs the text unless this script does. This one:
 *
 * - when the text names a file next to this script (script-2's `ScriptOnResourceScript.script-2.action-N.ts`),
 *   evaluates that file — the seed's `new GroovyShell().evaluate(new File(scriptText).text)`;
 * - otherwise evaluates the text itself with the request's arguments as `args` and this script's `log` — the
 *   seed's `new GroovyShell(binding).evaluate(scriptText)` with `binding.setVariable('args', scriptArguments)`;
 *
 * and returns what was evaluated (the action's `result`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { evaluateScript, type ScriptOnResourceContext } from '@rcskit/scripting';

/** An action file: a script name ending in .ts or .js, resolved next to this script. */
function actionFile(text: string): string | null {
  const name = text.trim();
  if (!/^[\w./-]+\.(ts|js)$/.test(name)) return null;
  const path = resolve(__dirname, name);
  return existsSync(path) ? path : null;
}

export default async function onResource({
  scriptText,
  scriptLanguage,
  scriptArguments,
  log,
  bindings,
}: ScriptOnResourceContext) {
  log.info('ScriptOnResourceScript.ts bindings: ' + String(bindings));

  const file = actionFile(scriptText);
  if (file !== null) {
    return evaluateScript(readFileSync(file, 'utf8'), {
      language: extname(file) === '.ts' ? 'typescript' : 'javascript',
      filename: basename(file),
      variables: { args: scriptArguments, log },
    });
  }
  return evaluateScript(scriptText, { language: scriptLanguage, variables: { args: scriptArguments, log } });
}
