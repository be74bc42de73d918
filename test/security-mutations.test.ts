import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { REPO } from './helpers/cli.js';
import { op, treeWith, yamlLine, type TreeEdits, type Yaml } from './fixtures/security/helpers.js';

/**
 * Mutations of the repository's own openapi.yaml (copied with access-policy.yaml and
 * docs/authentication.mdx into a temp dir): each must fail the security check with the right rule,
 * naming the operation at the line of the offending node. Operations are picked from the spec by
 * their security, so the tests follow the spec as it grows. The function spec comes along: where its
 * guard facts cover an operation, the `auth-*` rules (what the source enforces) judge it.
 */

const FILES = ['openapi.yaml', 'access-policy.yaml', 'docs/authentication.mdx', 'convex-function-spec.json'];
const api: Yaml = parse(fs.readFileSync(path.join(REPO, 'openapi.yaml'), 'utf8'));

interface Picked {
  path: string;
  method: string;
  label: string;
}

function pick(scheme: string): Picked[] {
  const out: Picked[] = [];
  for (const [p, item] of Object.entries<Yaml>(api.paths)) {
    for (const [method, o] of Object.entries<Yaml>(item)) {
      // Exactly that scheme: operations that offer a token as optional are public.
      if (Array.isArray(o?.security) && o.security.length === 1 && scheme in o.security[0]) out.push({ path: p, method, label: `${method.toUpperCase()} ${p} (${o.operationId})` });
    }
  }
  return out;
}

const admins = pick('convexDeploy');
const users = pick('bearerAuth');
const ADMIN = admins[0];
const USER = users[0];

const security = (o: Picked, value: unknown) => (a: Yaml) => (op(a, o.path, o.method).security = value);
const securityKey = (o: Picked) => (dir: string) => yamlLine(dir, 'openapi.yaml', ['paths', o.path, o.method, 'security'], true);
const operationKey = (o: Picked) => (dir: string) => yamlLine(dir, 'openapi.yaml', ['paths', o.path, o.method], true);
const scheme = (name: string, field?: string) => (dir: string) =>
  field ? yamlLine(dir, 'openapi.yaml', ['components', 'securitySchemes', name, field]) : yamlLine(dir, 'openapi.yaml', ['components', 'securitySchemes', name], true);

const NEW_ADMIN_PATH = '/api/run/admin/sessions/purgeExpiredSessions';
const newAdminOperation = (tags: string[]) => (a: Yaml) => {
  a.paths[NEW_ADMIN_PATH] = {
    post: {
      operationId: 'admin.sessions.purgeExpiredSessions',
      summary: 'Purge expired sessions',
      description: 'Deletes expired sessions. Requires a Convex deploy key.',
      tags,
      security: [{ bearerAuth: [] }],
      responses: { '200': { description: 'Done.' } },
    },
  };
};
const NEW_ADMIN: Picked = { path: NEW_ADMIN_PATH, method: 'post', label: `POST ${NEW_ADMIN_PATH} (admin.sessions.purgeExpiredSessions)` };

const mutations: Array<{ name: string; edits: TreeEdits; rule: string; names: string; line: (dir: string) => number }> = [
  { name: 'admin operation switched to bearer', edits: { spec: security(ADMIN, [{ bearerAuth: [] }]) }, rule: 'auth-wrong-credential', names: ADMIN.label, line: securityKey(ADMIN) },
  { name: 'admin operation given a bearer alternative', edits: { spec: security(ADMIN, [{ convexDeploy: [] }, { bearerAuth: [] }]) }, rule: 'auth-wrong-credential', names: ADMIN.label, line: securityKey(ADMIN) },
  { name: 'admin operation requiring both', edits: { spec: security(ADMIN, [{ convexDeploy: [], bearerAuth: [] }]) }, rule: 'auth-wrong-credential', names: ADMIN.label, line: securityKey(ADMIN) },
  { name: 'user operation made public', edits: { spec: security(USER, []) }, rule: 'auth-understated', names: USER.label, line: securityKey(USER) },
  { name: 'user operation made optional', edits: { spec: security(USER, [{ bearerAuth: [] }, {}]) }, rule: 'auth-understated', names: USER.label, line: securityKey(USER) },
  { name: 'user operation demanding a deploy key', edits: { spec: security(USER, [{ convexDeploy: [] }]) }, rule: 'auth-wrong-credential', names: USER.label, line: securityKey(USER) },
  {
    name: 'an undefined scheme',
    edits: { spec: security(USER, [{ workosSession: [] }]) },
    rule: 'scheme-undefined',
    names: USER.label,
    line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', USER.path, USER.method, 'security', 0, 'workosSession'], true),
  },
  {
    name: 'root security removed so an operation is public by omission',
    edits: {
      spec: (a) => {
        delete a.security;
        delete op(a, USER.path, USER.method).security;
      },
    },
    rule: 'auth-understated',
    names: USER.label,
    line: operationKey(USER),
  },
  {
    name: 'convexDeploy deleted',
    edits: { spec: (a) => delete a.components.securitySchemes.convexDeploy },
    rule: 'scheme-undefined',
    names: ADMIN.label,
    line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', ADMIN.path, ADMIN.method, 'security', 0, 'convexDeploy'], true),
  },
  {
    name: 'bearerAuth deleted',
    edits: { spec: (a) => delete a.components.securitySchemes.bearerAuth },
    rule: 'scheme-undefined',
    names: USER.label,
    line: (dir) => yamlLine(dir, 'openapi.yaml', ['paths', USER.path, USER.method, 'security', 0, 'bearerAuth'], true),
  },
  { name: 'convexDeploy moved to in: query', edits: { spec: (a) => (a.components.securitySchemes.convexDeploy.in = 'query') }, rule: 'scheme-shape', names: ADMIN.label, line: scheme('convexDeploy', 'in') },
  {
    name: 'convexDeploy moved to another header',
    edits: { spec: (a) => (a.components.securitySchemes.convexDeploy.name = 'X-Convex-Deploy-Key') },
    rule: 'scheme-shape',
    names: ADMIN.label,
    line: scheme('convexDeploy', 'name'),
  },
  { name: 'bearerAuth switched to basic', edits: { spec: (a) => (a.components.securitySchemes.bearerAuth.scheme = 'basic') }, rule: 'scheme-shape', names: 'security scheme "bearerAuth" must have `scheme: bearer`', line: scheme('bearerAuth', 'scheme') },
  { name: 'a new Admin-tagged operation under an admin path with bearer', edits: { spec: newAdminOperation(['Admin']) }, rule: 'security-mismatch', names: NEW_ADMIN.label, line: securityKey(NEW_ADMIN) },
  { name: 'a new operation tagged both Users and Admin', edits: { spec: newAdminOperation(['Users', 'Admin']) }, rule: 'policy-conflict', names: NEW_ADMIN.label, line: operationKey(NEW_ADMIN) },
  {
    name: 'no operation using convexDeploy',
    edits: { spec: (a) => admins.forEach((o) => (op(a, o.path, o.method).security = [{ bearerAuth: [] }])) },
    rule: 'scheme-unused',
    names: 'convexDeploy',
    line: scheme('convexDeploy'),
  },
  {
    name: 'every convexDeploy operation removed',
    edits: { spec: (a) => admins.forEach((o) => delete a.paths[o.path][o.method]) },
    rule: 'scheme-unused',
    names: 'convexDeploy',
    line: scheme('convexDeploy'),
  },
];

async function securityOf(dir: string): Promise<{ findings: Finding[]; errors: number }> {
  const { findings, summary } = await runChecks({ root: dir, only: ['security'] });
  return { findings, errors: summary.errors };
}

describe("security check on the repository's own spec", () => {
  it('has operations of both audiences to mutate', () => {
    expect(admins.length).toBeGreaterThan(0);
    expect(users.length).toBeGreaterThan(0);
  });

  /** The public functions whose handlers check no credential and that the policy does not list as public on purpose. */
  function unguardedNotAllowlisted(): string[] {
    const fns = JSON.parse(fs.readFileSync(path.join(REPO, 'convex-function-spec.json'), 'utf8')).functions as Yaml[];
    const allowlisted = new Set((parse(fs.readFileSync(path.join(REPO, 'access-policy.yaml'), 'utf8')).public as Yaml[]).map((e) => e.operation));
    return fns
      .filter((f) => f.identifier && f.visibility.kind === 'public' && !f.aliasOf && f.guards.length === 0)
      .map((f) => `POST /api/run/${f.identifier.replace(/\.js:/, '/')}`)
      .filter((p) => !allowlisted.has(p))
      .sort();
  }

  it('passes the repository as it is, access matrix included: no error, and a warning for exactly each unguarded function', async () => {
    const { findings, errors } = await securityOf(REPO);
    expect(errors).toBe(0);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['function-unguarded']));
    expect(findings.map((f) => f.message.split(' (')[0]).sort()).toEqual(unguardedNotAllowlisted());
  });

  it('passes an unmutated copy (the mutations start from a clean tree)', async () => {
    const { findings, errors } = await securityOf(treeWith(REPO, FILES, { spec: () => {} }));
    expect(errors).toBe(0);
    expect(findings.every((f) => f.rule === 'function-unguarded')).toBe(true);
  });

  for (const m of mutations) {
    it(`fails on: ${m.name} (${m.rule})`, async () => {
      const dir = treeWith(REPO, FILES, m.edits);
      const { findings, errors } = await securityOf(dir);
      expect(errors).toBeGreaterThan(0);
      const hit = findings.find((f) => f.rule === m.rule && f.message.includes(m.names));
      expect(hit, JSON.stringify(findings.map((f) => `${f.rule} ${f.line}: ${f.message}`), null, 1)).toBeDefined();
      expect(hit).toMatchObject({ check: 'security', severity: 'error', file: 'openapi.yaml', line: m.line(dir) });
    });
  }
});
