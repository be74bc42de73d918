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
 * Where an internal link of a page goes, resolved the way Mintlify's link checker does: absolute
 * paths from the site root, `./` and `../` from the page's folder, query dropped, trailing slash
 * ignored, `.mdx` optional, `<dir>` → `<dir>/index`, `/` → the home page (`index`); a path the
 * config's `redirects` move resolves where they land (a redirect to nowhere is a broken link).
 * Returns 'external' for URLs with a scheme (https:, mailto:) or protocol-relative ones, and
 * undefined when nothing answers to the path.
 */
export function resolveLink(
  url: string,
  fromRoute: string,
  site: { routes: ReadonlySet<string>; folders?: ReadonlySet<string>; fileExists(rel: string): boolean; redirect(path: string): string | 'external' | undefined },
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
  // A folder of pages: Mintlify's link checker accepts it (the site sends it to a page inside).
  if (site.folders?.has(route)) return { file: p, anchor: undefined };
  const moved = site.redirect(`/${p}`);
  if (moved === 'external') return { file: p, anchor: undefined };
  if (moved === undefined) return undefined;
  // Where it lands, redirects already followed (a browser keeps the #fragment).
  const landed = resolveLink(moved, '', { ...site, redirect: () => undefined });
  return landed && landed !== 'external' ? { ...landed, anchor: landed.anchor ?? anchor } : undefined;
}
