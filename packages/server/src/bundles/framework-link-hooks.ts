/**
 * Module resolution hooks (registered with `node:module`'s `register`, run by Node on its loader thread): an
 * `import '@rcskit/core'` from a module inside a bundle resolves to the server's own `@rcskit/core`, so bundles
 * and the server share one copy of the framework classes (the OSGi idea of a framework package the host exports).
 * Without this, a bundle installed with its own `node_modules/@rcskit/core` would build objects of another copy
 * of each class, which the server's serializer would not recognise.
 *
 * @packageDocumentation
 */

/** Data handed over by `register(…, { data })`. */
export interface FrameworkLinkData {
  /** Package names to redirect (`@rcskit/core`). */
  readonly packages: Readonly<Record<string, string>>;
  /** `file:` URL prefixes (ending in `/`) of the bundle directories whose imports are redirected. */
  readonly roots: readonly string[];
}

interface ResolveContext {
  readonly parentURL?: string | undefined;
}

type NextResolve = (specifier: string, context: ResolveContext) => unknown;

let link: FrameworkLinkData = { packages: {}, roots: [] };

export function initialize(data: FrameworkLinkData): void {
  link = data;
}

export function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): unknown {
  const target = link.packages[specifier];
  const parent = context.parentURL;
  if (target !== undefined && parent !== undefined && link.roots.some((root) => parent.startsWith(root))) {
    return { url: target, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
