import path from 'node:path';
import type * as TS from 'typescript';
import ts from './ts.js';
import type { ValidatorJSON } from '../function-spec.js';
import { asVNode, Evaluator } from './evaluate.js';
import { objectOf } from './convex-api.js';
import { GuardTracer, type GuardFacts } from './guards.js';
import { extractRoutes } from './http.js';
import { discoverModules, type ConvexModule } from './modules.js';
import { createProject, positionOf, type Project } from './project.js';
import { describe, type Registered, type Value, type VNode } from './values.js';

/**
 * `npx convex function-spec`, computed from source: every function each module of a Convex
 * project's `convex/` folder registers, with its args and returns validators as Convex prints
 * them, its HTTP routes, and per function the guard helpers its handler calls. See README
 * "Syncing with the deployed functions" for why this is static analysis and not a bundle.
 */

export interface ExtractedFunction {
  identifier: string;
  functionType: 'Query' | 'Mutation' | 'Action';
  visibility: { kind: 'public' | 'internal' };
  args: ValidatorJSON;
  returns: ValidatorJSON;
  /** The same function object exported by another module: this path is a re-export of that one. */
  aliasOf?: string;
  /** Configured guard helpers the handler calls on every path (see guards.ts). */
  guards?: string[];
  /** Configured guard helpers the handler calls only on some paths. */
  conditionalGuards?: string[];
  /** Configured guard helpers the handler calls only inside a `try` whose `catch` swallows the rejection. */
  caughtGuards?: string[];
  /** The handler (or a helper it calls) reads `ctx.auth.getUserIdentity()` itself. */
  readsIdentity?: true;
}

export interface ExtractedRoute {
  functionType: 'HttpAction';
  method: string;
  path: string;
  guards?: string[];
  conditionalGuards?: string[];
  caughtGuards?: string[];
  readsIdentity?: true;
}

export interface ExtractWarning {
  /** Relative to the folder holding the convex folder, forward slashes. */
  file: string;
  line: number;
  column: number;
  /** The function or route the warning is about, when there is one. */
  function?: string;
  message: string;
}

export interface ExtractOptions {
  convexDir: string;
  /** Guard helper names, e.g. from access-policy.yaml `guards:`; undefined: no guard facts. */
  guards?: string[];
  url?: string;
  source?: { repository: string; commit: string };
}

export interface ExtractResult {
  url?: string;
  source?: { repository: string; commit: string };
  functions: Array<ExtractedFunction | ExtractedRoute>;
  warnings: ExtractWarning[];
}

interface Entry {
  module: ConvexModule;
  name: string;
  identifier: string;
  fn: Registered;
}

export function extractFunctionSpec(options: ExtractOptions): ExtractResult {
  const convexDir = path.resolve(options.convexDir);
  const modules = discoverModules(convexDir);
  const project = createProject(convexDir, modules);
  const evaluator = new Evaluator(project);
  const warnings: ExtractWarning[] = [];
  const base = path.dirname(convexDir);
  const warn = (node: TS.Node, message: string, fn?: string) => {
    const pos = positionOf(node);
    warnings.push({ file: path.relative(base, pos.file).split(path.sep).join('/'), line: pos.line, column: pos.column, ...(fn ? { function: fn } : {}), message });
  };

  const entries: Entry[] = [];
  const byIdentifier = new Map<string, Entry>();
  for (const module of modules) {
    const sf = project.sourceFile(module.file);
    if (!sf) continue;
    for (const { name, value, node } of moduleExports(project, evaluator, sf)) {
      const identifier = `${module.modulePath}:${name}`;
      if (value.kind === 'registered') {
        if (value.udfType === 'HttpAction') continue; // served only through http.js routes
        const entry = { module, name, identifier, fn: value };
        entries.push(entry);
        byIdentifier.set(identifier, entry);
      } else if (value.kind === 'unknown' && mayBeFunction(node)) {
        warn(value.node, `cannot tell whether export "${name}" is a Convex function: ${value.reason}`, identifier);
      }
    }
  }

  const tracer = options.guards ? new GuardTracer(evaluator, options.guards, byIdentifier) : undefined;
  const canonical = canonicalIdentifiers(entries);
  const functions: Array<ExtractedFunction | ExtractedRoute> = [];
  for (const entry of entries) {
    const { fn, identifier } = entry;
    const out: ExtractedFunction = {
      identifier,
      functionType: fn.udfType as ExtractedFunction['functionType'],
      visibility: { kind: fn.visibility },
      args: validatorJson(argsNode(fn), (node, message) => warn(node, `args: ${message}`, identifier)),
      returns: fn.returns === undefined ? { type: 'any' } : validatorJson(argsLike(fn.returns, fn.node), (node, message) => warn(node, `returns: ${message}`, identifier)),
    };
    const aliasOf = canonical.get(entry);
    if (aliasOf) out.aliasOf = aliasOf;
    if (tracer) Object.assign(out, guardFields(tracer.facts(fn, (node, message) => warn(node, message, identifier))));
    functions.push(out);
  }
  functions.sort((a, b) => cmp((a as ExtractedFunction).identifier, (b as ExtractedFunction).identifier));

  for (const route of extractRoutes(project, evaluator, modules, warn)) {
    const out: ExtractedRoute = { functionType: 'HttpAction', method: route.method, path: route.path };
    if (tracer && route.handler) Object.assign(out, guardFields(tracer.facts(route.handler, (node, message) => warn(node, message, `${route.method} ${route.path}`))));
    functions.push(out);
  }

  warnings.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.function ?? '', b.function ?? '') || cmp(a.message, b.message));
  return { ...(options.url ? { url: options.url } : {}), ...(options.source ? { source: options.source } : {}), functions, warnings: dedupe(warnings) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted warnings without repeats (one unresolved node used twice by a function warns once). */
function dedupe(sorted: ExtractWarning[]): ExtractWarning[] {
  const keys = sorted.map((w) => JSON.stringify(w));
  return sorted.filter((_, i) => i === 0 || keys[i] !== keys[i - 1]);
}

function guardFields(facts: GuardFacts): Pick<ExtractedFunction, 'guards' | 'conditionalGuards' | 'caughtGuards' | 'readsIdentity'> {
  return {
    guards: facts.always,
    ...(facts.sometimes.length ? { conditionalGuards: facts.sometimes } : {}),
    ...(facts.caught.length ? { caughtGuards: facts.caught } : {}),
    ...(facts.readsIdentity ? { readsIdentity: true as const } : {}),
  };
}

/** Every value export of a module, with the node its value comes from. */
function* moduleExports(project: Project, evaluator: Evaluator, sf: TS.SourceFile): Generator<{ name: string; value: Value; node: TS.Node | undefined }> {
  const moduleSymbol = project.checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) return;
  for (const symbol of project.checker.getExportsOfModule(moduleSymbol)) {
    const decl = symbol.declarations?.[0];
    if (!decl || isTypeOnly(decl)) continue;
    const target = symbol.flags & ts.SymbolFlags.Alias ? project.checker.getAliasedSymbol(symbol) : symbol;
    // Types, interfaces and type-only re-exports have no value at run time.
    if (target.flags && !(target.flags & ts.SymbolFlags.Value) && target.escapedName !== 'unknown') continue;
    const node = target.valueDeclaration ?? decl;
    // Only what may be a registered function is evaluated (not every exported validator map).
    if (target.valueDeclaration && !mayBeFunction(target.valueDeclaration)) continue;
    yield { name: ts.unescapeLeadingUnderscores(symbol.escapedName), value: evaluator.symbolValue(symbol, decl), node };
  }
}

function isTypeOnly(decl: TS.Declaration): boolean {
  if (ts.isExportSpecifier(decl)) return decl.isTypeOnly || decl.parent.parent.isTypeOnly;
  if (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) return true;
  return false;
}

/**
 * Whether an export whose value is unknown could still be a registered function: a call (of a
 * builder the extractor did not recognise) or a reference to something it could not follow. Plain
 * functions, classes, enums and literals never are.
 */
function mayBeFunction(node: TS.Node | undefined): boolean {
  if (!node) return true;
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) return false;
  let init: TS.Expression | undefined = ts.isVariableDeclaration(node) ? node.initializer : ts.isExportAssignment(node) ? node.expression : undefined;
  if (!init) return !ts.isVariableDeclaration(node);
  while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isNonNullExpression(init)) init = init.expression;
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init) || ts.isLiteralExpression(init) || ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || ts.isTemplateExpression(init) || ts.isNewExpression(init)) return false;
  return true;
}

/** Convex publishes a missing `args` as `v.any()` and wraps an object of validators in `v.object`. */
function argsNode(fn: Registered): VNode {
  if (fn.args === undefined) return { type: 'any', optional: false };
  return argsLike(fn.args, fn.node);
}

function argsLike(value: Value, at: TS.Node): VNode {
  if (value.kind === 'object') return objectOf(value, at);
  if (value.kind === 'validator' || value.kind === 'unknown') return asVNode(value, at);
  return { type: 'unknown', reason: `expected validators, found ${describe(value)}`, node: at, optional: false };
}

/**
 * A validator as the deployment prints it: `{type, ...}`, object fields sorted (the backend keeps
 * them in a BTreeMap, `ValidatorJson::Object` in get-convex/convex-backend), `{fieldType, optional}`
 * per field. An unknown part becomes `{"type": "any"}` and one warning at the node it stopped at.
 */
export function validatorJson(v: VNode, warn: (node: TS.Node, message: string) => void): ValidatorJSON {
  switch (v.type) {
    case 'unknown':
      warn(v.node, `not evaluated statically (${v.reason}); printed as {"type": "any"}`);
      return { type: 'any' };
    case 'literal':
      return { type: 'literal', value: v.value };
    case 'id':
      return { type: 'id', tableName: v.tableName };
    case 'array':
      return { type: 'array', value: validatorJson(v.element, warn) };
    case 'record':
      return { type: 'record', keys: validatorJson(v.keys, warn), values: { fieldType: validatorJson(v.values, warn), optional: false } };
    case 'union':
      return { type: 'union', value: v.members.map((m) => validatorJson(m, warn)) };
    case 'object': {
      const value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
      for (const k of Object.keys(v.fields).sort(cmp)) value[k] = { fieldType: validatorJson(v.fields[k], warn), optional: v.fields[k].optional };
      return { type: 'object', value };
    }
    default:
      return { type: v.type };
  }
}

/**
 * Which identifier each re-exported path aliases. Convex registers a function once per module that
 * exports it; the one declared in a module (`export const x = query(...)` in `notes/queries.ts`) is
 * the original, the others (`notes/index.js:x` through `export { x } from "./queries"` or
 * `export *`) alias it. A function whose declaring file is not a module (or does not export it
 * itself) has no original, so none of its paths is an alias.
 */
function canonicalIdentifiers(entries: Entry[]): Map<Entry, string> {
  const groups = new Map<TS.Node, Entry[]>();
  for (const e of entries) {
    const list = groups.get(e.fn.node) ?? [];
    list.push(e);
    groups.set(e.fn.node, list);
  }
  const out = new Map<Entry, string>();
  for (const [node, group] of groups) {
    if (group.length < 2) continue;
    const declaringFile = path.resolve(node.getSourceFile().fileName);
    const local = group.filter((e) => e.module.file === declaringFile).sort((a, b) => cmp(a.name, b.name));
    if (!local.length) continue;
    const declaredName = declaredNameOf(node);
    const original = local.find((e) => e.name === declaredName) ?? local[0];
    for (const e of group) if (e !== original) out.set(e, original.identifier);
  }
  return out;
}

/** `x` for `export const x = query(...)`, `default` for `export default query(...)`. */
function declaredNameOf(node: TS.Node): string | undefined {
  let n: TS.Node = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent))) n = n.parent;
  if (n.parent && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return n.parent.name.text;
  if (n.parent && ts.isExportAssignment(n.parent)) return 'default';
  return undefined;
}
