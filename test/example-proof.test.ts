import fs from 'node:fs';
import path from 'node:path';
import { createConfig, lintDocument, makeDocumentFromString, type NormalizedProblem } from '@redocly/openapi-core';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { prng } from '../scripts/bench/generate-site.js';
import { proveExamples } from '../scripts/lib/example-proof.js';
import { EXAMPLE_RULES, isExampleRule, OfflineResolver, redoclyProblems } from '../scripts/lib/redocly.js';
import { Workspace } from '../scripts/lib/workspace.js';
import { tempDirs } from './helpers/tree.js';

const REPO = path.resolve(import.meta.dirname, '..');
const temp = tempDirs();

type Problem = { rule: string; pointer: string; message: string };
const shape = (p: NormalizedProblem): Problem => ({ rule: p.ruleId, pointer: p.location[0]?.pointer ?? '', message: p.message });
const byText = (a: Problem, b: Problem) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Redocly's two example rules, as the examples check sets them, on the whole document: the verdicts the proof must never contradict. */
async function redoclyVerdicts(absPath: string, text: string): Promise<Problem[]> {
  const config = await createConfig({ rules: EXAMPLE_RULES as never });
  const problems = await lintDocument({ document: makeDocumentFromString(text, absPath), config, externalRefResolver: new OfflineResolver() });
  return problems.filter((p) => isExampleRule(p.ruleId)).map(shape).sort(byText);
}

/** The example problems of a run of the checks (the proof, then Redocly's rules on what is left). */
async function checkVerdicts(root: string): Promise<Problem[]> {
  const ws = new Workspace(root);
  const [spec] = await ws.specs();
  const problems = await redoclyProblems(ws, spec, { site: false, examples: true });
  return problems.filter((p) => isExampleRule(p.ruleId)).map(shape).sort(byText);
}

const under = (pointer: string, mediaType: string) => pointer === mediaType || pointer.startsWith(`${mediaType}/`) || pointer.startsWith(`#${mediaType}/`) || pointer === `#${mediaType}`;

describe('example proof: an interpreter takes the examples it proves valid off Redocly\'s walk', () => {
  it("proves every example of the repository's spec, each one Redocly's rule finds valid too", async () => {
    const text = fs.readFileSync(path.join(REPO, 'openapi.yaml'), 'utf8');
    const document = makeDocumentFromString(text, path.join(REPO, 'openapi.yaml'));
    const proof = proveExamples(document.parsed as Record<string, unknown>);
    const verdicts = await redoclyVerdicts(path.join(REPO, 'openapi.yaml'), text);
    expect(verdicts).toEqual([]);
    // Every example of every operation is proved: none is left for Redocly's walk, which is not made.
    expect(proof.proved.length).toBeGreaterThan(250);
    expect(proof.rest).toBe(false);
  });

  it("skips Redocly's example walk only when nothing is left for its rules", () => {
    const spec = (extra: Record<string, unknown> = {}) => ({
      openapi: '3.1.0',
      paths: {
        '/a': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer', example: 'a schema annotation' } } }, example: { n: 1 } } } },
            responses: { '200': { description: 'ok', ...extra } },
          },
        },
      },
    });
    expect(proveExamples(spec())).toMatchObject({ proved: ['/paths/~1a/post/requestBody/content/application~1json'], rest: false });
    // A header's example (not proved, conservatively counted), a $ref to another file inside a schema.
    expect(proveExamples(spec({ headers: { 'X-Id': { schema: { type: 'string' }, example: 'x' } } })).rest).toBe(true);
    expect(proveExamples(spec({ content: { 'application/json': { schema: { $ref: 'other.yaml#/S' } } } })).rest).toBe(true);
  });

  // Random schemas from the keywords the proof knows and some it does not, random examples from
  // them, half of them broken: whatever the proof says valid, Redocly's rule must say valid, and
  // the findings of a run are exactly Redocly's on the whole document.
  for (const seed of [20261206, 7, 424242]) {
    it(`agrees with Redocly's rule on 300 random schemas and examples (seed ${seed})`, async () => {
      const rand = prng(seed);
      const { spec, count } = randomSpec(rand, 300);
      const root = temp.track(fs.mkdtempSync(path.join(os.tmpdir(), 'example-proof-')));
      const text = JSON.stringify(spec, null, 1);
      fs.writeFileSync(path.join(root, 'openapi.yaml'), text);
      fs.writeFileSync(path.join(root, 'mint.json'), JSON.stringify({ name: 'x', navigation: [], openapi: 'openapi.yaml' }));
      const reference = await redoclyVerdicts(path.join(root, 'openapi.yaml'), text);
      const proof = proveExamples(makeDocumentFromString(text, path.join(root, 'openapi.yaml')).parsed as Record<string, unknown>);
      // Never "valid" where Redocly finds a problem.
      const contradicted = proof.proved.filter((mt) => reference.some((p) => under(p.pointer, mt)));
      expect(contradicted).toEqual([]);
      // Not vacuous: the proof takes many, Redocly rejects many, and some valid ones are left to Redocly.
      const rejected = new Set(reference.map((p) => p.pointer.replace(/^#/, '').split('/content/')[0])).size;
      expect(proof.proved.filter((mt) => mt.startsWith('/components/responses/')).length).toBeGreaterThan(0);
      expect(proof.proved.length).toBeGreaterThan(count * 0.25);
      expect(rejected).toBeGreaterThan(count * 0.15);
      expect(proof.proved.length + rejected).toBeLessThan(count);
      // A run of the checks reports exactly what Redocly's rules report on the whole document.
      expect(await checkVerdicts(root)).toEqual(reference);
    }, 60_000);
  }
});

// --- random OpenAPI 3.1 documents -------------------------------------------------------------

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const NAMES = ['id', 'name', 'count', 'tags', 'meta', 'kind', 'a~b', 'x/y'];
/** Keywords outside the proof's set: a schema with one is left to Redocly. */
const ODD: Array<Record<string, unknown>> = [{ format: 'email' }, { format: 'date-time' }, { readOnly: true }, { writeOnly: true }, { uniqueItems: true }, { nullable: true }, { multipleOf: 0.5 }, { minProperties: 1 }, { not: { type: 'null' } }];

function leaf(rand: Rand): Record<string, unknown> {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return { type: 'string', ...(rand() < 0.4 && { pattern: pick(rand, ['^[a-z]+$', '^\\d{2,4}$', 'x', '^\\p{Lu}']) }), ...(rand() < 0.3 && { minLength: 2, maxLength: 5 }) };
    case 1:
      return { type: 'integer', ...(rand() < 0.5 && { minimum: 0, maximum: 10 }) };
    case 2:
      return { type: 'number', ...(rand() < 0.3 && { maximum: 1.5 }) };
    case 3:
      return { type: 'boolean' };
    case 4:
      return { type: ['string', 'null'] };
    case 5:
      return { const: pick(rand, ['on', 1, null, { a: 1 }]) };
    case 6:
      return { enum: [1, 'a', null, [1], { k: 'v' }] };
    default:
      return { description: 'anything' };
  }
}

function randomSchema(rand: Rand, depth: number, components: string[]): Record<string, unknown> | boolean {
  const r = rand();
  let schema: Record<string, unknown> | boolean;
  if (depth > 3 || r < 0.3) schema = leaf(rand);
  else if (r < 0.55) {
    const names = NAMES.filter(() => rand() < 0.4);
    schema = {
      type: 'object',
      properties: Object.fromEntries(names.map((n) => [n, randomSchema(rand, depth + 1, components)])),
      required: names.filter(() => rand() < 0.5),
      ...(rand() < 0.5 && { additionalProperties: pick(rand, [false, true, { type: 'string' }]) }),
    };
  } else if (r < 0.68) schema = { type: 'array', items: randomSchema(rand, depth + 1, components), ...(rand() < 0.3 && { minItems: 1, maxItems: 3 }) };
  else if (r < 0.8) schema = { [pick(rand, ['anyOf', 'oneOf', 'allOf'])]: [randomSchema(rand, depth + 1, components), randomSchema(rand, depth + 1, components)] };
  else if (r < 0.93 && components.length) schema = { $ref: `#/components/schemas/${pick(rand, components)}` };
  else schema = rand() < 0.5;
  if (typeof schema === 'object' && rand() < 0.08) Object.assign(schema, pick(rand, ODD));
  return schema;
}

/** A value for a schema: often valid, not always (oneOf, allOf and refs are sampled loosely). */
function sample(rand: Rand, schema: unknown, components: Record<string, unknown>, depth = 0): unknown {
  if (depth > 6 || typeof schema !== 'object' || schema === null) return pick(rand, ['s', 3, null, true]);
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') return sample(rand, components[s.$ref.split('/').pop()!], components, depth + 1);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return pick(rand, s.enum);
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(s[k])) return sample(rand, pick(rand, s[k] as unknown[]), components, depth + 1);
  const type = Array.isArray(s.type) ? pick(rand, s.type) : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).filter(([n]) => (s.required as string[]).includes(n) || rand() < 0.6).map(([n, p]) => [n, sample(rand, p, components, depth + 1)]));
    }
    case 'array':
      return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => sample(rand, s.items, components, depth + 1));
    case 'string':
      return s.format === 'email' ? 'a@b.co' : s.format === 'date-time' ? '2026-12-06T10:00:00Z' : pick(rand, ['abc', '1234', 'Xy', 'ab']);
    case 'integer':
      return pick(rand, [0, 3, 10, 11]);
    case 'number':
      return pick(rand, [0.5, 1.25, 2]);
    case 'boolean':
      return rand() < 0.5;
    case 'null':
      return null;
    default:
      return pick(rand, ['free', 1, { any: true }]);
  }
}

/** Breaks a value somewhere: a changed type, an extra or a missing property, a wrong item. */
function mutate(rand: Rand, value: unknown, depth = 0): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4 && rand() < 0.6) {
    const entries = Object.entries(value);
    const r = rand();
    if (r < 0.3) return { ...value, extra: 1 };
    if (r < 0.5 && entries.length) return Object.fromEntries(entries.slice(1));
    if (entries.length) {
      const [k, v] = pick(rand, entries);
      return { ...value, [k]: mutate(rand, v, depth + 1) };
    }
  }
  if (Array.isArray(value) && value.length && depth < 4 && rand() < 0.5) return [mutate(rand, value[0], depth + 1), ...value.slice(1)];
  return pick(rand, ['text', 42, 1.5, null, false, [], {}, 'ABC', -1]);
}

function randomSpec(rand: Rand, count: number): { spec: Record<string, unknown>; count: number } {
  const names = ['Alpha', 'Beta', 'Gamma', 'Delta'];
  const components: Record<string, unknown> = {};
  for (const [i, name] of names.entries()) components[name] = randomSchema(rand, 2, names.slice(i + 1));
  const media = () => {
    const schema = randomSchema(rand, 0, names);
    const good = sample(rand, schema, components);
    const value = rand() < 0.5 ? mutate(rand, good) : good;
    return rand() < 0.5 ? { schema, example: value } : { schema, examples: { one: { value }, two: { value: rand() < 0.7 ? value : mutate(rand, value) } } };
  };
  // Shared responses (components.responses), each used by several operations.
  const responses = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`R${i}`, { description: 'shared', content: { 'application/json': media() } }]));
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count - 10; i++) {
    const ok = rand() < 0.2 ? { $ref: `#/components/responses/R${i % 10}` } : { description: 'ok' };
    paths[`/op${i}`] = { post: { operationId: `op${i}`, requestBody: { content: { 'application/json': media() } }, responses: { '200': ok } } };
  }
  return { spec: { openapi: '3.1.0', info: { title: 't', version: '1' }, paths, components: { schemas: components, responses } }, count };
}
