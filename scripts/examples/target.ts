import type { Operation, SpecIndex } from './spec-index.js';

/**
 * Where an example's URL points, before any path is matched:
 * - `unknown`: not a literal (a variable with no literal value, `fetch(request)`): never reported;
 * - `server`: on a server URL of a spec (or the docs' `api.baseUrl`): checked, always;
 * - `loose`: its host says nothing about which API it calls: a leading variable
 *   (`$CONVEX_URL/...`, `${process.env.X}/...`), a placeholder host (`https://<your-host>/...`,
 *   `https://your-app.vercel.app/...`, `example.com`, `localhost`) or no host at all (`/api/x`,
 *   the reader's own app). Checked only when its path belongs to a spec (see `targetOf`);
 * - `other`: a real host that is no server of any spec (WorkOS, OpenAI): another service; and
 *   `localhost`, the reader's own machine (their app in a quickstart, a self-hosted instance whose
 *   auth and version are theirs): not checked either.
 */
export type UrlClass =
  | { kind: 'unknown' }
  /** candidates: each spec whose server the URL is on, with the path after that server (longest server first). */
  | { kind: 'server'; candidates: Array<{ index: SpecIndex; path: string }> }
  | { kind: 'loose'; via: 'variable' | 'placeholder' | 'relative'; path: string }
  | { kind: 'other'; host: string };

/**
 * A host written as a stand-in: `<host>`, `{host}`, `your-…`, `example.com`. Not `my-app.deno.dev`
 * and the like: a named deployment is the reader's own app, even when it mirrors the API's paths.
 */
const PLACEHOLDER_HOST = /[<>{}[\]$%]|(^|[.\-_])your|^(?:[\w-]+\.)*example\.(?:com|org|net)(?::\d+)?$|^x{3,}\b|^host(?::\d+)?$/i;
/** A deployment on an app platform (`my-scraper.<your-subdomain>.workers.dev`, `your-project.vercel.app`): the reader's own app. */
const APP_PLATFORM = /\.(?:workers\.dev|pages\.dev|vercel\.app|netlify\.app|deno\.dev|herokuapp\.com|onrender\.com|fly\.dev|railway\.app|run\.app|azurewebsites\.net|ngrok(?:-free)?\.(?:app|io|dev)|trycloudflare\.com|supabase\.co)(?::\d+)?$/i;
/** The reader's own machine: their app (a quickstart's server) or a self-hosted instance, never checked. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?$/i;
/** A leading variable: `$VAR`, `${VAR}`, `${process.env.VAR}`, `%VAR%`. */
const LEADING_VARIABLE = /^(\$\{[^}]*\}|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%)/;

export function classifyUrl(url: string | undefined, indexes: SpecIndex[]): UrlClass {
  if (url === undefined) return { kind: 'unknown' };
  const variable = LEADING_VARIABLE.exec(url);
  if (variable) {
    const rest = url.slice(variable[0].length);
    // The whole URL is one variable (`fetch(url)`, `curl $URL`): nothing is known.
    if (rest === '' || !/^[/?#]/.test(rest)) return { kind: 'unknown' };
    // A server URL held in a variable is still a server (`${BASE}` = `https://{deployment}.convex.cloud`).
    return pathClass('loose', rest, 'variable') as UrlClass;
  }
  const candidates: Array<{ index: SpecIndex; path: string }> = [];
  for (const index of indexes) {
    for (const rest of index.serverRests(url)) {
      const where = pathClass('server', rest);
      if (where.kind === 'unknown') return where;
      candidates.push({ index, path: (where as { path: string }).path });
    }
  }
  if (candidates.length) return { kind: 'server', candidates };
  if (url.startsWith('/') && !url.startsWith('//')) return pathClass('loose', url, 'relative') as UrlClass;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)/i.exec(url);
  if (!m) return { kind: 'other', host: url.split('/')[0] };
  const host = m[1].replace(/^[^@]*@/, '');
  if (LOCAL_HOST.test(host) || APP_PLATFORM.test(host)) return { kind: 'other', host };
  if (PLACEHOLDER_HOST.test(host)) {
    return namesAnotherProduct(host, indexes) ? { kind: 'other', host } : (pathClass('loose', url.slice(m[0].length), 'placeholder') as UrlClass);
  }
  return { kind: 'other', host };
}

/** Words of a placeholder host that say nothing about which product it stands for. */
const FILLER = new Set(
  'your my the host hostname server api apis domain instance url uri base app application self hosted selfhosted deployment project example com org net io dev local endpoint service name subdomain tenant company org organization workspace region env environment cluster www http https ip address port custom own internal private public prod production staging test'.split(' '),
);

/**
 * A placeholder host that names a product (`your-weaviate-host`) names that product: when no spec
 * of the site has the name in its title or server URLs, the URL is another service's, even if its
 * path happens to match an operation (`/v1/meta`).
 */
function namesAnotherProduct(host: string, indexes: SpecIndex[]): boolean {
  const words = host
    .replace(/:\d+$/, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !/^\d+$/.test(w) && !FILLER.has(w));
  if (!words.length) return false;
  const vocabulary = indexes
    .map((index) => {
      const api = index.spec.api as { info?: { title?: unknown }; servers?: Array<{ url?: unknown }> };
      return [api.info?.title, ...(api.servers ?? []).map((s) => s?.url)].filter((v) => typeof v === 'string').join(' ');
    })
    .join(' ')
    .toLowerCase();
  return !words.some((w) => vocabulary.includes(w));
}

/** A path segment written as a stand-in for the reader's own (`some-endpoint`, `your-model`): the path is illustrative. */
const PLACEHOLDER_SEGMENT = /^(?:some|your)[-_][a-z]/i;

function pathClass(kind: 'server' | 'loose', rest: string, via?: 'variable' | 'placeholder' | 'relative'): UrlClass | { kind: 'server'; path: string } {
  const path = rest.replace(/[?#].*$/, '');
  if (path.includes('${')) return { kind: 'unknown' }; // a variable inside the path: cannot be matched
  if (path.split('/').some((seg) => PLACEHOLDER_SEGMENT.test(seg))) return { kind: 'unknown' };
  const normal = path === '' ? '/' : path.startsWith('/') ? path : `/${path}`;
  return kind === 'server' ? { kind, path: normal } : { kind, via: via!, path: normal };
}

/** What an example request is checked against. */
export type Target =
  | { status: 'unresolved' }
  | { status: 'external' }
  /** match undefined: the path is aimed at this spec's API but names no path of it (reported). */
  | { status: 'checked'; index: SpecIndex; path: string; match?: { path: string; operations: Operation[] } };

/**
 * The spec (of several, in order) and path an example URL is checked against. A URL on a server
 * of a spec (root, path-item or operation `servers`) is matched against every spec whose server
 * it is on, and reported when no path of any matches. A loose URL is
 * matched against each spec, with and without the path part of its servers (`/v1`); when no path
 * matches (or matches only a template none of whose methods is the request's), it is still reported if it shares its first two segments with a path of a spec (a typo
 * in `/api/run/...`), else it is another service (counted as external, not checked).
 */
export function targetOf(url: string | undefined, indexes: SpecIndex[], method?: string): Target {
  const where = classifyUrl(url, indexes);
  if (where.kind === 'unknown') return { status: 'unresolved' };
  if (where.kind === 'other') return { status: 'external' };
  if (where.kind === 'server') {
    // Every spec whose server fits (two specs may share one): the best match of all, as OpenAPI
    // matches within one spec (a concrete path before a template, then the template with most
    // concrete segments), so a template of one spec never takes a URL another spec names exactly.
    // Equal matches: the longest server first, then spec order.
    let best: { c: (typeof where.candidates)[number]; match: NonNullable<ReturnType<SpecIndex['match']>> } | undefined;
    for (const c of where.candidates) {
      const match = c.index.match(c.path);
      if (match && (!best || match.rank > best.match.rank)) best = { c, match };
    }
    if (best) return { status: 'checked', index: best.c.index, path: best.c.path, match: best.match };
    return { status: 'checked', index: where.candidates[0].index, path: where.candidates[0].path };
  }
  const candidates = (index: SpecIndex) => [
    where.path,
    ...index.serverPaths.filter((p) => where.path.startsWith(p + '/')).map((p) => where.path.slice(p.length)),
  ];
  let best: { index: SpecIndex; path: string; match: NonNullable<ReturnType<SpecIndex['match']>> } | undefined;
  for (const index of indexes) {
    for (const path of candidates(index)) {
      const match = index.match(path);
      // Through a template and with none of its methods (`POST /interact/start` against
      // `DELETE /interact/{sessionId}`), a loose URL is more likely the reader's own endpoint.
      if (match && (match.path === path.replace(/(.)\/$/, '$1') || !method || match.operations.some((o) => o.method === method))) {
        if (!best || match.rank > best.match.rank) best = { index, path, match };
      }
    }
  }
  if (best) return { status: 'checked', ...best };
  for (const index of indexes) {
    for (const path of candidates(index)) if (index.aims(path)) return { status: 'checked', index, path };
  }
  return { status: 'external' };
}
