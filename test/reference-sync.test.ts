import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { main as refresh } from '../scripts/sync/refresh.js';
import { syncSpec } from '../scripts/sync/sync.js';
import { REPO } from './helpers/cli.js';
import { BASE_FILES, op, SECURITY_BASE, treeWith, yamlLine } from './fixtures/security/helpers.js';

/**
 * The reference against the functions: what kind of function each operation runs, the re-exported
 * paths of a function, internal functions documented for deploy keys (drift and spec:sync on a copy
 * of the security fixture), and `spec:refresh` on a hand-written Convex project.
 */

const USER = '/api/run/users/queries/getCurrentUser';
const PROFILE = '/api/run/users/queries/getProfile';
const ADMIN = '/api/run/admin/migrations/runMigration';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fn = (identifier: string, extra: Record<string, unknown> = {}) => ({
  identifier,
  functionType: 'Query',
  visibility: { kind: 'public' },
  args: { type: 'object', value: {} },
  returns: { type: 'any' },
  guards: ['requireIdentity'],
  ...extra,
});

/** The fixture's Convex operations: user queries (one re-exported by `users/index`), and an internal migration. */
const FUNCTIONS = [
  fn('users/queries.js:getCurrentUser'),
  fn('users/queries.js:getProfile'),
  fn('users/index.js:getCurrentUser', { aliasOf: 'users/queries.js:getCurrentUser' }),
  fn('admin/migrations.js:runMigration', { functionType: 'Mutation', visibility: { kind: 'internal' }, guards: [] }),
];

function tree(spec: (api: Record<string, any>) => void = () => {}): string {
  const dir = treeWith(SECURITY_BASE, BASE_FILES, {
    spec,
    policy: (p) => (p.guards = { user: ['requireIdentity'], admin: [] }),
    files: { 'convex-function-spec.json': JSON.stringify({ functions: FUNCTIONS }), 'docs/api-reference/access-matrix.mdx': null },
  });
  dirs.push(dir);
  return dir;
}

const drift = async (dir: string) => (await runChecks({ root: dir, only: ['drift'] })).findings;
const opLine = (dir: string, p: string) => yamlLine(dir, 'openapi.yaml', ['paths', p, 'post'], true);

describe('drift: function types, re-exported paths, internal functions', () => {
  it('asks each operation to state its function type, lists a re-export nowhere mentioned, and an undeclared internal function as stale', async () => {
    const dir = tree((api) => delete api.paths['/api/health']);
    const findings = await drift(dir);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['drift-alias', opLine(dir, USER)],
      ['drift-function-type', opLine(dir, USER)],
      ['drift-function-type', opLine(dir, PROFILE)],
      ['drift-stale', opLine(dir, ADMIN)],
    ]);
    expect(findings[0].message).toContain('users/index:getCurrentUser re-exports users/queries:getCurrentUser (callable at /api/run/users/index/getCurrentUser)');
    expect(findings[1].message).toContain('`x-convex-function-type: query`');
    expect(findings[3].message).toMatch(/admin\/migrations\.js:runMigration is internal: only a deploy key can call it \(mark the operation `x-convex-visibility: internal`/);
  });

  it('states them all: nothing to report; a wrong type is named with the right one', async () => {
    const stated = (type: string) =>
      tree((api) => {
        delete api.paths['/api/health'];
        Object.assign(op(api, USER), { 'x-convex-function-type': type, 'x-convex-aliases': ['users/index:getCurrentUser'] });
        op(api, PROFILE)['x-convex-function-type'] = 'query';
        Object.assign(op(api, ADMIN), { 'x-convex-function-type': 'mutation', 'x-convex-visibility': 'internal' });
      });
    expect(await drift(stated('query'))).toEqual([]);
    const wrong = await drift(stated('mutation'));
    expect(wrong.map((f) => f.rule)).toEqual(['drift-function-type']);
    expect(wrong[0].message).toContain('`x-convex-function-type: mutation` but users/queries:getCurrentUser is a query');
  });
});

describe('spec:sync: types, aliases and the credential the source enforces', () => {
  it('writes them on existing operations, then has nothing left to do, and drift agrees', async () => {
    const dir = tree((api) => {
      delete api.paths['/api/health'];
      op(api, ADMIN)['x-convex-visibility'] = 'internal';
      op(api, USER).security = [{ convexDeploy: [] }]; // a deploy key where the handler requires a user
    });
    const first = syncSpec({ root: dir, functionSpec: path.join(dir, 'convex-function-spec.json') });
    expect(first.functionTypesSet.map((t) => t.type).sort()).toEqual(['mutation', 'query', 'query']);
    expect(first.aliasesSet).toEqual([{ label: expect.stringContaining(USER), aliases: ['users/index:getCurrentUser'] }]);
    expect(first.securitySet).toEqual([{ label: expect.stringContaining(USER), audience: 'user' }]);
    const written = fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8');
    expect(written).toMatch(/x-convex-aliases:\n\s+- users\/index:getCurrentUser/);
    const second = syncSpec({ root: dir, functionSpec: path.join(dir, 'convex-function-spec.json') });
    expect([second.functionTypesSet, second.aliasesSet, second.securitySet, second.written]).toEqual([[], [], [], []]);
    expect(await drift(dir)).toEqual([]);
    const security = (await runChecks({ root: dir, only: ['security'] })).findings.filter((f) => f.rule.startsWith('auth-'));
    expect(security).toEqual([]);
  });

  it('a new function gets its type, aliases, the enforced credential and a page tagged with its kind', async () => {
    const dir = tree((api) => delete api.paths['/api/health']);
    const spec = path.join(dir, 'convex-function-spec.json');
    const added = [
      fn('notes/queries.js:list', { guards: [], readsIdentity: true }),
      fn('notes/index.js:list', { aliasOf: 'notes/queries.js:list' }),
      fn('notes/mutations.js:save', { functionType: 'Mutation' }),
    ];
    fs.writeFileSync(spec, JSON.stringify({ functions: [...FUNCTIONS, ...added] }));
    const result = syncSpec({ root: dir, functionSpec: spec });
    expect(result.added.map((a) => [a.label.split(' ')[1], a.audience])).toEqual([
      ['/api/run/notes/mutations/save', 'user'],
      ['/api/run/notes/queries/list', 'public'],
    ]);
    const api = (await import('yaml')).parse(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'));
    const list = api.paths['/api/run/notes/queries/list'].post;
    expect([list['x-convex-function-type'], list['x-convex-aliases'], list.security]).toEqual(['query', ['notes/index:list'], [{ bearerAuth: [] }, {}]]);
    expect(api.paths['/api/run/notes/mutations/save'].post.security).toEqual([{ bearerAuth: [] }]);
    const page = result.added.find((a) => a.label.includes('/save'))!.page!;
    expect(fs.readFileSync(path.join(dir, page), 'utf8')).toContain('tag: "MUTATION"');
  });
});

describe('spec:refresh: is the committed snapshot behind the backend?', () => {
  const project = path.join(REPO, 'test', 'fixtures', 'convex-projects', 'guards', 'convex');

  function site(): { root: string; convexDir: string } {
    const root = tree();
    const convexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-refresh-'));
    dirs.push(convexDir);
    fs.cpSync(project, convexDir, { recursive: true });
    fs.rmSync(path.join(root, 'convex-function-spec.json'));
    fs.writeFileSync(path.join(root, 'access-policy.yaml'), fs.readFileSync(path.join(root, 'access-policy.yaml'), 'utf8').replace(/requireIdentity/, 'requireUser'));
    return { root, convexDir };
  }

  const run = async (args: string[]) => {
    let out = '';
    const code = await refresh(args, (s) => (out += s));
    return { code, out };
  };

  it('behind: lists what changed and the drift it opens (exit 1); --write brings the snapshot up to date (exit 0 next time)', async () => {
    const { root, convexDir } = site();
    const args = ['--convex-dir', convexDir, '--root', root, '--repository', 'acme/backend', '--commit', 'a'.repeat(40)];
    const first = await run(args);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/convex-function-spec.json is behind the backend at acme\/backend@aaaaaaaaaaaa: \d+ change\(s\)/);
    expect(first.out).toContain('  added: fns:direct\n');
    expect(first.out).toContain('  added: HTTP route GET /open\n');
    expect(first.out).toMatch(/the reference then drifts in \d+ place\(s\)/);
    expect(fs.existsSync(path.join(root, 'convex-function-spec.json'))).toBe(false);
    expect((await run([...args, '--write'])).code).toBe(1);
    const snapshot = JSON.parse(fs.readFileSync(path.join(root, 'convex-function-spec.json'), 'utf8'));
    expect(snapshot.source).toEqual({ repository: 'acme/backend', commit: 'a'.repeat(40) });
    expect(snapshot.functions.find((f: { identifier?: string }) => f.identifier === 'fns.js:direct').guards).toEqual(['requireUser']);
    // A later backend commit that changes no function: up to date.
    const again = await run(['--convex-dir', convexDir, '--root', root, '--repository', 'acme/backend', '--commit', 'b'.repeat(40)]);
    expect(again).toEqual({ code: 0, out: expect.stringMatching(/is up to date with the backend at acme\/backend@bbbbbbbbbbbb \(snapshot of aaaaaaaaaaaa\): nothing changed/) });
    // The backend gains a function and a guard: behind again, with exactly those changes.
    fs.appendFileSync(path.join(convexDir, 'fns.ts'), '\nexport const later = query({ args: { n: v.number() }, handler: async () => 1 });\n');
    fs.writeFileSync(path.join(convexDir, 'http.ts'), fs.readFileSync(path.join(convexDir, 'http.ts'), 'utf8').replace('handler: httpAction(async () => new Response("open"))', 'handler: httpAction(async (ctx) => { await requireUser(ctx); return new Response("open"); })'));
    const behind = await run(['--convex-dir', convexDir, '--root', root]);
    expect(behind.code).toBe(1);
    expect(behind.out).toMatch(/: 2 change\(s\)\n  added: fns:later\n  changed: HTTP route GET \/open \(guards\)\n/);
  });

  it('bad usage is one line, never a stack trace (exit 2 in the CLI)', async () => {
    await expect(run([])).rejects.toThrow(/--convex-dir DIR is required/);
    await expect(run(['--convex-dir', '/no/such/dir'])).rejects.toThrow(/no such directory/);
    await expect(run(['--convex-dir', project, '--repository', 'a/b'])).rejects.toThrow(/--repository and --commit go together/);
  });
});

describe("the repository's reference and its committed snapshot of the backend", () => {
  const snapshot = JSON.parse(fs.readFileSync(path.join(REPO, 'convex-function-spec.json'), 'utf8'));

  it('says where it comes from, and documents every public function and route with nothing invented (drift finds nothing)', async () => {
    expect(snapshot.source).toEqual({ repository: 'SamGu-NRX/Connvo', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect((await runChecks({ root: REPO, only: ['drift'] })).findings).toEqual([]);
    const api = (await import('yaml')).parse(fs.readFileSync(path.join(REPO, 'openapi.yaml'), 'utf8'));
    const documented = Object.entries<Record<string, Record<string, unknown>>>(api.paths).flatMap(([p, item]) => Object.entries(item).map(([m, o]) => ({ key: `${m.toUpperCase()} ${p}`, op: o })));
    const run = (id: string) => `POST /api/run/${id.replace(/\.js:/, '/')}`;
    const fns = snapshot.functions.filter((f: { identifier?: string }) => f.identifier);
    const wanted = new Set([
      ...fns.filter((f: { visibility: { kind: string }; aliasOf?: string }) => f.visibility.kind === 'public' && !f.aliasOf).map((f: { identifier: string }) => run(f.identifier)),
      ...snapshot.functions.filter((f: { functionType: string }) => f.functionType === 'HttpAction').map((r: { method: string; path: string }) => `${r.method} ${r.path}`),
    ]);
    const internal = new Set(fns.filter((f: { visibility: { kind: string } }) => f.visibility.kind === 'internal').map((f: { identifier: string }) => run(f.identifier)));
    for (const key of wanted) expect(documented.some((d) => d.key === key), key).toBe(true);
    for (const d of documented) {
      if (wanted.has(d.key) || ['POST /api/query', 'POST /api/mutation', 'POST /api/action'].includes(d.key)) continue;
      // Anything else is an internal function documented for deploy keys only.
      expect(internal.has(d.key), d.key).toBe(true);
      expect([d.op['x-convex-visibility'], d.op.security]).toEqual(['internal', [{ convexDeploy: [] }]]);
    }
  });
});
