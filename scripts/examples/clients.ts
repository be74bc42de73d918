import { ExprReader, tokenize, type Expr } from './code.js';
import { curlRequests } from './curl.js';
import { HTTP_METHODS, type ExampleBody, type ExampleHeader, type ExampleRequest, type FormField } from './request.js';
import type { Value } from './value.js';

/** Requests made by `fetch(url, init)` calls in JavaScript or TypeScript. */
export function fetchRequests(text: string): ExampleRequest[] {
  const tokens = tokenize(text, 'js');
  const reader = new ExprReader(tokens, 'js', text);
  const out: ExampleRequest[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'id') continue;
    const next = tokens[i + 1];
    // const/let/var NAME = <expr>: remembered for later use as a URL, header or body.
    if ((tok.v === 'const' || tok.v === 'let' || tok.v === 'var') && tokens[i + 1]?.t === 'id' && isP(tokens[i + 2], '=')) {
      const [expr] = reader.expr(i + 3);
      reader.vars.set((tokens[i + 1] as { v: string }).v, expr);
      continue;
    }
    if (tok.v !== 'fetch' || !isP(next, '(')) continue;
    const before = tokens[i - 1];
    if (isP(before, '.') && !(tokens[i - 2]?.t === 'id' && ['window', 'globalThis', 'self'].includes((tokens[i - 2] as { v: string }).v))) continue;
    // A definition, not a call: `function fetch(`, `async fetch(req) {` (a Worker's handler), `fetch(req): Promise<Response> {`.
    if (before?.t === 'id' && ['function', 'async', 'get', 'set', 'static'].includes(before.v)) continue;
    const args = reader.args(i + 1);
    const after = tokens[args.end + 1];
    if (isP(after, '{')) continue;
    const [urlExpr, init] = args.positional;
    const request: ExampleRequest = { client: 'fetch', offset: tok.offset, impliedMethod: 'GET', headers: [], url: urlOf(urlExpr, reader) };
    const options = init?.value.kind === 'object' ? init.value : undefined;
    // `fetch(url, options)` with options not a literal, or `{...defaults}` without its own key:
    // what it sends is unknown, so nothing beyond the path is checked.
    if (init && (!options || options.open)) {
      if (!options?.entries.some((e) => e.key === 'method')) request.methodUnknown = true;
      if (!options?.entries.some((e) => e.key === 'headers')) request.headersUnknown = true;
    }
    for (const entry of options?.entries ?? []) {
      if (entry.key === 'method') {
        const m = stringOf(entry.value);
        if (m !== undefined) request.method = { value: m, offset: entry.value.offset };
        else request.methodUnknown = true;
      } else if (entry.key === 'headers') {
        request.headers = headersOf(entry.value);
        if (headersOpen(entry.value)) request.headersUnknown = true;
      } else if (entry.key === 'body') {
        request.body = bodyOf(entry.value, 'js');
      }
    }
    out.push(request);
  }
  return out;
}

/** Requests made with Python `requests` (or `httpx`): `requests.post(url, json=..., headers=...)`. */
export function pythonRequests(text: string): ExampleRequest[] {
  const tokens = tokenize(text, 'py');
  const reader = new ExprReader(tokens, 'py', text);
  const out: ExampleRequest[] = [];
  const sessions = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'id') continue;
    const atStatementStart = i === 0 || tokens[i - 1].t === 'nl' || isP(tokens[i - 1], ';');
    if (atStatementStart && isP(tokens[i + 1], '=')) {
      const rhs = text.slice(tokens[i + 2]?.offset ?? text.length, tokens[i + 2]?.end ?? text.length);
      if ((rhs === 'requests' || rhs === 'httpx') && isP(tokens[i + 3], '.') && /^(Session|Client|session)$/.test((tokens[i + 4] as { v?: string })?.v ?? '')) {
        sessions.add(tok.v);
        continue;
      }
      const [expr] = reader.expr(i + 2);
      reader.vars.set(tok.v, expr);
      continue;
    }
    // `with requests.Session() as s:`
    if (tok.v === 'as' && tokens[i + 1]?.t === 'id' && /requests\.Session|httpx\.Client/.test(text.slice(tokens[Math.max(0, i - 6)].offset, tok.offset))) {
      sessions.add((tokens[i + 1] as { v: string }).v);
      continue;
    }
    if (!(tok.v === 'requests' || tok.v === 'httpx' || sessions.has(tok.v)) || !isP(tokens[i + 1], '.')) continue;
    const fn = tokens[i + 2];
    if (fn?.t !== 'id' || !isP(tokens[i + 3], '(')) continue;
    const verb = fn.v.toUpperCase();
    if (fn.v !== 'request' && !HTTP_METHODS.includes(verb)) continue;
    const args = reader.args(i + 3);
    const positional = [...args.positional];
    const request: ExampleRequest = { client: 'python-requests', offset: tok.offset, impliedMethod: verb, headers: [] };
    if (fn.v === 'request') {
      const m = positional.shift() ?? args.named.get('method')?.expr;
      const method = m && stringOf(m.value);
      request.impliedMethod = 'GET';
      if (method !== undefined) request.method = { value: method, offset: m!.offset };
      else request.methodUnknown = true;
    } else request.method = { value: verb, offset: fn.offset };
    request.url = urlOf(positional.shift() ?? args.named.get('url')?.expr, reader);
    const headers = args.named.get('headers')?.expr;
    if (headers) request.headers = headersOf(headers.value);
    // A session's own headers, `auth=`, or headers that are not a literal: the credential is unknown.
    if (sessions.has(tok.v) || args.named.has('auth') || (headers && headersOpen(headers.value))) request.headersUnknown = true;
    const json = args.named.get('json')?.expr;
    const data = args.named.get('data')?.expr ?? args.named.get('content')?.expr ?? (verb !== 'GET' ? positional.shift() : undefined);
    if (json) {
      request.body = json.value.kind === 'unknown' ? { kind: 'unknown', offset: json.offset, why: 'not a literal' } : { kind: 'value', value: json.value };
      if (!request.headers.some((h) => h.name.toLowerCase() === 'content-type')) request.headers.push({ name: 'Content-Type', value: 'application/json', offset: json.offset });
    } else if (args.named.has('files')) {
      request.body = pythonForm('multipart/form-data', 'files=', [args.named.get('files')!.expr, ...(data ? [data] : [])], true);
    } else if (data && (data.value.kind === 'object' || data.value.kind === 'array')) {
      request.body = pythonForm('application/x-www-form-urlencoded', 'data=', [data], false);
    } else if (data) {
      request.body = bodyOf(data.value, 'py');
    }
    out.push(request);
  }
  return out;
}

/** requests' `files=` (with `data=`) or `data=` with a dict or a list of pairs: form fields by name. */
function pythonForm(encoding: 'multipart/form-data' | 'application/x-www-form-urlencoded', via: string, exprs: Expr[], filesFirst: boolean): ExampleBody {
  const fields: FormField[] = [];
  let open = false;
  exprs.forEach((expr, k) => {
    const file = filesFirst && k === 0;
    const v = expr.value;
    if (v.kind === 'object') {
      if (v.open) open = true;
      for (const e of v.entries) fields.push({ name: e.key, offset: e.keyOffset, ...(file ? { file } : {}) });
    } else if (v.kind === 'array') {
      for (const pair of v.items) {
        const name = pair.kind === 'array' ? pair.items[0] : undefined;
        if (name?.kind === 'scalar' && typeof name.value === 'string') fields.push({ name: name.value, offset: name.offset, ...(file ? { file } : {}) });
        else open = true;
      }
    } else open = true;
  });
  return { kind: 'form', encoding, offset: exprs[0].offset, fields, via, ...(open ? { open } : {}) };
}

/** A raw HTTP request: `POST /path HTTP/1.1`, header lines, a blank line, the body. */
export function rawHttpRequests(text: string): ExampleRequest[] {
  const lines = text.split('\n');
  let offset = 0;
  let k = 0;
  while (k < lines.length && lines[k].trim() === '') offset += lines[k++].length + 1;
  const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(lines[k] ?? '');
  if (!m || !HTTP_METHODS.includes(m[1])) return [];
  const request: ExampleRequest = {
    client: 'http',
    offset,
    method: { value: m[1], offset },
    impliedMethod: m[1],
    url: { value: m[2], offset: offset + lines[k].indexOf(m[2]) },
    headers: [],
  };
  offset += lines[k++].length + 1;
  for (; k < lines.length && lines[k].trim() !== ''; k++) {
    const colon = lines[k].indexOf(':');
    if (colon > 0) request.headers.push({ name: lines[k].slice(0, colon).trim(), value: lines[k].slice(colon + 1).trim(), offset });
    offset += lines[k].length + 1;
  }
  if (k < lines.length) {
    offset += lines[k].length + 1;
    const body = lines.slice(k + 1).join('\n');
    if (body.trim() !== '') {
      request.body = { kind: 'text', text: { text: body, offsets: Array.from({ length: body.length + 1 }, (_, n) => offset + n), offset } };
    }
  }
  // An absolute-form target needs no Host; an origin-form one is joined with it.
  const host = request.headers.find((h) => h.name.toLowerCase() === 'host')?.value;
  if (request.url && request.url.value.startsWith('/') && host) request.url = { value: `https://${host}${request.url.value}`, offset: request.url.offset };
  return [request];
}

const CONVEX_CLIENTS = /\b(ConvexHttpClient|ConvexClient|ConvexReactClient|useQuery)\b/;

/** Which extractor a code block gets, from its language tag and (for untagged blocks) its text. */
export function requestsIn(lang: string, text: string): ExampleRequest[] {
  const l = lang.toLowerCase();
  if (['bash', 'sh', 'shell', 'zsh', 'console', 'curl', 'shellsession', 'terminal'].includes(l)) return /\bcurl\b/.test(text) ? curlRequests(text) : [];
  if (['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs', 'cjs', 'node'].includes(l)) {
    return [...(/\bfetch\s*\(/.test(text) ? fetchRequests(text) : []), ...(CONVEX_CLIENTS.test(text) ? convexClientRequests(text, 'js') : [])];
  }
  if (['python', 'py', 'python3'].includes(l)) {
    return [...(/\b(requests|httpx)\b/.test(text) ? pythonRequests(text) : []), ...(/\bConvexClient\b/.test(text) ? convexClientRequests(text, 'py') : [])];
  }
  if (l === 'http' || l === 'https') return rawHttpRequests(text);
  // Untagged and plain-text blocks: a curl command, or a complete raw request (with HTTP/1.1),
  // not a `POST /api/run/<module>/<function>` pattern written in prose.
  if (l === '' || l === 'text' || l === 'txt' || l === 'plaintext') {
    if (/^\s*(\$\s+)?curl\b/m.test(text)) return curlRequests(text);
    return /^\s*[A-Z]+\s+\S+\s+HTTP\/\d/.test(text) ? rawHttpRequests(text) : [];
  }
  return [];
}

function isP(tok: unknown, v: string): boolean {
  return Boolean(tok && (tok as { t: string }).t === 'p' && (tok as { v: string }).v === v);
}

function stringOf(value: Value): string | undefined {
  return value.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/** The URL text, with `${NAME}` fields of string variables assigned in the block filled in. */
function urlOf(expr: Expr | undefined, reader: ExprReader): ExampleRequest['url'] {
  if (!expr?.str) return undefined;
  const value = expr.str.text.replace(/\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g, (field, name: string) => {
    const known = reader.vars.get(name)?.value;
    return known?.kind === 'scalar' && typeof known.value === 'string' ? known.value : field;
  });
  return { value, offset: expr.offset };
}

/** Header entries of an object literal (or a list of [name, value] pairs). */
function headersOf(value: Value): ExampleHeader[] {
  if (value.kind === 'object') {
    return value.entries.map((e) => ({
      name: e.key,
      value: e.value.kind === 'scalar' ? String(e.value.value) : e.value.kind === 'unknown' ? textOfUnknown(e.value.text) : undefined,
      offset: e.keyOffset,
    }));
  }
  if (value.kind === 'array') {
    return value.items.flatMap((pair) => {
      if (pair.kind !== 'array' || pair.items.length !== 2 || pair.items[0].kind !== 'scalar') return [];
      const v = pair.items[1];
      return [{ name: String(pair.items[0].value), value: v.kind === 'scalar' ? String(v.value) : undefined, offset: pair.offset }];
    });
  }
  return [];
}

/** Headers that are not (entirely) a literal: a variable, a call, `{...base, X: 1}`. */
function headersOpen(value: Value): boolean {
  return value.kind === 'unknown' || (value.kind === 'object' && value.open === true) || value.kind === 'json';
}

/** An unknown header value still tells its style when it is a template: `Bearer ${token}`. */
function textOfUnknown(text: string): string | undefined {
  return /^[A-Za-z][\w-]*\s/.test(text) ? text : undefined;
}

function bodyOf(value: Value, lang: 'js' | 'py'): ExampleBody {
  if (value.kind === 'json') return { kind: 'value', value: value.inner };
  if (value.kind === 'unknown') return { kind: 'unknown', offset: value.offset, why: 'not a literal' };
  if (value.kind === 'scalar' && typeof value.value === 'string' && value.located) return { kind: 'text', text: value.located };
  if (value.kind === 'object' && lang === 'py') return { kind: 'unknown', offset: value.offset, why: 'form-encoded (data= with a dict)' };
  return { kind: 'unknown', offset: value.offset, why: 'not JSON text' };
}

const KIND_OF_CALL: Record<string, 'query' | 'mutation' | 'action'> = { query: 'query', mutation: 'mutation', action: 'action', onUpdate: 'query', subscribe: 'query' };

/**
 * What `path/to/module:name` (or `path/to/module.js:name`) or `api.path.to.module.name` names, as
 * the `/api/run/...` path its HTTP call takes; undefined when it is neither.
 */
function functionRunPath(ref: Value, vars: ReadonlyMap<string, Expr>): string | undefined {
  const named = stringOf(ref);
  if (named !== undefined) {
    const m = /^([\w/.-]+?)(?:\.(?:js|ts))?:(\w+)$/.exec(named);
    return m ? `/api/run/${m[1]}/${m[2]}` : undefined;
  }
  if (ref.kind !== 'unknown') return undefined;
  // `const signaling = api.meetings.webrtc.index;` then `signaling.createWebRTCSession`.
  let text = ref.text.replace(/\s+/g, '');
  const head = /^\w+/.exec(text)?.[0];
  const known = head ? vars.get(head)?.value : undefined;
  if (head && known?.kind === 'unknown') text = known.text.replace(/\s+/g, '') + text.slice(head.length);
  const m = /^(?:api|internal|anyApi)((?:\.\w+)+)$/.exec(text);
  const parts = m?.[1].slice(1).split('.');
  return parts && parts.length >= 2 ? `/api/run/${parts.join('/')}` : undefined;
}

/**
 * Calls of Convex's own clients, each the HTTP request it stands for: `new ConvexHttpClient(url)` /
 * `ConvexClient` / `ConvexReactClient` in JavaScript and `ConvexClient(url)` of Python's `convex`
 * package, whose `client.query|mutation|action(fn, args)` (`onUpdate` and `subscribe` watch a
 * query) run `fn` as `POST /api/run/<path>` with `{args, format: "json"}`, and React's
 * `useQuery(fn, args)`. The credential is what `setAuth` (`Bearer`) or `setAdminAuth` (`Convex`)
 * gave the client in the block, else unknown; the call's kind must be the function's.
 */
export function convexClientRequests(text: string, lang: 'js' | 'py'): ExampleRequest[] {
  const tokens = tokenize(text, lang);
  const reader = new ExprReader(tokens, lang, text);
  const clients = new Map<string, { base: string; auth?: ExampleHeader }>();
  const out: ExampleRequest[] = [];
  const idAt = (i: number) => (tokens[i]?.t === 'id' ? (tokens[i] as { v: string }).v : undefined);
  for (let i = 0; i < tokens.length; i++) {
    const name = idAt(i);
    if (!name) continue;
    if (['const', 'let', 'var'].includes(name) && tokens[i + 1]?.t === 'id' && isP(tokens[i + 2], '=')) {
      reader.vars.set((tokens[i + 1] as { v: string }).v, reader.expr(i + 3)[0]);
    }
    // NAME = [new] ConvexHttpClient(url)
    if (isP(tokens[i + 1], '=')) {
      let c = i + 2;
      if (idAt(c) === 'new') c++;
      const ctor = idAt(c);
      if (ctor && /^Convex(Http|React)?Client$/.test(ctor) && isP(tokens[c + 1], '(')) {
        const url = reader.args(c + 1).positional[0];
        // A URL from the environment (process.env.CONVEX_URL) is a leading variable, as in a fetch.
        const base = url?.str ? url.str.text : '${CONVEX_URL}';
        clients.set(name, { base: base.replace(/\/+$/, '') });
        continue;
      }
    }
    const isUseQuery = name === 'useQuery' && isP(tokens[i + 1], '(') && !isP(tokens[i - 1], '.');
    const client = clients.get(name);
    if (!client && !isUseQuery) continue;
    const method = isUseQuery ? 'useQuery' : isP(tokens[i + 1], '.') ? idAt(i + 2) : undefined;
    const open = isUseQuery ? i + 1 : i + 3;
    if (!method || !isP(tokens[open], '(')) continue;
    const args = reader.args(open);
    if (client && /^(setAuth|set_auth|setAdminAuth|set_admin_auth)$/.test(method)) {
      const arg = args.positional[0];
      const scheme = /admin/i.test(method) ? 'Convex' : 'Bearer';
      const given = arg ? stringOf(arg.value) : undefined;
      client.auth = { name: 'Authorization', value: given !== undefined ? `${scheme} ${given}` : `${scheme} \${token}`, offset: tokens[i + 2].offset };
      continue;
    }
    const kind = isUseQuery ? 'query' : KIND_OF_CALL[method];
    if (!kind) continue;
    const [ref, fnArgs] = args.positional;
    const path = ref && functionRunPath(ref.value, reader.vars);
    if (!path) continue;
    const at = tokens[isUseQuery ? i : i + 2].offset;
    const body: Value = {
      kind: 'object',
      offset: at,
      entries: [
        { key: 'args', keyOffset: fnArgs?.offset ?? at, value: fnArgs?.value ?? { kind: 'object', offset: at, entries: [] } },
        { key: 'format', keyOffset: at, value: { kind: 'scalar', offset: at, value: 'json' } },
      ],
    };
    out.push({
      client: 'convex-client',
      offset: at,
      method: { value: 'POST', offset: at },
      impliedMethod: 'POST',
      url: { value: `${client?.base ?? '${CONVEX_URL}'}${path}`, offset: ref.offset },
      headers: client?.auth ? [client.auth] : [],
      // Without setAuth in the block the client may have been given a token elsewhere.
      headersUnknown: !client?.auth,
      body: { kind: 'value', value: body },
      functionKind: { value: kind, offset: at, call: isUseQuery ? 'useQuery' : `client.${method}` },
    });
  }
  return out;
}
