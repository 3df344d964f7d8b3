// ScriptOnResourceScript.script-2.action-0: the seed's `[1, 2]` — a list is the action's result.
[1, 2];
