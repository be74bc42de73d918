/** Where a page's internal links go, as Mintlify resolves them. */

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
 * Where an internal link of a page goes, resolved the way a browser resolves it on the page's URL
 * (Mintlify serves `guides/intro.mdx` at `/guides/intro` and `guides/index.mdx` at `/guides`, and
 * renders links as written): absolute paths from the site root; relative ones (`x`, `./x`, `../x`)
 * from the URL's folder, so `task/chat` on `/guides/intro` is `/guides/task/chat`, or, should the
 * page be served with a trailing slash, from the page's own URL (`./x` on `/guides/` is
 * `/guides/x`): a link one of the two readings takes to a page is not called broken. Mintlify's
 * docs ask for root-relative links because relative ones land elsewhere in production than where
 * their author meant; its link checker reads `./x` from the file's folder and `x` from the root,
 * where no browser reads it. An image (`![](x.png)`, `<img src>`) is also found the ways
 * Mintlify's build may resolve it (from the file's folder, from the root), since the build copies
 * images rather than the browser fetching them as written. Then: query dropped, trailing slash
 * ignored, `.mdx` optional, `<dir>` → `<dir>/index`, `/` → the home page (`index`); a path the
 * config's `redirects` move resolves where they land (a redirect to nowhere is a broken link).
 * Returns 'external' for URLs with a scheme (https:, mailto:) or protocol-relative ones, and
 * undefined when nothing answers to the path.
 */
export function resolveLink(
  url: string,
  fromRoute: string,
  site: LinkSiteView,
  media = false,
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
  if (p === '') return { self: true, anchor };
  if (p === '/') return site.routes.has('index') ? { route: 'index', anchor } : { file: '', anchor: undefined }; // the site's root always answers
  if (!p.startsWith('/')) {
    // The page's URL as Mintlify links it (no trailing slash), or with one (as a server may send it).
    const fromUrl = resolvePath(joinPath(urlFolder(fromRoute), p), anchor, site) ?? resolvePath(joinPath(pageUrl(fromRoute), p), anchor, site);
    if (!media) return fromUrl;
    // An image: where the browser asks for it, else where Mintlify's build may have found it.
    return fromUrl ?? resolvePath(joinPath(parentOf(fromRoute), p), anchor, site) ?? resolvePath(p, anchor, site);
  }
  return resolvePath(p.replace(/^\/+/, ''), anchor, site);
}

/**
 * The root-relative path (no leading or trailing slash, no query or fragment) a browser requests
 * for an internal link of the page at `fromRoute`; undefined for an external URL or a bare `#x`.
 */
export function requestedPath(url: string, fromRoute: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
  let p = url.replace(/[?#].*$/, '');
  if (p === '') return undefined;
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep it as written
  }
  return (p.startsWith('/') ? p : joinPath(urlFolder(fromRoute), p)).replace(/^\/+|\/+$/g, '').replace(/\.mdx?$/, '');
}

/** What resolveLink reads of the site. */
export interface LinkSiteView {
  routes: ReadonlySet<string>;
  folders?: ReadonlySet<string>;
  fileExists(rel: string): boolean;
  redirect(path: string): string | 'external' | undefined;
}

/** A page's URL path: `guides/intro`, and `guides` for `guides/index`. */
function pageUrl(route: string): string {
  return route.replace(/(^|\/)index$/, '');
}

/** The folder of a page's URL: `guides` for `guides/intro`, `` for `guides/index` (served at `/guides`). */
export function urlFolder(route: string): string {
  return parentOf(pageUrl(route));
}

function parentOf(p: string): string {
  return p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
}

/** `rel` (relative, `..` and `.` segments allowed) from folder `dir`, as a root-relative path. */
function joinPath(dir: string, rel: string): string {
  const parts: string[] = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/') + (rel.endsWith('/') ? '/' : '');
}

function resolvePath(path: string, anchor: string | undefined, site: LinkSiteView): LinkTarget | 'external' | undefined {
  const p = path.replace(/\/+$/, '');
  if (p === '') return site.routes.has('index') ? { route: 'index', anchor } : { file: '', anchor: undefined };
  const route = p.replace(/\.mdx?$/, '');
  if (site.routes.has(route)) return { route, anchor };
  if (site.routes.has(`${route}/index`)) return { route: `${route}/index`, anchor };
  if (site.fileExists(p)) return { file: p, anchor };
  // A folder of pages: Mintlify's link checker accepts it (the site sends it to a page inside).
  if (site.folders?.has(route)) return { file: p, anchor: undefined };
  const moved = site.redirect(`/${p}`);
  if (moved === 'external') return { file: p, anchor: undefined };
  if (moved === undefined) return undefined;
  // Where it lands, redirects already followed (a browser keeps the #fragment).
  const landed = resolveLink(moved, '', { ...site, redirect: () => undefined });
  return landed && landed !== 'external' ? { ...landed, anchor: landed.anchor ?? anchor } : undefined;
}
