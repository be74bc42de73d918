import { describe, expect, it } from 'vitest';
import { checkPageExamples } from '../scripts/examples/page.js';
import { SpecIndex } from '../scripts/examples/spec-index.js';
import { classifyUrl } from '../scripts/examples/target.js';
import { pageParse } from '../scripts/lib/mdx.js';
import type { PageInput, SpecInput } from '../scripts/lib/workspace.js';

/**
 * What the examples check makes of requests on real content: URLs that are not literals, calls to
 * other services, concrete paths next to templated ones, form and multipart bodies. Each case is
 * one a public Mintlify site has, reduced to a spec and a page of a few lines.
 */

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const SPEC = {
  openapi: '3.1.0',
  servers: [{ url: 'https://api.acme.test/v1' }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  security: [{ bearer: [] }],
  paths: {
    '/crawl/{id}': { get: { operationId: 'getCrawl' } },
    '/crawl/params-preview': {
      post: { operationId: 'previewParams', requestBody: { required: true, ...json({ type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false }) } },
    },
    '/search/run': { post: { operationId: 'search', requestBody: { required: true, ...json({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }) } } },
    '/files': {
      post: {
        operationId: 'uploadFile',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, purpose: { type: 'string' } }, required: ['file', 'purpose'], additionalProperties: false },
            },
          },
        },
      },
    },
    '/oauth/token': {
      post: {
        operationId: 'token',
        security: [],
        requestBody: {
          required: true,
          content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { grant_type: { type: 'string' }, client_id: { type: 'string' } }, required: ['grant_type'] } } },
        },
      },
    },
  },
};

const spec = new SpecIndex({ file: 'openapi.yaml', api: SPEC } as unknown as SpecInput);

function check(lang: string, code: string) {
  const text = `---\ntitle: T\n---\n\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
  const parse = pageParse(text);
  const page = { file: 'docs/page.mdx', absPath: '/x/docs/page.mdx', route: 'docs/page', text, mdx: () => parse } as PageInput;
  const { findings, examples } = checkPageExamples(page, [spec]);
  return { rules: findings.map((f) => f.rule), messages: findings.map((f) => f.message), statuses: examples.map((e) => e.status), targets: examples.map((e) => e.target) };
}

const AUTH = `-H "Authorization: Bearer <token>"`;

describe('requests whose URL or method is not a literal are unknown, never reported', () => {
  it.each([
    ['fetch(url) with url a parameter', 'js', 'export async function get(url) {\n  return fetch(url);\n}'],
    ['fetch(request)', 'ts', 'const request = new Request(input);\nconst res = await fetch(request);'],
    ['a Worker fetch handler (a method definition)', 'ts', 'export default {\n  async fetch(req: Request, env: Env) {\n    return new Response("ok");\n  },\n};'],
    ['a shell variable as the whole URL', 'bash', 'curl -X DELETE "$URL"'],
  ])('%s', (_name, lang, code) => {
    const r = check(lang, code);
    expect(r.rules).toEqual([]);
    expect(r.statuses.every((s) => s === 'unresolved')).toBe(true);
  });

  it('requests.request(method, url): neither is known', () => {
    expect(check('python', 'import requests\n\ndef call(method, url, **kw):\n    return requests.request(method, url, **kw)')).toMatchObject({ rules: [], statuses: ['unresolved'] });
  });

  it('a method that is not a literal leaves the path checked and nothing else', () => {
    const r = check('python', 'import requests\nrequests.request(verb, "https://api.acme.test/v1/crawl/params-preview")');
    expect(r).toMatchObject({ rules: [], statuses: ['checked'] });
    expect(check('python', 'import requests\nrequests.request(verb, "https://api.acme.test/v1/serch/run")').rules).toEqual(['example-unknown-path']);
  });

  it('fetch options from a variable: method, headers and body unknown', () => {
    expect(check('js', 'await fetch("https://api.acme.test/v1/crawl/params-preview", options);')).toMatchObject({ rules: [], statuses: ['checked'] });
    expect(check('js', 'await fetch("https://api.acme.test/v1/search/run", { method: "POST", headers, body: JSON.stringify({ q: "x" }) });').rules).toEqual([]);
  });
});

describe('calls to other services are counted, not checked', () => {
  it.each([
    ['a placeholder host that is no server', 'bash', 'curl https://your-project.vercel.app/api/search -d \'{"query": 1}\''],
    ['an <angle-bracket> host', 'bash', 'curl -X POST https://<api-server-url>/generate'],
    ["a relative URL to the reader's own app", 'ts', 'const res = await fetch("/api/nango-session", { method: "POST" });'],
    ['localhost', 'python', 'import requests\nrequests.get("http://localhost:3000/health")'],
    ["the reader's own server on localhost, whose path looks like the API's", 'bash', 'curl -X POST http://localhost:8000/crawl/start -d \'{"url": "x"}\''],
    ['a loose URL that matches only a template, with none of its methods', 'bash', 'curl -X POST https://your-app.example.com/crawl/start -d \'{"url": "x"}\''],
    ['a leading variable with a path of no spec', 'bash', 'curl "$APP_URL/webhooks/receive"'],
    ["the reader's own named deployment, whose path mirrors the API's", 'bash', 'curl -X POST https://my-scraper.deno.dev/search/run -d \'{"query": 1}\''],
    ['a placeholder deployment on an app platform', 'bash', 'curl -X POST https://my-scraper.<your-subdomain>.workers.dev/search/run -d \'{"query": 1}\''],
    ['a placeholder host naming another product, whose path happens to match', 'bash', 'curl -X POST http://your-weaviate-host:8080/v1/search/run -d \'{"query": 1}\''],
  ])('%s', (_name, lang, code) => {
    expect(check(lang, code)).toMatchObject({ rules: [], statuses: ['external'] });
  });

  it('a placeholder host or relative URL whose path is an operation is checked against it', () => {
    expect(check('bash', `curl https://<your-host>/v1/crawl/params-preview ${AUTH} -d '{"url": "x"}'`)).toMatchObject({ rules: [], statuses: ['checked'], targets: ['POST /crawl/params-preview'] });
    expect(check('bash', `curl -X GET https://your-host.example.com/v1/search/run ${AUTH}`).rules).toEqual(['example-wrong-method']);
    expect(check('ts', 'await fetch("/search/run", { method: "PUT" });').rules).toEqual(['example-wrong-method']);
    expect(check('ts', 'await fetch("/crawl/abc");').statuses).toEqual(['checked']);
    // A placeholder naming this API's product (its server is api.acme.test) is this API.
    expect(check('bash', `curl -X GET https://your-acme-instance/v1/search/run ${AUTH}`).rules).toEqual(['example-wrong-method']);
  });

  it('a loose URL that shares the first two segments of a spec path is a typo in this API, reported', () => {
    const r = check('bash', `curl "$API_URL/search/runn" ${AUTH} -d '{"q": "x"}'`);
    expect(r.rules).toEqual(['example-unknown-path']);
    expect(r.messages[0]).toContain('did you mean /search/run?');
  });

  it('a URL on a server of the spec is always checked', () => {
    expect(check('bash', `curl https://api.acme.test/v1/nothing/here ${AUTH}`).rules).toEqual(['example-unknown-path']);
  });

  it('classifies URLs', () => {
    const kinds = ['https://api.acme.test/v1/x', '${BASE}/x', '/x', 'https://your-app.com/x', 'https://api.openai.com/v1/x', '${url}'].map((u) => classifyUrl(u, [spec]).kind);
    expect(kinds).toEqual(['server', 'loose', 'loose', 'loose', 'other', 'unknown']);
  });
});

describe('servers: path-item servers, a variable host, specs sharing a server', () => {
  const api = {
    openapi: '3.1.0',
    servers: [{ url: 'https://{base}', variables: { base: { default: 'api.acme.test/v2', enum: ['eu.acme.test/v2'] } } }],
    paths: {
      '/agents': { get: { security: [] } },
      '/{agent}/start': { servers: [{ url: 'https://api.acme.test/v2/public' }], post: { security: [] } },
    },
  };
  const other = { openapi: '3.1.0', servers: [{ url: 'https://api.acme.test/v2' }], paths: { '/billing/usage': { get: { security: [] } } } };
  const specs = [new SpecIndex({ file: 'a.yaml', api } as unknown as SpecInput), new SpecIndex({ file: 'b.yaml', api: other } as unknown as SpecInput)];
  const run = (code: string, options: { remoteSpec?: boolean } = {}) => {
    const text = `---\ntitle: T\n---\n\n\`\`\`bash\n${code}\n\`\`\`\n`;
    const parse = pageParse(text);
    const r = checkPageExamples({ file: 'p.mdx', absPath: '/p.mdx', route: 'p', text, mdx: () => parse } as PageInput, specs, options);
    return { rules: r.findings.map((f) => f.rule), statuses: r.examples.map((e) => e.status), targets: r.examples.map((e) => e.target) };
  };

  it("a path item's own server (a public API beside the private one)", () => {
    expect(run('curl -X POST https://api.acme.test/v2/public/my-agent/start')).toMatchObject({ rules: [], targets: ['POST /my-agent/start'] });
  });

  it('a variable that is the whole host stands for its default and enum values, not for any host', () => {
    expect(run('curl https://eu.acme.test/v2/agents')).toMatchObject({ rules: [], statuses: ['checked'] });
    expect(run('curl -fsSL https://raw.githubusercontent.com/acme/cli/main/install.sh')).toMatchObject({ rules: [], statuses: ['external'] });
  });

  it('two specs on one server: the path is looked up in both', () => {
    expect(run('curl https://api.acme.test/v2/billing/usage')).toMatchObject({ rules: [], targets: ['GET /billing/usage'] });
    expect(run('curl https://api.acme.test/v2/billing/usag').rules).toEqual(['example-unknown-path']);
  });

  it('with a spec behind a URL as well (never fetched), a path no local spec has is unknown, not wrong', () => {
    expect(run('curl https://api.acme.test/v2/chat/completions', { remoteSpec: true })).toMatchObject({ rules: [], statuses: ['unknown'] });
    expect(run('curl -X DELETE https://api.acme.test/v2/billing/usage', { remoteSpec: true }).rules).toEqual(['example-wrong-method']);
  });

  it('a curl body that is JSON only after shell expansion is unknown', () => {
    expect(run(`curl -X POST https://api.acme.test/v2/public/a/start -d "{\\"prompt\\": $(cat workflow.json)}"`).rules).toEqual([]);
  });
});

describe('changelog entries', () => {
  it('a request inside <Update> shows the API as it was: counted, not checked', () => {
    const text = '---\ntitle: Changelog\n---\n\n<Update label="v1" description="2023">\n```bash\ncurl -X POST https://api.acme.test/v1/old/endpoint\n```\n</Update>\n';
    const parse = pageParse(text);
    const r = checkPageExamples({ file: 'c.mdx', absPath: '/c.mdx', route: 'c', text, mdx: () => parse } as PageInput, [spec]);
    expect(r.findings).toEqual([]);
    expect(r.examples.map((e) => e.status)).toEqual(['historical']);
  });
});

describe('a concrete path is matched before a templated one', () => {
  it('POST /crawl/params-preview is that operation, not /crawl/{id} (which has GET only)', () => {
    const r = check('bash', `curl -X POST https://api.acme.test/v1/crawl/params-preview ${AUTH} -H "Content-Type: application/json" -d '{"url": "https://x.test"}'`);
    expect(r).toMatchObject({ rules: [], targets: ['POST /crawl/params-preview'] });
    expect(check('bash', `curl https://api.acme.test/v1/crawl/c_123 ${AUTH}`).rules).toEqual([]);
  });
});

describe('form and multipart bodies are checked against the form schema', () => {
  it.each([
    ['curl -F with a file', 'bash', `curl https://api.acme.test/v1/files ${AUTH} -F file=@report.pdf -F purpose=assistants`],
    ['curl --form and --form-string', 'bash', `curl https://api.acme.test/v1/files ${AUTH} --form "file=@a.png;type=image/png" --form-string 'purpose=@not-a-file'`],
    ['curl -d a=b (form-encoded by default)', 'bash', 'curl https://api.acme.test/v1/oauth/token -d grant_type=client_credentials -d client_id=abc'],
    ['curl -d with an explicit form content type', 'bash', `curl https://api.acme.test/v1/oauth/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_id=abc'`],
    ['curl --data-urlencode', 'bash', 'curl https://api.acme.test/v1/oauth/token --data-urlencode "grant_type=client credentials"'],
    ['requests files= and data=', 'python', `import requests\nrequests.post("https://api.acme.test/v1/files", headers={"Authorization": "Bearer <token>"}, files={"file": open("a.pdf", "rb")}, data={"purpose": "assistants"})`],
    ['requests data= with a dict', 'python', 'import requests\nrequests.post("https://api.acme.test/v1/oauth/token", data={"grant_type": "client_credentials"})'],
  ])('%s: passes', (_name, lang, code) => {
    expect(check(lang, code)).toMatchObject({ rules: [], statuses: ['checked'] });
  });

  it('an unknown field and a missing required one', () => {
    const r = check('bash', `curl https://api.acme.test/v1/files ${AUTH} -F file=@report.pdf -F purpos=assistants`);
    expect(r.rules).toEqual(['example-body-invalid', 'example-body-invalid']);
    expect(r.messages.join('\n')).toMatch(/form field "purpos" is not a field of POST \/files \(uploadFile\) \(multipart\/form-data; fields: file, purpose\)/);
    expect(r.messages.join('\n')).toMatch(/missing required field "purpose"/);
    expect(check('bash', 'curl https://api.acme.test/v1/oauth/token -d client_id=abc').messages.join('\n')).toMatch(/missing required field "grant_type"/);
  });

  it('fields whose names are unknown are not reported missing', () => {
    expect(check('bash', `curl https://api.acme.test/v1/files ${AUTH} -F file=@x.pdf -F "$EXTRA"`).rules).toEqual([]);
  });

  it('a form sent to an operation that only takes JSON is a real error; JSON sent to a form-only one too', () => {
    const r = check('bash', `curl https://api.acme.test/v1/search/run ${AUTH} -F q=hello`);
    expect(r.rules).toEqual(['example-body-media-type']);
    expect(r.messages[0]).toContain('sends form fields (-F, multipart/form-data), but POST /search/run (search) takes application/json');
    expect(check('bash', 'curl https://api.acme.test/v1/oauth/token --json \'{"grant_type": "x"}\'').rules).toEqual(['example-body-media-type']);
  });

  it('a missing form body names the media type', () => {
    const r = check('bash', `curl -X POST https://api.acme.test/v1/files ${AUTH}`);
    expect(r.rules).toEqual(['example-body-missing']);
    expect(r.messages[0]).toContain('requires a request body (multipart/form-data)');
  });

  it('placeholders in string values are not held to pattern, format or enum, nor are the oneOf branches they make fail', () => {
    const api = {
      openapi: '3.1.0',
      servers: [{ url: 'https://api.acme.test' }],
      paths: {
        '/integrations': {
          post: {
            security: [],
            requestBody: {
              required: true,
              ...json({
                type: 'object',
                properties: {
                  host: { type: 'string', format: 'uri' },
                  credentials: {
                    oneOf: [
                      { type: 'object', properties: { type: { const: 'OAUTH2' }, scopes: { type: 'string', pattern: '^[a-z:,]+$' } }, required: ['type'] },
                      { type: 'object', properties: { type: { const: 'APP' }, app_id: { type: 'string' } }, required: ['type', 'app_id'] },
                    ],
                  },
                },
              }),
            },
          },
        },
      },
    };
    const index = new SpecIndex({ file: 'openapi.yaml', api } as unknown as SpecInput);
    const run = (body: string) => {
      const text = `---\ntitle: T\n---\n\n\`\`\`bash\ncurl https://api.acme.test/integrations -H 'Content-Type: application/json' -d '${body}'\n\`\`\`\n`;
      const parse = pageParse(text);
      return checkPageExamples({ file: 'p.mdx', absPath: '/p.mdx', route: 'p', text, mdx: () => parse } as PageInput, [index]).findings.map((f) => f.message);
    };
    expect(run('{"host": "https://<account>.example.test", "credentials": {"type": "OAUTH2", "scopes": "<SCOPE-1>,<SCOPE-2>"}}')).toEqual([]);
    expect(run('{"host": "not a uri", "credentials": {"type": "OAUTH2", "scopes": "read,write"}}')).toHaveLength(1);
  });

  it('a JSON body still needs to be JSON', () => {
    expect(check('bash', `curl https://api.acme.test/v1/search/run ${AUTH} -H "Content-Type: application/json" -d '{"q": <query>}'`).rules).toEqual(['example-body-not-json']);
  });
});
