import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/finding.js';
import { parseMdx } from '../scripts/lib/mdx.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { Workspace } from '../scripts/lib/workspace.js';
import { loadSecurityInputs, writeAccessMatrix } from '../scripts/security/analyze.js';
import { MATRIX_PAGE } from '../scripts/security/matrix.js';
import { listOperations } from '../scripts/security/operations.js';
import { playgroundAgrees } from '../scripts/security/playground.js';
import { globMatcher } from '../scripts/security/policy.js';
import { REPO, runCheckCli, snapshotTree } from './helpers/cli.js';
import { BASE_FILES, op, SECURITY_BASE, treeWith, yamlLine, type TreeEdits } from './fixtures/security/helpers.js';

/**
 * ok/ng cases per rule over a small fixture (test/fixtures/security/base: one operation per
 * audience, a policy, an auth page and its access matrix). Each ng case asserts the rule id, the
 * operation named in the message, the file and the line of the offending node.
 */

const USER = '/api/run/users/queries/getCurrentUser';
const USER_LABEL = `POST ${USER} (users.queries.getCurrentUser)`;
const INHERITING = '/api/run/users/queries/getProfile';
const ADMIN = '/api/run/admin/migrations/runMigration';
const ADMIN_LABEL = `POST ${ADMIN} (admin.migrations.runMigration)`;
const HEALTH_LABEL = 'GET /api/health (system.health)';

const docsAccess = (root: string) => spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'scripts', 'docs-access.ts'), '--root', root], { encoding: 'utf8' });

async function securityOf(dir: string): Promise<Finding[]> {
  return (await runChecks({ root: dir, only: ['security'] })).findings;
}

/** Edits that change which operations exist also change the matrix: drop it unless a case is about it. */
const withoutMatrix = (edits: TreeEdits): TreeEdits => ({ ...edits, files: { 'docs/api-reference/access-matrix.mdx': null, ...edits.files } });

interface Expected {
  rule: string;
  severity?: 'error' | 'warning';
  /** Text the message must contain (the operation label, usually). */
  names?: string;
  file?: string;
  line: (dir: string) => number;
}

const secLine = (p: string, method = 'post') => (dir: string) => yamlLine(dir, 'openapi.yaml', ['paths', p, method, 'security'], true);
const opLine = (p: string, method = 'post') => (dir: string) => yamlLine(dir, 'openapi.yaml', ['paths', p, method], true);
const schemeLine = (name: string, field?: string) => (dir: string) =>
  field ? yamlLine(dir, 'openapi.yaml', ['components', 'securitySchemes', name, field]) : yamlLine(dir, 'openapi.yaml', ['components', 'securitySchemes', name], true);
const policyLine = (keys: Array<string | number>, onKey = false) => (dir: string) => yamlLine(dir, 'access-policy.yaml', keys, onKey);

const ngCases: Array<{ name: string; edits: TreeEdits; expect: Expected }> = [
  // policy: classification
  {
    name: 'an operation no rule classifies',
    edits: withoutMatrix({ spec: (api) => (op(api, USER).tags = ['Billing']) }),
    expect: { rule: 'policy-unclassified', names: USER_LABEL, line: opLine(USER) },
  },
  {
    name: 'an operation two rules classify differently',
    edits: withoutMatrix({ spec: (api) => (op(api, ADMIN).tags = ['Users']) }),
    expect: { rule: 'policy-conflict', names: ADMIN_LABEL, line: opLine(ADMIN) },
  },
  {
    name: 'two per-operation entries that disagree',
    edits: { policy: (p) => (p.overrides = [{ operation: 'system.health', audience: 'user', reason: 'test' }]) },
    expect: { rule: 'policy-conflict', names: HEALTH_LABEL, line: opLine('/api/health', 'get') },
  },
  {
    name: 'a public entry without a reason',
    edits: { policy: (p) => delete p.public[0].reason },
    expect: { rule: 'policy-invalid', file: 'access-policy.yaml', line: policyLine(['public', 0]) },
  },
  {
    name: 'a rule that makes operations public',
    edits: { policy: (p) => p.rules.push({ audience: 'public', tags: ['System'] }) },
    expect: { rule: 'policy-invalid', file: 'access-policy.yaml', line: policyLine(['rules', 3, 'audience']) },
  },
  {
    name: 'an unknown key in the policy',
    edits: { policy: (p) => (p.rules[0].tag = 'Admin') },
    expect: { rule: 'policy-invalid', file: 'access-policy.yaml', line: policyLine(['rules', 0, 'tag'], true) },
  },
  {
    name: 'invalid YAML in the policy',
    edits: { files: { 'access-policy.yaml': 'rules:\n  - audience: user\n    tags: [Users\n' } },
    expect: { rule: 'policy-invalid', file: 'access-policy.yaml', line: () => 4 },
  },
  {
    name: 'an entry naming no operation (warning)',
    edits: { policy: (p) => p.public.push({ operation: 'GET /api/gone', reason: 'removed' }) },
    expect: { rule: 'policy-stale-entry', severity: 'warning', file: 'access-policy.yaml', line: policyLine(['public', 1, 'operation']) },
  },
  // rule 1: schemes defined with the right shape
  {
    name: 'bearerAuth missing',
    edits: { spec: (api) => delete api.components.securitySchemes.bearerAuth },
    expect: { rule: 'scheme-missing', names: 'bearerAuth', line: (dir) => yamlLine(dir, 'openapi.yaml', ['components', 'securitySchemes'], true) },
  },
  {
    name: 'bearerAuth without bearerFormat JWT',
    edits: { spec: (api) => (api.components.securitySchemes.bearerAuth.bearerFormat = 'opaque') },
    expect: { rule: 'scheme-shape', names: USER_LABEL, line: schemeLine('bearerAuth', 'bearerFormat') },
  },
  {
    name: 'convexDeploy as an http scheme',
    edits: { spec: (api) => (api.components.securitySchemes.convexDeploy = { type: 'http', scheme: 'bearer', description: 'Convex <deploy-key>' }) },
    expect: { rule: 'scheme-shape', names: '`type: apiKey`', line: schemeLine('convexDeploy', 'type') },
  },
  {
    name: 'convexDeploy description without the header format',
    edits: { spec: (api) => (api.components.securitySchemes.convexDeploy.description = 'Deploy key.') },
    expect: { rule: 'scheme-shape', names: 'Convex <deploy-key>', line: schemeLine('convexDeploy', 'description') },
  },
  // rule 2: both schemes used
  {
    name: 'convexDeploy used by no operation',
    edits: withoutMatrix({ spec: (api) => delete api.paths[ADMIN] }),
    expect: { rule: 'scheme-unused', names: 'convexDeploy', line: schemeLine('convexDeploy') },
  },
  // rule 3: effective security matches the audience
  {
    name: 'admin operation with a bearer alternative',
    edits: { spec: (api) => (op(api, ADMIN).security = [{ convexDeploy: [] }, { bearerAuth: [] }]) },
    expect: { rule: 'security-mismatch', names: ADMIN_LABEL, line: secLine(ADMIN) },
  },
  {
    name: 'user operation inheriting an optional root requirement',
    edits: { spec: (api) => (api.security = [{ bearerAuth: [] }, {}]) },
    expect: { rule: 'security-mismatch', names: `POST ${INHERITING}`, line: opLine(INHERITING) },
  },
  {
    name: 'public operation that asks for a token',
    edits: { spec: (api) => (op(api, '/api/health', 'get').security = [{ bearerAuth: [] }]) },
    expect: { rule: 'security-mismatch', names: HEALTH_LABEL, line: secLine('/api/health', 'get') },
  },
  {
    name: 'public operation not on the allowlist',
    edits: withoutMatrix({ policy: (p) => delete p.public }),
    expect: { rule: 'policy-unclassified', names: HEALTH_LABEL, line: opLine('/api/health', 'get') },
  },
  // rule 4: references and scopes
  {
    name: 'a requirement naming an undefined scheme',
    edits: { spec: (api) => (op(api, USER).security = [{ bearerAuth: [], sessionCookie: [] }]) },
    expect: { rule: 'scheme-undefined', names: USER_LABEL, line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', USER, 'post', 'security', 0, 'sessionCookie'], true) },
  },
  {
    name: 'scopes on a bearer scheme',
    edits: { spec: (api) => (op(api, USER).security = [{ bearerAuth: ['meetings:read'] }]) },
    expect: { rule: 'scopes-not-allowed', names: USER_LABEL, line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', USER, 'post', 'security', 0, 'bearerAuth']) },
  },
  {
    name: 'scopes on the inherited root requirement',
    edits: { spec: (api) => (api.security = [{ bearerAuth: ['profile'] }]) },
    expect: { rule: 'scopes-not-allowed', names: `POST ${INHERITING}`, line: (dir) => yamlLine(dir, 'openapi.yaml', ['security', 0, 'bearerAuth']) },
  },
  // rule 5: Mintlify converts every operation
  {
    name: 'an operation Mintlify cannot convert',
    edits: { spec: (api) => (op(api, USER).parameters = [{ name: 'x', in: 'body', schema: { type: 'string' } }]) },
    expect: { rule: 'playground-conversion', names: USER_LABEL, line: opLine(USER) },
  },
  // rule 6: the docs tell the same story
  {
    name: 'an auth page without the deploy-key header form',
    edits: { files: { 'docs/authentication.mdx': '---\ntitle: Authentication\n---\n\nUse `bearerAuth` (`Authorization: Bearer <user-token>`) or `convexDeploy`.\n' } },
    expect: { rule: 'auth-page', names: 'Authorization: Convex <deploy-key>', file: 'docs/authentication.mdx', line: () => 1 },
  },
  {
    name: 'an auth page that names the deploy-key header form only inside an MDX comment',
    edits: {
      files: {
        'docs/authentication.mdx':
          '---\ntitle: Authentication\n---\n\nUse `bearerAuth` (`Authorization: Bearer <user-token>`) or `convexDeploy`.\n\n{/* Admin endpoints: `Authorization: Convex <deploy-key>` (draft) */}\n',
      },
    },
    expect: { rule: 'auth-page', names: 'Authorization: Convex <deploy-key>', file: 'docs/authentication.mdx', line: () => 1 },
  },
  {
    name: 'an admin description that does not mention the deploy key (warning)',
    edits: { spec: (api) => (op(api, ADMIN).description = 'Runs a migration.') },
    expect: { rule: 'admin-description', severity: 'warning', names: ADMIN_LABEL, line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', ADMIN, 'post', 'description']) },
  },
  // access matrix
  {
    name: 'a stale access matrix',
    edits: { policy: (p) => (p.public[0].reason = 'A different reason.') },
    expect: {
      rule: 'access-matrix-stale',
      names: 'npm run docs:access',
      file: 'docs/api-reference/access-matrix.mdx',
      line: (dir) => fs.readFileSync(path.join(dir, 'docs/api-reference/access-matrix.mdx'), 'utf8').split('\n').findIndex((l) => l.includes('Load balancers')) + 1,
    },
  },
];

describe('security check: ng fixtures', () => {
  for (const c of ngCases) {
    it(`reports ${c.name} as ${c.expect.rule}`, async () => {
      const dir = treeWith(SECURITY_BASE, BASE_FILES, c.edits);
      const findings = await securityOf(dir);
      const file = c.expect.file ?? 'openapi.yaml';
      const hit = findings.find((f) => f.rule === c.expect.rule && (!c.expect.names || f.message.includes(c.expect.names)));
      expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
      expect(hit).toMatchObject({ check: 'security', severity: c.expect.severity ?? 'error', file, line: c.expect.line(dir) });
      expect(hit!.column).toBeGreaterThanOrEqual(1);
    });
  }
});

const okCases: Array<{ name: string; edits: TreeEdits }> = [
  { name: 'the base fixture', edits: {} },
  {
    name: 'an override by operationId that settles a conflict',
    edits: withoutMatrix({
      spec: (api) => (op(api, ADMIN).tags = ['Users']),
      policy: (p) => (p.overrides = [{ operation: 'admin.migrations.runMigration', audience: 'admin', reason: 'tagged for the Users page' }]),
    }),
  },
  {
    name: 'a classification by path glob and method only',
    edits: withoutMatrix({ policy: (p) => (p.rules = [{ audience: 'admin', paths: ['/api/run/admin/**'] }, { audience: 'user', paths: ['/api/run/users/*/*'], methods: ['post'] }]) }),
  },
  {
    name: 'configured scheme names',
    edits: withoutMatrix({
      spec: (api) => {
        const s = api.components.securitySchemes;
        s.userJwt = s.bearerAuth;
        delete s.bearerAuth;
        api.security = [{ userJwt: [] }];
        op(api, USER).security = [{ userJwt: [] }];
      },
      policy: (p) => (p.schemes = { user: { name: 'userJwt' } }),
      files: { 'docs/authentication.mdx': '---\ntitle: Authentication\n---\n\n`userJwt`: `Authorization: Bearer <user-token>`. `convexDeploy`: `Authorization: Convex <deploy-key>`.\n' },
    }),
  },
  {
    name: 'oauth2 scopes on a root requirement no operation inherits',
    edits: withoutMatrix({
      spec: (api) => {
        api.components.securitySchemes.partner = { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://example.com/token', scopes: { read: 'Read' } } } };
        api.security = [{ partner: ['read'] }];
        op(api, INHERITING).security = [{ bearerAuth: [] }];
      },
    }),
  },
  { name: 'a lowercase authorization header name', edits: { spec: (api) => (api.components.securitySchemes.convexDeploy.name = 'authorization') } },
  { name: 'a tree without an auth page or a matrix page', edits: { files: { 'docs/authentication.mdx': null, 'docs/api-reference/access-matrix.mdx': null } } },
];

describe('security check: ok fixtures', () => {
  for (const c of okCases) {
    it(`passes ${c.name}`, async () => {
      const dir = treeWith(SECURITY_BASE, BASE_FILES, c.edits);
      expect(await securityOf(dir)).toEqual([]);
    });
  }
});

describe('security check: one finding per mistake', () => {
  it('reports a reshaped scheme once, not again per operation through the playground', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { spec: (api) => (api.components.securitySchemes.convexDeploy.in = 'query') });
    const findings = await securityOf(dir);
    expect(findings.map((f) => f.rule)).toEqual(['scheme-shape']);
  });
});

describe('playground rule (Mintlify) on its own', () => {
  it('reports the input Mintlify would show when nothing else has been reported', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { spec: (api) => (api.components.securitySchemes.convexDeploy.in = 'query') });
    const inputs = (await loadSecurityInputs(new Workspace(dir)))!;
    const issues = await playgroundAgrees(dir, inputs.spec.absPath, inputs.spec.api, inputs.ops, inputs.classification!.audiences, inputs.policy!, new Set());
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'playground-auth', pointer: `#/paths/${ADMIN.replace(/\//g, '~1')}/post` });
    expect(issues[0].message).toContain(ADMIN_LABEL);
    expect(issues[0].message).toContain('query Authorization');
  });

  it('agrees with the base fixture for every audience', async () => {
    const inputs = (await loadSecurityInputs(new Workspace(SECURITY_BASE)))!;
    expect(await playgroundAgrees(SECURITY_BASE, inputs.spec.absPath, inputs.spec.api, inputs.ops, inputs.classification!.audiences, inputs.policy!, new Set())).toEqual([]);
  });
});

describe('access policy pieces', () => {
  it('globs: * stays in a segment, ** spans segments (none too) and matches the bare prefix; braces are literal', () => {
    expect(globMatcher('/api/run/admin/**')('/api/run/admin/migrations/runMigration')).toBe(true);
    expect(globMatcher('/api/run/admin/**')('/api/run/admin')).toBe(true);
    expect(globMatcher('/api/run/admin/**')('/api/run/administrator/x')).toBe(false);
    expect(globMatcher('/api/run/*/queries/*')('/api/run/users/queries/getUser')).toBe(true);
    expect(globMatcher('/api/run/*/queries/*')('/api/run/a/b/queries/getUser')).toBe(false);
    expect(globMatcher('/api/**/get')('/api/get')).toBe(true);
    expect(globMatcher('/api/*')('/api/')).toBe(false);
    expect(globMatcher('/users/{id}')('/users/{id}')).toBe(true);
    expect(globMatcher('/users/{id,name}')('/users/id')).toBe(false);
    expect(globMatcher('/.well-known/*')('/.well-known/openid')).toBe(true);
  });

  it('effective security: operation-level wins over root-level, absent means inherited', () => {
    const ops = listOperations({ security: [{ a: [] }], paths: { '/x': { get: { security: [] }, post: {} } } });
    expect(ops.map((o) => [o.label, o.securitySource, o.security])).toEqual([
      ['GET /x', 'operation', []],
      ['POST /x', 'root', [{ a: [] }]],
    ]);
  });
});

describe('access matrix', () => {
  for (const [name, root] of [['fixture', SECURITY_BASE], ['repository', REPO]]) {
    it(`of the ${name} is MDX with a title and a table row per operation, each with its header`, async () => {
      const text = fs.readFileSync(path.join(root, MATRIX_PAGE), 'utf8');
      const parsed = parseMdx(text);
      expect(parsed.error).toBeUndefined();
      expect(parsed.frontmatter.title).toBe('Access matrix');
      const tables = parsed.tree!.children.filter((n) => n.type === 'table');
      const inputs = (await loadSecurityInputs(new Workspace(root)))!;
      // The summary table, then one table per audience present.
      expect(tables).toHaveLength(1 + new Set(inputs.classification!.audiences.values()).size);
      const rows = text.split('\n').filter((l) => /^\| `[A-Z]+` \|/.test(l));
      expect(rows).toHaveLength(inputs.ops.length);
      for (const [o, audience] of inputs.classification!.audiences) {
        const row = rows.find((r) => r.startsWith(`| \`${o.method}\` | \`${o.path}\` |`));
        expect(row, o.label).toBeDefined();
        const header = audience === 'public' ? '| none |' : `\`Authorization: ${inputs.policy!.schemes[audience].format}\``;
        expect(row).toContain(header);
        expect(row).toContain(`| ${audience} |`);
      }
    });
  }

  it('docs:access writes only the matrix page, and then the check finds it fresh', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { files: { 'docs/api-reference/access-matrix.mdx': null }, policy: (p) => (p.public[0].reason = 'Regenerated reason.') });
    const before = snapshotTree(dir);
    expect(await writeAccessMatrix(new Workspace(dir))).toEqual({ written: true, operations: 4 });
    const after = snapshotTree(dir);
    expect([...after.keys()].filter((f) => before.get(f) !== after.get(f))).toEqual([path.normalize(MATRIX_PAGE)]);
    expect(fs.readFileSync(path.join(dir, MATRIX_PAGE), 'utf8')).toContain('Regenerated reason.');
    expect(await securityOf(dir)).toEqual([]);
    expect(await writeAccessMatrix(new Workspace(dir))).toEqual({ written: false, operations: 4 });
  });

  it('links the Authentication page where the site serves it (a docs.json under docs/ serves it at /authentication)', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { files: { 'docs/api-reference/access-matrix.mdx': null } });
    expect(await writeAccessMatrix(new Workspace(dir))).toMatchObject({ written: true });
    expect(fs.readFileSync(path.join(dir, MATRIX_PAGE), 'utf8')).toContain('[Authentication](/docs/authentication)');
    const docs = { $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'C', colors: { primary: '#4F46E5' }, navigation: { groups: [{ group: 'G', pages: ['authentication'] }] } };
    fs.writeFileSync(path.join(dir, 'docs', 'docs.json'), JSON.stringify(docs));
    fs.renameSync(path.join(dir, 'openapi.yaml'), path.join(dir, 'docs', 'openapi.yaml')); // the spec inside the docs root
    expect(await writeAccessMatrix(new Workspace(dir))).toMatchObject({ written: true });
    expect(fs.readFileSync(path.join(dir, MATRIX_PAGE), 'utf8')).toContain('[Authentication](/authentication)');
  });

  it('docs:access refuses to write a matrix while an operation is unclassified', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { spec: (api) => (op(api, USER).tags = ['Billing']) });
    const before = fs.readFileSync(path.join(dir, 'docs/api-reference/access-matrix.mdx'), 'utf8');
    const r = docsAccess(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`openapi.yaml:${yamlLine(dir, 'openapi.yaml', ['paths', USER, 'post'], true)}:`);
    expect(r.stderr).toContain(USER_LABEL);
    expect(fs.readFileSync(path.join(dir, 'docs/api-reference/access-matrix.mdx'), 'utf8')).toBe(before);
  });
});

describe('security check without a policy file', () => {
  it('a tree without access-policy.yaml: nothing (the contract is Connvo\'s); with --strict one policy-missing warning, no borrowed policy, no mint.json needed', async () => {
    const dir = treeWith(SECURITY_BASE, BASE_FILES, { files: { 'access-policy.yaml': null }, spec: (api) => (op(api, USER).tags = ['Billing']) });
    const r = runCheckCli(['--root', dir, '--only', 'security', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    const strict = runCheckCli(['--root', dir, '--only', 'security', '--format', 'json', '--strict']);
    expect(strict.code).toBe(0);
    expect(JSON.parse(strict.stdout).findings).toMatchObject([{ rule: 'policy-missing', severity: 'warning', file: 'openapi.yaml' }]);
  });
});

describe('security check with several specs', () => {
  it('an entry is stale only when no spec has its operation, and is reported once', async () => {
    const status = [
      'openapi: 3.1.0',
      'info: { title: Status, version: "1" }',
      'paths:',
      '  /api/status:',
      '    get:',
      '      operationId: system.status',
      '      tags: [System]',
      '      security: []',
      '      responses:',
      "        '200': { description: OK }",
      '',
    ].join('\n');
    const dir = treeWith(SECURITY_BASE, BASE_FILES, {
      files: { 'status.yaml': status },
      policy: (p) => p.public.push({ operation: 'GET /api/status', reason: 'Status pages poll it without credentials.' }),
    });
    const stale = async () => (await securityOf(dir)).filter((f) => f.rule === 'policy-stale-entry').map((f) => f.line);
    expect(await stale()).toEqual([]);
    const policyPath = path.join(dir, 'access-policy.yaml');
    fs.writeFileSync(policyPath, fs.readFileSync(policyPath, 'utf8').replace(/^public:\n/m, "public:\n  - operation: GET /api/gone\n    reason: Removed.\n"));
    expect(await stale()).toEqual([lineOfText(policyPath, 'GET /api/gone')]);
  });

  it('the access matrix lists every spec\'s operations, each with its spec', async () => {
    const status = 'openapi: 3.1.0\ninfo: { title: Status, version: "1" }\npaths:\n  /api/status:\n    get:\n      operationId: system.status\n      tags: [System]\n      security: []\n      responses:\n        \'200\': { description: OK }\n';
    const dir = treeWith(SECURITY_BASE, BASE_FILES, {
      files: { 'status.yaml': status },
      policy: (p) => p.public.push({ operation: 'GET /api/status', reason: 'Status pages poll it without credentials.' }),
    });
    const single = fs.readFileSync(path.join(dir, MATRIX_PAGE), 'utf8');
    expect(await writeAccessMatrix(new Workspace(dir))).toMatchObject({ written: true, operations: 5 });
    const page = fs.readFileSync(path.join(dir, MATRIX_PAGE), 'utf8');
    expect(page).not.toBe(single);
    expect(page).toContain('| `status.yaml` | `GET` | `/api/status` |');
    expect(page).toContain('| `openapi.yaml` | `GET` | `/api/health` |');
    expect(page).toContain('from openapi.yaml, status.yaml and access-policy.yaml');
    // A spec of public operations only owes no scheme; nothing else is wrong here.
    expect((await securityOf(dir)).map((f) => f.rule)).toEqual([]);
    const matrixRules = async () => (await securityOf(dir)).map((f) => f.rule).filter((r) => r.startsWith('access-matrix'));
    // The page left as it was for one spec is stale now.
    fs.writeFileSync(path.join(dir, MATRIX_PAGE), single);
    expect(await matrixRules()).toEqual(['access-matrix-stale']);
  });
});

function lineOfText(file: string, needle: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}
