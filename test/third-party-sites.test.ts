import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { lineOf, tempTree } from './helpers/tree.js';

/**
 * Sites that are not Connvo's: each case is a class of finding that was wrong on public Mintlify
 * repositories nobody here had looked at (issue 24), rebuilt as a hand-written tree of a few files
 * of the same shape. Without --strict such a site is held to the rules that report correctness.
 */

const page = (title: string | undefined, body = '', extra = '') => `---\n${title === undefined ? '' : `title: ${title}\n`}${extra}---\n\n${body}\n`;

/** docs.json with the given navigation groups (and anything else). */
function docsJson(groups: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'Acme', colors: { primary: '#1F6FEB' }, navigation: { groups }, ...extra }, null, 2);
}

/** An OpenAPI document in YAML: its header (version, title, the Acme server unless `server: null`), then `lines`. */
function yamlSpec(lines: string[], { title = 'Acme', openapi = '3.1.0', server = 'https://api.acme.test' }: { title?: string; openapi?: string; server?: string | null } = {}): string {
  return [`openapi: ${openapi}`, `info: {title: ${title}, version: "1"}`, ...(server ? [`servers: [{url: "${server}"}]`] : []), ...lines, ''].join('\n');
}

const rules = (findings: Finding[], check?: string) => findings.filter((f) => !check || f.check === check).map((f) => `${f.rule} ${f.file}:${f.line}`);
const linkOf = (f: Finding) => /^link to "([^"]*)"/.exec(f.message)?.[1];
/** A finding's rule and the operation its message names in parentheses. */
const ruleAndOperation = (f: Finding) => `${f.rule} ${/\(([^)]+)\)/.exec(f.message)?.[1]}`;

describe('the site model on someone else\'s site', () => {
  it('an `openapi:` page without a title is titled from its operation, also when the spec is behind a URL', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'API', openapi: 'https://api.acme.test/openapi.json', pages: ['api/create-widget', 'api/list-widgets'] }]),
      'api/create-widget.mdx': page(undefined, '', 'openapi: POST /widgets\n'),
      'api/list-widgets.mdx': page(undefined, '', 'openapi: GET /widgets\n'),
      'index.mdx': page('Home'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => f.rule === 'page-title-missing')).toEqual([]);
    // Any other page without a title is titled from its path ("notes" → "Notes"): house style, so
    // only --strict asks for one.
    const plain = tempTree({ 'docs.json': docsJson([{ group: 'G', pages: ['notes'] }]), 'notes.mdx': page(undefined, 'Notes.'), 'index.mdx': page('Home') });
    expect(rules((await runChecks({ root: plain, only: ['site'] })).findings)).toEqual([]);
    expect(rules((await runChecks({ root: plain, only: ['site'], strict: true })).findings)).toEqual(['page-title-missing notes.mdx:1']);
  });

  it('links into pages generated from a spec behind a URL are said once, as not checkable, not called broken', async () => {
    const dir = tempTree({
      'docs.json': docsJson([
        { group: 'Guides', pages: ['index', 'guides/start'] },
        { group: 'Reference', openapi: 'https://api.acme.test/openapi.json' },
      ]),
      'index.mdx': page('Home', 'See [create a widget](/api-reference/widgets/create-a-widget).'),
      'guides/start.mdx': page('Start', 'Call [list widgets](/api-reference/widgets/list-widgets) and read [the missing guide](/guides/missing).'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => f.rule === 'link-broken').map(linkOf)).toEqual(['/guides/missing']);
    const unverifiable = findings.filter((f) => f.rule === 'link-unverifiable');
    expect(unverifiable).toHaveLength(1);
    expect(unverifiable[0]).toMatchObject({ severity: 'warning', file: 'docs.json', line: lineOf(dir, 'docs.json', 'https://api.acme.test') });
    expect(unverifiable[0].message).toMatch(/^2 links into \/api-reference\//);
  });

  it('redirect wildcards as Mintlify matches them: `:path*` needs a segment, `prefix-*` matches part of one', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index', 'sdks/node', 'guides/setup'] }], {
        redirects: [
          { source: '/sdks/node/:path*', destination: '/sdks/node' },
          { source: '/articles/setup-*', destination: '/guides/setup' },
        ],
      }),
      'index.mdx': page('Home', '[a](/sdks/node/overview) [b](/sdks/node) [c](/articles/setup-linux) [d](/articles/teardown)'),
      'sdks/node.mdx': page('Node SDK'),
      'guides/setup.mdx': page('Setup'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    // No loop: /sdks/node is the page, not a source of the redirect that leads to it.
    expect(findings.filter((f) => f.rule.startsWith('redirect-'))).toEqual([]);
    expect(findings.filter((f) => f.rule === 'link-broken').map(linkOf)).toEqual(['/articles/teardown']);
  });

  it('a redirect to another part of the host (docs served under /docs and /help) is not the docs\' to check', async () => {
    const files = {
      'docs.json': docsJson([{ group: 'Docs', pages: ['docs/start'] }, { group: 'Help', pages: ['help/faq'] }], {
        redirects: [
          { source: '/help/plans', destination: '/pricing' },
          { source: '/help/old', destination: '/help/missing' },
        ],
      }),
      'docs/start.mdx': page('Start'),
      'help/faq.mdx': page('FAQ'),
    };
    const withoutHome = await runChecks({ root: tempTree(files), only: ['site'] });
    expect(withoutHome.findings.filter((f) => f.rule === 'redirect-target-missing').map((f) => f.message)).toEqual([expect.stringContaining('"/help/missing"')]);
    // A site that owns the root (a home page) owns /pricing too: there it is a missing page.
    const withHome = await runChecks({ root: tempTree({ ...files, 'index.mdx': page('Home') }), only: ['site'] });
    expect(withHome.findings.filter((f) => f.rule === 'redirect-target-missing').map((f) => /leads to "([^"]+)"/.exec(f.message)![1]).sort()).toEqual(['/help/missing', '/pricing']);
  });

  it('relative links land where a browser takes them from the page\'s URL, not at the site root', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index', 'guides/intro', 'guides/task/chat', 'guides/other'] }]),
      'index.mdx': page('Home'),
      'guides/intro.mdx': page('Intro', '<Card title="Chat" href="task/chat">Chat.</Card>\n\nSee [the other guide](guides/other) and [the next one](./other).'),
      'guides/task/chat.mdx': page('Chat'),
      'guides/other.mdx': page('Other'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    const broken = findings.filter((f) => f.rule === 'link-broken');
    // `task/chat` on /guides/intro is /guides/task/chat; `guides/other` there is /guides/guides/other.
    expect(broken.map(linkOf)).toEqual(['guides/other']);
    expect(broken[0].message).toContain('a browser resolves it on /guides/intro to /guides/guides/other');
    expect(broken[0].message).toContain('write "/guides/other"');
  });

  it('headings and fields of a snippet a page imports are anchors of that page', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index', 'reference'] }]),
      'snippets/options.mdx': '## Format\n\nHow values are shown.\n\n<ParamField body="pageSize" type="number">Rows per page.</ParamField>\n',
      'reference.mdx': page('Reference', "import Options from '/snippets/options.mdx';\n\n## Overview\n\n<Options />"),
      'index.mdx': page('Home', '[a](/reference#format) [b](/reference#param-page-size) [c](/reference#overview) [d](/reference#nope)'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => f.rule === 'anchor-broken').map(linkOf)).toEqual(['/reference#nope']);
  });

  it("a snippet's `#anchor` and relative links are read on the pages that show it, not on the snippet's own path", async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index', 'setup', 'ui/quick', 'ui/enrich'] }]),
      // Two snippets one page shows side by side: the first links to a heading of the second.
      'snippets/fields.mdx': 'Turn on **Search** to index text. See [Search](#search) and [Nowhere](#nowhere).\n',
      'snippets/search.mdx': '## Search\n\nText is indexed.\n',
      'setup.mdx': page('Setup', "import Fields from '/snippets/fields.mdx';\nimport Search from '/snippets/search.mdx';\n\n<Fields />\n\n<Search />"),
      // A snippet with a relative link, shown at the root (where it resolves) and one folder down (where it does not).
      'snippets/next.mdx': 'Next: [enrich](ui/enrich).\n',
      'index.mdx': page('Home', "import Next from '/snippets/next.mdx';\n\n<Next />"),
      'ui/quick.mdx': page('Quick', "import Next from '/snippets/next.mdx';\n\n<Next />"),
      'ui/enrich.mdx': page('Enrich'),
      // A snippet no page shows: nothing to read its links on.
      'snippets/unused.mdx': '[x](#gone) [y](elsewhere/page)\n',
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    const links = findings.filter((f) => f.rule === 'anchor-broken' || f.rule === 'link-broken');
    expect(links.map((f) => `${f.rule} ${f.file} ${linkOf(f)}`)).toEqual(['anchor-broken snippets/fields.mdx #nowhere', 'link-broken snippets/next.mdx ui/enrich']);
    expect(links[0].message).toContain('setup.mdx has no heading or element with id "nowhere"');
    expect(links[1].message).toContain('a browser resolves it on /ui/quick to /ui/ui/enrich');
    expect(links[1].message).toContain('1 of the 2 pages that show this snippet (ui/quick.mdx); it resolves on index.mdx');
  });

  it("an `openapi:` page names its spec as Mintlify reads the name: from the docs root (`../x.json` is `x.json`), by part of a path", async () => {
    const op = (operationId: string) => ({ post: { operationId, responses: { 200: { description: 'OK' } } } });
    const spec = (title: string) => JSON.stringify({ openapi: '3.1.0', info: { title, version: '1' }, paths: { '/rpc/Ping': op('ping'), '/rpc/Clock': op('clock') } }, null, 2);
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'API', pages: ['index', 'api/endpoints/ping'] }]),
      'index.mdx': page('Home'),
      'api/endpoints/ping.mdx': page('Ping', '', 'openapi: ../acme-api.json post /rpc/Ping\n'),
      // The spec the name is part of, and an older copy whose path contains the name too.
      'api/acme-api.json': spec('Acme'),
      'api/old-acme-api.json': spec('Acme, before the annotations'),
    });
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    // Neither "no spec ../acme-api.json in the site" nor either spec unused: Mintlify picks one of
    // the two by its own file order. The operation no page shows is said once, not once per copy.
    expect(findings.map((f) => `${f.rule} ${f.message.slice(0, 16)}`)).toEqual(['operation-unreachable POST /rpc/Clock ']);
  });

  it('a page a redirect leads to is reached; an operation no page shows is a warning', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index', 'api/get-widget'] }], { redirects: [{ source: '/old-home', destination: '/moved' }] }),
      'index.mdx': page('Home'),
      'moved.mdx': page('Moved here'),
      'stray.mdx': page('Stray'),
      'api/get-widget.mdx': page('Get a widget', '', 'openapi: GET /widgets/{id}\n'),
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /widgets/{id}:',
          '    get: {operationId: getWidget, summary: Get a widget, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {"200": {description: OK}}}',
          '  /widgets:',
          '    delete: {operationId: deleteWidgets, summary: Delete widgets, responses: {"204": {description: Gone}}}',
        ], { server: null },
      ),
    });
    const seen = async (strict: boolean) => (await runChecks({ root: dir, only: ['site'], strict })).findings.map((f) => `${f.rule} ${f.severity} ${f.file}`).sort();
    expect(await seen(false)).toEqual(['operation-unreachable warning openapi.yaml', 'page-orphan warning stray.mdx']);
    expect(await seen(true)).toEqual(['operation-unreachable error openapi.yaml', 'page-orphan error stray.mdx', 'page-unlisted warning moved.mdx']);
  });
});

/** A site whose specs and pages are given; the examples check's findings. */
async function examplesOf(files: Record<string, string>, options: { strict?: boolean } = {}): Promise<Finding[]> {
  const dir = tempTree({ 'docs.json': docsJson([{ group: 'G', pages: ['index'] }]), ...files });
  return (await runChecks({ root: dir, only: ['examples'], strict: options.strict })).findings;
}

const curlPage = (code: string) => page('Calls', `\`\`\`bash\n${code}\n\`\`\``);

describe('the examples check on someone else\'s site', () => {
  it('a URL is matched to the spec that names it exactly, not to another spec\'s template on the same server', async () => {
    const findings = await examplesOf({
      // Two specs of one server; the template spec sorts first.
      'a-hosted.yaml': yamlSpec(
        [
          'components: {securitySchemes: {key: {type: apiKey, in: header, name: Authorization}, provider: {type: apiKey, in: header, name: provider-key}}}',
          'security: [{key: [], provider: []}]',
          'paths:',
          '  /models/{vendor}/{model}:',
          '    post: {operationId: runHosted, responses: {"200": {description: OK}}}',
        ], { title: 'Hosted models' },
      ),
      'b-open.yaml': yamlSpec(
        [
          'components: {securitySchemes: {key: {type: apiKey, in: header, name: Authorization}}}',
          'security: [{key: []}]',
          'paths:',
          '  /models/acme/tiny-model:',
          '    post: {operationId: runTiny, responses: {"200": {description: OK}}}',
        ], { title: 'Open model' },
      ),
      'index.mdx': curlPage('curl -X POST https://api.acme.test/models/acme/tiny-model \\\n  -H "Authorization: <key>"\n\ncurl -X POST https://api.acme.test/models/other/big-model \\\n  -H "Authorization: <key>"'),
    });
    // The hosted template still takes the URL no other spec names, and wants its provider key.
    expect(findings.map(ruleAndOperation)).toEqual(['example-auth runHosted']);
  });

  it('an operation whose spec says nothing about security is not public: a credential in its example is not wrong', async () => {
    const findings = await examplesOf({
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /v1/widgets:',
          '    get: {operationId: listWidgets, responses: {"200": {description: OK}}}',
          '  /v1/health:',
          '    get: {operationId: health, security: [], responses: {"200": {description: OK}}}',
        ], { openapi: '3.0.1' },
      ),
      'index.mdx': curlPage('curl https://api.acme.test/v1/widgets -H "Authorization: Bearer <token>"\n\ncurl https://api.acme.test/v1/health -H "Authorization: Bearer <token>"'),
    });
    // `security: []` says the operation is public: that one is still reported.
    expect(findings.map(ruleAndOperation)).toEqual(['example-auth health']);
  });

  const PRODUCT = yamlSpec(
    [
      'paths:',
      '  /v1/organizations/{slug}/widgets:',
      '    post: {operationId: createWidget, responses: {"200": {description: OK}}}',
      '  /v1/{resource}:',
      '    post: {operationId: createResource, requestBody: {content: {application/json: {schema: {type: object}}}}, responses: {"200": {description: OK}}}',
    ],
  );

  it('an endpoint of the product that its spec leaves out is not an unknown path; a near miss of a spec path is', async () => {
    const files = {
      'openapi.yaml': PRODUCT,
      'index.mdx': curlPage('curl -X POST https://api.acme.test/v1/oauth/token/refresh\n\ncurl -X POST https://api.acme.test/v1/organizations/acme/widgetz'),
    };
    expect((await examplesOf(files)).map((f) => `${f.rule} ${f.message.split(':')[0]}`)).toEqual(['example-unknown-path POST /v1/organizations/acme/widgetz']);
    // Connvo's contract (--strict): its spec documents every function, so any path it lacks is wrong.
    expect((await examplesOf(files, { strict: true })).map((f) => f.rule)).toEqual(['example-unknown-path', 'example-unknown-path']);
  });

  it('a path written with a stand-in segment (`some-endpoint`) is illustrative, not a call', async () => {
    const findings = await examplesOf({ 'openapi.yaml': PRODUCT, 'index.mdx': curlPage('curl -X GET "https://api.acme.test/v1/some-endpoint" \\\n  -H "Authorization: <key>"') });
    expect(findings).toEqual([]);
  });

  it('requests are not judged against a spec the site does not use when it documents its API from a spec behind a URL', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index'] }, { group: 'API', openapi: 'https://api.acme.test/openapi.yaml' }]),
      // A stale partial copy: plans can only be listed here, though the API creates them too.
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /v1/plans:',
          '    get: {operationId: listPlans, responses: {"200": {description: OK}}}',
          '  /v1/customers:',
          '    post: {operationId: createCustomer, requestBody: {required: true, content: {application/json: {schema: {type: object}}}}, responses: {"200": {description: OK}}}',
        ],
      ),
      'index.mdx': curlPage(`curl -X POST https://api.acme.test/v1/plans -H 'Content-Type: application/json' -d '{"plan": {"code": "pro"}}'\n\ncurl -X POST https://api.acme.test/v1/customers -H 'Content-Type: application/json' -d '{"customer": {"name": "Ada"} "id": 1}'`),
    });
    const examples = async (strict: boolean) => (await runChecks({ root: dir, only: ['examples'], strict })).findings.filter((f) => f.check === 'examples').map((f) => f.rule).sort();
    // A body that is not JSON at all is wrong whichever spec describes the API.
    expect(await examples(false)).toEqual(['example-body-not-json']);
    expect(await examples(true)).toEqual(['example-body-not-json', 'example-wrong-method']);
  });

  it('a body whose members are a comment (`{ /* request body */ }`) is a placeholder, not a body missing every field', async () => {
    const call = (body: string) => `\`\`\`js\nawait fetch('https://api.acme.test/v1/quotes', {\n  method: 'POST',\n  headers: { 'Content-Type': 'application/json' },\n  body: JSON.stringify(${body}),\n});\n\`\`\``;
    const calls = page('Calls', `${call('{ /* request body */ }')}\n\n${call("{ owner: 'me' }")}`);
    const findings = await examplesOf({
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /v1/quotes:',
          '    post:',
          '      operationId: createQuote',
          '      requestBody: {content: {application/json: {schema: {type: object, required: [owner, amount], properties: {owner: {type: string}, amount: {type: number}}}}}}',
          '      responses: {"200": {description: OK}}',
        ],
      ),
      'index.mdx': calls,
    });
    // The placeholder is not judged; the second body really lacks `amount`.
    const line = calls.split('\n').findIndex((l) => l.includes("owner: 'me'")) + 1;
    expect(findings.map((f) => `${f.rule} ${f.line}`)).toEqual([`example-body-invalid ${line}`]);
  });

  it('a body with `…` or `...` standing for members is deliberately partial', async () => {
    const findings = await examplesOf({
      'openapi.yaml': PRODUCT,
      'index.mdx': curlPage(
        `curl -X POST https://api.acme.test/v1/widgets -H 'Content-Type: application/json' -d '{\n  "widget": {\n    …\n    "size": 3\n  }\n}'\n\ncurl -X POST https://api.acme.test/v1/gadgets -H 'Content-Type: application/json' -d '{"gadget": {...}}'\n\ncurl -X POST https://api.acme.test/v1/things -H 'Content-Type: application/json' -d '{"thing": {"a": 1} "b": 2}'`,
      ),
    });
    // The third body is missing a comma: that one is wrong.
    expect(findings.map((f) => f.rule)).toEqual(['example-body-not-json']);
    expect(findings[0].message).toContain('"b\\"');
  });

  it('a spec example that fits several overlapping `oneOf` branches is not invalid; one that fits none is', async () => {
    const findings = await examplesOf({
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /rpc:',
          '    post:',
          '      operationId: call',
          '      responses:',
          '        "200":',
          '          description: OK',
          '          content:',
          '            application/json:',
          '              schema:',
          '                oneOf:',
          '                  - {type: object, properties: {result: {type: string, description: Block number}}}',
          '                  - {type: object, properties: {result: {type: string, description: Chain id}}}',
          '              examples:',
          '                block: {value: {result: "0x10"}}',
          '                wrong: {value: {result: 16}}',
        ], { title: 'Chain', server: null },
      ),
    });
    expect([...new Set(findings.filter((f) => f.rule === 'spec-example-invalid').map((f) => f.line))]).toEqual([18]);
  });

  it('an example that fits no branch of an `anyOf` is one finding, not one per branch it misses', async () => {
    const findings = await examplesOf({
      'openapi.yaml': yamlSpec(
        [
          'paths:',
          '  /tasks:',
          '    get:',
          '      operationId: getTask',
          '      responses:',
          '        "200":',
          '          description: OK',
          '          content:',
          '            application/json:',
          '              schema:',
          '                type: object',
          '                required: [id]',
          '                properties:',
          '                  id: {type: string}',
          '                  result:',
          '                    anyOf:',
          '                      - {type: object, required: [taskId, state], properties: {taskId: {type: string}, state: {type: string}}}',
          '                      - {type: object, required: [messageId, parts], properties: {messageId: {type: string}, parts: {type: array}}}',
          '              example: {result: {task: {task_id: t1}}}',
        ], { title: 'Tasks', server: null },
      ),
    });
    const said = findings.filter((f) => f.rule === 'spec-example-invalid').map((f) => f.message.replace(/ \(Redocly.*$/, ''));
    // The missing `id` is a mistake of its own; the four branch requirements are one: fits no branch.
    expect(said).toEqual(["Example value must conform to the schema: must have required property 'id'.", 'Example value must conform to the schema: `result` property must match a schema in anyOf.']);
  });

  it('the examples of a spec the site does not use are not judged (spec-unused says what to do with it)', async () => {
    const spec = (title: string) =>
      yamlSpec(['paths:', '  /things:', '    get:', '      operationId: listThings', '      responses:', '        "200":', '          description: OK', '          content:', '            application/json:', '              schema: {type: object, required: [items], properties: {items: {type: array}}}', '              example: {things: []}'], { title, server: null });
    const files = {
      'docs.json': docsJson([{ group: 'API', openapi: 'api/openapi.json', pages: ['index', 'api/list'] }]),
      'index.mdx': page('Home'),
      'api/list.mdx': page('List things', '', 'openapi: GET /things\n'),
      'api/openapi.json': JSON.stringify({ openapi: '3.1.0', info: { title: 'Used', version: '1' }, paths: { '/things': { get: { operationId: 'listThings', responses: { 200: { description: 'OK', content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array' } } }, example: { things: [] } } } } } } } } }, null, 2),
      'api/openapi.yaml': spec('Old copy'),
    };
    const dir = tempTree(files);
    const invalid = async (strict: boolean) => (await runChecks({ root: dir, only: ['examples'], strict })).findings.filter((f) => f.rule === 'spec-example-invalid').map((f) => f.file);
    expect(await invalid(false)).toEqual(['api/openapi.json']);
    expect((await invalid(true)).sort()).toEqual(['api/openapi.json', 'api/openapi.yaml']);
  });
});

describe('the spec check on someone else\'s site', () => {
  const SPEC = yamlSpec(
    [
      'paths:',
      '  /widgets:',
      '    get:',
      '      responses:',
      '        "200":',
      '          description: OK',
      '          content: {application/json: {schema: {$ref: "#/components/schemas/Widgetz"}}}',
      'components:',
      '  schemas:',
      '    Widget: {type: object}',
    ], { server: null },
  );

  it('without a redocly.yaml: what breaks the spec is reported, not house style; --strict is Redocly\'s recommended set', async () => {
    const dir = tempTree({ 'docs.json': docsJson([{ group: 'G', pages: ['index'] }]), 'index.mdx': page('Home'), 'openapi.yaml': SPEC });
    const spec = async (strict: boolean) => (await runChecks({ root: dir, only: ['spec'], strict })).findings.map((f) => f.rule).sort();
    // The $ref to a schema that does not exist; no license, operationId, 4XX response or servers asked for.
    expect(await spec(false)).toEqual(['no-unresolved-refs']);
    expect(await spec(true)).toEqual(expect.arrayContaining(['info-license', 'no-unresolved-refs', 'operation-4xx-response', 'operation-operationId']));
  });

  it('the site\'s own redocly.yaml decides, with or without --strict', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index'] }]),
      'index.mdx': page('Home'),
      'openapi.yaml': SPEC,
      'redocly.yaml': 'extends: [minimal]\nrules:\n  info-license: error\n  no-unresolved-refs: off\n',
    });
    for (const strict of [false, true]) {
      const found = (await runChecks({ root: dir, only: ['spec'], strict })).findings.map((f) => `${f.rule} ${f.severity}`);
      expect(found).toContain('info-license error');
      expect(found.filter((r) => r.startsWith('no-unresolved-refs'))).toEqual([]);
    }
  });

  it('a mistake in a shared schema is reported once, where it is written, not at every place that uses it', async () => {
    const dir = tempTree({
      'docs.json': docsJson([{ group: 'G', pages: ['index'] }]),
      'index.mdx': page('Home'),
      'openapi.json': JSON.stringify(
        {
          openapi: '3.0.3',
          info: { title: 'Chain', version: '1' },
          paths: Object.fromEntries(['/a', '/b', '/c'].map((p) => [p, { post: { responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Hash' } } } } } } }])),
          components: { schemas: { Hash: { type: 'object', properties: { value: { type: ['string', 'null'] } } } } },
        },
        null,
        2,
      ),
    });
    const { findings } = await runChecks({ root: dir, only: ['spec'] });
    expect(findings.map((f) => `${f.rule} ${f.line}`)).toEqual([`struct ${lineOf(dir, 'openapi.json', '"type": [')}`]);
  });
});
