import path from 'node:path';
import type * as TS from 'typescript';
import ts from './ts.js';
import type { Project } from './project.js';
import { callPackage, externalValue, generatedCall, validatorMember, type CallContext } from './convex-api.js';
import { describe, unknown, type Value, type VNode } from './values.js';

/**
 * A static evaluator for the expressions that define Convex functions and validators: literals,
 * object and array literals (spreads included), imports followed through re-exports and tsconfig
 * path aliases, member access, `as` / `satisfies` / `!` / parentheses, the `v` builders, and calls
 * of the project's own small functions (`(item) => v.object({page: v.array(item)})`). Anything else
 * becomes an `unknown` naming the node and the reason. It never runs the project's code.
 */

type Env = ReadonlyMap<TS.Symbol, Value>;
const EMPTY: Env = new Map();
const MAX_CALL_DEPTH = 16;

type Scope = { env: Env; depth: number };

export class Evaluator {
  private readonly cache = new Map<TS.Node, Value>();
  private readonly inProgress = new Set<TS.Node>();

  constructor(readonly project: Project) {}

  get checker(): TS.TypeChecker {
    return this.project.checker;
  }

  /** The value of an expression at the top level of its module (no local bindings). */
  evaluate(expr: TS.Expression): Value {
    return this.eval(expr, { env: EMPTY, depth: 0 });
  }

  /** The value a module exports under a name (after `export *`, renames and re-exports). */
  exportOf(file: TS.SourceFile, name: string): Value | undefined {
    const moduleSymbol = this.checker.getSymbolAtLocation(file);
    if (!moduleSymbol) return undefined;
    const symbol = this.checker.getExportsOfModule(moduleSymbol).find((s) => s.escapedName === ts.escapeLeadingUnderscores(name));
    return symbol ? this.symbolValue(symbol, file) : undefined;
  }

  /**
   * The value of a symbol. Aliases are followed one step at a time so that an import from a
   * package or from `_generated/` stops there, by name, instead of failing to resolve.
   */
  symbolValue(symbol: TS.Symbol, at: TS.Node, scope: Scope = { env: EMPTY, depth: 0 }): Value {
    for (let hops = 0; hops < 64; hops++) {
      const bound = scope.env.get(symbol);
      if (bound) return bound;
      if (symbol.flags & ts.SymbolFlags.Alias) {
        const decl = symbol.declarations?.[0];
        const stop = decl && this.importStop(decl);
        if (stop) return stop;
        const next = this.checker.getImmediateAliasedSymbol(symbol);
        if (!next || next.escapedName === 'unknown' || !next.declarations?.length) return unknown(decl ?? at, `cannot resolve the import of "${symbol.name}"`);
        symbol = next;
        continue;
      }
      return this.declarationValue(symbol, at, scope);
    }
    return unknown(at, `import chain of "${symbol.name}" too long`);
  }

  /** Where an import stops being followed: a package, a generated file, or a file that does not exist. */
  private importStop(decl: TS.Declaration): Value | undefined {
    let specifierNode: TS.Expression | undefined;
    let imported: string;
    if (ts.isImportSpecifier(decl)) {
      specifierNode = decl.parent.parent.parent.moduleSpecifier;
      imported = (decl.propertyName ?? decl.name).text;
    } else if (ts.isImportClause(decl)) {
      specifierNode = decl.parent.moduleSpecifier;
      imported = 'default';
    } else if (ts.isNamespaceImport(decl)) {
      specifierNode = decl.parent.parent.moduleSpecifier;
      imported = '*';
    } else if (ts.isExportSpecifier(decl) && decl.parent.parent.moduleSpecifier) {
      specifierNode = decl.parent.parent.moduleSpecifier;
      imported = (decl.propertyName ?? decl.name).text;
    } else if (ts.isNamespaceExport(decl)) {
      specifierNode = decl.parent.moduleSpecifier;
      imported = '*';
    } else return undefined;
    if (!specifierNode || !ts.isStringLiteral(specifierNode)) return undefined;
    const r = this.project.resolve(decl.getSourceFile().fileName, specifierNode.text);
    const name = imported === '*' ? '' : imported;
    if (r.kind === 'package') return externalValue(r.specifier, name);
    if (r.kind === 'generated') return { kind: 'generated', which: r.which, name };
    if (r.kind === 'missing') return unknown(specifierNode, `"${r.specifier}" names no file of the project`);
    if (imported === '*') {
      const sf = this.project.sourceFile(r.file);
      return sf ? { kind: 'namespace', file: sf } : unknown(specifierNode, `"${specifierNode.text}" is not part of the program`);
    }
    return undefined;
  }

  private declarationValue(symbol: TS.Symbol, at: TS.Node, scope: Scope): Value {
    if (symbol.flags & ts.SymbolFlags.ValueModule && symbol.valueDeclaration && ts.isSourceFile(symbol.valueDeclaration)) {
      return { kind: 'namespace', file: symbol.valueDeclaration };
    }
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl) return unknown(at, `"${symbol.name}" has no declaration`);
    if (ts.isVariableDeclaration(decl)) {
      const list = decl.parent;
      if (ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const)) return unknown(decl, `"${symbol.name}" is declared with let/var and may be reassigned`);
      if (!decl.initializer) return unknown(decl, `"${symbol.name}" has no initializer`);
      if (!ts.isIdentifier(decl.name)) return unknown(decl, 'destructuring declaration');
      return this.cached(decl, () => this.eval(decl.initializer!, { env: EMPTY, depth: scope.depth }));
    }
    if (ts.isBindingElement(decl)) return this.bindingValue(decl, scope);
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl)) {
      return { kind: 'function', node: decl, name: symbol.name };
    }
    if (ts.isExportAssignment(decl)) return this.cached(decl, () => this.eval(decl.expression, { env: EMPTY, depth: scope.depth }));
    if (ts.isPropertyAssignment(decl)) return this.eval(decl.initializer, scope);
    if (ts.isShorthandPropertyAssignment(decl)) return this.identifier(decl.name, scope);
    if (ts.isParameter(decl)) return unknown(at, `"${symbol.name}" is a parameter`);
    if (ts.isSourceFile(decl)) return { kind: 'namespace', file: decl };
    return unknown(at, `"${symbol.name}" is a ${ts.SyntaxKind[decl.kind]}, not a value the extractor evaluates`);
  }

  /** `const { a, b: c } = obj` at the top level of a module. */
  private bindingValue(decl: TS.BindingElement, scope: Scope): Value {
    const pattern = decl.parent;
    if (!ts.isObjectBindingPattern(pattern) || decl.dotDotDotToken) return unknown(decl, 'array or rest destructuring');
    const owner = pattern.parent;
    if (!ts.isVariableDeclaration(owner) || !owner.initializer) return unknown(decl, 'nested destructuring');
    const key = decl.propertyName ?? decl.name;
    const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (!name) return unknown(decl, 'computed destructuring key');
    const from = this.cached(owner, () => this.eval(owner.initializer!, { env: EMPTY, depth: scope.depth }));
    return this.member(from, name, decl);
  }

  private cached(node: TS.Node, compute: () => Value): Value {
    const hit = this.cache.get(node);
    if (hit) return hit;
    if (this.inProgress.has(node)) return unknown(node, 'circular definition');
    this.inProgress.add(node);
    try {
      const value = compute();
      this.cache.set(node, value);
      return value;
    } finally {
      this.inProgress.delete(node);
    }
  }

  private identifier(id: TS.Identifier, scope: Scope): Value {
    if (id.text === 'undefined') return { kind: 'primitive', value: undefined };
    const symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? this.checker.getShorthandAssignmentValueSymbol(id.parent) : this.checker.getSymbolAtLocation(id);
    if (!symbol) return globalValue(id) ?? unknown(id, `"${id.text}" is not declared in the project`);
    return this.symbolValue(symbol, id, scope);
  }

  eval(expr: TS.Expression, scope: Scope): Value {
    // Wrappers that do not change the value.
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isNonNullExpression(expr)) {
      expr = expr.expression;
    }
    if (ts.isIdentifier(expr)) return this.identifier(expr, scope);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return { kind: 'primitive', value: expr.text };
    if (ts.isNumericLiteral(expr)) return { kind: 'primitive', value: Number(expr.text) };
    if (ts.isBigIntLiteral(expr)) return { kind: 'primitive', value: BigInt(expr.text.slice(0, -1)) };
    switch (expr.kind) {
      case ts.SyntaxKind.TrueKeyword:
        return { kind: 'primitive', value: true };
      case ts.SyntaxKind.FalseKeyword:
        return { kind: 'primitive', value: false };
      case ts.SyntaxKind.NullKeyword:
        return { kind: 'primitive', value: null };
    }
    if (ts.isPrefixUnaryExpression(expr)) {
      const operand = this.eval(expr.operand, scope);
      if (operand.kind === 'primitive') {
        const x = operand.value;
        if (expr.operator === ts.SyntaxKind.MinusToken && (typeof x === 'number' || typeof x === 'bigint')) return { kind: 'primitive', value: -x };
        if (expr.operator === ts.SyntaxKind.PlusToken && typeof x === 'number') return operand;
        if (expr.operator === ts.SyntaxKind.ExclamationToken) return { kind: 'primitive', value: !x };
      }
      return operand.kind === 'unknown' ? operand : unknown(expr, `operator ${ts.tokenToString(expr.operator)} on ${describe(operand)}`);
    }
    if (ts.isTemplateExpression(expr)) {
      let text = expr.head.text;
      for (const span of expr.templateSpans) {
        const part = this.eval(span.expression, scope);
        if (part.kind !== 'primitive' || typeof part.value === 'object') return part.kind === 'unknown' ? part : unknown(span.expression, `template part is ${describe(part)}`);
        text += String(part.value) + span.literal.text;
      }
      return { kind: 'primitive', value: text };
    }
    if (ts.isObjectLiteralExpression(expr)) return this.objectLiteral(expr, scope);
    if (ts.isArrayLiteralExpression(expr)) {
      const items: Value[] = [];
      for (const el of expr.elements) {
        if (ts.isSpreadElement(el)) {
          const spread = this.eval(el.expression, scope);
          if (spread.kind !== 'array') return spread.kind === 'unknown' ? spread : unknown(el, `spread of ${describe(spread)} into an array`);
          items.push(...spread.items);
        } else if (ts.isOmittedExpression(el)) items.push({ kind: 'primitive', value: undefined });
        else items.push(this.eval(el, scope));
      }
      return { kind: 'array', items };
    }
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return { kind: 'function', node: expr, name: functionName(expr) };
    if (ts.isPropertyAccessExpression(expr)) {
      if (expr.questionDotToken) return unknown(expr, 'optional chaining');
      return this.member(this.eval(expr.expression, scope), expr.name.text, expr);
    }
    if (ts.isElementAccessExpression(expr)) {
      const key = this.eval(expr.argumentExpression, scope);
      if (key.kind !== 'primitive' || (typeof key.value !== 'string' && typeof key.value !== 'number')) return key.kind === 'unknown' ? key : unknown(expr.argumentExpression, `element key is ${describe(key)}`);
      return this.member(this.eval(expr.expression, scope), String(key.value), expr);
    }
    if (ts.isCallExpression(expr)) return this.call(expr, scope);
    if (ts.isConditionalExpression(expr)) {
      const cond = this.eval(expr.condition, scope);
      if (cond.kind === 'primitive') return this.eval(cond.value ? expr.whenTrue : expr.whenFalse, scope);
      return unknown(expr, 'a conditional whose condition is not known statically');
    }
    if (ts.isBinaryExpression(expr)) return this.binary(expr, scope);
    return unknown(expr, `${ts.SyntaxKind[expr.kind]} is not evaluated statically`);
  }

  private binary(expr: TS.BinaryExpression, scope: Scope): Value {
    const op = expr.operatorToken.kind;
    const left = this.eval(expr.left, scope);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (left.kind === 'unknown') return left;
      // Only primitives have a known truthiness; every other known value is an object (truthy).
      const isNullish = left.kind === 'primitive' && (left.value === null || left.value === undefined);
      const truthy = left.kind === 'primitive' ? Boolean(left.value) : true;
      if (op === ts.SyntaxKind.QuestionQuestionToken) return isNullish ? this.eval(expr.right, scope) : left;
      if (op === ts.SyntaxKind.BarBarToken) return truthy ? left : this.eval(expr.right, scope);
      return truthy ? this.eval(expr.right, scope) : left;
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const right = this.eval(expr.right, scope);
      if (left.kind === 'primitive' && right.kind === 'primitive' && (typeof left.value === 'string' || typeof right.value === 'string')) {
        return { kind: 'primitive', value: String(left.value) + String(right.value) };
      }
      if (left.kind === 'primitive' && right.kind === 'primitive' && typeof left.value === 'number' && typeof right.value === 'number') return { kind: 'primitive', value: left.value + right.value };
    }
    return left.kind === 'unknown' ? left : unknown(expr, `operator ${ts.tokenToString(op) ?? ts.SyntaxKind[op]} is not evaluated statically`);
  }

  private objectLiteral(expr: TS.ObjectLiteralExpression, scope: Scope): Value {
    const entries: Record<string, Value> = Object.create(null);
    for (const prop of expr.properties) {
      if (ts.isSpreadAssignment(prop)) {
        const spread = this.eval(prop.expression, scope);
        if (spread.kind === 'object') Object.assign(entries, spread.entries);
        else if (spread.kind === 'primitive' && (spread.value === null || spread.value === undefined)) continue;
        else return spread.kind === 'unknown' ? spread : unknown(prop, `spread of ${describe(spread)} into an object`);
        continue;
      }
      const name = this.propertyName(prop.name, scope);
      if (typeof name !== 'string') return name;
      if (ts.isPropertyAssignment(prop)) entries[name] = this.eval(prop.initializer, scope);
      else if (ts.isShorthandPropertyAssignment(prop)) entries[name] = this.identifier(prop.name, scope);
      else if (ts.isMethodDeclaration(prop)) entries[name] = { kind: 'function', node: prop, name };
      else entries[name] = unknown(prop, 'accessor property');
    }
    return { kind: 'object', entries };
  }

  private propertyName(name: TS.PropertyName, scope: Scope): string | Value {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
      return ts.isNumericLiteral(name) ? String(Number(name.text)) : name.text;
    }
    if (ts.isComputedPropertyName(name)) {
      const key = this.eval(name.expression, scope);
      if (key.kind === 'primitive' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
      return key.kind === 'unknown' ? key : unknown(name, `computed key is ${describe(key)}`);
    }
    return unknown(name, 'property name not evaluated statically');
  }

  /** `value.name`. */
  member(of: Value, name: string, node: TS.Node): Value {
    switch (of.kind) {
      case 'unknown':
        return of;
      case 'object':
        return Object.prototype.hasOwnProperty.call(of.entries, name) ? of.entries[name] : unknown(node, `the object has no property "${name}"`);
      case 'namespace': {
        const value = this.exportOf(of.file, name);
        return value ?? unknown(node, `${path.basename(of.file.fileName)} exports no "${name}"`);
      }
      case 'external':
        return externalValue(of.module, of.name ? `${of.name}.${name}` : name);
      case 'generated':
        return { kind: 'generated', which: of.which, name: of.name ? `${of.name}.${name}` : name };
      case 'validator':
        return validatorMember(of, name, node);
      case 'array':
        if (name === 'length') return { kind: 'primitive', value: of.items.length };
        if (/^\d+$/.test(name)) return of.items[Number(name)] ?? { kind: 'primitive', value: undefined };
        return { kind: 'method', of, name };
      case 'other':
        // `defineTable({...}).index(...)`: a schema or cron object's methods build more of the same.
        return { kind: 'method', of, name };
      case 'primitive':
        if (typeof of.value === 'string' && name === 'length') return { kind: 'primitive', value: of.value.length };
        return unknown(node, `property "${name}" of ${describe(of)}`);
      default:
        return unknown(node, `property "${name}" of ${describe(of)}`);
    }
  }

  private call(expr: TS.CallExpression, scope: Scope): Value {
    if (expr.questionDotToken) return unknown(expr, 'optional call');
    const callee = this.eval(expr.expression, scope);
    // Arguments are evaluated only for a callee that can use them.
    if (callee.kind === 'unknown') return callee;
    const args: Value[] = [];
    for (const a of expr.arguments) {
      if (ts.isSpreadElement(a)) {
        const spread = this.eval(a.expression, scope);
        if (spread.kind !== 'array') return spread.kind === 'unknown' ? spread : unknown(a, `spread of ${describe(spread)} into arguments`);
        args.push(...spread.items);
      } else args.push(this.eval(a, scope));
    }
    const ctx: CallContext = { node: expr, args, evaluator: this, callFunction: (fn, fnArgs) => this.callFunction(fn, fnArgs, expr, scope) };
    switch (callee.kind) {
      case 'external':
        return callPackage(callee, ctx);
      case 'generated':
        return generatedCall(callee, ctx);
      case 'builder':
        return register(callee, ctx);
      case 'method':
        return methodCall(callee, ctx);
      case 'function':
        return this.callFunction(callee, args, expr, scope);
      default:
        return unknown(expr.expression, `${describe(callee)} is not callable`);
    }
  }

  /**
   * A call of one of the project's own functions: its parameters are bound to the argument values
   * and its result is the expression it returns (an expression body, or a body that is one
   * `return`). Anything longer is not evaluated.
   */
  callFunction(fn: Extract<Value, { kind: 'function' }>, args: Value[], at: TS.Node, scope: Scope): Value {
    if (scope.depth >= MAX_CALL_DEPTH) return unknown(at, 'calls nested too deeply');
    const node = fn.node;
    const body = node.body;
    let result: TS.Expression | undefined;
    if (body && !ts.isBlock(body)) result = body;
    else if (body && body.statements.length === 1 && ts.isReturnStatement(body.statements[0])) result = body.statements[0].expression;
    if (!result) return unknown(at, `${fn.name ? `"${fn.name}"` : 'the function'} does more than return an expression; its result is not evaluated statically`);
    const env = new Map(scope.env);
    for (const [i, param] of node.parameters.entries()) {
      if (!ts.isIdentifier(param.name) || param.dotDotDotToken) return unknown(param, 'destructured or rest parameter');
      const symbol = this.checker.getSymbolAtLocation(param.name);
      if (!symbol) return unknown(param, 'parameter without a symbol');
      let value = args[i];
      if ((value === undefined || (value.kind === 'primitive' && value.value === undefined)) && param.initializer) value = this.eval(param.initializer, { env, depth: scope.depth + 1 });
      env.set(symbol, value ?? { kind: 'primitive', value: undefined });
    }
    return this.eval(result, { env, depth: scope.depth + 1 });
  }
}

/** `Object.freeze` and friends, for a project that wraps its validator maps in them. */
function globalValue(id: TS.Identifier): Value | undefined {
  if (id.text === 'Object' || id.text === 'Array') return { kind: 'external', module: '<global>', name: id.text };
  return undefined;
}

/** The name a function expression is known by: its variable, property or own name. */
export function functionName(node: TS.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) return parent.name.text;
  return undefined;
}

/** A builder applied to its definition: the registered function. */
export function register(builder: Extract<Value, { kind: 'builder' }>, ctx: CallContext): Value {
  const def = ctx.args[0];
  const base = { kind: 'registered' as const, udfType: builder.udfType, visibility: builder.visibility, node: ctx.node, before: [] as Value[] };
  const customArgs: Value[] = [];
  for (const c of builder.customizations) {
    if (c.kind === 'object') {
      if (c.entries.args) customArgs.push(c.entries.args);
      if (c.entries.input) base.before.push(c.entries.input);
    } else base.before.push(c);
  }
  if (!def) return { ...base, args: unknown(ctx.node, 'registered without a definition') };
  if (def.kind === 'function') return { ...base, handler: def };
  if (def.kind !== 'object') return { ...base, args: def.kind === 'unknown' ? def : unknown(ctx.node.arguments[0], `the definition is ${describe(def)}`) };
  const e = def.entries;
  // convex-helpers' custom builders add the customization's args to the function's own
  // (`addFieldsToValidator(args, inputArgs)`); a function without args stays without.
  const args = e.args && customArgs.length ? mergeArgs([e.args, ...customArgs], ctx.node) : e.args;
  return { ...base, args, returns: e.returns, handler: e.handler, handlerCall: handlerCallOf(ctx.node.arguments[0]) };
}

/** The call that builds a definition's handler (`handler: withTrace("name", async (ctx) => ...)`), if it is one. */
function handlerCallOf(definition: TS.Expression | undefined): TS.CallExpression | undefined {
  if (!definition || !ts.isObjectLiteralExpression(definition)) return undefined;
  for (const p of definition.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== 'handler') continue;
    let init = p.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    return ts.isCallExpression(init) ? init : undefined;
  }
  return undefined;
}

/** Several objects of validators (or v.object validators), later fields winning. */
function mergeArgs(parts: Value[], node: TS.Node): Value {
  const entries: Record<string, Value> = Object.create(null);
  for (const part of parts) {
    if (part.kind === 'object') Object.assign(entries, part.entries);
    else if (part.kind === 'validator' && part.v.type === 'object') for (const [k, f] of Object.entries(part.v.fields)) entries[k] = { kind: 'validator', v: f };
    else return part.kind === 'unknown' ? part : unknown(node, `custom function args are ${describe(part)}`);
  }
  return { kind: 'object', entries };
}

/** Calls of methods the evaluator knows: validator methods, array `map`/`concat`, `Object.*`. */
function methodCall(method: Extract<Value, { kind: 'method' }>, ctx: CallContext): Value {
  const { of, name } = method;
  const at = ctx.node;
  if (of.kind === 'other') return of;
  if (of.kind === 'validator') return validatorMethod(of.v, name, ctx);
  if (of.kind === 'array') {
    if (name === 'concat') {
      const items = [...of.items];
      for (const a of ctx.args) {
        if (a.kind === 'array') items.push(...a.items);
        else items.push(a);
      }
      return { kind: 'array', items };
    }
    if (name === 'map') {
      const fn = ctx.args[0];
      if (fn?.kind !== 'function') return fn?.kind === 'unknown' ? fn : unknown(at, 'map() without a function of the project');
      return { kind: 'array', items: of.items.map((item, i) => ctx.callFunction(fn, [item, { kind: 'primitive', value: i }])) };
    }
  }
  return unknown(at, `method ${name}() of ${describe(of)} is not evaluated statically`);
}

function validatorMethod(v: VNode, name: string, ctx: CallContext): Value {
  const at = ctx.node;
  if (v.type !== 'object') return unknown(at, `.${name}() of a v.${v.type}() validator`);
  const names = (): string[] | Value => {
    const out: string[] = [];
    for (const a of ctx.args) {
      if (a.kind !== 'primitive' || typeof a.value !== 'string') return a.kind === 'unknown' ? a : unknown(at, `.${name}() field name is ${describe(a)}`);
      out.push(a.value);
    }
    return out;
  };
  const fields: Record<string, VNode> = Object.create(null);
  switch (name) {
    case 'extend': {
      const extra = ctx.args[0];
      Object.assign(fields, v.fields);
      if (extra?.kind !== 'object') return extra?.kind === 'unknown' ? extra : unknown(at, '.extend() without an object of validators');
      for (const [k, val] of Object.entries(extra.entries)) fields[k] = asVNode(val, at);
      break;
    }
    case 'pick':
    case 'omit': {
      const list = names();
      if (!Array.isArray(list)) return list;
      for (const [k, f] of Object.entries(v.fields)) if (list.includes(k) === (name === 'pick')) fields[k] = f;
      if (name === 'pick') {
        // pick() builds the object in the order of its arguments.
        const ordered: Record<string, VNode> = Object.create(null);
        for (const k of list) if (k in fields) ordered[k] = fields[k];
        return { kind: 'validator', v: { type: 'object', fields: ordered, optional: v.optional } };
      }
      break;
    }
    case 'partial':
      for (const [k, f] of Object.entries(v.fields)) fields[k] = { ...f, optional: true };
      break;
    default:
      return unknown(at, `.${name}() of a v.object() validator is not evaluated statically`);
  }
  return { kind: 'validator', v: { type: 'object', fields, optional: v.optional } };
}

/** A value used where Convex expects a validator. */
export function asVNode(value: Value, at: TS.Node): VNode {
  if (value.kind === 'validator') return value.v;
  if (value.kind === 'unknown') return { type: 'unknown', reason: value.reason, node: value.node, optional: false };
  return { type: 'unknown', reason: `expected a validator, found ${describe(value)}`, node: at, optional: false };
}
