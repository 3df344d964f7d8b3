/**
 * `java.lang.Class` values on the wire (the `Class` serial type and class-spec fields).
 *
 * @packageDocumentation
 */

const cache = new Map<string, JavaClass>();

/**
 * A Java class named by its Java type name as core names types: a value type (`String`, `long`, `byte[]`,
 * `String[]`, `GuardedString`…) or an API operation (`CreateApiOp`, `SearchApiOp`…). Instances are interned, so
 * `JavaClass.of('CreateApiOp')` is the same object every time and works as a JS `Map` key — decoded maps keyed
 * by classes (timeouts, schema maps) can be looked up directly.
 */
export class JavaClass {
  readonly javaType = 'Class' as const;

  private constructor(readonly typeName: string) {}

  /** The interned instance for a Java type name. */
  static of(typeName: string): JavaClass {
    let cls = cache.get(typeName);
    if (!cls) {
      cls = new JavaClass(typeName);
      cache.set(typeName, cls);
    }
    return cls;
  }

  equals(other: unknown): boolean {
    return other instanceof JavaClass && other.typeName === this.typeName;
  }

  toString(): string {
    return `class ${this.typeName}`;
  }

  toJSON(): string {
    return this.typeName;
  }
}
