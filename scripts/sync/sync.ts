import fs from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { classify } from '../security/classify.js';
import { operationLabel, type Operation } from '../security/operations.js';
import { findPolicyFile, parsePolicy, type AccessPolicy, type Audience } from '../security/policy.js';
import { computeDrift, documentedArgs, type SpecOperation } from './compare.js';
import { pointerOf } from '../lib/locate.js';
import { functionName, parseFunctionSpec, type ConvexFunction, type Endpoint, type FunctionSpec, type HttpRoute, type ValidatorJSON } from './function-spec.js';
import { argsSample, argsSchema, compareShapes, describeDiff, returnsSchema, sampleValue, schemaShape, validatorShape, validatorToSchema } from './schema.js';
import { block, isFlow, pairOf, TextEditor } from './yaml-edit.js';
import { documentedSecurity, endpointEnforcement, securityStatesEnforcement } from '../security/enforcement.js';
import { ALIASES_KEY, FUNCTION_TYPE_KEY } from './compare.js';
import { SiteModel } from '../lib/site.js';

/**
 * `npm run spec:sync`: bring openapi.yaml (and the reference pages and navigation) in line with the
 * functions a Convex deployment exports. Adds what is missing, updates argument schemas that
 * drifted, marks (never deletes) operations whose function is gone, and leaves every curated byte
 * alone. Idempotent: a second run finds nothing to do.
 */

export const HTTP_TAG = 'HTTP';
/** Where new reference pages go when the site has none yet (under the docs root). */
const DEFAULT_REFERENCE_DIR = 'api-reference';

export interface AddedOperation {
  label: string;
  source: string;
  tag: string;
  /** Undefined: the access policy does not classify it (left for a person; no credential guessed). */
  audience?: Audience;
  page?: string;
}

export interface SyncResult {
  specFile: string;
  added: AddedOperation[];
  tagsAdded: string[];
  argsUpdated: Array<{ label: string; changes: string[] }>;
  argsManual: Array<{ label: string; reason: string }>;
  securitySet: Array<{ label: string; audience: Audience }>;
  functionTypesSet: Array<{ label: string; type: string }>;
  aliasesSet: Array<{ label: string; aliases: string[] }>;
  stale: Array<{ label: string; reason: string; markedNow: boolean }>;
  pages: string[];
  navigation: string[];
  /** Files written (empty on a dry run or when nothing changed). */
  written: string[];
  /** Notes for the person running it (policy problems, navigation not found, ...). */
  notes: string[];
}

export interface SyncOptions {
  root: string;
  /** The spec to sync (root-relative), when the site has several. */
  spec?: string;
  /** Path of the `npx convex function-spec` output. */
  functionSpec: string;
  /** false: report what would change, write nothing. */
  write?: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** The tag of a new operation: the spec's tag named like its top module (`meetings` → Meetings), else a new one. */
function tagFor(e: Endpoint, existing: string[]): string {
  if (e.kind === 'http') return HTTP_TAG;
  const top = e.modulePath.split('/')[0];
  return existing.find((t) => t.toLowerCase() === top.toLowerCase()) ?? words(top);
}

function summaryFor(e: Endpoint): string {
  if (e.kind === 'http') return `${e.method} ${e.path}`;
  return words(e.name === 'default' ? (e.modulePath.split('/').pop() ?? e.name) : e.name);
}

function securityFor(audience: Audience | undefined, policy: AccessPolicy | undefined, readsIdentity = false): Json[] | undefined {
  if (!audience || !policy) return undefined;
  return documentedSecurity({ audience, readsIdentity, source: '', internal: false, guards: [] }, policy);
}

/** The re-exported paths of a function (`notes/index:x` for `notes/mutations:x`), as an operation lists them. */
function aliasesOf(f: ConvexFunction, spec: FunctionSpec): string[] {
  return spec.functions.filter((a) => a.aliasOf === f.identifier).map((a) => functionName(a.identifier)).sort();
}

function componentRef(api: Json, kind: 'schemas' | 'responses', name: string): Json | undefined {
  const components = isObject(api.components) ? api.components : {};
  const section = isObject(components[kind]) ? components[kind] : {};
  return name in section ? { $ref: `#/components/${kind}/${name}` } : undefined;
}

function functionOperation(api: Json, f: ConvexFunction, spec: FunctionSpec, tag: string, audience: Audience | undefined, policy: AccessPolicy | undefined, readsIdentity: boolean): Json {
  const fnName = `${f.modulePath}:${f.name}`;
  const type = f.functionType.toLowerCase();
  let description = `Convex ${type} \`${fnName}\`.`;
  if (audience === 'admin' && policy) {
    description += ` Requires a Convex deploy key sent as \`Authorization: ${policy.schemes.admin.format}\`; for admin automation only, never from client code.`;
  }
  if (audience === 'public') description += ' Its handler checks no credential: anyone can call it.';
  const args = argsSchema(f.args);
  const op: Json = { tags: [tag], operationId: f.operationId, summary: summaryFor(f), description, [FUNCTION_TYPE_KEY]: type };
  const aliases = aliasesOf(f, spec);
  if (aliases.length) op[ALIASES_KEY] = aliases;
  const security = securityFor(audience, policy, readsIdentity);
  if (security) op.security = security;
  op.requestBody = {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          description: `Request envelope for \`${f.modulePath}/${f.name}\`.`,
          required: ['args', 'format'],
          properties: { args, format: componentRef(api, 'schemas', 'ArgsFormat') ?? { type: 'string', const: 'json' } },
          additionalProperties: false,
        },
        example: { args: argsSample(f.args), format: 'json' },
      },
    },
  };
  const envelope = componentRef(api, 'schemas', 'SuccessEnvelope');
  const errorEnvelope = componentRef(api, 'schemas', 'ErrorEnvelope');
  const valueSchema = { type: 'object', properties: { value: returnsSchema(f.returns) } };
  const success = envelope ? { allOf: [envelope, valueSchema] } : { ...valueSchema, required: ['status'], properties: { status: { type: 'string', const: 'success' }, ...valueSchema.properties } };
  // Convex answers 200 whether the function returned or threw: `status` tells them apart.
  const responses: Json = {
    '200': {
      description: errorEnvelope
        ? 'The function ran: `status` is `success` with its result in `value`, or `error` when it threw (`errorMessage`, `errorData`).'
        : 'Function ran successfully; `value` holds its result.',
      content: {
        'application/json': {
          schema: errorEnvelope ? { anyOf: [success, errorEnvelope] } : success,
          example: { status: 'success', value: sampleValue(f.returns.type === 'any' ? { type: 'null' } : f.returns, 'result'), logLines: [] },
        },
      },
    },
  };
  for (const [code, name] of [['400', 'BadRequest'], ['401', 'Unauthorized'], ['403', 'Forbidden'], ['500', 'ServerError']] as const) {
    const ref = componentRef(api, 'responses', name);
    if (ref) responses[code] = ref;
  }
  op.responses = responses;
  return op;
}

function routeOperation(r: HttpRoute, tag: string, audience: Audience | undefined, policy: AccessPolicy | undefined, readsIdentity: boolean): Json {
  const op: Json = {
    tags: [tag],
    operationId: r.operationId,
    summary: summaryFor(r),
    description: `HTTP action routed at \`${r.method} ${r.path}\` in the deployment's \`http.ts\`, served from its \`.convex.site\` host.`,
  };
  if (audience === 'admin' && policy) op.description += ` Requires a Convex deploy key sent as \`Authorization: ${policy.schemes.admin.format}\`.`;
  const security = securityFor(audience, policy, readsIdentity);
  if (security) op.security = security;
  op.servers = [{ url: 'https://{deployment}.convex.site', description: 'HTTP actions of your Convex deployment', variables: { deployment: { default: 'your-deployment' } } }];
  op.responses = { '200': { description: 'Response of the HTTP action.' }, '4XX': { description: 'The HTTP action rejected the request.' } };
  return op;
}

function asOperation(method: string, p: string, operationId: string, tags: string[]): Operation {
  return { method, path: p, operationId, label: operationLabel(method, p, operationId), pointer: pointerOf('paths', p, method.toLowerCase()), tags, security: undefined, securitySource: 'none' };
}

interface PolicyState {
  policy?: AccessPolicy;
  problem?: string;
}

function loadPolicy(root: string): PolicyState {
  const found = findPolicyFile(root);
  if (!found) return { problem: 'no access-policy.yaml: every new operation is left unclassified' };
  const loaded = parsePolicy(fs.readFileSync(found.absPath, 'utf8'), found.absPath, found.fallback);
  if (!loaded.policy) return { problem: `${found.absPath}: the access policy does not load (${loaded.problems[0]?.message}); every new operation is left unclassified` };
  return { policy: loaded.policy };
}

function audienceOf(op: Operation, policy: AccessPolicy | undefined): Audience | undefined {
  if (!policy) return undefined;
  return classify([op], policy, () => '', false).audiences.get(op);
}

// ---------------------------------------------------------------------------------------------
// Argument schemas of existing operations: field-level edits, curated text kept.

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow && node.items.length > 0;
}

function keyName(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key);
}

/** A generated schema for a field, keeping the curated description when there was one. */
function withCuratedDescription(generated: Json, curated: unknown): Json {
  if (isObject(curated) && typeof curated.description === 'string') return { ...generated, description: curated.description };
  return generated;
}

/**
 * Edit the object schema at `map` so its fields, optionality and kinds are the validator's. Only
 * the drifted pairs change; a field whose kind changed is rewritten (keeping its description).
 * Returns the changes, or a reason it must be done by hand.
 */
function reconcileObject(ed: TextEditor, api: Json, map: YAMLMap, v: Extract<ValidatorJSON, { type: 'object' }>, at: string, changes: string[]): string | undefined {
  const indent = ed.mapIndent(map);
  if (indent === undefined) return `${at} is not a block mapping`;
  const curated = map.toJSON() as Json;
  if (typeof curated.$ref === 'string') return `${at} is a $ref to a shared schema (${curated.$ref})`;
  const expected = v.value;
  const propsPair = pairOf(map, 'properties');
  const propsNode = propsPair?.value as Node | undefined;
  const curatedProps = isObject(curated.properties) ? curated.properties : {};
  const added: Json = {};
  if (propsPair && isBlockMap(propsNode)) {
    const propIndent = ed.mapIndent(propsNode) as number;
    for (const pair of propsNode.items as Pair[]) {
      const name = keyName(pair);
      const field = expected[name];
      if (!field) {
        const lines = ed.pairLines(pair);
        ed.replace(lines.start, lines.end, '');
        changes.push(`removed \`${at}.${name}\``);
        continue;
      }
      const diffs = compareShapes(schemaShape(api, curatedProps[name]), validatorShape(field.fieldType), `${at}.${name}`).filter((d) => d.kind !== 'optionality' || d.path !== `${at}.${name}`);
      if (diffs.length === 0) continue;
      const value = pair.value as Node;
      const nested = field.fieldType;
      if (nested.type === 'object' && isBlockMap(value) && !isObject((value.toJSON() as Json).$ref) && schemaShape(api, curatedProps[name]).kinds.has('object')) {
        const reason = reconcileObject(ed, api, value, nested, `${at}.${name}`, changes);
        if (reason) return reason;
        continue;
      }
      const lines = ed.pairLines(pair);
      ed.replace(lines.start, lines.end, block({ [name]: withCuratedDescription(validatorToSchema(field.fieldType), curatedProps[name]) }, propIndent));
      changes.push(...diffs.map(describeDiff).map((d) => `fixed: ${d}`));
    }
    const missing = Object.keys(expected).filter((n) => !(n in curatedProps));
    if (missing.length) {
      const text = missing.map((n) => block({ [n]: validatorToSchema(expected[n].fieldType) }, propIndent)).join('');
      ed.insert(ed.mapEnd(propsNode), text);
      missing.forEach((n) => changes.push(`added \`${at}.${n}\``));
    }
  } else {
    // No properties yet, or `properties: {}`: write the whole block.
    for (const [n, f] of Object.entries(expected)) {
      if (!(n in curatedProps)) changes.push(`added \`${at}.${n}\``);
      added[n] = validatorToSchema(f.fieldType);
    }
    if (Object.keys(expected).length) {
      const text = block({ properties: added }, indent);
      if (propsPair) {
        const lines = ed.pairLines(propsPair);
        ed.replace(lines.start, lines.end, text);
      } else ed.insert(ed.mapEnd(map), text);
    }
  }
  // required: keep the curated order, drop what became optional or gone, append what became required.
  const curatedRequired = Array.isArray(curated.required) ? curated.required.map(String) : [];
  const nowRequired = Object.keys(expected).filter((n) => !expected[n].optional);
  const required = [...curatedRequired.filter((n) => nowRequired.includes(n)), ...nowRequired.filter((n) => !curatedRequired.includes(n))];
  const same = required.length === curatedRequired.length && required.every((n, i) => n === curatedRequired[i]);
  if (!same) {
    for (const n of curatedRequired.filter((x) => !required.includes(x) && x in expected)) changes.push(`\`${at}.${n}\` is now optional`);
    for (const n of required.filter((x) => !curatedRequired.includes(x) && x in curatedProps)) changes.push(`\`${at}.${n}\` is now required`);
    const reqPair = pairOf(map, 'required');
    const text = required.length ? block({ required }, indent) : '';
    if (reqPair) {
      const lines = ed.pairLines(reqPair);
      ed.replace(lines.start, lines.end, text);
    } else if (text) {
      ed.insert(propsPair ? ed.pairLines(propsPair).start : ed.mapEnd(map), text);
    }
  }
  return undefined;
}

function reconcileArgs(ed: TextEditor, api: Json, op: SpecOperation, f: ConvexFunction): { changes: string[] } | { reason: string } {
  const documented = documentedArgs(api, op);
  if (!documented) return { reason: 'its request body is not the `{args, format}` envelope' };
  const node = ed.node(documented.pointer);
  const changes: string[] = [];
  if (f.args.type !== 'object') {
    return { reason: 'the function takes a non-object argument validator; document it by hand' };
  }
  if (!isBlockMap(node)) return { reason: 'its `args` schema is not a block mapping (a $ref or flow style)' };
  const reason = reconcileObject(ed, api, node, f.args, 'args', changes);
  return reason ? { reason } : { changes };
}

/** Insert `key: value` into an operation's map before the first of `before` (else at its end). */
function insertIntoOperation(ed: TextEditor, opMap: YAMLMap, value: Json, before: string[]): void {
  const indent = ed.mapIndent(opMap) as number;
  const anchor = opMap.items.find((p) => before.includes(keyName(p as Pair))) as Pair | undefined;
  ed.insert(anchor ? ed.pairLines(anchor).start : ed.mapEnd(opMap), block(value, indent));
}

// ---------------------------------------------------------------------------------------------

function existingPages(site: SiteModel): Map<string, string> {
  // `openapi:` frontmatter of every page of the site: "METHOD /path" → page file (root-relative).
  const out = new Map<string, string>();
  for (const file of site.files) {
    if (!/\.mdx?$/.test(file)) continue;
    const text = site.readInside(file, { file });
    if (!text || 'error' in text) continue;
    const m = /^---\r?\n[\s\S]*?^openapi:\s*["']?(?:\S+\.(?:ya?ml|json)\s+)?([A-Za-z]+)\s+(\/[^\s"']*)["']?\s*$/m.exec(text.text.slice(0, 2000));
    if (m) out.set(`${m[1].toUpperCase()} ${m[2]}`, file);
  }
  return out;
}

/** The spec to sync: the one asked for, else the site's only YAML spec, else its openapi.yaml. */
function chooseSpec(site: SiteModel, asked: string | undefined): string {
  const specs = site.specFiles().filter((f) => /\.ya?ml$/i.test(f));
  if (asked) {
    const wanted = specs.find((f) => f === asked || f === site.rel(asked));
    if (!wanted) throw new Error(`--spec ${asked}: not a YAML OpenAPI spec of the site (its specs: ${specs.join(', ') || 'none'})`);
    return wanted;
  }
  if (specs.length === 1) return specs[0];
  const conventional = specs.filter((f) => /(^|\/)openapi\.ya?ml$/i.test(f));
  if (conventional.length === 1) return conventional[0];
  if (!specs.length) throw new Error(`no YAML OpenAPI spec in ${site.root}${site.docsDir ? ` or ${site.docsDir}/` : ''} (spec:sync edits YAML in place)`);
  throw new Error(`the site has ${specs.length} specs (${specs.join(', ')}): say which one documents the functions with --spec FILE`);
}

/** Where the site keeps reference pages: the folder holding most existing operation pages' tag folders. */
function referenceDir(site: SiteModel, pages: Map<string, string>): string {
  const counts = new Map<string, number>();
  for (const file of pages.values()) {
    const dir = path.posix.dirname(path.posix.dirname(file));
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return best ?? site.rel(DEFAULT_REFERENCE_DIR);
}

/** A navigation group named `name` anywhere in a docs.json navigation (groups in tabs, anchors, ...). */
function findDocsGroup(node: unknown, name: string): NavGroup | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findDocsGroup(child, name);
      if (found) return found;
    }
  } else if (isObject(node)) {
    if (node.group === name && Array.isArray(node.pages)) return node as unknown as NavGroup;
    for (const value of Object.values(node)) {
      const found = findDocsGroup(value, name);
      if (found) return found;
    }
  }
  return undefined;
}

interface NavGroup {
  group: string;
  pages: unknown[];
}

function findGroup(nav: unknown[], name: string): NavGroup | undefined {
  for (const entry of nav) {
    if (!isObject(entry)) continue;
    if (entry.group === name && Array.isArray(entry.pages)) return entry as unknown as NavGroup;
    if (Array.isArray(entry.pages)) {
      const inner = findGroup(entry.pages, name);
      if (inner) return inner;
    }
  }
  return undefined;
}

export function syncSpec(options: SyncOptions): SyncResult {
  const root = path.resolve(options.root);
  const write = options.write ?? true;
  const site = new SiteModel(root);
  const specFile = chooseSpec(site, options.spec);
  // A spec whose navigation source generates a page per operation needs no pages and no entries.
  const generated = site.openapiSources.some((s) => s.generatesAll && site.rel(s.source) === specFile);
  const fnSpec = parseFunctionSpec(fs.readFileSync(options.functionSpec, 'utf8'), path.basename(options.functionSpec));
  const specText = fs.readFileSync(path.join(root, specFile), 'utf8');
  const ed = new TextEditor(specText);
  const api = ed.doc.toJS() as Json;
  const drift = computeDrift(api, fnSpec);
  const { policy, problem } = loadPolicy(root);
  const result: SyncResult = { specFile, added: [], tagsAdded: [], argsUpdated: [], argsManual: [], securitySet: [], functionTypesSet: [], aliasesSet: [], stale: [], pages: [], navigation: [], written: [], notes: [] };
  if (problem) result.notes.push(problem);

  const tagNames = Array.isArray(api.tags) ? api.tags.filter(isObject).map((t) => String(t.name)) : [];
  const newTags: string[] = [];
  const pagesByOp = existingPages(site);
  const referenceBase = referenceDir(site, pagesByOp);
  const plannedPages = new Set<string>();
  const newPages: Array<{ file: string; text: string; tag: string }> = [];

  // 1. Missing operations.
  const pathsNode = ed.node('#/paths');
  const newPathItems: Json = {};
  const intoExistingItems: Array<{ map: YAMLMap; method: string; op: Json }> = [];
  const missing = [...drift.missing].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const e of missing) {
    const tag = tagFor(e, [...tagNames, ...newTags]);
    if (!tagNames.includes(tag) && !newTags.includes(tag)) newTags.push(tag);
    const operation = asOperation(e.method, e.path, e.operationId, [tag]);
    // What the source enforces decides where guard facts say it; else the policy classifies.
    const enforced = policy && endpointEnforcement(e, fnSpec, policy);
    const audience = enforced ? enforced.audience : audienceOf(operation, policy);
    const readsIdentity = Boolean(enforced?.readsIdentity);
    const op = e.kind === 'function' ? functionOperation(api, e, fnSpec, tag, audience, policy, readsIdentity) : routeOperation(e, tag, audience, policy, readsIdentity);
    const method = e.method.toLowerCase();
    const item = isMap(pathsNode) ? pairOf(pathsNode, e.path)?.value : undefined;
    if (isBlockMap(item)) intoExistingItems.push({ map: item, method, op });
    else ((newPathItems[e.path] ??= {}) as Json)[method] = op;
    if (generated) {
      result.added.push({ label: operationLabel(method, e.path, e.operationId), source: e.kind === 'function' ? `${e.identifier} (${e.functionType.toLowerCase()})` : `HTTP route ${e.method} ${e.path}`, tag, audience });
      continue;
    }
    // Reference page and navigation entry.
    const dir = `${referenceBase}/${kebab(tag)}`;
    const base = e.kind === 'function' ? kebab(e.name === 'default' ? e.modulePath : e.name) : kebab(`${e.method}-${e.path}`);
    const candidates = e.kind === 'function' ? [base, kebab(`${e.modulePath.split('/').slice(1).join('-')}-${e.name}`), kebab(`${e.modulePath}-${e.name}`)] : [base];
    let file: string | undefined;
    for (let i = 0; !file; i++) {
      for (const c of i === 0 ? candidates : [`${candidates[candidates.length - 1]}-${i + 1}`]) {
        const f = `${dir}/${c}.mdx`;
        if (!plannedPages.has(f) && !fs.existsSync(path.join(root, f))) {
          file = f;
          break;
        }
      }
    }
    let page: string | undefined = pagesByOp.get(`${e.method} ${e.path}`);
    if (!page) {
      plannedPages.add(file);
      // Mintlify shows a page's `tag` beside its title in the sidebar: the kind of Convex function it runs.
      const kind = e.kind === 'function' ? `tag: ${JSON.stringify(e.functionType.toUpperCase())}\n` : '';
      newPages.push({ file, tag, text: `---\ntitle: ${JSON.stringify(String(op.summary))}\nopenapi: ${JSON.stringify(`${e.method} ${e.path}`)}\n${kind}---\n` });
      page = file;
    }
    result.added.push({ label: operationLabel(method, e.path, e.operationId), source: e.kind === 'function' ? `${e.identifier} (${e.functionType.toLowerCase()})` : `HTTP route ${e.method} ${e.path}`, tag, audience, page });
  }
  if (Object.keys(newPathItems).length) {
    const text = block(newPathItems, 2);
    if (isBlockMap(pathsNode)) ed.insert(ed.mapEnd(pathsNode), text);
    else {
      const pair = isMap(ed.doc.contents) ? pairOf(ed.doc.contents, 'paths') : undefined;
      if (pair) {
        const lines = ed.pairLines(pair);
        ed.replace(lines.start, lines.end, `paths:\n${text}`);
      } else ed.insert(ed.text.length, `${ed.text.endsWith('\n') ? '' : '\n'}paths:\n${text}`);
    }
  }
  for (const { map, method, op } of intoExistingItems) ed.insert(ed.mapEnd(map), block({ [method]: op }, ed.mapIndent(map) as number));

  // 2. New tags, declared with a description (Redocly requires both).
  if (newTags.length) {
    const tagsPair = isMap(ed.doc.contents) ? pairOf(ed.doc.contents, 'tags') : undefined;
    const entries = newTags.map((name) => ({
      name,
      description: name === HTTP_TAG ? 'HTTP actions routed in the deployment\'s `http.ts`.' : `Functions of the \`${name.toLowerCase().replace(/ /g, '')}\` Convex modules.`,
    }));
    const seq = tagsPair?.value;
    if (tagsPair && isSeq(seq) && !seq.flow && seq.items.length) {
      const first = seq.items[0] as Node;
      const dashCol = ed.column(first.range![0]) - 2;
      ed.insert(ed.nextLine((seq.items[seq.items.length - 1] as Node).range![1]), block(entries, Math.max(0, dashCol)));
    } else if (tagsPair) {
      const lines = ed.pairLines(tagsPair);
      const existing = Array.isArray(api.tags) ? api.tags : [];
      ed.replace(lines.start, lines.end, block({ tags: [...existing, ...entries] }, 0));
    } else {
      const before = isMap(ed.doc.contents) ? pairOf(ed.doc.contents, 'paths') : undefined;
      ed.insert(before ? ed.pairLines(before).start : ed.text.length, block({ tags: entries }, 0));
    }
    result.tagsAdded.push(...newTags);
  }

  // 3. Arguments that drifted.
  for (const a of drift.args) {
    const label = operationLabel(a.operation.method, a.operation.path, a.operation.operationId);
    const r = reconcileArgs(ed, api, a.operation, a.fn);
    if ('reason' in r) result.argsManual.push({ label, reason: `${r.reason}: ${a.diffs.map(describeDiff).join('; ')}` });
    else result.argsUpdated.push({ label, changes: r.changes });
  }

  // 4. Security. Where guard facts say what the source enforces, the documented security states
  //    exactly that (a credential it does not check, or one it rejects, is rewritten); elsewhere
  //    operations the policy now classifies get the credential they still lack (the ones an
  //    earlier run left for a person to classify).
  const rootSecurity = Array.isArray(api.security) ? (api.security as Json[]) : undefined;
  for (const { operation: o, endpoint } of drift.matched) {
    if (!policy) continue;
    const opMap = ed.node(o.pointer);
    if (!isBlockMap(opMap)) continue;
    const label = operationLabel(o.method, o.path, o.operationId);
    const documented = (isObject(o.op) && 'security' in o.op ? o.op.security : rootSecurity) as Json[] | undefined;
    const enforced = endpointEnforcement(endpoint, fnSpec, policy);
    if (enforced) {
      if (securityStatesEnforcement(documented as never, enforced, policy)) continue;
      const want = documentedSecurity(enforced, policy) as Json[];
      const pair = pairOf(opMap, 'security');
      if (pair) {
        const lines = ed.pairLines(pair);
        ed.replace(lines.start, lines.end, block({ security: want }, ed.mapIndent(opMap) as number));
      } else insertIntoOperation(ed, opMap, { security: want }, ['requestBody', 'parameters', 'responses']);
      result.securitySet.push({ label, audience: enforced.audience });
      continue;
    }
    if (isObject(o.op) && 'security' in o.op) continue;
    const tags = Array.isArray(o.op.tags) ? o.op.tags.map(String) : [];
    const audience = audienceOf(asOperation(o.method, o.path, o.operationId ?? '', tags), policy);
    if (!audience) continue;
    const want = securityFor(audience, policy) as Json[];
    if (rootSecurity && JSON.stringify(rootSecurity) === JSON.stringify(want)) continue; // inherits exactly the right one
    insertIntoOperation(ed, opMap, { security: want }, ['requestBody', 'parameters', 'responses']);
    result.securitySet.push({ label, audience });
  }

  // 4b. What kind of function each operation runs, and the re-exported paths it also answers at.
  const setKey = (pointer: string, k: string, value: unknown, before: string[]) => {
    const opMap = ed.node(pointer);
    if (!isBlockMap(opMap)) return false;
    const pair = pairOf(opMap, k);
    if (pair) {
      const lines = ed.pairLines(pair);
      ed.replace(lines.start, lines.end, block({ [k]: value }, ed.mapIndent(opMap) as number));
    } else insertIntoOperation(ed, opMap, { [k]: value }, before);
    return true;
  };
  for (const t of drift.functionTypes) {
    const type = t.fn.functionType.toLowerCase();
    if (setKey(t.operation.pointer, FUNCTION_TYPE_KEY, type, ['security', 'parameters', 'requestBody', 'responses'])) {
      result.functionTypesSet.push({ label: operationLabel(t.operation.method, t.operation.path, t.operation.operationId), type });
    }
  }
  const aliasTargets = new Map<string, { operation: SpecOperation; fn: ConvexFunction }>();
  for (const a of drift.aliasesMissing) {
    const target = fnSpec.functions.find((f) => f.identifier === a.alias.aliasOf);
    if (target && drift.missing.includes(target)) continue; // added above, with its aliases
    if (a.operation && target) aliasTargets.set(a.operation.pointer, { operation: a.operation, fn: target });
    else result.notes.push(`${functionName(a.alias.identifier)} re-exports ${functionName(a.alias.aliasOf!)}, which no operation documents: list it in \`${ALIASES_KEY}\` once there is one`);
  }
  for (const { operation: o, fn } of aliasTargets.values()) {
    const aliases = aliasesOf(fn, fnSpec);
    if (setKey(o.pointer, ALIASES_KEY, aliases, ['security', 'parameters', 'requestBody', 'responses'])) {
      result.aliasesSet.push({ label: operationLabel(o.method, o.path, o.operationId), aliases });
    }
  }

  // 5. Operations whose function is gone: marked deprecated, listed, never deleted.
  for (const s of drift.stale) {
    const label = operationLabel(s.operation.method, s.operation.path, s.operation.operationId);
    const opMap = ed.node(s.operation.pointer);
    const markedNow = !s.operation.deprecated && isBlockMap(opMap);
    if (markedNow) insertIntoOperation(ed, opMap as YAMLMap, { deprecated: true }, ['security', 'parameters', 'requestBody', 'responses']);
    result.stale.push({ label, reason: s.reason, markedNow });
  }

  // 6. Navigation: the site's config (mint.json groups, or a docs.json group of the tag's name).
  const configFile = site.configFile;
  let configText: string | undefined;
  if (newPages.length) {
    if (!configFile || !site.config) result.notes.push('no docs.json or mint.json: add the new pages to the navigation by hand');
    else {
      const config = JSON.parse(fs.readFileSync(path.join(root, configFile), 'utf8')) as Json;
      const isDocs = site.config.kind === 'docs';
      const nav = isDocs ? config.navigation : Array.isArray(config.navigation) ? config.navigation : (config.navigation = []);
      const unplaced: string[] = [];
      for (const p of newPages) {
        const route = site.route(p.file, false).replace(/\.mdx$/, '');
        if (site.navigation.some((e) => e.page === route)) continue;
        let group = isDocs ? findDocsGroup(nav, p.tag) : findGroup(nav as unknown[], p.tag);
        if (!group && !isDocs) {
          group = { group: p.tag, pages: [] };
          (nav as unknown[]).push(group);
        }
        if (!group) {
          unplaced.push(route);
          continue;
        }
        group.pages.push(route);
        if (!result.navigation.includes(p.tag)) result.navigation.push(p.tag);
      }
      // Where a new group belongs in docs.json (which tab, anchor, version) is the writer's call.
      if (unplaced.length) result.notes.push(`add to ${configFile}'s navigation (no group named after their tag): ${unplaced.join(', ')}`);
      if (result.navigation.length) configText = JSON.stringify(config, null, 2) + '\n';
    }
  }
  result.pages = newPages.map((p) => p.file);

  if (write) {
    if (ed.changed) {
      fs.writeFileSync(path.join(root, specFile), ed.apply());
      result.written.push(specFile);
    }
    for (const p of newPages) {
      fs.mkdirSync(path.dirname(path.join(root, p.file)), { recursive: true });
      fs.writeFileSync(path.join(root, p.file), p.text);
      result.written.push(p.file);
    }
    if (configText !== undefined && configFile) {
      fs.writeFileSync(path.join(root, configFile), configText);
      result.written.push(configFile);
    }
  }
  return result;
}

/** What `spec:sync` prints: every change, then what a person still has to do. */
export function formatSyncResult(r: SyncResult, dryRun = false): string {
  const lines: string[] = [];
  const verb = dryRun ? 'would ' : '';
  for (const a of r.added) lines.push(`${verb}add ${a.label}  <- ${a.source}  [tag ${a.tag}; ${a.audience ? `audience ${a.audience}` : 'UNCLASSIFIED'}${a.page ? `; page ${a.page}` : ''}]`);
  for (const t of r.tagsAdded) lines.push(`${verb}add tag ${t}`);
  for (const u of r.argsUpdated) lines.push(`${verb}update args of ${u.label}: ${u.changes.join('; ')} (review its examples and page)`);
  for (const s of r.securitySet) lines.push(`${verb}set security of ${s.label} for audience ${s.audience}`);
  for (const t of r.functionTypesSet) lines.push(`${verb}set ${FUNCTION_TYPE_KEY}: ${t.type} on ${t.label}`);
  for (const a of r.aliasesSet) lines.push(`${verb}list ${a.aliases.join(', ')} in ${ALIASES_KEY} of ${a.label}`);
  for (const s of r.stale.filter((x) => x.markedNow)) lines.push(`${verb}mark deprecated ${s.label}: ${s.reason}`);
  if (r.navigation.length) lines.push(`${verb}add ${r.pages.length} page(s) to navigation group(s) ${r.navigation.join(', ')}`);
  if (lines.length === 0) lines.push('openapi.yaml is in sync with the function spec: nothing to change');
  const todo: string[] = [];
  const unclassified = r.added.filter((a) => !a.audience);
  if (unclassified.length) {
    todo.push(`classify ${unclassified.length} operation(s) in access-policy.yaml (rule, override or public entry), then rerun spec:sync to give them their credential:`);
    for (const a of unclassified) todo.push(`  ${a.label}`);
  }
  for (const m of r.argsManual) todo.push(`update args of ${m.label} by hand: ${m.reason}`);
  const stale = r.stale;
  if (stale.length) {
    todo.push(`${stale.length} operation(s) document a function that is gone (kept, marked deprecated; delete each with its page when readers have moved on):`);
    for (const s of stale) todo.push(`  ${s.label}: ${s.reason}`);
  }
  todo.push(...r.notes);
  if (r.added.length) todo.push('write the description and examples of each new operation and the prose of its page; then `npm run docs:access` and `npm run check`');
  return [...lines, ...(todo.length ? ['', 'to do:', ...todo.map((t) => (t.startsWith('  ') ? t : `- ${t}`))] : [])].join('\n') + '\n';
}
