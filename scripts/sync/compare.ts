import { publicEndpoints, type ConvexFunction, type Endpoint, type FunctionSpec, type HttpRoute } from './function-spec.js';
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

export function isRunPath(path: string): boolean {
  return path.startsWith('/api/run/');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function computeDrift(api: any, spec: FunctionSpec): Drift {
  const ops = specOperations(api);
  const byKey = new Map(ops.map((o) => [key(o.method, o.path), o]));
  const endpoints = publicEndpoints(spec);
  const wanted = new Map(endpoints.map((e) => [key(e.method, e.path), e]));
  const internal = new Map(spec.functions.filter((f) => f.visibility === 'internal').map((f) => [key(f.method, f.path), f]));
  const drift: Drift = { missing: [], stale: [], args: [], matched: [] };
  for (const e of endpoints) {
    const op = byKey.get(key(e.method, e.path));
    if (!op) {
      drift.missing.push(e);
      continue;
    }
    drift.matched.push({ operation: op, endpoint: e });
    if (e.kind === 'function') {
      const documented = documentedArgs(api, op);
      const diffs = documented ? compareShapes(schemaShape(api, documented.schema), validatorShape(e.args)) : [];
      if (diffs.length) drift.args.push({ operation: op, fn: e, diffs });
    }
  }
  for (const op of ops) {
    const k = key(op.method, op.path);
    if (wanted.has(k) || PLATFORM_ENDPOINTS.has(k)) continue;
    const hidden = internal.get(k);
    if (hidden) drift.stale.push({ operation: op, reason: `${hidden.identifier} is internal: no client can call it` });
    else if (isRunPath(op.path)) drift.stale.push({ operation: op, reason: `no public Convex function ${op.path.slice('/api/run/'.length).replace(/\/([^/]+)$/, ':$1')} in the function spec` });
    else drift.stale.push({ operation: op, reason: `no HTTP route ${k} in the function spec` });
  }
  return drift;
}

export function endpointLabel(e: Endpoint): string {
  return e.kind === 'function' ? `${e.identifier} (${e.functionType.toLowerCase()})` : `HTTP route ${(e as HttpRoute).method} ${e.path}`;
}
