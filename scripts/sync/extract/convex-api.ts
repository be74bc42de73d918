import type * as TS from 'typescript';
import type { Evaluator } from './evaluate.js';
import { asVNode, register } from './evaluate.js';
import { describe, literalJson, unknown, type UdfType, type Value, type Visibility, type VNode } from './values.js';

/**
 * What the extractor knows of the `convex` package and of convex-helpers, by import name: the
 * validator builders of `convex/values` (`v.*`, as in `src/values/validator.ts` of get-convex/convex-js;
 * `v.nullable` and the object methods `extend` / `pick` / `omit` / `partial` from npm/1.31),
 * `paginationOptsValidator` and `paginationResultValidator` of `convex/server`
 * (`src/server/pagination.ts`), the function builders of `convex/server` and of the project's
 * `_generated/server`, `httpRouter`, and convex-helpers' `customQuery` / `customMutation` /
 * `customAction` / `customCtx`.
 */

export interface CallContext {
  node: TS.CallExpression;
  args: Value[];
  evaluator: Evaluator;
  callFunction(fn: Extract<Value, { kind: 'function' }>, args: Value[]): Value;
}

const V = (type: 'null' | 'number' | 'bigint' | 'boolean' | 'string' | 'bytes' | 'any'): Value => ({ kind: 'validator', v: { type, optional: false } });
const req = (v: VNode): VNode => ({ ...v, optional: false });
const opt = (v: VNode): VNode => ({ ...v, optional: true });

const SIMPLE: Record<string, 'null' | 'number' | 'bigint' | 'boolean' | 'string' | 'bytes' | 'any'> = {
  null: 'null',
  number: 'number',
  float64: 'number',
  bigint: 'bigint',
  int64: 'bigint',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  any: 'any',
};

/** `paginationOptsValidator` of convex/server, field for field. */
function paginationOpts(): VNode {
  const num: VNode = { type: 'number', optional: false };
  const stringOrNull = (optional: boolean): VNode => ({ type: 'union', members: [{ type: 'string', optional: false }, { type: 'null', optional: false }], optional });
  return {
    type: 'object',
    optional: false,
    fields: {
      numItems: num,
      cursor: stringOrNull(false),
      endCursor: stringOrNull(true),
      id: opt(num),
      maximumRowsRead: opt(num),
      maximumBytesRead: opt(num),
    },
  };
}

/** `paginationResultValidator(item)` of convex/server. */
function paginationResult(item: VNode): VNode {
  const s = (t: 'string' | 'null' | 'boolean'): VNode => ({ type: t, optional: false });
  const lit = (value: string): VNode => ({ type: 'literal', value, optional: false });
  return {
    type: 'object',
    optional: false,
    fields: {
      page: { type: 'array', element: req(item), optional: false },
      continueCursor: s('string'),
      isDone: s('boolean'),
      splitCursor: { type: 'union', members: [s('string'), s('null')], optional: true },
      pageStatus: { type: 'union', members: [lit('SplitRecommended'), lit('SplitRequired'), s('null')], optional: true },
    },
  };
}

const BUILDERS: Record<string, { udfType: UdfType | 'HttpAction'; visibility: Visibility }> = {
  query: { udfType: 'Query', visibility: 'public' },
  mutation: { udfType: 'Mutation', visibility: 'public' },
  action: { udfType: 'Action', visibility: 'public' },
  internalQuery: { udfType: 'Query', visibility: 'internal' },
  internalMutation: { udfType: 'Mutation', visibility: 'internal' },
  internalAction: { udfType: 'Action', visibility: 'internal' },
  httpAction: { udfType: 'HttpAction', visibility: 'public' },
};

/** A builder by its `_generated/server` name (`query`) or its `convex/server` name (`queryGeneric`). */
function builder(name: string): Extract<Value, { kind: 'builder' }> | undefined {
  const b = BUILDERS[name] ?? BUILDERS[name.replace(/Generic$/, '')];
  return b && { kind: 'builder', ...b, customizations: [] };
}

/** Calls of `convex/server` that build something other than a function: schemas, tables, crons, components. */
const NOT_FUNCTIONS = new Set(['defineSchema', 'defineTable', 'cronJobs', 'defineApp', 'defineComponent', 'componentsGeneric', 'anyApi', 'makeFunctionReference', 'filterApi']);

/** An imported binding the extractor knows by name, else a reference to it. */
export function externalValue(module: string, name: string): Value {
  if ((module === 'convex/server' || module === 'convex/server.js') && name === 'paginationOptsValidator') return { kind: 'validator', v: paginationOpts() };
  return { kind: 'external', module, name };
}

export function callPackage(callee: Extract<Value, { kind: 'external' }>, ctx: CallContext): Value {
  const { module, name } = callee;
  const at = ctx.node;
  if (module === 'convex/values' && name.startsWith('v.')) return vCall(name.slice(2), ctx);
  if (module === 'convex/server' || module === 'convex/server.js') {
    if (name === 'httpRouter') return { kind: 'router', node: at };
    if (NOT_FUNCTIONS.has(name)) return { kind: 'other', what: `${name}()` };
    if (name === 'paginationResultValidator') {
      const item = ctx.args[0];
      return { kind: 'validator', v: paginationResult(item ? asVNode(item, at) : { type: 'unknown', reason: 'no item validator', node: at, optional: false }) };
    }
    if (/Generic$/.test(name)) {
      const b = builder(name);
      if (b) return register(b, ctx);
    }
  }
  if (module.startsWith('convex-helpers/server/customFunctions') || module === 'convex-helpers/server') {
    const m = /^custom(Query|Mutation|Action)$/.exec(name);
    if (m) {
      const base = ctx.args[0];
      if (base?.kind === 'builder') return { ...base, customizations: [...base.customizations, ...ctx.args.slice(1)] };
      if (base?.kind === 'generated' || base?.kind === 'external') {
        const b = builder(base.name);
        if (b) return { ...b, customizations: ctx.args.slice(1) };
      }
      return base?.kind === 'unknown' ? base : unknown(at, `${name}() of ${base ? describe(base) : 'nothing'}`);
    }
    if (name === 'customCtx') {
      const fn = ctx.args[0];
      return { kind: 'object', entries: Object.assign(Object.create(null), { args: { kind: 'object', entries: Object.create(null) }, input: fn ?? unknown(at, 'customCtx() without a function') }) };
    }
  }
  if (module === '<global>' && name === 'Object.freeze' && ctx.args[0]) return ctx.args[0];
  return unknown(at.expression, `${name}() from "${module}" is not known to the extractor`);
}

export function generatedCall(callee: Extract<Value, { kind: 'generated' }>, ctx: CallContext): Value {
  const b = callee.which === 'server' ? builder(callee.name) : undefined;
  if (b) return register(b, ctx);
  return unknown(ctx.node.expression, `${callee.name}() from _generated/${callee.which} is not a function builder`);
}

function vCall(method: string, ctx: CallContext): Value {
  const at = ctx.node;
  const arg = (i: number): VNode => (ctx.args[i] ? asVNode(ctx.args[i], ctx.node.arguments[i] ?? at) : { type: 'unknown', reason: `v.${method}() without argument ${i + 1}`, node: at, optional: false });
  const simple = SIMPLE[method];
  if (simple) return V(simple);
  switch (method) {
    case 'id': {
      const t = ctx.args[0];
      if (t?.kind === 'primitive' && typeof t.value === 'string') return { kind: 'validator', v: { type: 'id', tableName: t.value, optional: false } };
      return { kind: 'validator', v: { type: 'unknown', reason: `v.id() table name is ${t ? describe(t) : 'missing'}`, node: at, optional: false } };
    }
    case 'literal': {
      const l = ctx.args[0];
      if (l?.kind === 'primitive' && l.value !== null && l.value !== undefined) return { kind: 'validator', v: { type: 'literal', value: literalJson(l.value), optional: false } };
      return { kind: 'validator', v: { type: 'unknown', reason: `v.literal() value is ${l ? describe(l) : 'missing'}`, node: l?.kind === 'unknown' ? l.node : at, optional: false } };
    }
    case 'array':
      return { kind: 'validator', v: { type: 'array', element: arg(0), optional: false } };
    case 'record':
      return { kind: 'validator', v: { type: 'record', keys: arg(0), values: arg(1), optional: false } };
    case 'union':
      return { kind: 'validator', v: { type: 'union', members: ctx.args.map((_, i) => arg(i)), optional: false } };
    case 'nullable':
      return { kind: 'validator', v: { type: 'union', members: [arg(0), { type: 'null', optional: false }], optional: false } };
    case 'optional':
      return { kind: 'validator', v: opt(arg(0)) };
    case 'object': {
      const fields = ctx.args[0];
      if (fields?.kind !== 'object') return { kind: 'validator', v: { type: 'unknown', reason: `v.object() of ${fields ? describe(fields) : 'nothing'}`, node: fields?.kind === 'unknown' ? fields.node : at, optional: false } };
      return { kind: 'validator', v: objectOf(fields, at) };
    }
  }
  return unknown(at.expression, `v.${method}() is not known to the extractor`);
}

/** An object of validators (`{a: v.string()}`) as a v.object() validator. */
export function objectOf(fields: Extract<Value, { kind: 'object' }>, at: TS.Node): VNode {
  const out: Record<string, VNode> = Object.create(null);
  for (const [k, val] of Object.entries(fields.entries)) out[k] = asVNode(val, at);
  return { type: 'object', fields: out, optional: false };
}

/** Properties of a validator object: `.fields`, `.members`, `.element`, `.value`, ... and its methods. */
export function validatorMember(of: Extract<Value, { kind: 'validator' }>, name: string, node: TS.Node): Value {
  const v = of.v;
  if (v.type === 'unknown') return unknown(v.node, v.reason);
  const wrap = (n: VNode): Value => ({ kind: 'validator', v: n });
  switch (name) {
    case 'isOptional':
      return { kind: 'primitive', value: v.optional ? 'optional' : 'required' };
    case 'kind':
      return { kind: 'primitive', value: v.type === 'number' ? 'float64' : v.type === 'bigint' ? 'int64' : v.type };
    case 'fields':
      if (v.type === 'object') return { kind: 'object', entries: Object.fromEntries(Object.entries(v.fields).map(([k, f]) => [k, wrap(f)])) };
      break;
    case 'members':
      if (v.type === 'union') return { kind: 'array', items: v.members.map(wrap) };
      break;
    case 'element':
      if (v.type === 'array') return wrap(v.element);
      break;
    case 'key':
      if (v.type === 'record') return wrap(v.keys);
      break;
    case 'value':
      if (v.type === 'record') return wrap(v.values);
      if (v.type === 'literal' && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean')) return { kind: 'primitive', value: v.value };
      break;
    case 'tableName':
      if (v.type === 'id') return { kind: 'primitive', value: v.tableName };
      break;
    case 'extend':
    case 'pick':
    case 'omit':
    case 'partial':
      if (v.type === 'object') return { kind: 'method', of, name };
      break;
  }
  return unknown(node, `property "${name}" of a v.${v.type}() validator is not known to the extractor`);
}
