import path from 'node:path';
import { getLineColLocation } from '@redocly/openapi-core';
import { finding, type Finding, type Severity } from '../lib/finding.js';
import { toPosix } from '../lib/files.js';
import { cachedLint, isExampleRule, redoclyProblems } from '../lib/redocly.js';
import type { SpecInput, Workspace } from '../lib/workspace.js';
import { holdsToReferenceContract } from '../security/policy.js';
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
  for (const p of problems) {
    if (p.ignored || !isExampleRule(p.ruleId)) continue;
    // The validator could not compile the schema (`nullable` without `type`, which Mintlify renders
    // fine): the example was never checked, so nothing is known about it.
    if (p.message.startsWith('Example validation errored')) continue;
    const loc = p.location[0];
    if (loc?.pointer && /exactly one schema in oneOf/.test(p.message) && matchesSeveralBranches(index, loc.pointer)) continue;
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
