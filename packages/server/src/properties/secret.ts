/**
 * A configuration secret (key hash, passwords, client secret) that cannot end up in a log by accident: its string,
 * JSON and `util.inspect` forms are a mask.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';

/** What replaces a secret wherever it would be shown. */
export const SECRET_MASK = '********';

/** See the module notes. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The clear value, for the one place that needs it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return SECRET_MASK;
  }

  toJSON(): string {
    return SECRET_MASK;
  }

  [inspect.custom](): string {
    return `Secret(${SECRET_MASK})`;
  }
}
