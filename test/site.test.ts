import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { copyToTemp, REPO, runCheckCli } from './helpers/cli.js';
import { lineOf } from './helpers/tree.js';

const SITE = path.join(REPO, 'test', 'fixtures', 'examples', 'site');
const DRIFT = path.join(REPO, 'test', 'fixtures', 'site', 'drift');

/** The examples fixture site plus the site drift pages under docs/drift/, all but the orphan listed. */
function driftSite(): string {
  const dir = copyToTemp(SITE, 'connvo-site-');
  fs.mkdirSync(path.join(dir, 'docs', 'drift'));
  const pages = fs.readdirSync(DRIFT).filter((f) => f.endsWith('.mdx'));
  for (const f of pages) fs.copyFileSync(path.join(DRIFT, f), path.join(dir, 'docs', 'drift', f));
  const mintPath = path.join(dir, 'mint.json');
  const mint = JSON.parse(fs.readFileSync(mintPath, 'utf8'));
  const listed = pages.filter((f) => f !== 'orphan.mdx').map((f) => `docs/drift/${f.replace(/\.mdx$/, '')}`);
  mint.navigation.push({ group: 'Drift', pages: [...listed, 'docs/drift/missing-page'] });
  fs.writeFileSync(mintPath, JSON.stringify(mint, null, 2));
  return dir;
}

const pick = (findings: Finding[], file: string) =>
  findings
    .filter((f) => f.file === file)
    .map((f) => ({ rule: f.rule, line: f.line }))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));

describe('site check: pages, navigation, links', () => {
  it('passes the fixture site: links and anchors of every kind, a hidden page, openapi: pages', async () => {
    const { findings } = await runChecks({ root: SITE, only: ['site'] });
    expect(findings).toEqual([]);
  });

  describe('drift', () => {
    let dir: string;
    let findings: Finding[];
    beforeAll(async () => {
      dir = driftSite();
      // Every rule with its severity under Connvo's contract (--strict; the fixture has no access policy).
      ({ findings } = await runChecks({ root: dir, only: ['site'], strict: true }));
    });
    const at = (file: string, rule: string, needle: string) => ({ rule, line: lineOf(dir, file, needle) });

    it.each([
      {
        name: 'unknown operation in `openapi:` frontmatter',
        file: 'docs/drift/unknown-operation.mdx',
        expected: () => [at('docs/drift/unknown-operation.mdx', 'openapi-operation-unknown', 'openapi:')],
      },
      {
        name: '`openapi:` with a method the path does not have',
        file: 'docs/drift/wrong-operation-method.mdx',
        expected: () => [at('docs/drift/wrong-operation-method.mdx', 'openapi-operation-unknown', 'openapi:')],
      },
      {
        name: 'navigation entry without a page',
        file: 'mint.json',
        expected: () => [at('mint.json', 'nav-page-missing', '"docs/drift/missing-page"')],
      },
      {
        name: 'orphan page',
        file: 'docs/drift/orphan.mdx',
        expected: () => [{ rule: 'page-orphan', line: 1 }],
      },
      {
        name: 'broken links (Markdown and a <Card href>)',
        file: 'docs/drift/broken-link.mdx',
        expected: () => [at('docs/drift/broken-link.mdx', 'link-broken', '[quickstart]'), at('docs/drift/broken-link.mdx', 'link-broken', '<Card title="Old guide"')],
      },
      {
        name: 'broken anchors (on another page, on the same page)',
        file: 'docs/drift/broken-anchor.mdx',
        expected: () => [at('docs/drift/broken-anchor.mdx', 'anchor-broken', '#the-envelope'), at('docs/drift/broken-anchor.mdx', 'anchor-broken', '#local-headings')],
      },
      {
        name: 'MDX syntax error',
        file: 'docs/drift/mdx-syntax.mdx',
        expected: () => [at('docs/drift/mdx-syntax.mdx', 'mdx-syntax', 'outside code: Authorization')],
      },
    ])('$name: rule, file and line', ({ file, expected }) => {
      expect(pick(findings, file)).toEqual(expected().sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule)));
      for (const f of findings.filter((x) => x.file === file)) expect(f).toMatchObject({ check: 'site', severity: 'error' });
    });

    it('names what is wrong and what would fix it', () => {
      const message = (rule: string) => findings.find((f) => f.rule === rule)!.message;
      expect(message('openapi-operation-unknown')).toMatch(/no path \/api\/run\/meetings\/queries\/getMeetingById \(did you mean \/api\/run\/meetings\/queries\/getMeeting\?\)/);
      expect(findings.find((f) => f.file === 'docs/drift/wrong-operation-method.mdx')!.message).toMatch(/has POST in openapi\.yaml, not GET/);
      expect(message('page-orphan')).toContain('hidden: true');
      expect(message('anchor-broken')).toMatch(/docs\/examples\.mdx has no heading or element with id "the-envelope" \(did you mean "#the-args-format-envelope"\?\)/);
      const syntax = findings.find((f) => f.rule === 'mdx-syntax')!;
      const source = fs.readFileSync(path.join(dir, syntax.file), 'utf8').split('\n')[syntax.line - 1];
      expect(source.slice(syntax.column - 1)).toMatch(/^<user-token>|^user-token>|^>/);
    });

    it('reports nothing else', () => {
      const files = new Set(['mint.json', ...fs.readdirSync(DRIFT).map((f) => `docs/drift/${f}`)]);
      expect(findings.filter((f) => !files.has(f.file))).toEqual([]);
    });
  });

  it('accepts a page that is hidden on purpose, or imported by another page, and not otherwise', async () => {
    const dir = copyToTemp(SITE, 'connvo-site-');
    const hidden = path.join(dir, 'docs', 'hidden.mdx');
    fs.writeFileSync(path.join(dir, 'docs', 'shared-note.mdx'), '---\ntitle: Shared note\n---\n\nUsed as a snippet.\n');
    fs.appendFileSync(path.join(dir, 'docs', 'introduction.mdx'), "\nimport SharedNote from '/docs/shared-note.mdx';\n\n<SharedNote />\n");
    expect((await runChecks({ root: dir, only: ['site'] })).findings).toEqual([]);
    fs.writeFileSync(hidden, fs.readFileSync(hidden, 'utf8').replace('hidden: true\n', ''));
    const found = async (strict: boolean) => (await runChecks({ root: dir, only: ['site'], strict })).findings.map((f) => ({ rule: f.rule, file: f.file, severity: f.severity }));
    // Unlisted but linked from the introduction: findable, so a warning under Connvo's contract; a
    // hidden page as Mintlify documents it (left out of the navigation) on any other site.
    expect(await found(true)).toEqual([{ rule: 'page-unlisted', file: 'docs/hidden.mdx', severity: 'warning' }]);
    expect(await found(false)).toEqual([]);
    // Nothing links to it any more: an orphan, an error under the contract, a warning elsewhere
    // (Mintlify publishes it; only its URL reaches it).
    const intro = path.join(dir, 'docs', 'introduction.mdx');
    fs.writeFileSync(intro, fs.readFileSync(intro, 'utf8').replace('[hidden](/docs/hidden)', 'hidden'));
    expect(await found(true)).toEqual([{ rule: 'page-orphan', file: 'docs/hidden.mdx', severity: 'error' }]);
    expect(await found(false)).toEqual([{ rule: 'page-orphan', file: 'docs/hidden.mdx', severity: 'warning' }]);
  });

  it('reports an `openapi:` value that is not "METHOD /path", and one naming another spec file', async () => {
    const dir = copyToTemp(SITE, 'connvo-site-');
    const page = path.join(dir, 'docs', 'api-reference', 'get-meeting.mdx');
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('openapi: POST /api/run/meetings/queries/getMeeting', 'openapi: getMeeting'));
    const health = path.join(dir, 'docs', 'api-reference', 'health.mdx');
    fs.writeFileSync(health, fs.readFileSync(health, 'utf8').replace('openapi.yaml GET', 'other.yaml GET'));
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line }))).toEqual([
      { rule: 'openapi-frontmatter-invalid', file: 'docs/api-reference/get-meeting.mdx', line: 3 },
      // No other.yaml, but openapi.yaml has the operation: Mintlify renders the page from it.
      { rule: 'openapi-operation-elsewhere', file: 'docs/api-reference/health.mdx', line: 3 },
      // The page no longer names its operation: it is gone from the site.
      { rule: 'operation-unreachable', file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', 'operationId: meetings.queries.getMeeting') - 1 },
    ]);
  });

  it("passes the repository's own docs", async () => {
    const { findings } = await runChecks({ root: REPO, only: ['site'] });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('fails the CLI with file:line for example and site drift, and passes the fixture site', () => {
    const dir = driftSite();
    fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'examples', 'drift', 'bearer-on-admin.mdx'), path.join(dir, 'docs', 'drift', 'bearer-on-admin.mdx'));
    fs.rmSync(path.join(dir, 'docs', 'drift', 'mdx-syntax.mdx'));
    const mintPath = path.join(dir, 'mint.json');
    fs.writeFileSync(mintPath, fs.readFileSync(mintPath, 'utf8').replace('"docs/drift/mdx-syntax",', '"docs/drift/bearer-on-admin",'));
    const r = runCheckCli(['--root', dir, '--only', 'site,examples', '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error file=docs/drift/bearer-on-admin.mdx,line=${lineOf(dir, 'docs/drift/bearer-on-admin.mdx', '--header "Authorization: Bearer')},`);
    expect(r.stdout).toContain(`::error file=docs/drift/broken-anchor.mdx,line=${lineOf(dir, 'docs/drift/broken-anchor.mdx', '#the-envelope')},`);
    const ok = runCheckCli(['--root', SITE, '--only', 'site,examples', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).summary).toMatchObject({ errors: 0, warnings: 1 });
  });
});
