/**
 * Java enum constants on the wire (`EnumSerializationHandler`, spec §4.3.3) for enums that core models as plain
 * string unions (`AttributeInfoFlag`, `SyncDeltaType`): a tagged, interned value, so that a stand-alone enum
 * object keeps its Java type through a decode/encode round trip.
 *
 * @packageDocumentation
 */

const cache = new Map<string, JavaEnum>();

/** One constant of a Java enum: `JavaEnum.of('SyncDeltaType', 'DELETE')`. Interned; compare with `===`. */
export class JavaEnum {
  private constructor(
    /** The serial enum type (`AttributeInfoFlag`, `SyncDeltaType`). */
    readonly javaType: string,
    /** The constant name. */
    readonly value: string,
  ) {}

  /** The interned constant (not checked against the enum's constants; the serializer checks on decode). */
  static of(javaType: string, value: string): JavaEnum {
    const key = `${javaType}.${value}`;
    let constant = cache.get(key);
    if (!constant) {
      constant = new JavaEnum(javaType, value);
      cache.set(key, constant);
    }
    return constant;
  }

  equals(other: unknown): boolean {
    return other instanceof JavaEnum && other.javaType === this.javaType && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
