import { describe, expect, it } from 'vitest';
import { requestsIn } from '../scripts/examples/clients.js';
import type { ExampleRequest } from '../scripts/examples/request.js';
import { SpecIndex } from '../scripts/examples/spec-index.js';
import { toPlain, type Value } from '../scripts/examples/value.js';
import type { SpecInput } from '../scripts/lib/workspace.js';

/** What a reader would say the example sends. */
function summary(r: ExampleRequest) {
  const body = r.body?.kind === 'text' ? JSON.parse(r.body.text.text) : r.body?.kind === 'value' ? toPlain(r.body.value as Value).json : r.body?.kind;
  return {
    method: (r.method?.value ?? r.impliedMethod).toUpperCase(),
    url: r.url?.value,
    auth: r.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value,
    body,
  };
}

const BODY = { args: { meetingId: 'm1' }, format: 'json' };
const URL = 'https://your-deployment.convex.cloud/api/run/meetings/queries/getMeeting';

describe('request extraction from code blocks', () => {
  it.each([
    ['flags before the URL, long options', `curl --request POST --header 'Authorization: Bearer <user-token>' --data-raw '${JSON.stringify(BODY)}' ${URL}`],
    ['line continuations and -XPOST', `curl -sS -XPOST \\\n  "${URL}" \\\n  -H "Authorization: Bearer <user-token>" \\\n  -d '${JSON.stringify(BODY)}'`],
    ['a prompt, --json (implies POST), a pipe', `$ curl ${URL} --json '${JSON.stringify(BODY)}' -H 'Authorization: Bearer <user-token>' | jq .value`],
    ['double-quoted body with escapes', `curl ${URL} -H "Authorization: Bearer <user-token>" -d "{\\"args\\": {\\"meetingId\\": \\"m1\\"}, \\"format\\": \\"json\\"}"`],
    ['a heredoc body', `curl ${URL} -H "Authorization: Bearer <user-token>" --data-binary @- <<EOF\n${JSON.stringify(BODY, null, 2)}\nEOF`],
  ])('curl: %s', (_name, text) => {
    const [r, ...rest] = requestsIn('bash', text);
    expect(rest).toEqual([]);
    expect(summary(r)).toEqual({ method: 'POST', url: URL, auth: 'Bearer <user-token>', body: BODY });
  });

  it('curl: implied methods (GET without a body, GET with -G, HEAD with -I) and several commands per block', () => {
    const rs = requestsIn('sh', `curl ${URL}\ncurl -G ${URL} -d a=1 && curl -I ${URL}; RESULT=$(curl -d '{}' ${URL})`);
    expect(rs.map((r) => (r.method?.value ?? r.impliedMethod))).toEqual(['GET', 'GET', 'HEAD', 'POST']);
  });

  it('curl: a body from a file is not guessed at', () => {
    const [r] = requestsIn('bash', `curl -d @body.json ${URL}`);
    expect(r.body).toMatchObject({ kind: 'unknown', why: 'read from body.json' });
  });

  it('fetch: variables, template literals, new Headers, JSON.stringify of a variable, TypeScript syntax', () => {
    const text = [
      'const token: string = process.env.USER_TOKEN!;',
      `const body = ${JSON.stringify(BODY)} as const;`,
      `const res = await fetch(\`\${process.env.CONVEX_URL}/api/run/meetings/queries/getMeeting\`, {`,
      '  method: "POST",',
      '  headers: new Headers({ "Content-Type": "application/json", Authorization: `Bearer ${token}` }),',
      '  body: JSON.stringify(body),',
      '});',
    ].join('\n');
    const [r] = requestsIn('ts', text);
    expect(summary(r)).toEqual({ method: 'POST', url: '${process.env.CONVEX_URL}/api/run/meetings/queries/getMeeting', auth: 'Bearer ${token}', body: BODY });
  });

  it('fetch: unknown values inside a body stay unknown (never reported), keys stay known', () => {
    const [r] = requestsIn('js', `fetch("${URL}", { method: "POST", body: JSON.stringify({ args: { meetingId: id }, format: "json" }) })`);
    const plain = toPlain((r.body as { value: Value }).value);
    expect(plain.json).toEqual({ args: { meetingId: null }, format: 'json' });
    expect(plain.unknownPaths).toEqual(['/args/meetingId']);
  });

  it('Python requests: f-strings with known variables, json=, requests.request and sessions', () => {
    const text = [
      'import requests',
      'BASE = "https://your-deployment.convex.cloud"',
      `r = requests.post(f"{BASE}/api/run/meetings/queries/getMeeting", headers={"Authorization": "Bearer <user-token>"}, json={"args": {"meetingId": "m1"}, "format": "json"})`,
      `requests.request("POST", BASE + "/api/run/meetings/queries/getMeeting", data='${JSON.stringify(BODY)}')`,
      'with requests.Session() as s:',
      `    s.get(f"{BASE}/api/health")`,
    ].join('\n');
    const rs = requestsIn('python', text);
    expect(rs.map(summary)).toEqual([
      { method: 'POST', url: URL, auth: 'Bearer <user-token>', body: BODY },
      { method: 'POST', url: URL, auth: undefined, body: BODY },
      { method: 'GET', url: 'https://your-deployment.convex.cloud/api/health', auth: undefined, body: undefined },
    ]);
  });

  it('raw HTTP: request line, headers, body; plain-text blocks only with an HTTP version', () => {
    const text = `POST /api/run/meetings/queries/getMeeting HTTP/1.1\nHost: your-deployment.convex.cloud\nAuthorization: Convex <deploy-key>\n\n${JSON.stringify(BODY)}`;
    expect(summary(requestsIn('http', text)[0])).toEqual({ method: 'POST', url: URL, auth: 'Convex <deploy-key>', body: BODY });
    expect(requestsIn('text', text)).toHaveLength(1);
    expect(requestsIn('text', 'POST https://your-deployment.convex.cloud/api/run/<module>/<function>')).toEqual([]);
  });

  it('ignores blocks that make no request', () => {
    expect(requestsIn('bash', 'npm install && npx convex dev')).toEqual([]);
    expect(requestsIn('json', JSON.stringify(BODY))).toEqual([]);
    expect(requestsIn('javascript', 'const fetchUser = () => user;')).toEqual([]);
  });
});

describe('matching a request path to a spec path', () => {
  const index = (paths: string[]) => new SpecIndex({ api: { openapi: '3.1.0', paths: Object.fromEntries(paths.map((p) => [p, { get: {} }])) } } as unknown as SpecInput);

  it('a concrete path wins over a templated one whatever the spec order (OpenAPI path matching); then the most concrete template', () => {
    expect(index(['/items/{id}', '/items/new']).match('/items/new')?.path).toBe('/items/new');
    expect(index(['/items/new', '/items/{id}']).match('/items/new')?.path).toBe('/items/new');
    expect(index(['/items/new', '/items/{id}']).match('/items/42')?.path).toBe('/items/{id}');
    expect(index(['/{kind}/{id}/preview', '/items/{id}/preview']).match('/items/7/preview')?.path).toBe('/items/{id}/preview');
    expect(index(['/crawl/{id}', '/crawl/params-preview/']).match('/crawl/params-preview/')?.path).toBe('/crawl/params-preview/');
  });

  it('a last parameter named for the rest of the path (a proxy) may stand for several segments, tried after every other match', () => {
    const spec = index(['/proxy/{anyPath}', '/proxy/{id}/status', '/connection/{connectionId}']);
    expect(spec.match('/proxy/v2/users/me')?.path).toBe('/proxy/{anyPath}');
    expect(spec.match('/proxy/')?.path).toBe('/proxy/{anyPath}');
    expect(spec.match('/proxy/42/status')?.path).toBe('/proxy/{id}/status');
    expect(spec.match('/proxy')).toBeUndefined();
    expect(spec.match('/connection/c1/config')).toBeUndefined();
  });

  it('a parameter stands for one segment; a trailing slash is tried without it', () => {
    const spec = index(['/a/{id}/b', '/api/run/users/getCurrent']);
    expect(spec.match('/a/1/2/b')).toBeUndefined();
    expect(spec.match('/api/run/users/getCurrent/')?.path).toBe('/api/run/users/getCurrent');
    expect(spec.match('/api/run/users/getcurrent')).toBeUndefined();
  });
});
