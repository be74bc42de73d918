import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { BASE_FILES, op, SECURITY_BASE, treeWith, yamlLine, type TreeEdits } from './fixtures/security/helpers.js';

/**
 * The documented security against what the backend's source enforces (guard facts in the function
 * spec, as `npm run spec:extract` records them). Each case writes a function spec beside a copy of
 * the security fixture and asserts the rule, the operation and the line.
 */

const USER = '/api/run/users/queries/getCurrentUser';
const ADMIN = '/api/run/admin/migrations/runMigration';
const HEALTH = '/api/health';

interface Fn {
  identifier: string;
  functionType?: 'Query' | 'Mutation' | 'Action';
  visibility?: 'public' | 'internal';
  guards?: string[];
  readsIdentity?: boolean;
}

function functionSpec(fns: Fn[], routes: Array<{ method: string; path: string; guards?: string[] }> = []): string {
  return JSON.stringify({
    functions: [
      ...fns.map((f) => ({
        identifier: f.identifier,
        functionType: f.functionType ?? 'Query',
        visibility: { kind: f.visibility ?? 'public' },
        args: { type: 'object', value: {} },
        returns: { type: 'any' },
        ...(f.guards ? { guards: f.guards } : {}),
        ...(f.readsIdentity ? { readsIdentity: true } : {}),
      })),
      ...routes.map((r) => ({ functionType: 'HttpAction', ...r })),
    ],
  });
}

const GUARDS = (p: { guards?: unknown }) => (p.guards = { user: ['requireIdentity'], admin: ['requireAdmin'] });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function findings(fns: Fn[], edits: TreeEdits = {}, routes: Array<{ method: string; path: string; guards?: string[] }> = []): Promise<{ dir: string; auth: Finding[] }> {
  const dir = treeWith(SECURITY_BASE, BASE_FILES, {
    ...edits,
    policy: (p) => {
      GUARDS(p);
      edits.policy?.(p);
    },
    // The matrix follows the enforced audiences; it is not what these cases are about.
    files: { 'convex-function-spec.json': functionSpec(fns, routes), 'docs/api-reference/access-matrix.mdx': null, ...edits.files },
  });
  dirs.push(dir);
  const all = (await runChecks({ root: dir, only: ['security'] })).findings;
  return { dir, auth: all.filter((f) => /^(auth-|function-unguarded|security-mismatch)/.test(f.rule)) };
}

const securityLine = (dir: string, p: string, method = 'post') => yamlLine(dir, 'openapi.yaml', ['paths', p, method, 'security'], true);
const opLine = (dir: string, p: string, method = 'post') => yamlLine(dir, 'openapi.yaml', ['paths', p, method], true);
const summary = (fs: Finding[]) => fs.map((f) => [f.rule, f.severity, f.line]);

describe('security: the docs state what the source enforces', () => {
  it('a user operation whose handler calls the user guard, and an internal function documented for deploy keys: nothing to report', async () => {
    const { auth } = await findings([
      { identifier: 'users/queries.js:getCurrentUser', guards: ['requireIdentity'] },
      { identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation', visibility: 'internal', guards: [] },
    ]);
    expect(auth).toEqual([]);
  });

  it('a credential the handler never checks overstates the protection (error at `security`), and the unguarded function is a warning for the backend', async () => {
    const { dir, auth } = await findings([{ identifier: 'users/queries.js:getCurrentUser', guards: [] }]);
    // (findings come in line order: the operation's key, then its `security`)
    expect(summary(auth)).toEqual([
      ['function-unguarded', 'warning', opLine(dir, USER)],
      ['auth-overstated', 'error', securityLine(dir, USER)],
    ]);
    expect(auth[1].message).toMatch(/overstate the protection.*users\/queries:getCurrentUser.*anyone can call it.*`security: \[\]`/);
    expect(auth[0].message).toMatch(/for the backend's engineers: call `requireIdentity`/);
  });

  it('the deploy-key-only operation whose handler calls no guard (anyone can call it) overstates too; documented public it is only the warning', async () => {
    const fns = [{ identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation' as const, guards: [] }];
    const { dir, auth } = await findings(fns);
    expect(summary(auth)).toEqual([
      ['function-unguarded', 'warning', opLine(dir, ADMIN)],
      ['auth-overstated', 'error', securityLine(dir, ADMIN)],
    ]);
    const fixed = await findings(fns, { spec: (api) => (op(api, ADMIN).security = []) });
    expect(summary(fixed.auth)).toEqual([['function-unguarded', 'warning', opLine(fixed.dir, ADMIN)]]);
  });

  it('a handler that reads the identity without requiring it: an optional bearer token is what the docs should offer, and listing it as public on purpose silences the warning', async () => {
    const fns = [{ identifier: 'users/queries.js:getCurrentUser', guards: [], readsIdentity: true }];
    const { auth } = await findings(fns);
    expect(auth.find((f) => f.rule === 'auth-overstated')?.message).toMatch(/`security: \[\{bearerAuth: \[\]\}, \{\}\]`/);
    const allowed = await findings(fns, {
      spec: (api) => (op(api, USER).security = [{ bearerAuth: [] }, {}]),
      policy: (p) => p.public.push({ operation: `POST ${USER}`, reason: 'Returns null for a caller who is not signed in.' }),
    });
    expect(allowed.auth).toEqual([]);
  });

  it('a deploy key documented where the handler requires a signed-in user: the key is rejected and any user passes', async () => {
    const { dir, auth } = await findings([{ identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation', guards: ['requireIdentity'] }]);
    expect(summary(auth)).toEqual([['auth-wrong-credential', 'error', securityLine(dir, ADMIN)]]);
    expect(auth[0].message).toMatch(/deploy key carries no user identity.*any signed-in user passes; require exactly bearerAuth/);
  });

  it('no credential documented where the source requires one (a user guard, or an internal function) understates it', async () => {
    const { dir, auth } = await findings(
      [
        { identifier: 'users/queries.js:getCurrentUser', guards: ['requireIdentity'] },
        { identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation', visibility: 'internal', guards: [] },
      ],
      { spec: (api) => ((op(api, USER).security = []), (op(api, ADMIN).security = [{ bearerAuth: [] }])) },
    );
    expect(summary(auth)).toEqual([
      ['auth-understated', 'error', securityLine(dir, USER)],
      ['auth-wrong-credential', 'error', securityLine(dir, ADMIN)],
    ]);
    expect(auth[1].message).toMatch(/internal function: Convex runs it only for a deploy key/);
  });

  it('an admin guard makes the audience admin; an HTTP route with no guard is public (the allowlisted health route: no warning)', async () => {
    const { auth } = await findings(
      [{ identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation', guards: ['requireAdmin'] }],
      { spec: (api) => ((api.paths['/health'] = api.paths[HEALTH]), delete api.paths[HEALTH]), policy: (p) => (p.public[0].operation = 'GET /health') },
      [{ method: 'GET', path: '/health', guards: [] }],
    );
    expect(auth).toEqual([]);
  });

  it('without guard facts (a deployment\'s own function spec) the policy alone decides, as before', async () => {
    const { auth } = await findings([{ identifier: 'users/queries.js:getCurrentUser' }, { identifier: 'admin/migrations.js:runMigration', functionType: 'Mutation' }]);
    expect(auth).toEqual([]);
  });
});
