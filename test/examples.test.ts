import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectExamples } from '../scripts/checks/examples.js';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { Workspace } from '../scripts/lib/workspace.js';
import { copyToTemp, REPO } from './helpers/cli.js';
import { lineOf } from './helpers/tree.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'examples');
const SITE = path.join(FIXTURES, 'site');
const DRIFT = path.join(FIXTURES, 'drift');

/** The fixture site plus every drift page under docs/drift/, each listed in the navigation. */
function driftSite(): string {
  const dir = copyToTemp(SITE, 'connvo-examples-');
  fs.mkdirSync(path.join(dir, 'docs', 'drift'));
  const pages = fs.readdirSync(DRIFT).filter((f) => f.endsWith('.mdx'));
  for (const f of pages) fs.copyFileSync(path.join(DRIFT, f), path.join(dir, 'docs', 'drift', f));
  const mintPath = path.join(dir, 'mint.json');
  const mint = JSON.parse(fs.readFileSync(mintPath, 'utf8'));
  mint.navigation.push({ group: 'Drift', pages: pages.map((f) => `docs/drift/${f.replace(/\.mdx$/, '')}`) });
  fs.writeFileSync(mintPath, JSON.stringify(mint, null, 2));
  return dir;
}

const pick = (findings: Finding[], file: string) =>
  findings
    .filter((f) => f.file === file)
    .map((f) => ({ rule: f.rule, line: f.line }))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));

describe('examples check: the fixture site', () => {
  it('passes every example of every client (curl, fetch, Python requests, raw HTTP) and reports the opted-out one as a warning', async () => {
    const { findings } = await runChecks({ root: SITE, only: ['spec', 'site', 'examples'] });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const skipped = findings.filter((f) => f.rule === 'example-skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ check: 'examples', severity: 'warning', file: 'docs/examples.mdx', line: lineOf(SITE, 'docs/examples.mdx', '```bash\ncurl https://your-deployment.convex.cloud/api/run/meetings/queries/getMeeting -H') });
    expect(skipped[0].message).toContain('shows only where the credential goes');
  });

  it('counts what it found: checked, skipped by marker, other APIs', async () => {
    const { examples } = await collectExamples(new Workspace(SITE));
    const count = (status: string) => examples.filter((e) => e.status === status).length;
    expect(new Set(examples.map((e) => e.client))).toEqual(new Set(['curl', 'fetch', 'python-requests', 'http']));
    expect(count('skipped')).toBe(1);
    expect(count('external')).toBe(1); // the WorkOS call
    expect(count('checked')).toBe(examples.length - 2);
    expect(examples.find((e) => e.status === 'checked' && e.client === 'curl' && e.line === lineOf(SITE, 'docs/examples.mdx', 'curl "$CONVEX_URL'))?.target).toBe(
      'POST /api/run/meetings/lifecycle/createMeeting',
    );
  });
});

describe('examples check: drift', () => {
  let dir: string;
  let findings: Finding[];
  beforeAll(async () => {
    dir = driftSite();
    ({ findings } = await runChecks({ root: dir, only: ['site', 'examples'] }));
  });

  const at = (file: string, rule: string, needle: string) => ({ rule, line: lineOf(dir, file, needle) });
  const cases: Array<{ name: string; file: string; expected: () => Array<{ rule: string; line: number }> }> = [
    {
      name: 'unknown path',
      file: 'docs/drift/unknown-path.mdx',
      expected: () => [at('docs/drift/unknown-path.mdx', 'example-unknown-path', 'curl -X POST')],
    },
    {
      name: 'wrong method (inside <RequestExample>)',
      file: 'docs/drift/wrong-method.mdx',
      expected: () => [at('docs/drift/wrong-method.mdx', 'example-wrong-method', 'curl -X GET')],
    },
    {
      name: 'bearer token on an admin endpoint (curl with --data before --header, and Python, inside <CodeGroup>)',
      file: 'docs/drift/bearer-on-admin.mdx',
      expected: () => [
        at('docs/drift/bearer-on-admin.mdx', 'example-auth', '--header "Authorization: Bearer'),
        at('docs/drift/bearer-on-admin.mdx', 'example-auth', 'headers={"Authorization": "Bearer'),
      ],
    },
    {
      name: 'deploy key on a user endpoint, credential on a public one, none on a user one',
      file: 'docs/drift/deploy-key-on-user.mdx',
      expected: () => [
        at('docs/drift/deploy-key-on-user.mdx', 'example-auth', 'Authorization: "Convex'),
        at('docs/drift/deploy-key-on-user.mdx', 'example-auth', 'Authorization: Bearer <user-token>\n```'),
        at('docs/drift/deploy-key-on-user.mdx', 'example-auth', 'curl -X POST'),
      ],
    },
    {
      name: 'unknown args key, missing args key, missing args',
      file: 'docs/drift/args-keys.mdx',
      expected: () => [
        at('docs/drift/args-keys.mdx', 'example-body-invalid', '"includeNotes"'),
        at('docs/drift/args-keys.mdx', 'example-body-invalid', '"args": {"scheduledAt"'),
        at('docs/drift/args-keys.mdx', 'example-body-invalid', `-d '{"format": "json"}'`),
      ],
    },
    {
      name: 'wrong type (fetch with a multi-line JSON.stringify) and a broken `format: uri`',
      file: 'docs/drift/wrong-type.mdx',
      expected: () => [
        at('docs/drift/wrong-type.mdx', 'example-body-invalid', 'scheduledAt: "2025'),
        at('docs/drift/wrong-type.mdx', 'example-body-invalid', 'duration: 30'),
        at('docs/drift/wrong-type.mdx', 'example-body-invalid', '"linkedin ada"'),
      ],
    },
    {
      name: 'missing `format` (raw HTTP) and a wrong one',
      file: 'docs/drift/missing-format.mdx',
      expected: () => [
        at('docs/drift/missing-format.mdx', 'example-body-invalid', '{"args": {"meetingId": "meeting_123"}}'),
        at('docs/drift/missing-format.mdx', 'example-body-invalid', '"convex_encoded_json"'),
      ],
    },
    {
      name: 'body that is not JSON, missing body, opt-out without a reason',
      file: 'docs/drift/body-problems.mdx',
      expected: () => [
        at('docs/drift/body-problems.mdx', 'example-body-not-json', '<meeting-id>'),
        at('docs/drift/body-problems.mdx', 'example-body-missing', 'curl -X POST https://your-deployment.convex.cloud/api/run/meetings/queries/getMeeting -H'),
        at('docs/drift/body-problems.mdx', 'example-skip-reason', 'check-examples: skip */'),
      ],
    },
  ];

  it.each(cases)('$name: rule, file and line', ({ file, expected }) => {
    expect(pick(findings, file)).toEqual(expected().sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule)));
    for (const f of findings.filter((x) => x.file === file)) expect(f.check).toBe('examples');
  });

  it('points at the exact column of the offending key, and says what is wrong', () => {
    const file = 'docs/drift/args-keys.mdx';
    const unknownKey = findings.find((f) => f.file === file && f.message.includes('includeNotes'))!;
    const source = fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[unknownKey.line - 1];
    expect(source.slice(unknownKey.column - 1)).toMatch(/^"includeNotes"/);
    expect(unknownKey.message).toMatch(/`args` has unknown property "includeNotes" \(allowed: meetingId\)/);
    const missing = findings.find((f) => f.file === file && f.message.includes('"title"'))!;
    expect(missing.message).toMatch(/`args` is missing required property "title"/);
    const admin = findings.find((f) => f.file === 'docs/drift/bearer-on-admin.mdx')!;
    expect(admin.message).toContain('requires convexDeploy (`Authorization: Convex <deploy-key>`)');
    expect(admin.message).toContain('sends `Authorization: Bearer …`');
  });

  it('leaves the fixture pages without drift alone', () => {
    expect(findings.filter((f) => !f.file.startsWith('docs/drift/') && f.rule !== 'example-skipped')).toEqual([]);
  });
});

describe('examples check: spec examples', () => {
  it('reports an invalid request or response example at its line, and an operation without one', async () => {
    const dir = copyToTemp(SITE, 'connvo-examples-');
    const specPath = path.join(dir, 'openapi.yaml');
    let spec = fs.readFileSync(specPath, 'utf8');
    spec = spec.replace('              args:\n                meetingId: meeting_123\n              format: json', '              args:\n                meetingId: 123\n              format: json');
    spec = spec.replace("              example:\n                status: success\n                value:\n                  state: done\n", '');
    spec = spec.replace("                displayName: Ada Lovelace\n                linkedinUrl: https://www.linkedin.com/in/ada\n              format: json\n", '                displayName: Ada Lovelace\n              format: jsonp\n');
    fs.writeFileSync(specPath, spec);
    // Without an access policy the tree is not held to the reference contract: Mintlify builds the
    // example from the schema, so a missing one is not reported, or (--strict) is a warning.
    const missingOf = async (strict: boolean) => (await runChecks({ root: dir, only: ['examples'], strict })).findings.filter((f) => f.rule === 'spec-example-missing').map((f) => f.severity);
    expect(await missingOf(false)).toEqual([]);
    expect(await missingOf(true)).toEqual(['warning']);
    fs.copyFileSync(path.join(REPO, 'access-policy.yaml'), path.join(dir, 'access-policy.yaml'));
    const { findings } = await runChecks({ root: dir, only: ['examples'] });
    const spotted = findings.map((f) => ({ rule: f.rule, line: f.line, file: f.file }));
    expect(spotted).toContainEqual({ rule: 'spec-example-invalid', file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', 'meetingId: 123') });
    expect(spotted).toContainEqual({ rule: 'spec-example-invalid', file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', 'format: jsonp') });
    const missing = findings.filter((f) => f.rule === 'spec-example-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain('admin.migrations.getMigrationStatus');
    const responses = spec.indexOf('/api/run/admin/migrations/getMigrationStatus');
    expect(missing[0].line).toBe(spec.slice(0, spec.indexOf("'200':", responses)).split('\n').length);
    expect(findings.filter((f) => f.file === 'openapi.yaml').every((f) => f.severity === 'error')).toBe(true);
  });
});

describe('examples check: examples built from the spec pass, and drift in them fails', () => {
  type Op = { method: string; path: string; security: string[]; optional: boolean; example?: unknown };
  async function operations(root: string): Promise<Op[]> {
    const spec = (await new Workspace(root).specs())[0].api;
    const out: Op[] = [];
    for (const [p, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const [m, op] of Object.entries<any>(item)) {
        const sec = (op.security ?? spec.security ?? []) as Array<Record<string, unknown>>;
        out.push({ method: m.toUpperCase(), path: p, security: sec.flatMap((r) => Object.keys(r)), optional: sec.some((r) => Object.keys(r).length === 0), example: op.requestBody?.content?.['application/json']?.example });
      }
    }
    return out;
  }
  const credential: Record<string, string> = { bearerAuth: 'Bearer <user-token>', convexDeploy: 'Convex <deploy-key>' };
  const other: Record<string, string> = { bearerAuth: 'Convex <deploy-key>', convexDeploy: 'Bearer <user-token>' };
  function page(ops: Op[], auth: Record<string, string>): string {
    const blocks = ops.map((op) => {
      const header = op.security[0] ? auth[op.security[0]] : undefined;
      const body = op.example === undefined ? '' : JSON.stringify(op.example);
      const url = `https://your-deployment.convex.cloud${op.path}`;
      const curl = [`curl -X ${op.method} ${url}`, header && `  -H "Authorization: ${header}"`, body && `  -H "Content-Type: application/json"`, body && `  -d '${body.replace(/'/g, "'\\''")}'`].filter(Boolean).join(' \\\n');
      const fetch = `await fetch("${url}", {\n  method: "${op.method}",\n  headers: {${header ? ` Authorization: "${header}",` : ''} "Content-Type": "application/json" },${body ? `\n  body: JSON.stringify(${body}),` : ''}\n});`;
      const python = `import requests\n\nrequests.request(\n    "${op.method}",\n    "${url}",${header ? `\n    headers={"Authorization": "${header}"},` : ''}${body ? `\n    json=${body.replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None')},` : ''}\n)`;
      const http = `${op.method} ${op.path} HTTP/1.1\nHost: your-deployment.convex.cloud${header ? `\nAuthorization: ${header}` : ''}\nContent-Type: application/json\n${body ? `\n${body}` : ''}`;
      return `## ${op.method} ${op.path}\n\n<CodeGroup>\n\`\`\`bash curl\n${curl}\n\`\`\`\n\n\`\`\`javascript fetch\n${fetch}\n\`\`\`\n\n\`\`\`python requests\n${python}\n\`\`\`\n\n\`\`\`http raw\n${http}\n\`\`\`\n</CodeGroup>\n`;
    });
    return `---\ntitle: Generated\nhidden: true\n---\n\n${blocks.join('\n')}`;
  }

  it.each([
    ['the fixture spec', SITE],
    ["the repository's openapi.yaml", REPO],
  ])('%s: one example per client per operation, from its own request example', async (_name, root) => {
    const ops = await operations(root);
    expect(ops.length).toBeGreaterThan(3);
    const dir = copyToTemp(SITE, 'connvo-examples-');
    fs.copyFileSync(path.join(root, 'openapi.yaml'), path.join(dir, 'openapi.yaml'));
    fs.rmSync(path.join(dir, 'docs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'docs'));
    // Pages of ten operations: each stays under the size above which a page is parsed under a time
    // budget (a 500 KB page can exceed it on a loaded machine, and this is not about page size).
    const writePages = (auth: Record<string, string>) => {
      for (let i = 0; i * 10 < ops.length; i++) fs.writeFileSync(path.join(dir, 'docs', `generated-${i}.mdx`), page(ops.slice(i * 10, i * 10 + 10), auth));
    };
    writePages(credential);
    const good = await collectExamples(new Workspace(dir));
    expect(good.findings.filter((f) => f.file.endsWith('.mdx'))).toEqual([]);
    expect(good.examples.filter((e) => e.status === 'checked')).toHaveLength(ops.length * 4);

    // The same page with each operation's credential swapped: every protected example fails (one
    // that offers a token as optional also takes a call without it, so another style is no error).
    writePages(other);
    const bad = await collectExamples(new Workspace(dir));
    const protectedOps = ops.filter((op) => op.security.length > 0 && !op.optional).length;
    expect(bad.findings.filter((f) => f.rule === 'example-auth')).toHaveLength(protectedOps * 4);
  });
});

describe("examples check: the repository's own docs", () => {
  it('pass, and hold request examples that are checked', async () => {
    const { findings, examples } = await collectExamples(new Workspace(REPO));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(examples.filter((e) => e.status === 'checked').length).toBeGreaterThan(0);
  });
});

describe('spec examples as the playground shows them', () => {
  /** A one-operation spec (JSON) whose request and response are given by `content`, and its page. */
  function specSite(request: unknown, response: unknown, shownBy: 'page' | 'directory' | 'nothing' = 'page'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-spec-examples-'));
    const api = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      paths: { '/thing': { post: { operationId: 'thing', requestBody: { content: request }, responses: { 200: { description: 'OK', content: response } } } } },
    };
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(api, null, 2));
    fs.copyFileSync(path.join(REPO, 'access-policy.yaml'), path.join(dir, 'access-policy.yaml'));
    if (shownBy === 'page') fs.writeFileSync(path.join(dir, 'thing.mdx'), '---\ntitle: Thing\nopenapi: POST /thing\n---\n');
    if (shownBy !== 'page') {
      const group = shownBy === 'directory' ? { group: 'API', openapi: { source: 'openapi.json', directory: 'api' } } : { group: 'Guides', pages: ['intro'] };
      fs.writeFileSync(path.join(dir, 'intro.mdx'), '---\ntitle: Intro\n---\n');
      fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify({ $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'T', colors: { primary: '#000000' }, navigation: { groups: [group] } }));
    }
    return dir;
  }
  const rulesOf = async (dir: string) => (await runChecks({ root: dir, only: ['examples'] })).findings.map((f) => f.rule);

  it('a schema whose every field has an example, default or enum is an example', async () => {
    const exemplified = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', example: 'Ada' }, kind: { type: 'string', enum: ['a', 'b'] }, n: { type: 'integer', default: 1 } } } } };
    expect(await rulesOf(specSite(exemplified, exemplified))).toEqual([]);
    const partly = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', example: 'Ada' }, other: { type: 'string' } } } } };
    expect(await rulesOf(specSite(partly, exemplified))).toEqual(['spec-example-missing']);
    const [finding] = (await runChecks({ root: specSite(partly, exemplified), only: ['examples'] })).findings;
    expect(finding.message).toContain('its schema gives no example, default or enum for other (');
  });

  it('an operation the site never shows owes no example (no playground); one a page or a generated directory shows does', async () => {
    const bare = { 'application/json': { schema: { type: 'object', properties: { other: { type: 'string' } } } } };
    expect(await rulesOf(specSite(bare, bare, 'page'))).toEqual(['spec-example-missing', 'spec-example-missing']);
    expect(await rulesOf(specSite(bare, bare, 'directory'))).toEqual(['spec-example-missing', 'spec-example-missing']);
    const hidden = specSite(bare, bare, 'nothing');
    expect(await rulesOf(hidden)).toEqual([]);
    // It is reported once, as a spec the site does not use.
    expect((await runChecks({ root: hidden, only: ['site'] })).findings.map((f) => f.rule)).toContain('spec-unused');
  });

  it('an example with a property its schema does not list is valid unless the schema forbids more (additionalProperties: false)', async () => {
    const open = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } }, example: { name: 'Ada', extra: 1 } } };
    expect(await rulesOf(specSite(open, open))).toEqual([]);
    const closed = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }, example: { name: 'Ada', extra: 1 } } };
    expect(await rulesOf(specSite(closed, open))).toEqual(['spec-example-invalid']);
  });

  it("an example rule the site's redocly.yaml turns on is reported once: by the examples check when it runs, else by the spec check", async () => {
    const closed = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }, example: { name: 'Ada', extra: 1 } } };
    const open = { 'application/json': { schema: { type: 'object' }, example: {} } };
    const dir = specSite(closed, open);
    fs.writeFileSync(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\nrules:\n  no-invalid-media-type-examples: warn\n');
    const rules = async (only: string[]) => (await runChecks({ root: dir, only })).findings.map((f) => f.rule).filter((r) => /example/.test(r));
    expect(await rules(['spec', 'examples'])).toEqual(['spec-example-invalid']);
    expect(await rules(['spec'])).toEqual(['no-invalid-media-type-examples']);
    expect(await rules(['examples'])).toEqual(['spec-example-invalid']);
  });

  it("the site's Redocly ignore file (.redocly.lint-ignore.yaml) applies to the example rules too", async () => {
    const closed = { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }, example: { name: 'Ada', extra: 1 } } };
    const open = { 'application/json': { schema: { type: 'object' }, example: {} } };
    const dir = specSite(closed, open);
    fs.writeFileSync(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const [invalid] = (await runChecks({ root: dir, only: ['examples'] })).findings;
    expect(invalid.rule).toBe('spec-example-invalid');
    const pointer = '#/paths/~1thing/post/requestBody/content/application~1json/example/extra';
    expect(lineOf(dir, 'openapi.json', '"extra": 1')).toBe(invalid.line);
    fs.writeFileSync(path.join(dir, '.redocly.lint-ignore.yaml'), `openapi.json:\n  no-invalid-media-type-examples:\n    - '${pointer}'\n`);
    for (const only of [['examples'], ['spec', 'examples']]) expect((await runChecks({ root: dir, only })).findings.filter((f) => /example/.test(f.rule))).toEqual([]);
  });

  it('a site whose main spec is a URL: an example of a path the local spec lacks is not reported', async () => {
    const dir = specSite({ 'application/json': { schema: { type: 'object' }, example: {} } }, { 'application/json': { schema: { type: 'object' }, example: {} } });
    const api = JSON.parse(fs.readFileSync(path.join(dir, 'openapi.json'), 'utf8'));
    api.servers = [{ url: 'https://api.acme.test' }];
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(api));
    fs.writeFileSync(path.join(dir, 'chat.mdx'), '---\ntitle: Chat\n---\n\n```bash\ncurl -X POST https://api.acme.test/v1/chat\n```\n');
    expect(await rulesOf(dir)).toEqual(['example-unknown-path']);
    const docs = { $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'T', colors: { primary: '#000000' }, navigation: { groups: [{ group: 'API', openapi: 'https://specs.acme.test/openapi.yaml', pages: ['thing', 'chat'] }] } };
    fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify(docs));
    expect(await rulesOf(dir)).toEqual(['spec-remote']); // said once, where the config names the URL
  });

  it('a file upload or download owes no example', async () => {
    const binary = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
    expect(await rulesOf(specSite(binary, { 'image/png': { schema: { type: 'string', format: 'binary' } } }))).toEqual([]);
  });

  it('an example the validator cannot check (nullable without type) is not reported as invalid', async () => {
    const nullable = { 'application/json': { schema: { type: 'object', properties: { x: { nullable: true, allOf: [{ type: 'string' }] } } }, example: { x: 'y' } } };
    expect(await rulesOf(specSite(nullable, nullable))).toEqual([]);
  });
});
