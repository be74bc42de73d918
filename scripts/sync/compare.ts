import { functionName, publicEndpoints, type ConvexFunction, type Endpoint, type FunctionSpec, type HttpRoute } from './function-spec.js';
import { listOperations } from '../security/operations.js';
import { compareShapes, schemaShape, validatorShape, type ArgDiff } from './schema.js';

/**
 * The reference against the deployed functions: which public function has no operation, which
 * operation has no function, whose arguments differ. `spec:sync` acts on it and the `drift` check
 * reports it, so both always agree.
 */

/** Convex's own generic endpoints: they run a function named in the body, so no function backs them. */
export const PLATFORM_ENDPOINTS = new Set(['POST /api/query', 'POST /api/mutation', 'POST /api/action', 'POST /api/run']);

export interface SpecOperation {
  method: string;
  path: string;
  operationId?: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  deprecated: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  op: any;
}

export interface ArgsDrift {
  operation: SpecOperation;
  fn: ConvexFunction;
  diffs: ArgDiff[];
}

export interface Drift {
  /** Public functions and routes the spec has no operation for. */
  missing: Endpoint[];
  /** Re-exported paths (`notes/index:x` of `notes/mutations:x`) that no operation lists in `x-convex-aliases`. */
  aliasesMissing: Array<{ alias: ConvexFunction; operation?: SpecOperation }>;
  /** Operations whose `x-convex-function-type` is not the function's type (or is missing). */
  functionTypes: Array<{ operation: SpecOperation; fn: ConvexFunction; documented?: string }>;
  /** Operations whose function or route is gone (or no longer public). */
  stale: Array<{ operation: SpecOperation; reason: string }>;
  args: ArgsDrift[];
  /** Each documented function with its operation. */
  matched: Array<{ operation: SpecOperation; endpoint: Endpoint }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec's operations (as the security check lists them), each with its object and deprecation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function specOperations(api: any): SpecOperation[] {
  return listOperations(api).map((o) => {
    const op = api.paths[o.path][o.method.toLowerCase()];
    return { method: o.method, path: o.path, operationId: o.operationId, pointer: o.pointer, deprecated: op.deprecated === true, op };
  });
}

/** The documented `args` schema of an operation (the `{args, format}` envelope's `args`), if it has one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function documentedArgs(api: any, op: SpecOperation): { schema: unknown; pointer: string } | undefined {
  const content = op.op?.requestBody?.content;
  if (!isObject(content)) return undefined;
  const type = Object.keys(content).find((t) => t.startsWith('application/json')) ?? Object.keys(content)[0];
  const media = content[type];
  if (!isObject(media) || !isObject(media.schema)) return undefined;
  const envelope = media.schema;
  const pointer = `${op.pointer}/requestBody/content/${type.replace(/~/g, '~0').replace(/\//g, '~1')}/schema/properties/args`;
  if (isObject(envelope.properties) && 'args' in envelope.properties) return { schema: envelope.properties.args, pointer };
  return undefined;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Where an operation states, machine-readably, which kind of Convex function it runs. */
export const FUNCTION_TYPE_KEY = 'x-convex-function-type';
/** The re-exported paths of the same function an operation lists (`notes/index:applyNoteOperation`). */
export const ALIASES_KEY = 'x-convex-aliases';
/** `internal` on an operation that documents an internal function for deploy-key callers. */
export const VISIBILITY_KEY = 'x-convex-visibility';


export function isRunPath(path: string): boolean {
  return path.startsWith('/api/run/');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function computeDrift(api: any, spec: FunctionSpec): Drift {
  const ops = specOperations(api);
  const byKey = new Map(ops.map((o) => [key(o.method, o.path), o]));
  const endpoints = publicEndpoints(spec);
  const wanted = new Map(endpoints.map((e) => [key(e.method, e.path), e]));
  const internal = new Map(spec.functions.filter((f) => f.visibility === 'internal' && !f.aliasOf).map((f) => [key(f.method, f.path), f]));
  const drift: Drift = { missing: [], aliasesMissing: [], functionTypes: [], stale: [], args: [], matched: [] };
  const compareFunction = (op: SpecOperation, fn: ConvexFunction) => {
    const documented = documentedArgs(api, op);
    const diffs = documented ? compareShapes(schemaShape(api, documented.schema), validatorShape(fn.args)) : [];
    if (diffs.length) drift.args.push({ operation: op, fn, diffs });
    const type = op.op?.[FUNCTION_TYPE_KEY];
    if (type !== fn.functionType.toLowerCase()) drift.functionTypes.push({ operation: op, fn, documented: typeof type === 'string' ? type : undefined });
  };
  for (const e of endpoints) {
    const op = byKey.get(key(e.method, e.path));
    if (!op) {
      drift.missing.push(e);
      continue;
    }
    drift.matched.push({ operation: op, endpoint: e });
    if (e.kind === 'function') compareFunction(op, e);
  }
  // A re-exported path runs the same function: listed on the operation of the function it is.
  const canonical = new Map(spec.functions.map((f) => [f.identifier, f]));
  const aliasPaths = new Set<string>();
  for (const alias of spec.functions.filter((f) => f.aliasOf && f.visibility === 'public')) {
    aliasPaths.add(key(alias.method, alias.path));
    const target = canonical.get(alias.aliasOf!);
    const targetOp = target && byKey.get(key(target.method, target.path));
    const listed = targetOp && Array.isArray(targetOp.op?.[ALIASES_KEY]) && targetOp.op[ALIASES_KEY].includes(functionName(alias.identifier));
    // An operation of its own at the alias path documents it too.
    if (listed || byKey.has(key(alias.method, alias.path))) continue;
    drift.aliasesMissing.push({ alias, operation: targetOp });
  }
  for (const op of ops) {
    const k = key(op.method, op.path);
    if (wanted.has(k) || PLATFORM_ENDPOINTS.has(k) || aliasPaths.has(k)) continue;
    const hidden = internal.get(k);
    // An internal function documented on purpose for deploy-key callers (the security check holds its credential).
    if (hidden && op.op?.[VISIBILITY_KEY] === 'internal') {
      drift.matched.push({ operation: op, endpoint: hidden });
      compareFunction(op, hidden);
    } else if (hidden) drift.stale.push({ operation: op, reason: `${hidden.identifier} is internal: only a deploy key can call it (mark the operation \`${VISIBILITY_KEY}: internal\` with deploy-key-only security, or remove it)` });
    else if (isRunPath(op.path)) drift.stale.push({ operation: op, reason: `no public Convex function ${op.path.slice('/api/run/'.length).replace(/\/([^/]+)$/, ':$1')} in the function spec` });
    else drift.stale.push({ operation: op, reason: `no HTTP route ${k} in the function spec` });
  }
  return drift;
}

export { functionName };

export function endpointLabel(e: Endpoint): string {
  return e.kind === 'function' ? `${e.identifier} (${e.functionType.toLowerCase()})` : `HTTP route ${(e as HttpRoute).method} ${e.path}`;
}
