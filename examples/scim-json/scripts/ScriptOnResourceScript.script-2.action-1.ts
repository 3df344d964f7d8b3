// ScriptOnResourceScript.script-2.action-1: the seed's `[ a: 'a', b: 'b']` — a map (an object literal needs parentheses).
({ a: 'a', b: 'b' });
