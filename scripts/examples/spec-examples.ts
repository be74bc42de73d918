import path from 'node:path';
import { getLineColLocation } from '@redocly/openapi-core';
import { finding, type Finding, type Severity } from '../lib/finding.js';
import { toPosix } from '../lib/files.js';
import { cachedLint, isExampleRule, redoclyProblems } from '../lib/redocly.js';
import type { SpecInput, Workspace } from '../lib/workspace.js';
import { holdsToReferenceContract } from '../security/policy.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { escape, type SpecIndex } from './spec-index.js';

/*
 * Examples inside the spec. Validity is Redocly's own example rules (they speak OpenAPI 3.1: Ajv
 * 2020-12 with formats; see EXAMPLE_RULES), run here as errors: the playground pre-fills requests
 * and shows responses from these examples, so an invalid one is a wrong example in the docs.
 * Presence is checked here: every operation with a request body has a request example, and a
 * success response example.
 */

/** A `spec-example-missing` finding with the operation it is about: reported only if the site shows it. */
export interface MissingExample {
  finding: Finding;
  method: string;
  /** The spec's path key. */
  path: string;
}

/**
 * The spec's own examples: `invalid` (Redocly's example rules) and `missing` (every operation's,
 * for the caller to keep those of operations the site shows: an operation on no page has no
 * playground, and the site check reports it once as operation-unreachable or spec-unused).
 */
export async function specExampleFindings(
  ws: Workspace,
  spec: SpecInput,
  index: SpecIndex,
  withSiteRules = false,
): Promise<{ invalid: Finding[]; missing: MissingExample[] }> {
  const invalid = await cachedLint(ws, spec, { site: withSiteRules, examples: true }, 'spec-example-invalid', () => invalidExamples(ws, spec, index, withSiteRules));
  // Mintlify builds an example from the schema when the spec has none: a missing example is
  // Connvo's contract (an error there), said on another site only with --strict (a warning).
  const missing = ws.ruleSet() === 'all' ? missingExamples(spec, index, holdsToReferenceContract(ws.root) ? 'error' : 'warning') : [];
  return { invalid, missing };
}

/** Redocly's example rules' problems as `spec-example-invalid` findings. */
async function invalidExamples(ws: Workspace, spec: SpecInput, index: SpecIndex, withSiteRules: boolean): Promise<Finding[]> {
  // One walk with the spec check's rules when it runs too (see redoclyProblems).
  const problems = await redoclyProblems(ws, spec, { site: withSiteRules, examples: true });
  const findings: Finding[] = [];
  const branchNoise = new Map<string, Set<string>>();
  for (const p of problems) {
    if (p.ignored || !isExampleRule(p.ruleId)) continue;
    // The validator could not compile the schema (`nullable` without `type`, which Mintlify renders
    // fine): the example was never checked, so nothing is known about it.
    if (p.message.startsWith('Example validation errored')) continue;
    const loc = p.location[0];
    if (loc?.pointer && /exactly one schema in oneOf/.test(p.message) && matchesSeveralBranches(index, loc.pointer)) continue;
    // An example that fits no branch of an `anyOf`/`oneOf` is one mistake: said once, by the
    // "must match a schema in anyOf" line, not again for every branch it misses.
    const at = loc?.pointer ? exampleAt(loc.pointer) : undefined;
    if (at) {
      let noise = branchNoise.get(at.root);
      if (!noise) branchNoise.set(at.root, (noise = branchOnlyMessages(index, at.root)));
      if (noise.has(`${at.instance} ${p.message.replace(/^Example value must conform to the schema: /, '').replace(/\.$/, '')}`)) continue;
    }
    const lc = loc ? getLineColLocation(loc) : undefined;
    const rel = loc ? toPosix(path.relative(ws.root, loc.source.absoluteRef)) : spec.file;
    findings.push(
      finding(
        { check: 'examples', rule: 'spec-example-invalid', message: `${p.message} (Redocly ${p.ruleId})`, file: rel.startsWith('..') ? spec.file : rel },
        lc && { start: { line: lc.start.line, column: lc.start.col }, end: lc.end ? { line: lc.end.line, column: lc.end.col } : undefined },
      ),
    );
  }
  return findings;
}

/**
 * The example at `pointer` fails its schema only because it fits more than one branch of a `oneOf`
 * (branches that overlap, such as one per JSON-RPC method with the same shape): the example is a
 * value the API sends, and the schema's `oneOf` (which should be `anyOf`) is what is wrong.
 * Redocly's message is the same for "fits none" and "fits several"; Ajv's error tells them apart.
 */
function matchesSeveralBranches(index: SpecIndex, pointer: string): boolean {
  const m = /^(.*)\/(?:examples\/[^/]+\/value|example)$/.exec(pointer.replace(/^#/, ''));
  if (!m) return false;
  const value = index.deref({ $ref: pointer.startsWith('#') ? pointer : `#${pointer}` })?.node;
  const validate = index.validator(`#${m[1]}/schema`);
  if (value === undefined || validate instanceof Error || validate(value)) return false;
  const errors = validate.errors ?? [];
  return errors.length > 0 && errors.every((e) => e.keyword === 'oneOf' && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas));
}

/** The example a problem's pointer is in (a media type's `example` or `examples/x/value`, a schema's `example`), and where in it. */
function exampleAt(pointer: string): { root: string; instance: string } | undefined {
  const m = /^(.*?\/(?:examples\/[^/]+\/value|example))(\/.*)?$/.exec(pointer.replace(/^#/, ''));
  return m ? { root: m[1], instance: m[2] ?? '' } : undefined;
}

/**
 * Where an example fits no branch of an `anyOf` or `oneOf`: Redocly's messages (its wording,
 * `` `prop` property must … ``, keyed by the instance path) for the errors each branch gives on
 * its own. Each says why one branch refused the value, which the branch summary already covers.
 */
function branchOnlyMessages(index: SpecIndex, root: string): Set<string> {
  const value = index.deref({ $ref: `#${root}` })?.node;
  const holder = /^(.*)\/(?:examples\/[^/]+\/value|example)$/.exec(root)![1];
  const node = index.deref({ $ref: `#${holder}` })?.node;
  const validate = index.validator(isObject(node) && 'schema' in node ? `#${holder}/schema` : `#${holder}`);
  if (value === undefined || validate instanceof Error || validate(value)) return new Set();
  const noise = new Set<string>();
  const visit = (errors: ErrorObject[], at: string, data: unknown, depth: number) => {
    for (const e of errors) {
      if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || depth > 4) continue;
      // The branches, by where they are in the spec (Ajv keeps the spec's own schema objects).
      const parent = pointerOf(index, e.parentSchema);
      const branches = (e.schema as unknown[] | undefined)?.length ?? 0;
      if (!parent || !branches) continue;
      const part = instanceAt(data, e.instancePath);
      for (let i = 0; i < branches; i++) {
        const branch = index.validator(`${parent}/${e.keyword}/${i}`);
        if (branch instanceof Error || branch(part)) continue;
        const own = (branch.errors ?? []).map((b) => ({ ...b, instancePath: `${at}${e.instancePath}${b.instancePath}` }));
        for (const b of own) noise.add(redoclyWording(b));
        visit(branch.errors ?? [], `${at}${e.instancePath}`, part, depth + 1);
      }
    }
  };
  const errors = validate.errors ?? [];
  visit(errors, '', value, 0);
  // An error the example has outside every branch stays.
  for (const e of errors) if (e.keyword === 'anyOf' || e.keyword === 'oneOf') noise.delete(redoclyWording(e));
  return noise;
}

/** `instance path + message` as Redocly words an Ajv error (rules/ajv.js beatifyErrorMessage). */
function redoclyWording(e: ErrorObject): string {
  let message = e.message ?? '';
  if (e.keyword === 'enum') message += ` ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => `"${String(v)}"`).join(', ')}`;
  if (e.keyword === 'type') message = `type ${message}`;
  const prop = e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1);
  if (prop) message = `\`${prop.replace(/~1/g, '/').replace(/~0/g, '~')}\` property ${message}`;
  let at = e.instancePath;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const params = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
    const property = params.additionalProperty ?? params.unevaluatedProperty ?? '';
    message = `${message} \`${property}\``;
    at += `/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return `${at} ${message}`;
}

/** The part of `data` at a JSON pointer. */
function instanceAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
  }
  return node;
}

const pointers = new WeakMap<SpecIndex, WeakMap<object, string>>();

/** Where a schema object of the spec is (`#/components/schemas/Task`). */
function pointerOf(index: SpecIndex, schema: unknown): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  let map = pointers.get(index);
  if (!map) {
    const built = new WeakMap<object, string>();
    const walk = (node: unknown, at: string, depth: number) => {
      if (!node || typeof node !== 'object' || depth > 64 || built.has(node)) return;
      built.set(node, at);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
    };
    walk(index.spec.api, '#', 0);
    pointers.set(index, (map = built));
  }
  return map.get(schema);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/**
 * A media type shows an example in the playground: its own `example`/`examples`, or a schema whose
 * every leaf has a value Mintlify builds the example from (`example`, `examples`, `default`,
 * `enum`, `const`).
 */
function hasExample(media: unknown, index: SpecIndex): boolean {
  if (!isObject(media)) return false;
  if (media.example !== undefined || (isObject(media.examples) && Object.keys(media.examples).length > 0)) return true;
  return schemaExemplified(media.schema, index, 0);
}

function schemaExemplified(raw: unknown, index: SpecIndex, depth: number): boolean {
  const schema = index.deref(raw)?.node;
  if (!isObject(schema) || depth > 8) return false;
  if (schema.example !== undefined || schema.default !== undefined || schema.const !== undefined) return true;
  if ((Array.isArray(schema.examples) && schema.examples.length > 0) || (Array.isArray(schema.enum) && schema.enum.length > 0)) return true;
  const all = (list: unknown) => Array.isArray(list) && list.length > 0 && list.every((s) => schemaExemplified(s, index, depth + 1));
  if (all(schema.allOf)) return true;
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(schema[key]) && (schema[key] as unknown[]).some((s) => schemaExemplified(s, index, depth + 1))) return true;
  if (schema.items !== undefined) return schemaExemplified(schema.items, index, depth + 1);
  const props = isObject(schema.properties) ? Object.values(schema.properties) : [];
  return props.length > 0 && props.every((s) => schemaExemplified(s, index, depth + 1));
}

/** The fields that keep a schema from being an example (`user.name`), for the message: at most four (three are shown). */
function fieldsWithoutValue(raw: unknown, index: SpecIndex, prefix = '', depth = 0, out: string[] = []): string[] {
  const schema = index.deref(raw)?.node;
  if (!isObject(schema) || depth > 8 || out.length >= 4) return out;
  if (schema.items !== undefined && !isObject(schema.properties)) return fieldsWithoutValue(schema.items, index, `${prefix}[]`, depth + 1, out);
  for (const [name, child] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    if (out.length >= 4) break;
    if (schemaExemplified(child, index, depth + 1)) continue;
    const before = out.length;
    fieldsWithoutValue(child, index, prefix ? `${prefix}.${name}` : name, depth + 1, out);
    if (out.length === before) out.push(prefix ? `${prefix}.${name}` : name);
  }
  return out;
}

/** ` (no example, default or enum for a, b.c, …)` when the schema almost is an example. */
function missingFieldsNote(media: unknown[], index: SpecIndex): string {
  const fields = media.flatMap((m) => (isObject(m) ? fieldsWithoutValue(m.schema, index) : []));
  return fields.length ? `, and its schema gives no example, default or enum for ${fields.slice(0, 3).join(', ')}${fields.length > 3 ? ', …' : ''}` : '';
}

/** JSON media types: the ones an example is owed for (a file upload or download has none to give). */
function jsonMedia(content: Json): unknown[] {
  return Object.entries(content)
    .filter(([type]) => /\bjson\b|\+json/i.test(type))
    .map(([, media]) => media);
}

function missingExamples(spec: SpecInput, index: SpecIndex, severity: Severity): MissingExample[] {
  const out: MissingExample[] = [];
  const about = (op: { method: string; path: string }) => (f: Finding) => ({ finding: f, method: op.method, path: op.path });
  for (const op of index.operations) {
    const name = `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''}`;
    const raw = index.deref({ $ref: op.pointer })?.node;
    if (!isObject(raw)) continue;
    const body = index.deref(raw.requestBody, `${op.pointer}/requestBody`);
    if (body && isObject(body.node) && isObject(body.node.content)) {
      const media = jsonMedia(body.node.content);
      if (media.length && !media.some((m) => hasExample(m, index))) {
        out.push(
          about(op)(
            finding(
              { check: 'examples', rule: 'spec-example-missing', severity, message: `${name}: the request body has no example${missingFieldsNote(media, index)} (the playground pre-fills the request from it)`, file: spec.file },
              spec.locate(`${body.pointer}/content`, true),
            ),
          ),
        );
      }
    }
    const responses = isObject(raw.responses) ? raw.responses : {};
    const success = Object.keys(responses).filter((code) => /^2(\d\d|XX)$/i.test(code));
    if (success.length === 0) continue; // no success response at all: Redocly's operation-2xx-response says so
    const withExample = success.some((code) => {
      const response = index.deref(responses[code])?.node;
      return isObject(response) && isObject(response.content) && jsonMedia(response.content).some((m) => hasExample(m, index));
    });
    const withContent = success.some((code) => {
      const response = index.deref(responses[code])?.node;
      return isObject(response) && isObject(response.content) && jsonMedia(response.content).length > 0;
    });
    const successMedia = () =>
      success.flatMap((code) => {
        const response = index.deref(responses[code])?.node;
        return isObject(response) && isObject(response.content) ? jsonMedia(response.content) : [];
      });
    if (!withExample && withContent) {
      out.push(
        about(op)(
          finding(
            { check: 'examples', rule: 'spec-example-missing', severity, message: `${name}: no success response (${success.join(', ')}) has an example${missingFieldsNote(successMedia(), index)} (the playground shows it as the expected result)`, file: spec.file },
            spec.locate(`${op.pointer}/responses/${escape(success[0])}`, true),
          ),
        ),
      );
    }
  }
  return out;
}
