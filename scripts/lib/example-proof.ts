import { dereference, ignoredKeyword, schemaArrayKeyword, schemaKeyword, schemaMapKeyword, validate, type Schema } from '@cfworker/json-schema';

/**
 * Which media-type examples of an OpenAPI 3.1/3.2 document are certainly valid, proved by an
 * interpreting JSON Schema validator (@cfworker/json-schema), so Redocly's example rule need not
 * compile an Ajv validator for them. Redocly's `no-invalid-media-type-examples` compiles one per
 * example schema (~3-4 ms each: 277 examples, ~1 s of a run on this repository); interpreting
 * each example once costs ~0.2 ms.
 *
 * The proof only ever says "valid", and only where the interpreter cannot be laxer than Redocly's
 * Ajv: schemas built from the keywords below (no `format`, `discriminator`, `readOnly`/`writeOnly`,
 * `nullable`, `$id`, dynamic refs...), local `#/components/schemas` refs only, plain JSON example
 * values (no NaN or Infinity, which Ajv rejects as numbers), examples written inline. Everything
 * else, and every example the interpreter rejects, is left to Redocly's rule as before: its
 * messages and locations are the findings. `test/example-proof.test.ts` compares the two verdicts
 * on the repository's spec and on seeded random schemas and examples.
 */

/** Keywords whose meaning both validators share (2020-12), with the shape each value must have. */
const CHECKED: Record<string, (v: unknown) => boolean> = {
  type: (v) => isTypeName(v) || (Array.isArray(v) && v.length > 0 && v.every(isTypeName)),
  properties: (v) => isPlainObject(v),
  required: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  additionalProperties: (v) => typeof v === 'boolean' || isPlainObject(v),
  items: (v) => typeof v === 'boolean' || isPlainObject(v),
  anyOf: (v) => Array.isArray(v) && v.length > 0,
  allOf: (v) => Array.isArray(v) && v.length > 0,
  oneOf: (v) => Array.isArray(v) && v.length > 0,
  enum: (v) => Array.isArray(v) && v.every((x) => isJson(x)),
  const: (v) => isJson(v),
  $ref: (v) => typeof v === 'string' && LOCAL_SCHEMA_REF.test(v),
  pattern: (v) => typeof v === 'string' && compiles(v),
  minLength: isCount,
  maxLength: isCount,
  minItems: isCount,
  maxItems: isCount,
  minimum: isFiniteNumber,
  maximum: isFiniteNumber,
};

/** Keywords neither validator checks (annotations). */
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'default', 'deprecated', '$comment', 'contentEncoding', 'contentMediaType']);

const LOCAL_SCHEMA_REF = /^#\/components\/schemas\/[^/~%]+$/;
const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const BASE = 'https://openapi.invalid/';

function isTypeName(v: unknown): boolean {
  return typeof v === 'string' && TYPE_NAMES.has(v);
}
function isCount(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}
function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** A value JSON could hold, as both validators see it (no NaN, Infinity, Date, undefined...). */
function isJson(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).every((x) => isJson(x, depth + 1));
  return false;
}

/** Whether a schema (and every schema it reaches, refs followed) uses only the keywords above. */
function provable(schema: unknown, components: Record<string, unknown>, seen: Set<unknown>, used: Set<string>, depth = 0): boolean {
  if (typeof schema === 'boolean') return true;
  if (!isPlainObject(schema) || depth > 64) return false;
  if (seen.has(schema)) return true;
  seen.add(schema);
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    const shapeOk = CHECKED[key];
    if (!shapeOk || !shapeOk(value)) return false;
    const sub = (s: unknown) => provable(s, components, seen, used, depth + 1);
    if (key === 'properties' && !Object.values(value as object).every(sub)) return false;
    if ((key === 'additionalProperties' || key === 'items') && !sub(value)) return false;
    if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && !(value as unknown[]).every(sub)) return false;
    if (key === '$ref') {
      const name = (value as string).slice('#/components/schemas/'.length);
      // The interpreter indexes the components as a schema: a name that is one of its keywords would not be found where the ref points.
      if (name.startsWith('$') || schemaKeyword[name] || schemaArrayKeyword[name] || schemaMapKeyword[name] || ignoredKeyword[name] || name === 'id') return false;
      const target = Object.hasOwn(components, name) ? components[name] : undefined;
      if (target === undefined || !sub(target)) return false;
      used.add(name);
    }
  }
  return true;
}

/** A media type's example values as Redocly's rule reads them, or undefined if one is not inline. */
function exampleValues(mediaType: Record<string, unknown>): unknown[] | undefined {
  if (mediaType.example !== undefined) return [mediaType.example];
  if (!isPlainObject(mediaType.examples)) return [];
  const values: unknown[] = [];
  for (const example of Object.values(mediaType.examples)) {
    if (!isPlainObject(example)) continue; // Redocly skips it too
    if ('$ref' in example || example.dataValue !== undefined) return undefined;
    if (example.value !== undefined) values.push(example.value);
  }
  return values;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The media types of request bodies and responses written inline in operations under `paths`, and
 * of `components.requestBodies` and `components.responses`, with their JSON pointers.
 */
function* operationMediaTypes(api: Record<string, unknown>): Generator<{ mediaType: Record<string, unknown>; pointer: string }> {
  const holders: Array<[unknown, string]> = [];
  for (const [route, item] of Object.entries(isPlainObject(api.paths) ? api.paths : {})) {
    if (!isPlainObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !isPlainObject(op)) continue;
      const at = `/paths/${escape(route)}/${method}`;
      holders.push([op.requestBody, `${at}/requestBody`]);
      if (isPlainObject(op.responses)) for (const [code, response] of Object.entries(op.responses)) holders.push([response, `${at}/responses/${escape(code)}`]);
    }
  }
  const components = isPlainObject(api.components) ? api.components : {};
  for (const kind of ['requestBodies', 'responses']) {
    const map = components[kind];
    if (isPlainObject(map)) for (const [name, holder] of Object.entries(map)) holders.push([holder, `/components/${kind}/${escape(name)}`]);
  }
  for (const [holder, pointer] of holders) {
    if (!isPlainObject(holder) || '$ref' in holder || !isPlainObject(holder.content)) continue;
    for (const [type, mediaType] of Object.entries(holder.content)) if (isPlainObject(mediaType)) yield { mediaType, pointer: `${pointer}/content/${escape(type)}` };
  }
}

/**
 * The document with every media type whose examples are all proved valid stripped of them
 * (`example` and `examples`), for Redocly's example rules to walk; `proved` lists those media
 * types (JSON pointers), and `rest` says whether anything is left for those rules to check at all (an example or
 * a $ref to another file anywhere): when not, the walk can be skipped.
 */
export function proveExamples(api: Record<string, unknown>): { document: Record<string, unknown>; proved: string[]; rest: boolean } {
  const version = typeof api.openapi === 'string' ? api.openapi : '';
  if (!/^3\.[12]\./.test(version)) return { document: api, proved: [], rest: true };
  const components = isPlainObject(api.components) && isPlainObject(api.components.schemas) ? api.components.schemas : {};
  const proven = new Set<Record<string, unknown>>();
  const pending: Array<{ mediaType: Record<string, unknown>; pointer: string; values: unknown[]; index: number }> = [];
  const used = new Set<string>();
  const proved: string[] = [];
  for (const { mediaType, pointer } of operationMediaTypes(api)) {
    if (mediaType.schema === undefined) continue; // Redocly skips a media type without a schema
    const values = exampleValues(mediaType);
    if (!values || !values.every((v) => isJson(v))) continue;
    const reached = new Set<string>();
    if (!provable(mediaType.schema, components, new Set(), reached)) continue;
    for (const name of reached) used.add(name);
    pending.push({ mediaType, pointer, values, index: pending.length });
  }
  if (pending.length) {
    // One tree for the interpreter (a copy: it marks the schemas it indexes): the components they
    // reach and each media type's schema, so `#/components/schemas/X` resolves as in the document.
    // (An object, not an array: the interpreter indexes arrays only under keywords such as anyOf.)
    const reachable = Object.fromEntries([...used].map((name) => [name, components[name]]));
    const root = structuredClone({ components: { schemas: reachable }, media: Object.fromEntries(pending.map((p) => [String(p.index), p.mediaType.schema])) });
    const lookup = dereference(root as unknown as Schema, Object.create(null), new URL(BASE));
    for (const p of pending) {
      const schema = root.media[String(p.index)] as Schema | boolean;
      if (p.values.every((value) => interpretedValid(value, schema, lookup))) {
        proven.add(p.mediaType);
        proved.push(p.pointer);
      }
    }
  }
  const document = proven.size ? strip(api, proven) : api;
  return { document, proved, rest: hasRest(document) };
}

function interpretedValid(value: unknown, schema: Schema | boolean, lookup: Record<string, Schema | boolean>): boolean {
  try {
    return validate(value, schema, '2020-12', lookup, true).valid;
  } catch {
    return false; // an unresolved $ref and the like: Redocly's rule says what is wrong
  }
}

/** A copy of the document without the proved media types' examples (the rest shared, unchanged). */
function strip(node: unknown, proven: Set<Record<string, unknown>>): Record<string, unknown> {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (proven.has(value) && (key === 'example' || key === 'examples')) continue;
      out[key] = key === 'schema' || key === 'schemas' ? child : copy(child);
    }
    return out;
  };
  return copy(node) as Record<string, unknown>;
}

/**
 * Anything Redocly's two example rules could still check: an `example`/`examples` key outside a
 * schema, or a $ref to another file (whose examples the walk would reach). Conservative: a header's
 * examples count too.
 */
function hasRest(node: unknown, inSchema = false, depth = 0): boolean {
  if (depth > 200) return true;
  if (Array.isArray(node)) return node.some((n) => hasRest(n, inSchema, depth + 1));
  if (!isPlainObject(node)) return false;
  for (const [key, child] of Object.entries(node)) {
    if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) return true;
    // A schema's own `example`/`examples` are annotations: not the two rules' business.
    if (!inSchema && (key === 'example' || key === 'examples')) return true;
    if (hasRest(child, inSchema || key === 'schema' || key === 'schemas', depth + 1)) return true;
  }
  return false;
}
