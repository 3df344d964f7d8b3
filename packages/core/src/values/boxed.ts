/**
 * Boxed Java values that JavaScript cannot tell apart on its own: a JS `number` could be an Integer, a Long, a
 * Double, a Float or a Byte in Java, and the wire format keeps that difference. Each class here holds one value
 * with its Java type, is immutable, compares by value and serialises to JSON as the plain value.
 *
 * Plain JS `string` is always `java.lang.String` and plain `boolean` is `java.lang.Boolean`; those need no box.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Common shape of every boxed value. */
abstract class Boxed<T extends number | bigint | string> {
  /** The Java type of the value (boxed name, e.g. `Integer`). */
  abstract readonly javaType: 'Integer' | 'Long' | 'Double' | 'Float' | 'Byte' | 'Character' | 'BigInteger';
  constructor(readonly value: T) {}

  /** Same Java type and same value (Double/Float NaN equals NaN, as `Double.equals` does). */
  equals(other: unknown): boolean {
    if (!(other instanceof Boxed) || other.javaType !== this.javaType) return false;
    return Object.is(other.value, this.value) || other.value === this.value;
  }

  toString(): string {
    return String(this.value);
  }

  /** JSON form: the number (or string for a Long beyond ±2^53, which JSON numbers cannot hold exactly). */
  toJSON(): number | string {
    if (typeof this.value === 'bigint') {
      return this.value >= -(2n ** 53n) && this.value <= 2n ** 53n
        ? Number(this.value)
        : this.value.toString();
    }
    return this.value;
  }
}

/** `java.lang.Integer`: a 32-bit signed integer. */
export class JavaInteger extends Boxed<number> {
  readonly javaType = 'Integer' as const;
  constructor(value: number) {
    if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
      throw new IllegalArgumentException(`Integer value out of range or not integral: ${value}`);
    }
    super(value);
  }
}

/** `java.lang.Long`: a 64-bit signed integer, held as a `bigint` so no precision is lost. */
export class JavaLong extends Boxed<bigint> {
  readonly javaType = 'Long' as const;
  constructor(value: bigint) {
    if (value < LONG_MIN || value > LONG_MAX) {
      throw new IllegalArgumentException(`Long value out of range: ${value}`);
    }
    super(value);
  }
}

/** `java.lang.Double`: an IEEE-754 64-bit float. */
export class JavaDouble extends Boxed<number> {
  readonly javaType = 'Double' as const;
  constructor(value: number) {
    if (typeof value !== 'number')
      throw new IllegalArgumentException(`Double value must be a number: ${value}`);
    super(value);
  }
}

/** `java.lang.Float`: an IEEE-754 32-bit float; the value is rounded to float precision on construction. */
export class JavaFloat extends Boxed<number> {
  readonly javaType = 'Float' as const;
  constructor(value: number) {
    if (typeof value !== 'number')
      throw new IllegalArgumentException(`Float value must be a number: ${value}`);
    super(Math.fround(value));
  }
}

/** `java.lang.Byte`: a signed 8-bit integer (-128…127). */
export class JavaByte extends Boxed<number> {
  readonly javaType = 'Byte' as const;
  constructor(value: number) {
    if (!Number.isInteger(value) || value < -128 || value > 127) {
      throw new IllegalArgumentException(`Byte value out of range or not integral: ${value}`);
    }
    super(value);
  }
}

/** `java.lang.Character`: one UTF-16 code unit. */
export class JavaCharacter extends Boxed<string> {
  readonly javaType = 'Character' as const;
  constructor(value: string) {
    if (typeof value !== 'string' || value.length !== 1) {
      throw new IllegalArgumentException(`Character value must be exactly one UTF-16 code unit: '${value}'`);
    }
    super(value);
  }
}

/** `java.math.BigInteger`: an integer of any size. */
export class JavaBigInteger extends Boxed<bigint> {
  readonly javaType = 'BigInteger' as const;
  override toJSON(): string {
    return this.value.toString();
  }
}

/**
 * `java.math.BigDecimal`: `unscaled × 10^-scale`, exactly as Java holds it (so `1.50` and `1.5` differ, as in
 * Java's `equals`).
 */
export class JavaBigDecimal {
  readonly javaType = 'BigDecimal' as const;
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale) || scale < INT_MIN || scale > INT_MAX) {
      throw new IllegalArgumentException(`BigDecimal scale must be a 32-bit integer: ${scale}`);
    }
  }

  /** Parses decimal text such as `-12.340` or `1E+3`. */
  static parse(text: string): JavaBigDecimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
      throw new IllegalArgumentException(`Not a decimal number: '${text}'`);
    }
    const fraction = m[3] ?? '';
    const exponent = m[4] ? Number.parseInt(m[4], 10) : 0;
    const unscaled = BigInt(`${m[1]}${m[2] || '0'}${fraction}`);
    return new JavaBigDecimal(unscaled, fraction.length - exponent);
  }

  equals(other: unknown): boolean {
    return other instanceof JavaBigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /**
   * Numeric comparison (ignores scale, like `compareTo`). Works from the magnitudes' exponents first, so two
   * values with wildly different scales (a peer may send any 32-bit scale) never build a huge power of ten.
   */
  compareTo(other: JavaBigDecimal): number {
    const signA = this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
    const signB = other.unscaled === 0n ? 0 : other.unscaled < 0n ? -1 : 1;
    if (signA !== signB) return signA < signB ? -1 : 1;
    if (signA === 0) return 0;
    const expA = this.adjustedExponent();
    const expB = other.adjustedExponent();
    if (expA !== expB) return (expA < expB ? -1 : 1) * signA;
    // Same adjusted exponent: the scales differ by at most the difference in digit counts, so this is bounded.
    const shift = Math.max(this.scale, other.scale);
    const a = this.unscaled * 10n ** BigInt(shift - this.scale);
    const b = other.unscaled * 10n ** BigInt(shift - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Exponent of the leading digit: `1.23` → 0, `123` → 2, `0.05` → -2 (Java's "adjusted exponent"). */
  adjustedExponent(): number {
    const digits = (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString().length;
    return digits - 1 - this.scale;
  }

  /**
   * Java's canonical string form (`BigDecimal.toString`): plain digits when the scale is not negative and the
   * adjusted exponent is at least -6 (`12.340`, `0.000001`), scientific notation otherwise (`1E+3`, `1.5E-7`).
   * This is the form `AttributeUtil.getAsStringValue` gives on a Java peer.
   */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    const adjusted = digits.length - 1 - this.scale;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      const padded = digits.padStart(this.scale + 1, '0');
      const point = padded.length - this.scale;
      return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  /** Plain decimal text without exponent (`1E+3` → `1000`). Beware: its length grows with the scale. */
  toPlainString(): string {
    if (this.scale <= 0) return (this.unscaled * 10n ** BigInt(-this.scale)).toString();
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const point = digits.length - this.scale;
    return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A `java.lang.Integer`. Throws IllegalArgumentException outside the 32-bit range. */
export function int(value: number): JavaInteger {
  return new JavaInteger(value);
}

/**
 * A `java.lang.Long`. Pass a `bigint` (or decimal string) for values beyond ±2^53; a `number` must be a safe
 * integer so that no precision was already lost before it got here.
 */
export function long(value: number | bigint | string): JavaLong {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new IllegalArgumentException(
      `Long from a JS number must be a safe integer (use a bigint for larger values): ${value}`,
    );
  }
  try {
    return new JavaLong(BigInt(value));
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw e;
    throw new IllegalArgumentException(`Not a Long value: '${value}'`);
  }
}

/** A `java.lang.Double`. */
export function double(value: number): JavaDouble {
  return new JavaDouble(value);
}

/** A `java.lang.Float` (rounded to 32-bit precision). */
export function float(value: number): JavaFloat {
  return new JavaFloat(value);
}

/** A `java.lang.Byte` (-128…127). */
export function byte(value: number): JavaByte {
  return new JavaByte(value);
}

/** A `java.lang.Character` (one UTF-16 code unit). */
export function char(value: string): JavaCharacter {
  return new JavaCharacter(value);
}

/** A `java.math.BigInteger`. */
export function bigInteger(value: bigint | number | string): JavaBigInteger {
  try {
    return new JavaBigInteger(BigInt(value));
  } catch {
    throw new IllegalArgumentException(`Not a BigInteger value: '${value}'`);
  }
}

/** A `java.math.BigDecimal` from decimal text (`'12.50'`) or from unscaled value and scale. */
export function bigDecimal(value: string | number | bigint, scale?: number): JavaBigDecimal {
  if (typeof value === 'bigint') return new JavaBigDecimal(value, scale ?? 0);
  return JavaBigDecimal.parse(String(value));
}

/** Any boxed numeric or character value. */
export type BoxedValue =
  | JavaInteger
  | JavaLong
  | JavaDouble
  | JavaFloat
  | JavaByte
  | JavaCharacter
  | JavaBigInteger
  | JavaBigDecimal;

/** True for any of the boxed classes of this module. */
export function isBoxed(value: unknown): value is BoxedValue {
  return value instanceof Boxed || value instanceof JavaBigDecimal;
}
