import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { MAX_MDX_BYTES, Workspace } from '../scripts/lib/workspace.js';
import { REPO, runCheckInProcess, snapshotTree } from './helpers/cli.js';
import { lineOf, tempTree } from './helpers/tree.js';

const tree = tempTree;

const page = (title: string, body = '', extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;
const spec = (paths: Record<string, string>) =>
  `openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\npaths:\n${Object.entries(paths)
    .map(([p, summary]) => `  ${p}:\n    get:\n      operationId: ${summary.replace(/\W/g, '')}\n      summary: ${summary}\n      responses:\n        '200':\n          description: OK\n`)
    .join('')}`;

const rules = (findings: Finding[], check?: string) => findings.filter((f) => !check || f.check === check).map((f) => `${f.rule} ${f.file}:${f.line}`);

/** A docs.json site in docs/ of the tree: tabs, languages, a $ref include, openapi with a directory. */
function docsJsonSite(): string {
  return tree({
    'docs/docs.json': JSON.stringify(
      {
        $schema: 'https://mintlify.com/docs.json',
        theme: 'mint',
        name: 'Model',
        colors: { primary: '#4F46E5' },
        navigation: {
          languages: [
            {
              language: 'en',
              tabs: [
                { tab: 'Guides', groups: [{ group: 'Start', pages: ['index', { group: 'Nested', root: 'nested/overview', pages: ['nested/deep'] }] }] },
                { tab: 'Included', $ref: './nav/included.json' },
                { tab: 'API', groups: [{ group: 'Reference', openapi: { source: 'api/convex.yaml', directory: 'reference' }, pages: [] }] },
              ],
            },
            { language: 'es', groups: [{ group: 'Inicio', pages: ['es/index'] }] },
          ],
        },
        redirects: [
          { source: '/old', destination: '/index' },
          { source: '/gone', destination: '/nowhere' },
          { source: '/a', destination: '/b' },
          { source: '/b', destination: '/a' },
        ],
      },
      null,
      2,
    ),
    'docs/nav/included.json': JSON.stringify({ groups: [{ group: 'From include', pages: ['included/page'] }] }, null, 2),
    'docs/index.mdx': page('Home', "import Note from '/snippets/note.mdx';\n\n<Note />\n\nSee [the deep page](/nested/deep) and [the generated one](/reference/meetings/list-meetings)."),
    'docs/nested/overview.mdx': page('Overview'),
    'docs/nested/deep.mdx': page('Deep'),
    'docs/included/page.mdx': page('Included'),
    'docs/es/index.mdx': page('Inicio'),
    'docs/snippets/note.mdx': 'A snippet: no frontmatter, no title, in no navigation.\n',
    'docs/api/convex.yaml': spec({ '/meetings': 'List meetings' }).replace('      summary: List meetings\n', '      summary: List meetings\n      tags: [Meetings]\n'),
    'docs/README.md': '# Not a page\n',
    'docs/drafts/wip.mdx': page('Work in progress'),
    'docs/.mintignore': 'drafts/\n',
    'README.md': '# The repository around the docs\n',
  });
}

/** Read docs/docs.json, let `edit` change it, write it back. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function editDocsJson(dir: string, edit: (json: any) => void): void {
  const config = path.join(dir, 'docs', 'docs.json');
  const json = JSON.parse(fs.readFileSync(config, 'utf8'));
  edit(json);
  fs.writeFileSync(config, JSON.stringify(json, null, 2));
}

describe('site model: docs.json', () => {
  it('finds the docs root under --root, reads every division, includes and openapi directories', async () => {
    const dir = docsJsonSite();
    const ws = new Workspace(dir);
    const site = ws.site();
    expect(site.docsDir).toBe('docs');
    expect(site.config?.file).toBe('docs/docs.json');
    expect(site.navigation.map((e) => e.page).sort()).toEqual(['es/index', 'included/page', 'index', 'nested/deep', 'nested/overview']);
    expect(site.navigation.find((e) => e.page === 'included/page')?.file).toBe('docs/nav/included.json');
    expect(site.openapiSources).toMatchObject([{ source: 'api/convex.yaml', directory: 'reference', generatesAll: true }]);
    expect(ws.pages().map((p) => p.route).sort()).toEqual(['es/index', 'included/page', 'index', 'nested/deep', 'nested/overview']);
    expect(ws.documents().filter((d) => d.kind === 'snippet').map((d) => d.file)).toEqual(['docs/snippets/note.mdx']);
    expect((await ws.specs()).map((s) => s.file)).toEqual(['docs/api/convex.yaml']);
  });

  it('pages are what Mintlify\'s ignore rules leave: a dist/ or coverage/ folder is published, node_modules is not', () => {
    const dir = docsJsonSite();
    for (const rel of ['dist/guide.mdx', 'coverage/report.mdx', 'node_modules/pkg/readme.mdx']) {
      fs.mkdirSync(path.dirname(path.join(dir, 'docs', rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'docs', rel), page('Elsewhere'));
    }
    const routes = new Workspace(dir).pages().map((p) => p.route);
    expect(routes).toContain('dist/guide');
    expect(routes).toContain('coverage/report');
    expect(routes.filter((r) => r.startsWith('node_modules'))).toEqual([]);
  });

  it('a folder reached by two paths (a symlink inside the tree) has its pages under both, as Mintlify lists them', () => {
    const dir = docsJsonSite();
    fs.symlinkSync('nested', path.join(dir, 'docs', 'zalias'));
    const routes = new Workspace(dir).pages().map((p) => p.route);
    expect(routes).toEqual(expect.arrayContaining(['nested/deep', 'zalias/deep', 'nested/overview', 'zalias/overview']));
  });

  it('checks it: generated pages count as pages, redirects are followed, nothing else is reported', async () => {
    const dir = docsJsonSite();
    const before = snapshotTree(dir);
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(snapshotTree(dir)).toEqual(before);
    const at = (needle: string) => lineOf(dir, 'docs/docs.json', needle);
    expect(rules(findings).sort()).toEqual([
      `redirect-loop docs/docs.json:${at('"destination": "/b"')}`,
      `redirect-loop docs/docs.json:${at('"destination": "/a"')}`,
      `redirect-target-missing docs/docs.json:${at('"destination": "/nowhere"')}`,
    ]);
    expect(findings.find((f) => f.rule === 'redirect-loop')?.message).toContain('/a → /b → /a');
  });

  it('a navigation typo and a broken link say what was meant', async () => {
    const dir = docsJsonSite();
    const config = path.join(dir, 'docs', 'docs.json');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"nested/deep"', '"nested/deeep"'));
    fs.appendFileSync(path.join(dir, 'docs', 'es', 'index.mdx'), '\n[Inicio](/nested/overveiw)\n');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.find((f) => f.rule === 'nav-page-missing')?.message).toContain('did you mean "nested/deep"?');
    expect(findings.find((f) => f.rule === 'link-broken')?.message).toContain('did you mean "/nested/overview"?');
  });

  it('an invalid docs.json names the mistake and its place, not V8 message', async () => {
    const dir = docsJsonSite();
    const config = path.join(dir, 'docs', 'docs.json');
    const text = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, text.replace('"colors": {\n    "primary": "#4F46E5"\n  }', '"colors": {\n    "primary": "#4F46E5",\n  }'));
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    const syntax = findings.find((f) => f.rule === 'docs-json-syntax')!;
    const lines = fs.readFileSync(config, 'utf8').split('\n');
    expect(syntax.message).toMatch(/^invalid JSON: trailing comma at \d+:\d+$/);
    expect(lines[syntax.line - 1][syntax.column - 1]).toBe(',');
  });
});

describe('site model: mint.json', () => {
  it('pages next to the config, two specs, named and unnamed openapi: frontmatter, both configs side by side', async () => {
    const dir = tree({
      'mint.json': JSON.stringify({ name: 'M', logo: { dark: '/l.svg', light: '/l.svg' }, favicon: '/l.svg', colors: { primary: '#4F46E5' }, navigation: [{ group: 'G', pages: ['intro', 'v2/list', 'v1-list', 'any'] }] }, null, 2),
      'l.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'intro.mdx': page('Intro'),
      'v2/list.mdx': page('List v2', '', 'openapi: "v2/openapi GET /things"\n'),
      'v1-list.mdx': page('List v1', '', 'openapi: "v1.yaml GET /items"\n'),
      'any.mdx': page('Any', '', 'openapi: GET /items/{id}\n'),
      'v2/openapi.json': JSON.stringify({ openapi: '3.1.0', info: { title: 'v2', version: '2' }, paths: { '/things': { get: { summary: 'Things', responses: { 200: { description: 'OK' } } } } } }),
      'v1.yaml': spec({ '/items': 'Items', '/items/{id}': 'Item' }),
    });
    const ws = new Workspace(dir);
    expect(ws.site().docsDir).toBe('');
    expect((await ws.specs()).map((s) => s.file).sort()).toEqual(['v1.yaml', 'v2/openapi.json']);
    const clean = await runChecks({ root: dir, only: ['site'] });
    expect(rules(clean.findings)).toEqual([]);
    // The named spec is a preference: v1.yaml has no /things, so Mintlify renders the page from
    // v2/openapi.json, which has it (a warning: the name is wrong, the page is not).
    fs.writeFileSync(path.join(dir, 'v2', 'list.mdx'), page('List v2', '', 'openapi: "v1 GET /things"\n'));
    const elsewhere = await runChecks({ root: dir, only: ['site'] });
    expect(rules(elsewhere.findings)).toEqual(['openapi-operation-elsewhere v2/list.mdx:3']);
    expect(elsewhere.findings[0].message).toContain('Mintlify renders the page from v2/openapi.json');
    // No spec has it: the page renders no operation.
    fs.writeFileSync(path.join(dir, 'v2', 'list.mdx'), page('List v2', '', 'openapi: "v1 GET /nothing"\n'));
    const wrong = await runChecks({ root: dir, only: ['site'] });
    expect(rules(wrong.findings).sort()).toEqual(['openapi-operation-unknown v2/list.mdx:3', 'spec-unused v2/openapi.json:1']);
    // docs.json beside mint.json wins; a mint.json that disagrees with it is a stale twin.
    const upgraded = { $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'M', colors: { primary: '#4F46E5' }, navigation: { groups: [{ group: 'G', pages: ['intro', 'v2/list', 'v1-list', 'any'] }] } };
    fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify(upgraded, null, 2));
    const twin = await runChecks({ root: dir, only: ['site'] });
    expect(new Workspace(dir).site().config?.kind).toBe('docs');
    expect(rules(twin.findings)).toContain('config-stale-twin mint.json:1');
  });

  it("this repository's docs are read from mint.json at the root, .mintignore keeping its code off the site", () => {
    const ws = new Workspace(REPO);
    expect(ws.site().config?.file).toBe('mint.json');
    expect(ws.pages().every((p) => p.file.startsWith('docs/'))).toBe(true);
    expect(ws.pages().length).toBeGreaterThan(30);
  });
});

describe('the whole check runs on a site laid out another way', () => {
  it('a docs.json site under docs/ with no access policy: exit 0 or 1, never 2, the tree unchanged', async () => {
    const dir = docsJsonSite();
    const before = snapshotTree(dir);
    const r = await runCheckInProcess(['--root', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const findings = JSON.parse(r.stdout).findings as Finding[];
    // Connvo's access contract is not another site's: nothing of it without --strict.
    expect(findings.filter((f) => f.check === 'security')).toEqual([]);
    const strict = await runCheckInProcess(['--root', dir, '--format', 'json', '--strict']);
    const strictFindings = JSON.parse(strict.stdout).findings as Finding[];
    expect(strictFindings.filter((f) => f.rule === 'policy-missing')).toHaveLength(1);
    expect(strictFindings.filter((f) => f.rule === 'policy-unclassified')).toEqual([]);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('frontmatter as Mintlify reads it (front-matter, js-yaml 3)', () => {
  it('a quoted value continued on an unindented line is valid; broken YAML is a finding at its line', async () => {
    const dir = docsJsonSite();
    fs.writeFileSync(path.join(dir, 'docs', 'nested', 'deep.mdx'), '---\ntitle: "A title that goes on\non the next line"\n---\n\nDeep.\n');
    fs.writeFileSync(path.join(dir, 'docs', 'nested', 'overview.mdx'), '---\ntitle: Overview\nbroken: : :\n---\n\nOverview.\n');
    const ws = new Workspace(dir);
    expect(ws.pages().find((p) => p.route === 'nested/deep')!.mdx().frontmatter.title).toBe('A title that goes on on the next line');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(rules(findings).filter((r) => r.startsWith('frontmatter-syntax'))).toEqual(['frontmatter-syntax docs/nested/overview.mdx:3']);
  });
});

describe('links and redirects as Mintlify resolves them', () => {
  it('redirects from a $ref include and with `*` wildcards answer links; a folder of pages answers a link', async () => {
    const dir = docsJsonSite();
    editDocsJson(dir, (json) => {
      json.redirects = { $ref: './redirects.json' };
    });
    fs.writeFileSync(path.join(dir, 'docs', 'redirects.json'), JSON.stringify([{ source: '/legacy/*', destination: '/index' }, { source: '/lost', destination: '/nowhere' }], null, 2));
    fs.appendFileSync(path.join(dir, 'docs', 'es', 'index.mdx'), '\n[a](/legacy/page) [b](/legacy) [c](/nested) [d](/nestedx)\n');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    const line = lineOf(dir, 'docs/es/index.mdx', '[a]');
    expect(rules(findings).sort()).toEqual([`link-broken docs/es/index.mdx:${line}`, `link-broken docs/es/index.mdx:${line}`, `redirect-target-missing docs/redirects.json:${lineOf(dir, 'docs/redirects.json', '"/nowhere"')}`]);
    // `/legacy/*` answers what is below /legacy/, not /legacy itself (Mintlify's matcher: `*` after a `/`).
    expect(findings.filter((f) => f.rule === 'link-broken').map((f) => /^link to "([^"]*)"/.exec(f.message)![1])).toEqual(['/legacy', '/nestedx']);
  });
});

describe('where links land: redirects followed, the home page, a folder entry', () => {
  it('a link a redirect moves resolves where it lands; one that lands nowhere is broken, with where it went', async () => {
    const dir = docsJsonSite();
    editDocsJson(dir, (json) => {
      json.redirects = [{ source: '/docs/:slug*', destination: '/:slug*' }];
    });
    fs.writeFileSync(path.join(dir, 'docs', 'extra.mdx'), page('Extra'));
    fs.appendFileSync(path.join(dir, 'docs', 'es', 'index.mdx'), '\n[a](/docs/extra) [b](/docs/welcome) [c](/docs)\n');
    const { findings } = await runChecks({ root: dir, only: ['site'], strict: true });
    const broken = findings.filter((f) => f.rule === 'link-broken');
    // `/docs/:slug*` needs a segment after /docs/: /docs itself is no page and no redirect answers it.
    expect(broken.map((f) => f.message)).toEqual([expect.stringContaining('"/docs/welcome": the redirects send it to "/welcome"'), expect.stringContaining('link to "/docs": no page or file answers to it')]);
    // extra.mdx is reached through the redirect: linked, not an orphan (and, as Mintlify hides an
    // unlisted page, not reported at all without --strict).
    expect(rules(findings).filter((r) => r.includes('docs/extra.mdx'))).toEqual(['page-unlisted docs/extra.mdx:1']);
    const byDefault = await runChecks({ root: dir, only: ['site'] });
    expect(rules(byDefault.findings).filter((r) => r.includes('docs/extra.mdx'))).toEqual([]);
  });

  it('an unlisted page whose path a redirect answers is never shown: page-redirected, not unlisted', async () => {
    const dir = docsJsonSite();
    editDocsJson(dir, (json) => {
      json.redirects = [{ source: '/moved/:slug*', destination: '/nested/:slug*' }];
    });
    fs.mkdirSync(path.join(dir, 'docs', 'moved'));
    fs.writeFileSync(path.join(dir, 'docs', 'moved', 'deep.mdx'), page('Old deep'));
    fs.writeFileSync(path.join(dir, 'docs', 'stray.mdx'), page('Stray'));
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => /^page-/.test(f.rule)).map((f) => `${f.rule} ${f.file}`).sort()).toEqual(['page-orphan docs/stray.mdx', 'page-redirected docs/moved/deep.mdx']);
  });

  it('the home page needs no entry; an entry "x" lists x/index.mdx (Mintlify warns, and its link shows the page)', async () => {
    const dir = docsJsonSite();
    fs.mkdirSync(path.join(dir, 'docs', 'guide'));
    fs.writeFileSync(path.join(dir, 'docs', 'guide', 'index.mdx'), page('Guide'));
    editDocsJson(dir, (json) => {
      const start = json.navigation.languages[0].tabs[0].groups[0];
      expect(start.pages[0]).toBe('index');
      start.pages[0] = 'guide'; // the home page leaves the navigation; the folder's index page joins it as "guide"
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    const about = findings.filter((f) => /page-(orphan|unlisted)|nav-page-missing/.test(f.rule)).map((f) => `${f.rule} ${f.severity} ${f.file}`);
    expect(about).toEqual(['nav-page-missing warning docs/docs.json']);
    expect(findings.find((f) => f.rule === 'nav-page-missing')?.message).toContain('write "guide/index"');
  });
});

describe('operation references as Mintlify resolves them', () => {
  it('a trailing slash on either side still names the operation; the operation is then on the site', async () => {
    const dir = docsJsonSite();
    fs.writeFileSync(path.join(dir, 'docs', 'api', 'other.yaml'), spec({ '/items/': 'Items', '/things': 'Things' }));
    fs.writeFileSync(path.join(dir, 'docs', 'items.mdx'), page('Items', '', 'openapi: "api/other GET /items"\n'));
    fs.writeFileSync(path.join(dir, 'docs', 'things.mdx'), page('Things', '', 'openapi: "api/other.yaml GET /things/"\n'));
    const config = path.join(dir, 'docs', 'docs.json');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"es/index"', '"es/index", "items", "things"'));
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(rules(findings).filter((r) => /openapi-operation-unknown|operation-unreachable|spec-unused/.test(r))).toEqual([]);
  });
});

describe('which spec an operation reference names, in Mintlify\'s order', () => {
  it('the exact file first, then a spec whose path contains the name, then any spec that has the operation', async () => {
    const dir = docsJsonSite();
    fs.mkdirSync(path.join(dir, 'docs', 'v2', 'api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs', 'v2', 'api', 'convex.yaml'), spec({ '/meetings': 'List meetings' }));
    fs.writeFileSync(path.join(dir, 'docs', 'list.mdx'), page('List', '', 'openapi: "api/convex GET /meetings"\n'));
    const config = path.join(dir, 'docs', 'docs.json');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"es/index"', '"es/index", "list"'));
    const unused = async () => (await runChecks({ root: dir, only: ['site'] })).findings.filter((f) => /spec-unused|openapi-operation/.test(f.rule)).map((f) => `${f.rule} ${f.file}`);
    // api/convex.yaml is named exactly: v2/api/convex.yaml (which also contains the name) stays unused.
    expect(await unused()).toEqual(['spec-unused docs/v2/api/convex.yaml']);
    fs.writeFileSync(path.join(dir, 'docs', 'list.mdx'), page('List', '', 'openapi: "v2/api/convex GET /meetings"\n'));
    expect(await unused()).toEqual([]);
  });
});

describe('specs named outside the navigation, and specs that are not here', () => {
  it('docs.json api.openapi names specs; a reference that may be on a remote spec is unknown, not wrong', async () => {
    const dir = docsJsonSite();
    editDocsJson(dir, (json) => {
      json.api = { openapi: ['extra/v3-openapi.yaml'] };
      json.navigation.languages[1].groups.push({ group: 'Remote', openapi: 'https://api.example.invalid/openapi.json', pages: ['remote-op'] });
      json.navigation.languages[1].groups[0].pages.push('v3-op');
    });
    fs.mkdirSync(path.join(dir, 'docs', 'extra'));
    fs.writeFileSync(path.join(dir, 'docs', 'extra', 'v3-openapi.yaml'), spec({ '/v3/jobs': 'Jobs' }).replace('openapi: 3.1.0', 'openapi: 3.1.0\nx-note: named by api.openapi'));
    fs.writeFileSync(path.join(dir, 'docs', 'v3-op.mdx'), page('Jobs', '', 'openapi: "extra/v3-openapi GET /v3/jobs"\n'));
    fs.writeFileSync(path.join(dir, 'docs', 'remote-op.mdx'), '---\nopenapi: GET /only/on/the/remote/spec\n---\n');
    const ws = new Workspace(dir);
    expect(ws.site().openapiSources.map((s) => s.source)).toContain('extra/v3-openapi.yaml');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    // The URL source is said once, as a warning; nothing else beyond the fixture's redirects.
    expect(rules(findings).filter((r) => !r.startsWith('redirect-'))).toEqual([`spec-remote docs/docs.json:${lineOf(dir, 'docs/docs.json', '"openapi": "https://')}`]);
    expect(findings.find((f) => f.rule === 'spec-remote')?.severity).toBe('warning');
  });
});

describe("Connvo's house rules apply to a tree with an access policy", () => {
  it('a page without a title: nothing on any Mintlify site (Mintlify titles it from its path), a warning with --strict, an error where the tree has an access policy', async () => {
    const dir = docsJsonSite();
    fs.writeFileSync(path.join(dir, 'docs', 'nested', 'deep.mdx'), 'No frontmatter at all.\n');
    const title = (r: Awaited<ReturnType<typeof runChecks>>) => r.findings.filter((f) => f.rule === 'page-title-missing').map((f) => `${f.severity} ${f.file}`);
    expect(title(await runChecks({ root: dir, only: ['site'] }))).toEqual([]);
    const strict = await runChecks({ root: dir, only: ['site'], strict: true });
    expect(title(strict)).toEqual(['warning docs/nested/deep.mdx']);
    expect(strict.findings.find((f) => f.rule === 'page-title-missing')?.message).toContain('"Deep"');
    fs.copyFileSync(path.join(REPO, 'access-policy.yaml'), path.join(dir, 'access-policy.yaml'));
    expect(title(await runChecks({ root: dir, only: ['site'] }))).toEqual(['error docs/nested/deep.mdx']);
  });
});

describe('two conventional spec files side by side', () => {
  it('openapi.yaml and openapi.json are both read and both linted: neither silently wins', async () => {
    const dir = tree({
      'mint.json': JSON.stringify({ name: 'M', logo: { dark: '/l.svg', light: '/l.svg' }, favicon: '/l.svg', colors: { primary: '#4F46E5' }, navigation: [{ group: 'G', pages: ['a', 'b'] }] }),
      'l.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'a.mdx': page('A', '', 'openapi: GET /from-yaml\n'),
      'b.mdx': page('B', '', 'openapi: GET /from-json\n'),
      'openapi.yaml': spec({ '/from-yaml': 'From YAML' }),
      'openapi.json': JSON.stringify({ openapi: '3.1.0', info: { title: 'J', version: '1' }, paths: { '/from-json': { get: { summary: 'From JSON', responses: { 200: { description: 'OK' } } } } } }),
    });
    expect((await new Workspace(dir).specs()).map((s) => s.file)).toEqual(['openapi.yaml', 'openapi.json']);
    // --strict: Redocly's recommended rules, which have something to say about both minimal specs.
    const { findings } = await runChecks({ root: dir, only: ['site', 'spec'], strict: true });
    expect(rules(findings, 'site')).toEqual([]);
    expect(new Set(findings.filter((f) => f.check === 'spec').map((f) => f.file))).toEqual(new Set(['openapi.yaml', 'openapi.json']));
  });
});

describe('spec discovery reads the whole file', () => {
  it('a JSON spec whose `openapi` key comes after a long components block is a spec', async () => {
    const dir = docsJsonSite();
    const big = { components: { schemas: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`S${i}`, { type: 'object', description: 'x'.repeat(20) }])) }, info: { title: 'Late', version: '1' }, openapi: '3.1.0', paths: { '/late': { get: { summary: 'Late', responses: { 200: { description: 'OK' } } } } } };
    fs.writeFileSync(path.join(dir, 'docs', 'late.json'), JSON.stringify(big, null, 2));
    expect(fs.readFileSync(path.join(dir, 'docs', 'late.json'), 'utf8').indexOf('"openapi"')).toBeGreaterThan(8192);
    expect((await new Workspace(dir).specs()).map((s) => s.file)).toContain('docs/late.json');
  });
});

describe('a page linked only from a page too large to parse', () => {
  it('is linked (page-unlisted), not an orphan: the unparsed page\'s links still lead somewhere', async () => {
    const dir = docsJsonSite();
    fs.writeFileSync(path.join(dir, 'docs', 'status.mdx'), page('Status'));
    fs.writeFileSync(path.join(dir, 'docs', 'notes.mdx'), page('Notes'));
    const para = 'Release notes for every version, with the changes each made to the API and the pages.\n\n';
    const huge = `${page('Changelog')}\n${para.repeat(Math.ceil((MAX_MDX_BYTES + 1) / para.length))}\nSee [the status page](/status) and <a href="notes">notes</a>.\n`;
    fs.writeFileSync(path.join(dir, 'docs', 'changelog.mdx'), huge);
    // --strict: an unlisted page is reported then (without it, Mintlify's hidden page is not).
    const rules = (await runChecks({ root: dir, only: ['site'], strict: true })).findings.map((f) => `${f.rule} ${f.file}`);
    expect(rules).toContain('page-too-large docs/changelog.mdx');
    expect(rules).toContain('page-unlisted docs/status.mdx');
    expect(rules).toContain('page-unlisted docs/notes.mdx');
    expect(rules.filter((r) => r.startsWith('page-orphan') && !r.endsWith('changelog.mdx'))).toEqual([]);
  });
});

describe('a link written with the path the site is served under', () => {
  it('on a page\'s own component it reaches the page when the config shows that base path; on <a> and Markdown links it does not', async () => {
    const dir = docsJsonSite();
    const hero = "export const Hero = ({ href }) => <a href={href}>go</a>\n\n";
    fs.writeFileSync(path.join(dir, 'docs', 'es', 'index.mdx'), page('Inicio', `${hero}<Hero href="/docs/nested/deep" />\n\n<a href="/docs/nested/overview">a</a>\n\n[md](/docs/included/page)\n`));
    const broken = async () => (await runChecks({ root: dir, only: ['site'] })).findings.filter((f) => f.rule === 'link-broken').map((f) => f.message.match(/"([^"]+)"/)![1]).sort();
    expect(await broken()).toEqual(['/docs/included/page', '/docs/nested/deep', '/docs/nested/overview']);
    editDocsJson(dir, (json) => {
      json.logo = { light: '/logo.svg', dark: '/logo.svg', href: 'https://acme.example/docs' };
    });
    fs.writeFileSync(path.join(dir, 'docs', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await broken()).toEqual(['/docs/included/page', '/docs/nested/overview']);
  });
});

describe('a page reached only through the site\'s own absolute address', () => {
  it('is findable (page-unlisted), not an orphan: a footer or a page may link to it with the full URL', async () => {
    const dir = docsJsonSite();
    fs.writeFileSync(path.join(dir, 'docs', 'support.mdx'), page('Support'));
    fs.writeFileSync(path.join(dir, 'docs', 'status.mdx'), page('Status'));
    // --strict: an unlisted page is reported then (without it, Mintlify's hidden page is not).
    const orphans = async () => (await runChecks({ root: dir, only: ['site'], strict: true })).findings.filter((f) => /page-(orphan|unlisted)/.test(f.rule)).map((f) => `${f.rule} ${f.file}`).sort();
    expect(await orphans()).toEqual(['page-orphan docs/status.mdx', 'page-orphan docs/support.mdx']);
    const config = path.join(dir, 'docs', 'docs.json');
    const json = JSON.parse(fs.readFileSync(config, 'utf8'));
    json.footer = { links: [{ header: 'Help', items: [{ label: 'Support', href: 'https://acme.example/docs/support' }] }] };
    fs.writeFileSync(config, JSON.stringify(json, null, 2));
    // A page's link to another host (a repository ending in the same word) reaches nothing here.
    fs.appendFileSync(path.join(dir, 'docs', 'index.mdx'), '\n[Code](https://code.example/org/status)\n');
    expect(await orphans()).toEqual(['page-orphan docs/status.mdx', 'page-unlisted docs/support.mdx']);
    // A page's link to the host the config links to is the site's own address.
    fs.appendFileSync(path.join(dir, 'docs', 'index.mdx'), '\n[Status](https://acme.example/docs/status)\n');
    expect(await orphans()).toEqual(['page-unlisted docs/status.mdx', 'page-unlisted docs/support.mdx']);
  });
});
