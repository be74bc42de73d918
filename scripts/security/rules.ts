import { pointerOf } from '../lib/locate.js';
import { issue, type Issue } from './issue.js';
import type { Operation, Requirement } from './operations.js';
import type { AccessPolicy, Audience } from './policy.js';

/**
 * The spec-level security rules, each a pure function of the parsed spec (and the policy's
 * classification) returning issues at JSON pointers. Rule ids are listed in README "Access policy".
 */

type Api = Record<string, unknown>;
type SchemeObject = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** components.securitySchemes, with internal `$ref`s to other components followed. */
export function securitySchemes(api: Api): Record<string, SchemeObject> {
  const components = isObject(api.components) ? api.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const out: Record<string, SchemeObject> = {};
  for (const [name, value] of Object.entries(schemes)) {
    const resolved = resolveInternalRef(api, value);
    if (isObject(resolved)) out[name] = resolved;
  }
  return out;
}

function resolveInternalRef(api: Api, value: unknown, depth = 0): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/') || depth > 8) return value;
  let node: unknown = api;
  for (const raw of value.$ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return resolveInternalRef(api, node, depth + 1);
}

const schemePointer = (name: string) => pointerOf('components', 'securitySchemes', name);

/** Is the security effectively absent? `[]`, no list at all, or an empty `{}` alternative (auth optional). */
export function publicReason(op: Operation): string | undefined {
  if (!op.security) return 'is public by omission (no operation-level `security` and no root `security`)';
  if (op.security.length === 0) return 'is public (`security: []`)';
  if (op.security.some((r) => Object.keys(r).length === 0)) return 'makes authentication optional (an empty requirement `{}` among its alternatives)';
  return undefined;
}

function usesScheme(op: Operation, name: string): boolean {
  return (op.security ?? []).some((r) => name in r);
}

function namesOf(ops: Operation[], max = 3): string {
  const shown = ops.slice(0, max).map((o) => o.label);
  return ops.length > max ? `${shown.join(', ')} and ${ops.length - max} more` : shown.join(', ');
}

function describeRequirements(reqs: Requirement[]): string {
  return reqs.map((r) => (Object.keys(r).length ? Object.keys(r).join(' + ') : '{}')).join(' or ');
}

/** Rule 1: both schemes exist with the shape the audience needs. */
export function schemesDefinedWithShape(api: Api, policy: AccessPolicy, ops: Operation[]): Issue[] {
  const issues: Issue[] = [];
  const schemes = securitySchemes(api);
  const components = isObject(api.components) ? api.components : undefined;
  const missingAt = components && 'securitySchemes' in components ? pointerOf('components', 'securitySchemes') : components ? '#/components' : '#/openapi';
  const expected: Record<'user' | 'admin', Array<[field: string, want: string, why: string]>> = {
    user: [
      ['type', 'http', 'a WorkOS user token is sent as an HTTP bearer credential'],
      ['scheme', 'bearer', 'WorkOS tokens are bearer tokens, and Mintlify\'s playground builds a bearer input only for lowercase `bearer`'],
      ['bearerFormat', 'JWT', 'WorkOS session tokens are JWTs'],
    ],
    admin: [
      ['type', 'apiKey', 'the deploy key is sent verbatim with its `Convex ` prefix, which no HTTP scheme produces'],
      ['in', 'header', 'a deploy key must never travel in a URL'],
      ['name', 'Authorization', 'Convex reads the deploy key from the Authorization header'],
    ],
  };
  for (const audience of ['user', 'admin'] as const) {
    const { name, format } = policy.schemes[audience];
    const users = ops.filter((o) => usesScheme(o, name));
    const affects = users.length ? ` (affects ${users.length} operation${users.length === 1 ? '' : 's'}: ${namesOf(users)})` : '';
    const scheme = schemes[name];
    if (!scheme) {
      issues.push(issue('scheme-missing', `security scheme "${name}" for ${audience} operations is not defined under components.securitySchemes${affects}`, { pointer: missingAt, key: true }, [name, ...users.map((o) => o.label)]));
      continue;
    }
    for (const [field, want, why] of expected[audience]) {
      const have = scheme[field];
      // Header names are case-insensitive; the other fields are compared exactly.
      const same = field === 'name' ? typeof have === 'string' && have.toLowerCase() === want.toLowerCase() : have === want;
      if (same) continue;
      const where = field in scheme ? { pointer: `${schemePointer(name)}/${field}` } : { pointer: schemePointer(name), key: true };
      const actual = field in scheme ? `it is \`${JSON.stringify(have)}\`` : 'it is missing';
      issues.push(issue('scheme-shape', `security scheme "${name}" must have \`${field}: ${want}\` (${why}); ${actual}${affects}`, where, [name]));
    }
    if (audience === 'admin') {
      const description = typeof scheme.description === 'string' ? scheme.description.replace(/\s+/g, ' ') : '';
      if (!description.includes(format)) {
        const where = 'description' in scheme ? { pointer: `${schemePointer(name)}/description` } : { pointer: schemePointer(name), key: true };
        issues.push(issue('scheme-shape', `security scheme "${name}" must say in its description that the header value is \`${format}\` (the playground shows only this description)${affects}`, where, [name]));
      }
    }
  }
  return issues;
}

/** Rule 2: a defined scheme that no operation uses is a scheme the docs promise and never ask for. */
export function schemesUsed(api: Api, policy: AccessPolicy, ops: Operation[]): Issue[] {
  const schemes = securitySchemes(api);
  return (['user', 'admin'] as const).flatMap((audience) => {
    const { name } = policy.schemes[audience];
    if (!schemes[name] || ops.some((o) => usesScheme(o, name))) return [];
    return [issue('scheme-unused', `security scheme "${name}" is defined but no operation uses it: ${audience} operations must require it (\`security: [{${name}: []}]\`)`, { pointer: schemePointer(name), key: true }, [name])];
  });
}

/** Rule 3: the effective security of each operation is exactly what its audience needs. */
export function securityMatchesAudience(ops: Operation[], audiences: Map<Operation, Audience>, policy: AccessPolicy): Issue[] {
  const issues: Issue[] = [];
  const user = policy.schemes.user.name;
  const admin = policy.schemes.admin.name;
  for (const op of ops) {
    const audience = audiences.get(op);
    if (!audience) continue; // unclassified: the policy finding says so
    const at = op.securitySource === 'operation' ? { pointer: `${op.pointer}/security`, key: true } : { pointer: op.pointer, key: true };
    const inherited = op.securitySource === 'root' ? ' (inherited from the root `security`)' : '';
    const reqs = op.security ?? [];
    const open = publicReason(op);
    const report = (message: string) => issues.push(issue('security-mismatch', `${audience} operation ${op.label} ${message}`, at, [op.label]));
    if (audience === 'public') {
      // A credential offered as optional (an empty `{}` alternative) asks for nothing.
      if (reqs.some((r) => Object.keys(r).length > 0) && !reqs.some((r) => Object.keys(r).length === 0)) {
        report(`is on the public allowlist but asks for ${describeRequirements(reqs)}${inherited}: declare \`security: []\` (or \`[{${user}: []}, {}]\` to offer a token as optional)`);
      }
      continue;
    }
    const want = audience === 'user' ? user : admin;
    if (open) {
      report(`${open}: it must require exactly ${want}`);
      continue;
    }
    const exact = reqs.every((r) => Object.keys(r).length === 1 && want in r);
    if (exact) continue;
    const got = `${describeRequirements(reqs)}${inherited}`;
    if (audience === 'user' && reqs.some((r) => admin in r)) {
      report(`accepts a Convex deploy key (${got}): client code calling it would have to hold a deploy key; require exactly ${user}`);
    } else if (audience === 'admin' && reqs.some((r) => user in r)) {
      const combined = reqs.some((r) => user in r && Object.keys(r).length > 1);
      const alone = reqs.some((r) => user in r && Object.keys(r).length === 1);
      const how = combined && !alone ? `combines ${admin} with a bearer token (${got})` : reqs.some((r) => admin in r) ? `offers a bearer token as an alternative to ${admin} (${got})` : `requires a bearer token instead of a deploy key (${got})`;
      report(`${how}: a user token must never reach an admin operation; require exactly ${admin}`);
    } else {
      report(`must require exactly ${want}; it requires ${got}`);
    }
  }
  return issues;
}

/** Rule 4: every referenced scheme exists; scopes only where the scheme type has scopes. */
export function securityReferencesValid(api: Api, ops: Operation[]): Issue[] {
  const issues: Issue[] = [];
  const schemes = securitySchemes(api);
  const lists: Array<{ pointer: string; reqs: unknown; where: string; about: string[] }> = [];
  if ('security' in api) {
    const inheriting = ops.filter((o) => o.securitySource === 'root');
    lists.push({ pointer: '#/security', reqs: api.security, where: `root security${inheriting.length ? ` (inherited by ${namesOf(inheriting)})` : ''}`, about: inheriting.map((o) => o.label) });
  }
  for (const op of ops) if (op.securitySource === 'operation') lists.push({ pointer: `${op.pointer}/security`, reqs: op.security, where: op.label, about: [op.label] });
  for (const { pointer, reqs, where, about } of lists) {
    if (!Array.isArray(reqs)) continue;
    reqs.forEach((req: unknown, i: number) => {
      if (!isObject(req)) return;
      for (const [name, scopes] of Object.entries(req)) {
        const at = `${pointer}/${i}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const scheme = schemes[name];
        if (!scheme) {
          const known = Object.keys(schemes);
          issues.push(issue('scheme-undefined', `${where} requires security scheme "${name}", which components.securitySchemes does not define${known.length ? ` (defined: ${known.join(', ')})` : ''}`, { pointer: at, key: true }, about));
          continue;
        }
        if (!Array.isArray(scopes)) {
          issues.push(issue('scopes-not-allowed', `${where}: the value of "${name}" must be a list of scopes (\`[]\` for none)`, { pointer: at }, about));
        } else if (scopes.length > 0 && scheme.type !== 'oauth2' && scheme.type !== 'openIdConnect') {
          issues.push(issue('scopes-not-allowed', `${where} gives scopes to "${name}", a ${String(scheme.type)} scheme: only oauth2 and openIdConnect schemes have scopes (use \`[]\`)`, { pointer: at }, about));
        }
      }
    });
  }
  return issues;
}

/** Rule 6 (spec half): an admin operation's description tells the reader it needs a deploy key. */
export function adminDescriptionsMentionDeployKey(ops: Operation[], audiences: Map<Operation, Audience>, policy: AccessPolicy): Issue[] {
  return ops
    .filter((op) => audiences.get(op) === 'admin' && !/deploy[ -]key/i.test(op.description ?? ''))
    .map((op) =>
      issue(
        'admin-description',
        `admin operation ${op.label}: its description should say that it needs a Convex deploy key (\`Authorization: ${policy.schemes.admin.format}\`)`,
        op.description !== undefined ? { pointer: `${op.pointer}/description` } : { pointer: op.pointer, key: true },
        [op.label],
        'warning',
      ),
    );
}
