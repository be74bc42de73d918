import fs from 'node:fs';
import path from 'node:path';
import type { Source } from '@redocly/openapi-core';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Span } from '../lib/finding.js';
import { locatePointer, pointerOf, sourceOf } from '../lib/locate.js';
import { yamlAliasProblem } from '../lib/yaml-guard.js';
import { POLICY_FILE } from '../lib/rule-set.js';

export { holdsToReferenceContract, POLICY_FILE } from '../lib/rule-set.js';

/**
 * The access policy (access-policy.yaml at the root, see README "Access policy"): one place that
 * says who may call each operation. Loading validates its shape and keeps locations so that every
 * policy problem points at its line.
 */

export type Audience = 'user' | 'admin' | 'public';
export const AUDIENCES: readonly Audience[] = ['user', 'admin', 'public'];

export interface SchemePolicy {
  /** Name under components.securitySchemes. */
  name: string;
  /** The Authorization header value with its placeholder, e.g. `Bearer <user-token>`. */
  format: string;
}

export interface ClassifyingRule {
  audience: 'user' | 'admin';
  paths?: string[];
  tags?: string[];
  methods?: string[];
  /** Pointer of this rule in the policy file. */
  pointer: string;
}

export interface OperationEntry {
  /** `METHOD /path` or an operationId. */
  operation: string;
  audience: Audience;
  reason: string;
  pointer: string;
}

export interface AccessPolicy {
  schemes: { user: SchemePolicy; admin: SchemePolicy };
  /**
   * The backend's guard helpers per audience: functions that reject a call without a signed-in
   * user (`user`) or without the admin role (`admin`). The extractor (`npm run spec:extract`)
   * records which of them each function's handler calls.
   */
  guards: { user: string[]; admin: string[] };
  rules: ClassifyingRule[];
  /** `public` allowlist entries and `overrides`, both per operation. */
  entries: OperationEntry[];
}

export interface PolicyProblem {
  message: string;
  span: Span;
}

export interface LoadedPolicy {
  /** Absolute path of the policy file actually read. */
  absPath: string;
  /** True when the checked tree has no policy and this repository's own one is used. */
  fallback: boolean;
  policy?: AccessPolicy;
  problems: PolicyProblem[];
  locate(pointer: string, reportOnKey?: boolean): Span;
}

export const DEFAULT_SCHEMES = {
  user: { name: 'bearerAuth', format: 'Bearer <user-token>' },
  admin: { name: 'convexDeploy', format: 'Convex <deploy-key>' },
} as const;

/**
 * The tree's policy file, or undefined when it has none. A site's policy is its own: another
 * tree's operations would all be unclassified against it (see the `policy-missing` finding).
 */
export function findPolicyFile(root: string): { absPath: string; fallback: boolean } | undefined {
  const own = path.join(root, POLICY_FILE);
  return fs.existsSync(own) ? { absPath: own, fallback: false } : undefined;
}

export function parsePolicy(text: string, absPath: string, fallback = false): LoadedPolicy {
  // Redocly (~1-2 s to import) is loaded on the first location asked for, not to read a valid policy.
  let source: Source | undefined;
  const locate = (pointer: string, reportOnKey = false) => locatePointer((source ??= sourceOf(absPath, text)), pointer, reportOnKey);
  const problems: PolicyProblem[] = [];
  const lineCounter = new LineCounter();
  const aliases = yamlAliasProblem(text);
  if (aliases) {
    problems.push({ message: aliases.message, span: aliases.at });
    return { absPath, fallback, problems, locate };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    problems.push({ message: `invalid YAML: ${reason}`, span: { start: { line: pos.line, column: pos.col }, end: { line: pos.line, column: pos.col } } });
    return { absPath, fallback, problems, locate };
  }
  const v = new Validator(doc.contents, locate, problems);
  const policy = v.policy();
  return { absPath, fallback, policy: problems.length ? undefined : policy, problems, locate };
}

const TOP_KEYS = ['schemes', 'rules', 'public', 'overrides', 'guards'];
const RULE_KEYS = ['audience', 'paths', 'tags', 'methods', 'reason'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Shape validation with located messages; small enough not to need a JSON Schema. */
class Validator {
  constructor(
    private readonly root: Node | null,
    private readonly locate: (pointer: string, reportOnKey?: boolean) => Span,
    private readonly problems: PolicyProblem[],
  ) {}

  private fail(pointer: string, message: string, key = false): void {
    this.problems.push({ message, span: this.locate(pointer, key) });
  }

  private map(node: unknown, pointer: string, what: string, keys: string[]): Map<string, unknown> | undefined {
    if (!isMap(node)) {
      this.fail(pointer, `${what} must be a mapping`);
      return undefined;
    }
    const out = new Map<string, unknown>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!keys.includes(key)) this.fail(`${pointer}/${key}`, `${what}: unknown key "${key}" (allowed: ${keys.join(', ')})`, true);
      else out.set(key, pair.value);
    }
    return out;
  }

  private string(node: unknown, pointer: string, what: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    this.fail(pointer, `${what} must be a non-empty string`);
    return undefined;
  }

  private strings(node: unknown, pointer: string, what: string): string[] | undefined {
    if (!isSeq(node) || node.items.length === 0) {
      this.fail(pointer, `${what} must be a non-empty list of strings`);
      return undefined;
    }
    const out = node.items.map((item, i) => this.string(item, `${pointer}/${i}`, `${what}[${i}]`));
    return out.every((s): s is string => s !== undefined) ? out : undefined;
  }

  policy(): AccessPolicy {
    const top = this.map(this.root, '#', 'the access policy', TOP_KEYS);
    const policy: AccessPolicy = { schemes: { user: { ...DEFAULT_SCHEMES.user }, admin: { ...DEFAULT_SCHEMES.admin } }, rules: [], entries: [], guards: { user: [], admin: [] } };
    if (!top) return policy;
    if (top.has('schemes')) {
      const schemes = this.map(top.get('schemes'), '#/schemes', 'schemes', ['user', 'admin']);
      for (const audience of ['user', 'admin'] as const) {
        const node = schemes?.get(audience);
        if (node === undefined) continue;
        const p = pointerOf('schemes', audience);
        const scheme = this.map(node, p, `schemes.${audience}`, ['name', 'format']);
        if (scheme?.has('name')) policy.schemes[audience].name = this.string(scheme.get('name'), `${p}/name`, `schemes.${audience}.name`) ?? '';
        if (scheme?.has('format')) policy.schemes[audience].format = this.string(scheme.get('format'), `${p}/format`, `schemes.${audience}.format`) ?? '';
      }
      if (policy.schemes.user.name === policy.schemes.admin.name) this.fail('#/schemes', `schemes.user and schemes.admin must name different schemes (both are "${policy.schemes.user.name}")`, true);
    }
    if (top.has('guards')) this.guards(top.get('guards'), policy);
    const rules = top.get('rules');
    if (rules === undefined) this.fail('#', 'the access policy needs `rules` (a list of {audience, paths and/or tags})');
    else if (!isSeq(rules)) this.fail('#/rules', '`rules` must be a list');
    else rules.items.forEach((node, i) => this.rule(node, pointerOf('rules', i), policy));
    for (const list of ['public', 'overrides'] as const) {
      const node = top.get(list);
      if (node === undefined) continue;
      if (!isSeq(node)) {
        this.fail(`#/${list}`, `\`${list}\` must be a list`);
        continue;
      }
      node.items.forEach((item, i) => this.entry(item, pointerOf(list, i), list, policy));
    }
    return policy;
  }

  /** `guards: {user: [requireIdentity], admin: []}`: function names, each under one audience. */
  private guards(node: unknown, policy: AccessPolicy): void {
    const m = this.map(node, '#/guards', 'guards', ['user', 'admin']);
    if (!m) return;
    const seen = new Map<string, string>();
    for (const audience of ['user', 'admin'] as const) {
      const list = m.get(audience);
      if (list === undefined) continue;
      const p = pointerOf('guards', audience);
      if (!isSeq(list)) {
        this.fail(p, `guards.${audience} must be a list of function names`);
        continue;
      }
      list.items.forEach((item, i) => {
        const name = this.string(item, `${p}/${i}`, `guards.${audience}[${i}]`);
        if (name === undefined) return;
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) return this.fail(`${p}/${i}`, `guards.${audience}[${i}]: "${name}" is not a function name`);
        const other = seen.get(name);
        if (other) return this.fail(`${p}/${i}`, `guards.${audience}[${i}]: "${name}" is already a ${other} guard`);
        seen.set(name, audience);
        policy.guards[audience].push(name);
      });
    }
  }

  private rule(node: unknown, pointer: string, policy: AccessPolicy): void {
    const m = this.map(node, pointer, 'a rule', RULE_KEYS);
    if (!m) return;
    const audience = m.has('audience') ? this.string(m.get('audience'), `${pointer}/audience`, 'audience') : undefined;
    if (!m.has('audience')) this.fail(pointer, 'a rule needs `audience: user` or `audience: admin`');
    else if (audience === 'public') this.fail(`${pointer}/audience`, 'rules cannot make operations public: list each public operation under `public` with a reason');
    else if (audience !== undefined && audience !== 'user' && audience !== 'admin') this.fail(`${pointer}/audience`, `unknown audience "${audience}" (use user or admin)`);
    const rule: ClassifyingRule = { audience: audience as 'user' | 'admin', pointer };
    for (const key of ['paths', 'tags', 'methods'] as const) {
      if (m.has(key)) rule[key] = this.strings(m.get(key), `${pointer}/${key}`, key);
    }
    if (!m.has('paths') && !m.has('tags')) this.fail(pointer, 'a rule needs `paths` (globs) and/or `tags` to say which operations it classifies');
    rule.methods?.forEach((method, i) => {
      if (!HTTP_METHODS.includes(method.toLowerCase())) this.fail(`${pointer}/methods/${i}`, `unknown HTTP method "${method}"`);
    });
    if (m.has('reason')) this.string(m.get('reason'), `${pointer}/reason`, 'reason');
    policy.rules.push(rule);
  }

  private entry(node: unknown, pointer: string, list: 'public' | 'overrides', policy: AccessPolicy): void {
    const m = this.map(node, pointer, list === 'public' ? 'a public entry' : 'an override', list === 'public' ? ['operation', 'reason'] : ['operation', 'audience', 'reason']);
    if (!m) return;
    const operation = m.has('operation') ? this.string(m.get('operation'), `${pointer}/operation`, 'operation') : undefined;
    if (!m.has('operation')) this.fail(pointer, 'needs `operation` ("METHOD /path" or an operationId)');
    // Why an operation is public (or overridden) is the whole point of listing it: require it.
    const reason = m.has('reason') ? this.string(m.get('reason'), `${pointer}/reason`, 'reason') : undefined;
    if (!m.has('reason')) this.fail(pointer, `${list === 'public' ? 'a public operation' : 'an override'} needs a \`reason\``);
    let audience: Audience = 'public';
    if (list === 'overrides') {
      const a = m.has('audience') ? this.string(m.get('audience'), `${pointer}/audience`, 'audience') : undefined;
      if (!m.has('audience')) this.fail(pointer, 'an override needs `audience: user` or `audience: admin`');
      else if (a === 'public') this.fail(`${pointer}/audience`, 'overrides cannot make operations public: list the operation under `public` instead');
      else if (a !== undefined && a !== 'user' && a !== 'admin') this.fail(`${pointer}/audience`, `unknown audience "${a}" (use user or admin)`);
      audience = a as Audience;
    }
    if (operation && reason) policy.entries.push({ operation, audience, reason, pointer });
  }
}

/**
 * A path glob's matcher (picomatch): `*` and `?` stay within one segment, `**` spans any number of
 * segments, none included (`/api/run/admin/**` matches `/api/run/admin`). Braces, parentheses and a
 * leading `!` are literal: OpenAPI paths hold `{param}` templates, not brace expansions.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  let matcher = matchers.get(glob);
  if (!matcher) matchers.set(glob, (matcher = picomatch(glob, { dot: true, nobrace: true, noextglob: true, nonegate: true })));
  return matcher;
}

const matchers = new Map<string, (path: string) => boolean>();
