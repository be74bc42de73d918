import type * as TS from 'typescript';
import ts from './ts.js';
import type { Evaluator } from './evaluate.js';
import type { Registered, Value } from './values.js';

/**
 * Guard facts: which configured guard helpers (access-policy.yaml `guards:`) a function's handler
 * calls, following calls into the project's own functions transitively (a handler calling
 * `assertMeetingAccess`, which calls `requireIdentity`, has `requireIdentity`) and into the
 * functions it runs with `ctx.runQuery` / `ctx.runMutation` / `ctx.runAction` (they run with the
 * caller's identity, and their failure is the caller's).
 *
 * A guard is a call that rejects the request when there is no signed-in user (or not the right
 * role): the configured helper names say which calls those are. A call counts as `always` only
 * when every normal completion of the handler passes through it: it is not inside a branch (`if`,
 * `?:`, `&&`/`||`/`??`, `switch` case, loop body, `?.`), not after a `return` that could leave
 * first, not in a nested function (a callback), awaited (or returned) when it is asynchronous, and
 * not inside a `try` whose `catch` swallows the rejection. A call that rejects only on some paths is
 * `sometimes`; one whose rejection is always swallowed (a `catch` that never rethrows, as in a
 * "get the user or null" helper) guards nothing and is listed as `caught`. A handler that reads
 * `ctx.auth.getUserIdentity()` itself is recorded as `readsIdentity`: what it then does with the
 * identity (return null, throw, branch) is for a person to read, so it is not counted as a guard.
 */

export interface GuardFacts {
  always: string[];
  sometimes: string[];
  /** Guards called only where their rejection is always caught: the handler answers instead of rejecting. */
  caught: string[];
  readsIdentity: boolean;
}

interface Summary {
  always: Set<string>;
  sometimes: Set<string>;
  caught: Set<string>;
  readsIdentity: boolean;
}

const emptySummary = (): Summary => ({ always: new Set(), sometimes: new Set(), caught: new Set(), readsIdentity: false });

type Certainty = 'always' | 'sometimes' | 'never';
type FunctionNode = TS.SignatureDeclaration & { body?: TS.ConciseBody | TS.Block };

const RUN_METHODS = new Set(['runQuery', 'runMutation', 'runAction']);

export class GuardTracer {
  private readonly summaries = new Map<TS.Node, Summary>();
  private readonly guardNames: Set<string>;

  constructor(
    private readonly evaluator: Evaluator,
    guardNames: string[],
    /** Registered functions by identifier (`notes/queries.js:get`), for `ctx.runQuery(internal.notes.queries.get)`. */
    private readonly functions: ReadonlyMap<string, { fn: Registered }>,
  ) {
    this.guardNames = new Set(guardNames);
  }

  /** Facts of a registered function or an HTTP action. */
  facts(fn: Registered, warn: (node: TS.Node, message: string) => void): GuardFacts {
    const total = emptySummary();
    const parts = [...fn.before, fn.handler];
    if (!fn.handler || fn.handler.kind !== 'function') {
      warn(fn.node, `handler ${fn.handler?.kind === 'unknown' ? `not resolved (${fn.handler.reason})` : 'not found'}: its guard facts are unknown`);
    }
    for (const part of parts) {
      if (part?.kind !== 'function') continue;
      merge(total, this.summary(part.node), 'always');
    }
    if (fn.handlerCall && fn.handler?.kind === 'function') this.wrapped(fn.handlerCall, fn.handler.node, total);
    const always = [...total.always].sort();
    const sometimes = [...total.sometimes].filter((g) => !total.always.has(g)).sort();
    const caught = [...total.caught].filter((g) => !total.always.has(g) && !total.sometimes.has(g)).sort();
    return { always, sometimes, caught, readsIdentity: total.readsIdentity };
  }

  /**
   * `handler: withTrace("name", async (ctx, args) => ...)`: the handler is the function the wrapper
   * returns, and it runs the function it was given through one of the wrapper's parameters. Each
   * function argument counts as surely as the handler calls that parameter (a wrapper that awaits
   * it in a `try` whose `catch` rethrows: always; on some paths: sometimes; never: not at all).
   */
  private wrapped(call: TS.CallExpression, handler: FunctionNode, into: Summary): void {
    let wrapper: Value;
    try {
      wrapper = this.evaluator.evaluate(call.expression);
    } catch {
      return;
    }
    if (wrapper.kind !== 'function') return;
    const params = (wrapper.node as FunctionNode).parameters;
    call.arguments.forEach((arg, i) => {
      const param = params[i];
      if (!param || !ts.isIdentifier(param.name)) return;
      let given: Value;
      try {
        given = this.evaluator.evaluate(arg);
      } catch {
        return;
      }
      if (given.kind !== 'function') return;
      const name = param.name.text;
      const calls: TS.CallExpression[] = [];
      const visit = (node: TS.Node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) calls.push(node);
        ts.forEachChild(node, visit);
      };
      if (handler.body) visit(handler.body);
      const certainties = calls.map((c) => certaintyOf(c, handler, true));
      const certainty: Certainty | undefined = certainties.includes('always') ? 'always' : certainties.includes('sometimes') ? 'sometimes' : certainties.length ? 'never' : undefined;
      if (certainty) merge(into, this.summary(given.node as FunctionNode), certainty);
    });
  }

  private summary(fn: FunctionNode): Summary {
    const hit = this.summaries.get(fn);
    if (hit) return hit;
    const summary = emptySummary();
    // Recursion (a helper calling itself, or a cycle) contributes nothing beyond what is found.
    this.summaries.set(fn, summary);
    const body = fn.body;
    if (!body) return summary;
    const visit = (node: TS.Node) => {
      if (ts.isCallExpression(node)) this.callFacts(node, fn, summary);
      ts.forEachChild(node, visit);
    };
    visit(body);
    return summary;
  }

  private callFacts(call: TS.CallExpression, owner: FunctionNode, into: Summary): void {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getUserIdentity' && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'auth') {
      into.readsIdentity = true;
      return;
    }
    const target = this.target(call);
    if (!target) return;
    const certainty = certaintyOf(call, owner, target.async);
    if (target.kind === 'guard') {
      into[certainty === 'never' ? 'caught' : certainty].add(target.name);
      return;
    }
    merge(into, this.summary(target.node), certainty);
  }

  /** What a call runs: a configured guard, or one of the project's functions to follow. */
  private target(call: TS.CallExpression): { kind: 'guard'; name: string; async: boolean } | { kind: 'function'; node: FunctionNode; async: boolean } | undefined {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && RUN_METHODS.has(callee.name.text) && call.arguments[0]) {
      const ref = this.evaluator.evaluate(call.arguments[0]);
      if (ref.kind === 'generated' && ref.which === 'api') {
        const parts = ref.name.split('.');
        const identifier = `${parts.slice(1, -1).join('/')}.js:${parts.at(-1)}`;
        const handler = this.functions.get(identifier)?.fn.handler;
        if (handler?.kind === 'function') return { kind: 'function', node: handler.node, async: true };
      }
      return undefined;
    }
    let value: Value;
    try {
      value = this.evaluator.evaluate(callee);
    } catch {
      return undefined;
    }
    if (value.kind !== 'function') return undefined;
    const isAsync = Boolean(ts.getCombinedModifierFlags(value.node as TS.Declaration) & ts.ModifierFlags.Async);
    const name = value.name;
    if (name && this.guardNames.has(name)) return { kind: 'guard', name, async: isAsync };
    return { kind: 'function', node: value.node, async: isAsync };
  }
}

/** What a call of a function contributes to its caller, given how surely the call rejects the caller. */
function merge(into: Summary, from: Summary, certainty: Certainty): void {
  for (const g of from.always) into[certainty === 'never' ? 'caught' : certainty].add(g);
  for (const g of from.sometimes) into[certainty === 'never' ? 'caught' : 'sometimes'].add(g);
  for (const g of from.caught) into.caught.add(g);
  if (from.readsIdentity) into.readsIdentity = true;
}

const SHORT_CIRCUIT = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken]);

/** Whether a call inside `owner` runs, and its rejection reaches the caller, on every path. */
export function certaintyOf(call: TS.CallExpression, owner: FunctionNode, isAsync: boolean): Certainty {
  let result: Certainty = 'always';
  const weaken = (c: Certainty) => {
    if (c === 'never' || (c === 'sometimes' && result === 'always')) result = c;
  };
  if (call.questionDotToken || (ts.isPropertyAccessExpression(call.expression) && call.expression.questionDotToken)) weaken('sometimes');
  if (isAsync && !awaitedOrReturned(call)) weaken('sometimes');
  let node: TS.Node = call;
  while (node !== owner && node.parent) {
    const parent = node.parent;
    if (parent === owner) break;
    if (ts.isFunctionLike(parent)) {
      weaken('sometimes');
      return result;
    }
    if (ts.isIfStatement(parent) && node !== parent.expression) weaken('sometimes');
    else if (ts.isConditionalExpression(parent) && node !== parent.condition) weaken('sometimes');
    else if (ts.isBinaryExpression(parent) && SHORT_CIRCUIT.has(parent.operatorToken.kind) && node === parent.right) weaken('sometimes');
    else if ((ts.isForStatement(parent) && node !== parent.initializer && node !== parent.condition) || ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && node !== parent.expression) || (ts.isWhileStatement(parent) && node !== parent.expression) || (ts.isDoStatement(parent) && node !== parent.statement)) weaken('sometimes');
    else if (ts.isCaseBlock(parent)) weaken('sometimes');
    else if (ts.isTryStatement(parent)) {
      if (node === parent.tryBlock && parent.catchClause) weaken(catchRethrows(parent.catchClause.block));
      else if (node === parent.catchClause) weaken('sometimes');
    } else if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent)) {
      // A statement that can return before this one makes it conditional.
      for (const s of parent.statements) {
        if (s === node) break;
        if (containsReturn(s)) {
          weaken('sometimes');
          break;
        }
      }
    }
    node = parent;
  }
  return result;
}

/** The call's promise is awaited or returned, so its rejection rejects the caller. */
function awaitedOrReturned(call: TS.Node): boolean {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
    if (ts.isArrowFunction(parent) && parent.body === node) return true;
    // `await Promise.all([a(), b()])`
    if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent) && /^Promise\.all(Settled)?$/.test(parent.parent.expression.getText())) {
      return !parent.parent.expression.getText().endsWith('Settled') && awaitedOrReturned(parent.parent);
    }
    return false;
  }
}

/** `always` when the catch block throws on every path, `sometimes` when on some, `never` when it swallows. */
function catchRethrows(block: TS.Block): Certainty {
  for (const s of block.statements) {
    if (ts.isThrowStatement(s)) return 'always';
    if (containsReturn(s)) break;
  }
  return containsThrow(block) ? 'sometimes' : 'never';
}

function containsReturn(node: TS.Node): boolean {
  return find(node, ts.isReturnStatement);
}

function containsThrow(node: TS.Node): boolean {
  return find(node, ts.isThrowStatement);
}

/** Whether a node holds a statement of a kind, outside nested functions. */
function find(node: TS.Node, test: (n: TS.Node) => boolean): boolean {
  if (test(node)) return true;
  let found = false;
  ts.forEachChild(node, (child) => {
    if (found || ts.isFunctionLike(child)) return;
    if (find(child, test)) found = true;
  });
  return found;
}
