import type { ValidatorJSON } from './function-spec.js';

/**
 * Convex validators as OpenAPI 3.1 (JSON Schema 2020-12) schemas in the `json` format Convex's HTTP
 * API speaks: ids are strings; in arguments int64 is `{"$integer": "<base64 of 8 little-endian
 * bytes>"}` and bytes `{"$bytes": "<base64>"}`, while a result in `format: "json"` carries int64 as
 * a base-10 string and bytes as a base64 string (convex-backend's `ConvexCleanJSON` export); objects
 * reject unknown fields (Convex does), optional fields are left out of `required`. Plus a sample value for each, for the generated examples, and a coarse
 * "shape" of both a validator and a curated schema, which is what drift compares.
 */

export type Schema = Record<string, unknown>;

const INT64_SCHEMA: Schema = {
  type: 'object',
  description: 'A 64-bit integer in Convex JSON: `{"$integer": "<base64 of its 8 little-endian bytes>"}`.',
  required: ['$integer'],
  properties: { $integer: { type: 'string', contentEncoding: 'base64' } },
  additionalProperties: false,
};

const BYTES_SCHEMA: Schema = {
  type: 'object',
  description: 'Bytes in Convex JSON: `{"$bytes": "<base64>"}`.',
  required: ['$bytes'],
  properties: { $bytes: { type: 'string', contentEncoding: 'base64' } },
  additionalProperties: false,
};

/** In a result exported as `format: "json"` (Convex's clean JSON). */
const INT64_RESULT_SCHEMA: Schema = { type: 'string', pattern: '^-?[0-9]+$', description: 'A 64-bit integer, as a base-10 string (Convex\'s `json` format).' };
const BYTES_RESULT_SCHEMA: Schema = { type: 'string', contentEncoding: 'base64', description: 'Bytes, as a base64 string (Convex\'s `json` format).' };

/** Arguments are read in Convex's encoded JSON; results are written in its clean JSON. */
export type Direction = 'args' | 'result';

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function validatorToSchema(v: ValidatorJSON, direction: Direction = 'args'): Schema {
  const inner = (x: ValidatorJSON) => validatorToSchema(x, direction);
  switch (v.type) {
    case 'null':
      return { type: 'null' };
    case 'number':
      return { type: 'number' };
    case 'bigint':
      return structuredClone(direction === 'args' ? INT64_SCHEMA : INT64_RESULT_SCHEMA);
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'bytes':
      return structuredClone(direction === 'args' ? BYTES_SCHEMA : BYTES_RESULT_SCHEMA);
    case 'any':
      return {};
    case 'literal':
      return { type: jsonType(v.value) === 'integer' ? 'number' : jsonType(v.value), const: v.value };
    case 'id':
      return { type: 'string', description: `ID of a document in the \`${v.tableName}\` table.` };
    case 'array':
      return { type: 'array', items: inner(v.value) };
    case 'record': {
      const out: Schema = { type: 'object', additionalProperties: inner(v.values.fieldType) };
      if (v.keys.type === 'id') out.propertyNames = { description: `ID of a document in the \`${v.keys.tableName}\` table.` };
      return out;
    }
    case 'object': {
      const properties: Schema = {};
      const required: string[] = [];
      for (const [name, field] of Object.entries(v.value)) {
        properties[name] = inner(field.fieldType);
        if (!field.optional) required.push(name);
      }
      const out: Schema = { type: 'object' };
      if (required.length) out.required = required;
      out.properties = properties;
      out.additionalProperties = false;
      return out;
    }
    case 'union': {
      const members = v.value;
      // A union of string (or number) literals reads best as an enum.
      if (members.length > 0 && members.every((m) => m.type === 'literal' && typeof m.value === 'string')) {
        return { type: 'string', enum: members.map((m) => (m as { value: unknown }).value) };
      }
      return { anyOf: members.map(inner) };
    }
  }
}

/** The `args` schema of a function: its object validator, or any object when it declares none. */
export function argsSchema(v: ValidatorJSON): Schema {
  if (v.type === 'object') {
    const s = validatorToSchema(v);
    if (Object.keys(v.value).length === 0) return { type: 'object', description: 'This function takes no arguments.', properties: {}, additionalProperties: false };
    return s;
  }
  if (v.type === 'any') return { type: 'object', description: 'This function declares no argument validator: Convex accepts any arguments.' };
  return validatorToSchema(v);
}

/** The response `value` schema. */
export function returnsSchema(v: ValidatorJSON): Schema {
  if (v.type === 'any') return { description: 'Return value of the function (it declares no return validator).' };
  return validatorToSchema(v, 'result');
}

/** A value the validator accepts, for generated examples (placeholders, never anything secret-looking). */
export function sampleValue(v: ValidatorJSON, direction: Direction = 'args'): unknown {
  const inner = (x: ValidatorJSON) => sampleValue(x, direction);
  switch (v.type) {
    case 'null':
    case 'any':
      return null;
    case 'number':
      return 1;
    case 'bigint':
      return direction === 'args' ? { $integer: 'AQAAAAAAAAA=' } : '1'; // 1
    case 'boolean':
      return true;
    case 'string':
      return 'example';
    case 'bytes':
      return direction === 'args' ? { $bytes: 'aGVsbG8=' } : 'aGVsbG8='; // "hello"
    case 'literal':
      return v.value;
    case 'id':
      return `${v.tableName}_123`;
    case 'array':
      return [inner(v.value)];
    case 'record':
      return {};
    case 'object':
      return Object.fromEntries(Object.entries(v.value).map(([k, f]) => [k, inner(f.fieldType)]));
    case 'union': {
      const nonNull = v.value.find((m) => m.type !== 'null');
      return inner(nonNull ?? v.value[0] ?? { type: 'null' });
    }
  }
}

export function argsSample(v: ValidatorJSON): unknown {
  return v.type === 'any' ? {} : sampleValue(v);
}

// ---------------------------------------------------------------------------------------------
// Shapes: what drift compares. Coarse on purpose: a curated schema may narrow a validator
// (`integer` with bounds for `v.number()`, `minLength`, formats, `$ref`s to shared schemas) without
// drifting; what it may not do is name other fields, other optionality, or another kind of value.

export type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'int64' | 'bytes' | 'any';

export interface Field {
  shape: Shape;
  optional: boolean;
}

export interface Shape {
  kinds: Set<Kind>;
  /** Set when the value is an object with known fields (exactly one object alternative). */
  fields?: Map<string, Field>;
  /** Set when the value is an array (exactly one array alternative). */
  items?: Shape;
  /** JSON of each allowed value, when every alternative is a literal. */
  literals?: Set<string>;
}

const ANY: Shape = { kinds: new Set(['any']) };

export function validatorShape(v: ValidatorJSON): Shape {
  switch (v.type) {
    case 'any':
      return ANY;
    case 'null':
      return { kinds: new Set(['null']) };
    case 'number':
    case 'boolean':
    case 'string':
      return { kinds: new Set([v.type]) };
    case 'bigint':
      return { kinds: new Set(['int64']) };
    case 'bytes':
      return { kinds: new Set(['bytes']) };
    case 'id':
      return { kinds: new Set(['string']) };
    case 'literal': {
      const t = jsonType(v.value);
      const kind = (t === 'integer' ? 'number' : t) as Kind;
      return { kinds: new Set([kind]), literals: new Set([JSON.stringify(v.value)]) };
    }
    case 'array':
      return { kinds: new Set(['array']), items: validatorShape(v.value) };
    case 'record':
      return { kinds: new Set(['object']) };
    case 'object':
      return {
        kinds: new Set(['object']),
        fields: new Map(Object.entries(v.value).map(([k, f]) => [k, { shape: validatorShape(f.fieldType), optional: f.optional }])),
      };
    case 'union':
      return unionOf(v.value.map(validatorShape));
  }
}

function unionOf(shapes: Shape[]): Shape {
  if (shapes.some((s) => s.kinds.has('any'))) return ANY;
  const kinds = new Set<Kind>(shapes.flatMap((s) => [...s.kinds]));
  const out: Shape = { kinds };
  const objects = shapes.filter((s) => s.kinds.has('object'));
  if (objects.length === 1 && objects[0].fields) out.fields = objects[0].fields;
  const arrays = shapes.filter((s) => s.kinds.has('array'));
  if (arrays.length === 1 && arrays[0].items) out.items = arrays[0].items;
  if (shapes.length && shapes.every((s) => s.literals)) out.literals = new Set(shapes.flatMap((s) => [...(s.literals as Set<string>)]));
  return out;
}

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follow an internal `$ref` (`#/components/...`) in `api`. */
export function deref(api: unknown, schema: unknown, depth = 0): unknown {
  if (!isObj(schema) || typeof schema.$ref !== 'string' || depth > 16) return schema;
  if (!schema.$ref.startsWith('#/')) return {};
  let node: unknown = api;
  for (const raw of schema.$ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObj(node) ? node[key] : undefined;
  }
  return deref(api, node, depth + 1);
}

function typeKinds(t: string): Kind[] {
  if (t === 'integer') return ['number'];
  return [t as Kind];
}

/** The shape of a curated JSON Schema (internal `$ref`s followed). */
export function schemaShape(api: unknown, raw: unknown, depth = 0): Shape {
  const s = deref(api, raw);
  if (!isObj(s) || depth > 32) return ANY;
  const alternatives = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as unknown[] | undefined;
  if (alternatives) {
    const own = { ...s };
    delete own.anyOf;
    delete own.oneOf;
    const shapes = alternatives.map((a) => schemaShape(api, a, depth + 1));
    if (own.type !== undefined) shapes.push(schemaShape(api, own, depth + 1));
    return unionOf(shapes);
  }
  if (Array.isArray(s.allOf)) {
    // Intersections in args are objects assembled from parts: merge their fields.
    const parts = s.allOf.map((a) => schemaShape(api, a, depth + 1)).filter((p) => !p.kinds.has('any'));
    if (parts.length === 0) return ANY;
    const fields = new Map<string, Field>();
    for (const p of parts) p.fields?.forEach((f, k) => fields.set(k, f));
    return { kinds: parts[0].kinds, fields: parts.every((p) => p.fields) ? fields : undefined };
  }
  const props = isObj(s.properties) ? s.properties : undefined;
  if (props && ('$integer' in props || '$bytes' in props) && Object.keys(props).length === 1) {
    return { kinds: new Set(['$integer' in props ? 'int64' : 'bytes']) };
  }
  let kinds: Kind[];
  if (typeof s.type === 'string') kinds = typeKinds(s.type);
  else if (Array.isArray(s.type)) kinds = s.type.flatMap((t) => typeKinds(String(t)));
  else if ('const' in s) kinds = typeKinds(jsonType(s.const));
  else if (Array.isArray(s.enum)) kinds = s.enum.flatMap((e) => typeKinds(jsonType(e)));
  else if (props) kinds = ['object'];
  else if (s.items !== undefined) kinds = ['array'];
  else return ANY;
  if (s.nullable === true) kinds.push('null');
  const out: Shape = { kinds: new Set(kinds) };
  if ('const' in s) out.literals = new Set([JSON.stringify(s.const)]);
  else if (Array.isArray(s.enum)) out.literals = new Set(s.enum.map((e) => JSON.stringify(e)));
  if (out.kinds.has('object') && props) {
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    out.fields = new Map(Object.entries(props).map(([k, p]) => [k, { shape: schemaShape(api, p, depth + 1), optional: !required.has(k) }]));
  }
  if (out.kinds.has('array') && s.items !== undefined) out.items = schemaShape(api, s.items, depth + 1);
  return out;
}

export function describeShape(s: Shape): string {
  if (s.kinds.has('any')) return 'any';
  if (s.literals) return [...s.literals].join(' | ');
  return [...s.kinds].sort().join(' | ');
}

export type ArgDiff =
  | { kind: 'missing'; path: string; expected: Shape; optional: boolean }
  | { kind: 'extra'; path: string }
  | { kind: 'optionality'; path: string; optional: boolean }
  | { kind: 'type'; path: string; documented: Shape; expected: Shape };

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * What the documented shape gets wrong about the function's: fields missing, extra or of other
 * optionality (recursively), values of another kind (or other literal values).
 */
export function compareShapes(documented: Shape, expected: Shape, path = 'args'): ArgDiff[] {
  if (documented.kinds.has('any') || expected.kinds.has('any')) return [];
  if (!sameSet(documented.kinds, expected.kinds) || (documented.literals && expected.literals && !sameSet(documented.literals, expected.literals))) {
    return [{ kind: 'type', path, documented, expected }];
  }
  const diffs: ArgDiff[] = [];
  if (documented.fields && expected.fields) {
    for (const [name, field] of expected.fields) {
      const doc = documented.fields.get(name);
      const at = `${path}.${name}`;
      if (!doc) {
        diffs.push({ kind: 'missing', path: at, expected: field.shape, optional: field.optional });
        continue;
      }
      if (doc.optional !== field.optional) diffs.push({ kind: 'optionality', path: at, optional: field.optional });
      diffs.push(...compareShapes(doc.shape, field.shape, at));
    }
    for (const name of documented.fields.keys()) if (!expected.fields.has(name)) diffs.push({ kind: 'extra', path: `${path}.${name}` });
  }
  if (documented.items && expected.items) diffs.push(...compareShapes(documented.items, expected.items, `${path}[]`));
  return diffs;
}

export function describeDiff(d: ArgDiff): string {
  const name = `\`${d.path}\``;
  switch (d.kind) {
    case 'missing':
      return `argument ${name} (${d.optional ? 'optional' : 'required'}, ${describeShape(d.expected)}) is not documented`;
    case 'extra':
      return `argument ${name} is documented but the function does not take it`;
    case 'optionality':
      return `argument ${name} is ${d.optional ? 'optional' : 'required'} in the function but documented as ${d.optional ? 'required' : 'optional'}`;
    case 'type':
      return `argument ${name} is ${describeShape(d.expected)} in the function but documented as ${describeShape(d.documented)}`;
  }
}
