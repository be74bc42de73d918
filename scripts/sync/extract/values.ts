import type * as TS from 'typescript';

/**
 * What the static evaluator knows about an expression of a Convex project. Every value it cannot
 * know is an `unknown` carrying the node it stopped at and why, so that whoever turns it into output
 * reports that exact place (file:line:column) instead of guessing.
 */

export type UdfType = 'Query' | 'Mutation' | 'Action';
export type Visibility = 'public' | 'internal';

/** A Convex validator, structurally (so `.fields`, `.extend()`, `v.optional()` can work on it). */
export type VNode = { optional: boolean } & (
  | { type: 'null' | 'number' | 'bigint' | 'boolean' | 'string' | 'bytes' | 'any' }
  /** `value` already in Convex's JSON encoding (`convexToJson`). */
  | { type: 'literal'; value: unknown }
  | { type: 'id'; tableName: string }
  | { type: 'array'; element: VNode }
  | { type: 'record'; keys: VNode; values: VNode }
  | { type: 'object'; fields: Record<string, VNode> }
  | { type: 'union'; members: VNode[] }
  | { type: 'unknown'; reason: string; node: TS.Node }
);

export interface Unknown {
  kind: 'unknown';
  reason: string;
  node: TS.Node;
}

/** One registered Convex function: `query({...})`, `internalAction(fn)`, a custom builder's result. */
export interface Registered {
  kind: 'registered';
  udfType: UdfType | 'HttpAction';
  visibility: Visibility;
  /** The registration call. */
  node: TS.CallExpression;
  /** Undefined: not given (Convex then accepts any args / prints `any` for returns). */
  args?: Value;
  returns?: Value;
  handler?: Value;
  /** `handler: wrap(..., fn)`: the wrapper call that built the handler, whose function arguments it may run. */
  handlerCall?: TS.CallExpression;
  /** Functions a custom builder runs before the handler (convex-helpers `customCtx`, `input`). */
  before: Value[];
}

export type Value =
  | { kind: 'validator'; v: VNode }
  /** Keys in JavaScript's own order (a null-prototype object keeps it). */
  | { kind: 'object'; entries: Record<string, Value> }
  | { kind: 'array'; items: Value[] }
  | { kind: 'primitive'; value: string | number | boolean | bigint | null | undefined }
  /** A function of the project (declaration, arrow, method), callable by the evaluator and the guard tracer. */
  | { kind: 'function'; node: TS.SignatureDeclaration & { body?: TS.ConciseBody | TS.Block }; name?: string }
  /** Something imported from a package, by its dotted name: `{module: 'convex/values', name: 'v.string'}`. */
  | { kind: 'external'; module: string; name: string }
  /** A binding of the project's `_generated/server` or `_generated/api`, by its dotted name: `query`, `internal.notes.queries.get`. */
  | { kind: 'generated'; which: 'server' | 'api' | 'dataModel'; name: string }
  /** A method looked up on a known value, waiting for its call: `obj.extend`, `arr.map`. */
  | { kind: 'method'; of: Value; name: string }
  /** A function builder: what `customQuery(query, ...)` returns. */
  | { kind: 'builder'; udfType: UdfType | 'HttpAction'; visibility: Visibility; customizations: Value[] }
  | Registered
  /** An `httpRouter()`; routes are found by the call that created it. */
  | { kind: 'router'; node: TS.CallExpression }
  /** A known value that is no function and no validator: `defineTable(...)`, `cronJobs()`. */
  | { kind: 'other'; what: string }
  /** `import * as m from "./m"`. */
  | { kind: 'namespace'; file: TS.SourceFile }
  | Unknown;

export const unknown = (node: TS.Node, reason: string): Unknown => ({ kind: 'unknown', reason, node });

export function describe(value: Value): string {
  switch (value.kind) {
    case 'primitive':
      return typeof value.value === 'string' ? 'a string' : value.value === undefined ? 'undefined' : `a ${typeof value.value}`;
    case 'external':
      return `${value.name} from "${value.module}"`;
    case 'generated':
      return `${value.name} from _generated/${value.which}`;
    case 'function':
      return 'a function';
    case 'validator':
      return `a v.${value.v.type === 'bigint' ? 'int64' : value.v.type}() validator`;
    case 'unknown':
      return 'an unresolved value';
    case 'other':
      return `the result of ${value.what}`;
    default:
      return `a${/^[aeiou]/.test(value.kind) ? 'n' : ''} ${value.kind}`;
  }
}

/** Convex's JSON encoding of a literal (`convexToJson` in convex/values): int64 and special floats are tagged base64. */
export function literalJson(value: string | number | boolean | bigint): unknown {
  if (typeof value === 'bigint') {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt.asIntN(64, value));
    return { $integer: buf.toString('base64') };
  }
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    return { $float: buf.toString('base64') };
  }
  return value;
}
