/**
 * The output of `npx convex function-spec`: `{url, functions: [...]}`. Each entry is a Convex
 * function (`identifier` `"meetings/lifecycle.js:createMeeting"`, `functionType` Query / Mutation /
 * Action, `visibility.kind` public / internal, `args` / `returns` as Convex validator JSON) or an
 * HTTP route (`functionType: "HttpAction"` with `method` and `path`, nothing else). Older
 * deployments send `args` / `returns` as JSON-encoded strings; both forms are read. The output of
 * `npm run spec:extract` (the same, from source) adds optional `aliasOf` and guard facts per entry.
 *
 * The types mirror `ValidatorJSON` of the `convex` package (convex/values); they are written out
 * here rather than imported so the docs tooling does not depend on the Convex client (see README
 * "Syncing with the deployed functions").
 */

export type ValidatorJSON =
  | { type: 'null' }
  | { type: 'number' }
  | { type: 'bigint' }
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'bytes' }
  | { type: 'any' }
  | { type: 'literal'; value: unknown }
  | { type: 'id'; tableName: string }
  | { type: 'array'; value: ValidatorJSON }
  | { type: 'record'; keys: ValidatorJSON; values: { fieldType: ValidatorJSON; optional?: boolean } }
  | { type: 'object'; value: Record<string, ObjectField> }
  | { type: 'union'; value: ValidatorJSON[] };

export interface ObjectField {
  fieldType: ValidatorJSON;
  optional: boolean;
}

export type UdfType = 'Query' | 'Mutation' | 'Action';

/**
 * What `npm run spec:extract` adds to an entry (a deployment's `npx convex function-spec` has none
 * of it): the guard helpers of access-policy.yaml `guards:` the handler calls on every path, only on
 * some, or only where the rejection is caught, and whether it reads `ctx.auth.getUserIdentity()`
 * itself (README "Syncing with the deployed functions").
 */
export interface GuardFacts {
  guards?: string[];
  conditionalGuards?: string[];
  caughtGuards?: string[];
  readsIdentity?: boolean;
}

export interface ConvexFunction extends GuardFacts {
  kind: 'function';
  /** As the deployment names it: `meetings/lifecycle.js:createMeeting`. */
  identifier: string;
  /** Module path without extension: `meetings/lifecycle`. */
  modulePath: string;
  /** Export name: `createMeeting`. */
  name: string;
  functionType: UdfType;
  visibility: 'public' | 'internal';
  args: ValidatorJSON;
  returns: ValidatorJSON;
  /** A re-exported path: the identifier of the function it is (`notes/queries.js:list` for `notes/index.js:list`). */
  aliasOf?: string;
  /** What the reference documents it as. */
  method: 'POST';
  path: string;
  operationId: string;
}

export interface HttpRoute extends GuardFacts {
  kind: 'http';
  /** Upper case, e.g. `GET`. */
  method: string;
  path: string;
  operationId: string;
}

export type Endpoint = ConvexFunction | HttpRoute;

export interface FunctionSpec {
  url?: string;
  functions: ConvexFunction[];
  routes: HttpRoute[];
}

export class FunctionSpecError extends Error {
  override name = 'FunctionSpecError';
}

const VALIDATOR_TYPES = new Set(['null', 'number', 'bigint', 'boolean', 'string', 'bytes', 'any', 'literal', 'id', 'array', 'record', 'object', 'union']);
const UDF_TYPES = new Set(['Query', 'Mutation', 'Action']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `args` / `returns`: validator JSON, a JSON string of it, or absent (Convex then accepts anything). */
function decodeValidator(raw: unknown, where: string): ValidatorJSON {
  if (raw === undefined || raw === null) return { type: 'any' };
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new FunctionSpecError(`${where}: not validator JSON (a string that does not parse as JSON)`);
    }
    if (value === null) return { type: 'any' };
  }
  checkValidator(value, where);
  return value as ValidatorJSON;
}

function checkValidator(v: unknown, where: string): void {
  if (!isObject(v) || typeof v.type !== 'string' || !VALIDATOR_TYPES.has(v.type)) {
    throw new FunctionSpecError(`${where}: not a Convex validator (expected {type: ${[...VALIDATOR_TYPES].join('|')}})`);
  }
  switch (v.type) {
    case 'literal':
      if (!('value' in v)) throw new FunctionSpecError(`${where}: literal without a value`);
      return;
    case 'id':
      if (typeof v.tableName !== 'string') throw new FunctionSpecError(`${where}: id without a tableName`);
      return;
    case 'array':
      return checkValidator(v.value, `${where}[]`);
    case 'union':
      if (!Array.isArray(v.value)) throw new FunctionSpecError(`${where}: union without a list of members`);
      v.value.forEach((m, i) => checkValidator(m, `${where}|${i}`));
      return;
    case 'record':
      checkValidator(v.keys, `${where}{keys}`);
      if (!isObject(v.values)) throw new FunctionSpecError(`${where}: record without values`);
      return checkValidator(v.values.fieldType, `${where}{values}`);
    case 'object':
      if (!isObject(v.value)) throw new FunctionSpecError(`${where}: object without fields`);
      for (const [name, field] of Object.entries(v.value)) {
        if (!isObject(field)) throw new FunctionSpecError(`${where}.${name}: not {fieldType, optional}`);
        checkValidator(field.fieldType, `${where}.${name}`);
      }
      return;
  }
}

/** The optional guard facts of an entry, checked. */
function readGuardFacts(entry: Record<string, unknown>, at: string): GuardFacts {
  const out: GuardFacts = {};
  for (const key of ['guards', 'conditionalGuards', 'caughtGuards'] as const) {
    const list = entry[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) throw new FunctionSpecError(`${at}: "${key}" must be a list of function names`);
    out[key] = list;
  }
  if (entry.readsIdentity !== undefined) {
    if (typeof entry.readsIdentity !== 'boolean') throw new FunctionSpecError(`${at}: "readsIdentity" must be true or false`);
    out.readsIdentity = entry.readsIdentity;
  }
  return out;
}

/** `meetings/lifecycle.js:createMeeting` → module path and name. A bare `module.js` is its default export. */
export function splitIdentifier(identifier: string): { modulePath: string; name: string } {
  const colon = identifier.lastIndexOf(':');
  const file = colon === -1 ? identifier : identifier.slice(0, colon);
  const name = colon === -1 ? 'default' : identifier.slice(colon + 1);
  return { modulePath: file.replace(/\.(js|ts|jsx|tsx|mjs|cjs)$/, ''), name };
}

/** `notes/index.js:x` → `notes/index:x`, as Convex's CLI and dashboard write a function's name. */
export function functionName(identifier: string): string {
  return identifier.replace(/\.(js|ts|jsx|tsx|mjs|cjs)(?=:|$)/, '');
}

/** The operation that documents a Convex function: `POST /api/run/<module path>/<name>`. */
export function functionPath(modulePath: string, name: string): string {
  return `/api/run/${modulePath}/${name}`;
}

export function functionOperationId(modulePath: string, name: string): string {
  return `${modulePath.split('/').join('.')}.${name}`;
}

/** `GET /stream/webhook` → `http.get.stream.webhook` (path parameters and punctuation dropped). */
export function routeOperationId(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean).map((p) => p.replace(/[^A-Za-z0-9_]/g, '')).filter(Boolean);
  return ['http', method.toLowerCase(), ...parts].join('.');
}

export function parseFunctionSpec(text: string, file = 'function spec'): FunctionSpec {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FunctionSpecError(`${file}: invalid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  // `npx convex function-spec` prints {url, functions}; the bare list (the system query's result) is accepted too.
  const list = Array.isArray(json) ? json : isObject(json) ? json.functions : undefined;
  if (!Array.isArray(list)) throw new FunctionSpecError(`${file}: expected {"url": ..., "functions": [...]} as printed by \`npx convex function-spec\``);
  const spec: FunctionSpec = { url: isObject(json) && typeof json.url === 'string' ? json.url : undefined, functions: [], routes: [] };
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const where = `${file}: functions[${i}]`;
    if (!isObject(entry)) throw new FunctionSpecError(`${where}: not an object`);
    if (entry.functionType === 'HttpAction') {
      if (typeof entry.method !== 'string' || typeof entry.path !== 'string' || !entry.path.startsWith('/')) {
        throw new FunctionSpecError(`${where}: an HttpAction needs "method" and a "path" starting with /`);
      }
      const method = entry.method.toUpperCase();
      const key = `${method} ${entry.path}`;
      if (seen.has(key)) return;
      seen.add(key);
      spec.routes.push({ kind: 'http', method, path: entry.path, operationId: routeOperationId(method, entry.path), ...readGuardFacts(entry, `${where} (${key})`) });
      return;
    }
    if (typeof entry.identifier !== 'string' || !entry.identifier) throw new FunctionSpecError(`${where}: no "identifier"`);
    const at = `${file}: ${entry.identifier}`;
    if (typeof entry.functionType !== 'string' || !UDF_TYPES.has(entry.functionType)) {
      throw new FunctionSpecError(`${at}: unknown functionType ${JSON.stringify(entry.functionType)} (Query, Mutation, Action or HttpAction)`);
    }
    const kind = isObject(entry.visibility) ? entry.visibility.kind : undefined;
    if (kind !== undefined && kind !== 'public' && kind !== 'internal') throw new FunctionSpecError(`${at}: unknown visibility ${JSON.stringify(kind)}`);
    if (entry.aliasOf !== undefined && (typeof entry.aliasOf !== 'string' || !entry.aliasOf.includes(':'))) throw new FunctionSpecError(`${at}: "aliasOf" must be a function identifier (module.js:name)`);
    const { modulePath, name } = splitIdentifier(entry.identifier);
    const path = functionPath(modulePath, name);
    if (seen.has(`POST ${path}`)) throw new FunctionSpecError(`${at}: listed twice`);
    seen.add(`POST ${path}`);
    spec.functions.push({
      kind: 'function',
      identifier: entry.identifier,
      modulePath,
      name,
      functionType: entry.functionType as UdfType,
      // The system query defaults a missing visibility to public; so does this.
      visibility: kind ?? 'public',
      args: decodeValidator(entry.args, `${at} args`),
      returns: decodeValidator(entry.returns, `${at} returns`),
      ...(typeof entry.aliasOf === 'string' ? { aliasOf: entry.aliasOf } : {}),
      ...readGuardFacts(entry, at),
      method: 'POST',
      path,
      operationId: functionOperationId(modulePath, name),
    });
  });
  return spec;
}

/** What the reference must document: public functions and every HTTP route. Internal functions never. */
export function publicEndpoints(spec: FunctionSpec): Endpoint[] {
  // A re-exported path is the same function: documented on its operation (`x-convex-aliases`).
  return [...spec.functions.filter((f) => f.visibility === 'public' && !f.aliasOf), ...spec.routes];
}
