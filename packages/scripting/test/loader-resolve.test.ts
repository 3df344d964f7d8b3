/**
 * Script name resolution is cached: every operation resolves its script's name, and looking in the roots stats up
 * to one file per root and extension. Without recompilation a found path is kept; with it, the roots are looked at
 * again once per minimumRecompilationInterval. Names not found are never cached.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationException } from '@rcskit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TypeScriptModule } from '../src/compiler.js';
import { ScriptLoader } from '../src/loader.js';
import { tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A loader over a fresh directory, with a clock the test moves. */
function setup(recompile: boolean) {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const clock = { now: 1_000 };
  const loader = new ScriptLoader({} as TypeScriptModule, {
    roots: [dir.path],
    extensions: ['js', 'ts'],
    recompile,
    interval: 100,
    now: () => clock.now,
  });
  return { dir: dir.path, clock, loader };
}

describe('ScriptLoader.resolve', () => {
  it('keeps a found path without recompilation, even when an earlier extension appears', () => {
    const { dir, clock, loader } = setup(false);
    writeFileSync(join(dir, 'Create.ts'), '');
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.ts'));
    writeFileSync(join(dir, 'Create.js'), '');
    clock.now += 10_000;
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.ts'));
    loader.clear();
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.js'));
  });

  it('with recompilation, looks again once the interval has passed', () => {
    const { dir, clock, loader } = setup(true);
    writeFileSync(join(dir, 'Create.ts'), '');
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.ts'));
    writeFileSync(join(dir, 'Create.js'), '');
    clock.now += 50;
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.ts'));
    clock.now += 60;
    expect(loader.resolve('Create')).toBe(join(dir, 'Create.js'));
    // A deleted script is noticed at the next check.
    rmSync(join(dir, 'Create.js'));
    rmSync(join(dir, 'Create.ts'));
    clock.now += 100;
    expect(() => loader.resolve('Create', 'createScriptFileName')).toThrow(ConfigurationException);
  });

  it('never caches a name it did not find', () => {
    const { dir, loader } = setup(false);
    expect(() => loader.resolve('Search.js', 'searchScriptFileName')).toThrow(
      /searchScriptFileName 'Search.js' not found in scriptRoots/,
    );
    writeFileSync(join(dir, 'Search.js'), '');
    expect(loader.resolve('Search.js')).toBe(join(dir, 'Search.js'));
  });
});
