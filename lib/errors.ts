/**
 * The one error type trustgrad throws for bad input. `op` names the operation that refused,
 * and the message reads `op: what was wrong (got X, expected Y)`.
 */
export class TrustgradError extends Error {
  /** The operation that refused, e.g. 'matmul'. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'TrustgradError';
    this.op = op;
  }
}

/** Throws a {@link TrustgradError}; used where validation fails, so messages are built only then. `fail('matmul', 'inner dimensions differ (got …)')` */
export function fail(op: string, message: string): never {
  throw new TrustgradError(op, message);
}

/**
 * Whether a value is an array at run time. Input declared as an array may be anything when it comes from
 * JavaScript; unlike `Array.isArray` this does not narrow a `readonly number[]` to `any[]`. `isList(shape)`
 */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/** `[3,4]` — how shapes appear in messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
