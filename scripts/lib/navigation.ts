import { pointerOf } from './locate.js';

export interface NavEntry {
  /** Route as written in mint.json, e.g. docs/quickstart */
  page: string;
  /** JSON pointer of the entry inside mint.json. */
  pointer: string;
  group?: string;
}

/** Every page route in mint.json's `navigation` (groups nest), with where it is written. */
export function navigationEntries(config: Record<string, unknown>): NavEntry[] {
  const out: NavEntry[] = [];
  const walk = (node: unknown, path: Array<string | number>, group?: string) => {
    if (typeof node === 'string') {
      out.push({ page: node.replace(/^\//, ''), pointer: pointerOf(...path), group });
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...path, i], group));
    } else if (node && typeof node === 'object' && Array.isArray((node as { pages?: unknown }).pages)) {
      const g = (node as { group?: unknown }).group;
      walk((node as { pages: unknown[] }).pages, [...path, 'pages'], typeof g === 'string' ? g : group);
    }
  };
  walk(config.navigation, ['navigation']);
  return out;
}

/**
 * An `openapi:` reference, as written in page frontmatter (`"POST /api/run/x"`,
 * `"openapi.yaml POST /api/run/x"`) or as a navigation entry: optional spec file, method, path.
 */
export interface OperationRef {
  file?: string;
  method: string;
  path: string;
}

const METHODS = 'GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE|WEBHOOK';

export function parseOperationRef(value: string): OperationRef | undefined {
  const m = new RegExp(`^\\s*(?:(\\S+\\.(?:ya?ml|json))\\s+)?(${METHODS})\\s+(\\S+)\\s*$`, 'i').exec(value);
  return m ? { file: m[1], method: m[2].toUpperCase(), path: m[3] } : undefined;
}

/** A navigation entry that names an operation (`"GET /users"`) rather than a page. */
export function isOperationEntry(page: string): boolean {
  return parseOperationRef(page) !== undefined;
}

export interface LinkTarget {
  /** Route of the page it resolves to (docs/quickstart), or undefined for a file or the page itself. */
  route?: string;
  /** The link points at the page it is on (`#anchor`, or an empty path). */
  self?: boolean;
  /** Root-relative path of a static file it resolves to (an image, openapi.yaml). */
  file?: string;
  /** The `#fragment`, percent-decoded, without `#`. */
  anchor?: string;
}

/**
 * Where an internal link of a page goes, resolved the way Mintlify's link checker does: absolute
 * paths from the site root, `./` and `../` from the page's folder, query dropped, trailing slash
 * ignored, `.mdx` optional, `<dir>` → `<dir>/index`; redirects (mint.json `redirects`) count.
 * Returns 'external' for URLs with a scheme (https:, mailto:) or protocol-relative ones, and
 * undefined when nothing answers to the path.
 */
export function resolveLink(
  url: string,
  fromRoute: string,
  site: { routes: ReadonlySet<string>; fileExists(rel: string): boolean; redirects: Array<{ source: RegExp }> },
): LinkTarget | 'external' | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return 'external';
  const hashAt = url.indexOf('#');
  const anchorRaw = hashAt >= 0 ? url.slice(hashAt + 1) : undefined;
  let anchor: string | undefined;
  try {
    anchor = anchorRaw === undefined ? undefined : decodeURIComponent(anchorRaw);
  } catch {
    anchor = anchorRaw;
  }
  let p = (hashAt >= 0 ? url.slice(0, hashAt) : url).replace(/\?.*$/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep it as written
  }
  if (p === '' || p === '/') return { self: true, anchor };
  if (p.startsWith('.')) {
    const dir = fromRoute.includes('/') ? fromRoute.slice(0, fromRoute.lastIndexOf('/')) : '';
    const parts: string[] = dir ? dir.split('/') : [];
    for (const seg of p.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.' && seg !== '') parts.push(seg);
    }
    p = parts.join('/');
  } else p = p.replace(/^\/+/, '');
  p = p.replace(/\/+$/, '');
  const route = p.replace(/\.mdx?$/, '');
  if (site.routes.has(route)) return { route, anchor };
  if (site.routes.has(`${route}/index`)) return { route: `${route}/index`, anchor };
  if (site.fileExists(p)) return { file: p, anchor };
  if (site.redirects.some((r) => r.source.test(`/${p}`))) return { file: p, anchor: undefined };
  return undefined;
}

/** mint.json `redirects` sources as patterns (`:slug` and `:slug*` wildcards as Mintlify reads them). */
export function redirectSources(config: Record<string, unknown>): Array<{ source: RegExp }> {
  const list = Array.isArray(config.redirects) ? (config.redirects as Array<{ source?: unknown }>) : [];
  return list
    .filter((r): r is { source: string } => typeof r.source === 'string')
    .map((r) => {
      const pattern = ('/' + r.source.replace(/^\/+/, '').replace(/\/+$/, ''))
        .split('/')
        .map((seg) => (/^:\w+\*$/.test(seg) ? '.*' : /^:\w+$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { source: new RegExp(`^${pattern.replace(/\/\.\*$/, '(?:/.*)?')}$`) };
    });
}
