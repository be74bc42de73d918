import { functionName, type ConvexFunction, type FunctionSpec, type HttpRoute } from '../sync/function-spec.js';
import { issue, type Issue } from './issue.js';
import type { Operation, Requirement } from './operations.js';
import type { AccessPolicy, Audience } from './policy.js';

/**
 * What the backend's source enforces for each operation, from the guard facts `npm run spec:extract`
 * records (which of access-policy.yaml's `guards` a handler calls on every path). The docs must
 * state exactly that: a credential the source does not check overstates the protection, one it
 * rejects misleads the reader. Without guard facts (a deployment's own `npx convex function-spec`
 * has none) nothing here applies and the policy alone decides.
 */

export interface Enforcement {
  /** Who the source lets in: `user` (a user guard runs), `admin` (an admin guard, or an internal function: deploy key only), `public` (anyone). */
  audience: Audience;
  /** `meetings/lifecycle:createMeeting`, or `GET /health` for an HTTP route. */
  source: string;
  internal: boolean;
  /** The configured guards its handler calls on every path. */
  guards: string[];
  /** It reads `ctx.auth.getUserIdentity()` without requiring one: a token changes what it does. */
  readsIdentity: boolean;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function enforcementOf(e: ConvexFunction | HttpRoute, policy: AccessPolicy, canonical?: ConvexFunction): Enforcement | undefined {
  const facts = canonical ?? e;
  if (!facts.guards) return undefined;
  const internal = facts.kind === 'function' && facts.visibility === 'internal';
  const calls = (names: string[]) => facts.guards!.filter((g) => names.includes(g));
  const admin = calls(policy.guards.admin);
  const user = calls(policy.guards.user);
  const audience: Audience = admin.length || internal ? 'admin' : user.length ? 'user' : 'public';
  return {
    audience,
    source: e.kind === 'function' ? functionName(e.identifier) : `${e.method} ${e.path}`,
    internal,
    guards: [...admin, ...user],
    readsIdentity: Boolean(facts.readsIdentity),
  };
}

/** What the source enforces for one function or route of `spec` (its canonical function's facts for a re-exported path). */
export function endpointEnforcement(e: ConvexFunction | HttpRoute, spec: FunctionSpec, policy: AccessPolicy): Enforcement | undefined {
  const canonical = e.kind === 'function' && e.aliasOf ? spec.functions.find((f) => f.identifier === e.aliasOf) : undefined;
  return enforcementOf(e, policy, canonical);
}

/**
 * The security an operation documents for what its source enforces: its audience's scheme, and for
 * a function anyone may call either none or, when it reads the identity, an optional bearer token.
 */
export function documentedSecurity(e: Enforcement, policy: AccessPolicy): Requirement[] {
  if (e.audience === 'public') return e.readsIdentity ? [{ [policy.schemes.user.name]: [] }, {}] : [];
  return [{ [policy.schemes[e.audience].name]: [] }];
}

/** Whether documented security states what the source enforces (`securityMatchesSource` finds nothing). */
export function securityStatesEnforcement(reqs: Requirement[] | undefined, e: Enforcement, policy: AccessPolicy): boolean {
  if (e.audience === 'public') return !requiresCredential(reqs);
  const want = policy.schemes[e.audience].name;
  return reqs !== undefined && reqs.length > 0 && reqs.every((r) => Object.keys(r).length === 1 && want in r);
}

/** The enforcement of every operation a function or route of the spec backs (alias paths too). */
export function enforcements(ops: Operation[], spec: FunctionSpec | undefined, policy: AccessPolicy): Map<Operation, Enforcement> {
  const out = new Map<Operation, Enforcement>();
  if (!spec) return out;
  const byId = new Map(spec.functions.map((f) => [f.identifier, f]));
  const byKey = new Map<string, ConvexFunction | HttpRoute>([...spec.functions.map((f) => [key(f.method, f.path), f] as const), ...spec.routes.map((r) => [key(r.method, r.path), r] as const)]);
  for (const op of ops) {
    const e = byKey.get(key(op.method, op.path));
    if (!e) continue;
    const canonical = e.kind === 'function' && e.aliasOf ? byId.get(e.aliasOf) : undefined;
    const enforced = enforcementOf(e, policy, canonical);
    if (enforced) out.set(op, enforced);
  }
  return out;
}

function requiresCredential(reqs: Requirement[] | undefined): boolean {
  return Boolean(reqs && reqs.length > 0 && reqs.every((r) => Object.keys(r).length > 0));
}

function describe(reqs: Requirement[] | undefined): string {
  if (!reqs) return 'no security';
  if (!reqs.length) return '`security: []`';
  return reqs.map((r) => (Object.keys(r).length ? Object.keys(r).join(' + ') : '{}')).join(' or ');
}

/**
 * The documented security of each operation against what its source enforces (rule ids in README
 * "Access policy"): `auth-overstated`, `auth-understated`, `auth-wrong-credential` (errors at the
 * operation), and `function-unguarded` (a warning for the backend's engineers).
 */
export function securityMatchesSource(enforced: Map<Operation, Enforcement>, policy: AccessPolicy, allowlisted: (op: Operation) => boolean): Issue[] {
  const issues: Issue[] = [];
  const user = policy.schemes.user.name;
  const admin = policy.schemes.admin.name;
  const guardList = (names: string[]) => names.map((n) => `\`${n}\``).join(', ') || 'none configured';
  for (const [op, e] of enforced) {
    const at = op.securitySource === 'operation' ? { pointer: `${op.pointer}/security`, key: true } : { pointer: op.pointer, key: true };
    const reqs = op.security;
    const got = describe(reqs);
    const report = (rule: string, message: string) => issues.push(issue(rule, `${op.label}: ${message}`, at, [op.label]));
    if (e.audience === 'public') {
      if (requiresCredential(reqs)) {
        const form = e.readsIdentity ? `\`security: [{${user}: []}, {}]\` (a token is optional: it reads the identity when there is one)` : '`security: []`';
        report('auth-overstated', `the docs overstate the protection: they require ${got}, but the handler of ${e.source} calls no guard (access-policy.yaml guards: ${guardList([...policy.guards.user, ...policy.guards.admin])}), so anyone can call it without credentials; document ${form}`);
      }
      if (!allowlisted(op)) {
        issues.push(
          issue(
            'function-unguarded',
            `${op.label}: ${e.source} checks no credential, so anyone can call it (for the backend's engineers: call ${guardList(policy.guards.user)} in its handler if it is not meant to be public; if it is, list it under \`public:\` in access-policy.yaml with the reason)`,
            { pointer: op.pointer, key: true },
            [op.label],
            'warning',
          ),
        );
      }
      continue;
    }
    if (securityStatesEnforcement(reqs, e, policy)) continue;
    const want = e.audience === 'user' ? user : admin;
    const why =
      e.audience === 'user'
        ? `the handler of ${e.source} calls ${guardList(e.guards)}, which rejects a caller without a signed-in user`
        : e.internal
          ? `${e.source} is an internal function: Convex runs it only for a deploy key (an admin identity)`
          : `the handler of ${e.source} calls ${guardList(e.guards)}, an admin guard`;
    if (!requiresCredential(reqs)) {
      report('auth-understated', `the docs let a caller in without credentials (${got}), but ${why}; require exactly ${want}`);
    } else if (e.audience === 'user' && reqs!.some((r) => admin in r)) {
      report('auth-wrong-credential', `the docs ask for a deploy key (${got}), but ${why}: a deploy key carries no user identity (ctx.auth.getUserIdentity() is null for it), so it is rejected, and any signed-in user passes; require exactly ${user}`);
    } else if (e.audience === 'admin' && reqs!.some((r) => user in r)) {
      report('auth-wrong-credential', `the docs offer it to a user token (${got}), but ${why}; require exactly ${admin}`);
    } else {
      report('auth-wrong-credential', `the docs require ${got}, but ${why}; require exactly ${want}`);
    }
  }
  return issues;
}
