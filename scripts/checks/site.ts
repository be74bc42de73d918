// From their modules, not the package's index: the index also turns Mintlify's config schemas into
// JSON Schema when it is imported (~50 ms of every run), which nothing here reads.
import { resolveRefs } from '@mintlify/validation/dist/resolve-refs.js';
import { upgradeToDocsConfig } from '@mintlify/validation/dist/mint-config/upgrades/upgradeToDocsConfig.js';
import { validateDocsConfig, validateMintConfig } from '@mintlify/validation/dist/mint-config/validateConfig.js';
import { decoratedPageSchema } from '@mintlify/validation/dist/mint-config/schemas/v2/properties/reusable/page.js';
import { NATIVE_METADATA_TAG_KEYS_SET } from '@mintlify/models';
import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { finding, type Finding } from '../lib/finding.js';
import { pointerOf } from '../lib/locate.js';
import { cleanHeadingId, pageFacts, type PageLink } from '../lib/mdx.js';
import { requestedPath, resolveLink, type LinkSiteView } from '../lib/navigation.js';
import { operationReferences, type OperationReferences } from '../lib/operation-references.js';
import { followRedirects, isRemoteSource, parseOperationEntry, type ConfigInput, type SiteModel } from '../lib/site.js';
import { resolveImportPath, slugToTitle } from '../lib/mintlify-rules.js';
import { closest, nearest } from '../lib/suggest.js';
import { listOperations } from '../security/operations.js';
import { holdsToReferenceContract } from '../security/policy.js';
import type { PageInput, Workspace } from '../lib/workspace.js';
import { expressionFindings } from '../site/expressions.js';

interface ZodIssueLike {
  path: Array<string | number>;
  message: string;
}

const CHECK = 'site';

/** docs.json against Mintlify's schema (after its `$ref` includes are resolved), as `mint dev` reads it. */
async function docsSchema(site: SiteModel, config: ConfigInput): Promise<Finding[]> {
  let resolved: unknown;
  try {
    ({ resolved } = await resolveRefs(config.config, async (p: string) => {
      const decoded = site.readInside(site.rel(p), { file: config.file });
      if (!decoded || 'error' in decoded) throw new Error('unreadable');
      return decoded.text;
    }));
  } catch {
    return []; // an include that does not resolve is reported where it is written
  }
  const result = validateDocsConfig(resolved);
  if (result.success) return [];
  return (result.error.issues as ZodIssueLike[]).map((issue) =>
    finding({ check: CHECK, rule: 'docs-schema', message: `docs.json ${issue.path.join('.') || '(root)'}: ${issue.message}`, file: config.file }, config.locate(pointerOf(...issue.path))),
  );
}

/** Mintlify's own schema for mint.json, and its own upgrade to docs.json (what `mint dev` does today). */
function mintSchema(mint: ConfigInput): Finding[] {
  const out: Finding[] = [];
  const base = { check: CHECK, file: mint.file };
  const result = validateMintConfig(mint.config);
  if (!result.success) {
    for (const issue of result.error.issues as ZodIssueLike[]) {
      out.push(finding({ ...base, rule: 'mint-schema', message: `mint.json ${issue.path.join('.') || '(root)'}: ${issue.message}` }, mint.locate(pointerOf(...issue.path))));
    }
    return out; // the upgrade assumes a valid mint.json
  }
  const upgraded = upgradeMint(mint);
  if ('error' in upgraded) out.push(finding({ ...base, rule: 'docs-json-upgrade', message: `Mintlify's upgrade to docs.json fails: ${upgraded.error}` }, mint.locate('#')));
  else {
    const docs = validateDocsConfig(upgraded.config);
    if (!docs.success) {
      for (const issue of docs.error.issues as ZodIssueLike[]) {
        out.push(finding({ ...base, rule: 'docs-json-upgrade', message: `after Mintlify's upgrade to docs.json, ${issue.path.join('.') || '(root)'}: ${issue.message}` }, mint.locate('#')));
      }
    }
  }
  if ('openapi' in mint.config) {
    // Mintlify takes every JSON file with a top-level `openapi` key for a spec, mint.json included.
    out.push(
      finding(
        {
          ...base,
          rule: 'mint-openapi-key',
          message: 'top-level "openapi" key makes Mintlify parse mint.json itself as a spec (and report it invalid); spec files in the docs folder are found without it, or move to docs.json\'s navigation `openapi`',
        },
        mint.locate('#/openapi', true),
      ),
    );
  }
  return out;
}

function upgradeMint(mint: ConfigInput): { config: Record<string, unknown> } | { error: string } {
  const parsed = validateMintConfig(mint.config);
  if (!parsed.success) return { error: 'mint.json is not valid' };
  try {
    // The upgrade maps the object in memory; nothing is written.
    return { config: upgradeToDocsConfig(structuredClone(parsed.data) as Parameters<typeof upgradeToDocsConfig>[0]) as Record<string, unknown> };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}

/** mint.json beside docs.json: Mintlify reads only docs.json, so edits to a mint.json that disagrees are lost. */
function staleTwin(site: SiteModel): Finding[] {
  const { twin, config } = site;
  if (!twin || !config) return [];
  const upgraded = upgradeMint(twin);
  const differs = 'error' in upgraded ? undefined : Object.keys({ ...upgraded.config, ...config.config }).find((k) => k !== '$schema' && stable(upgraded.config[k]) !== stable(config.config[k]));
  if ('config' in upgraded && differs === undefined) return [];
  return [
    finding(
      {
        check: CHECK,
        rule: 'config-stale-twin',
        message: `Mintlify reads ${config.file}, not this mint.json, and they disagree${differs ? ` (first at "${differs}")` : ''}: delete mint.json, or delete docs.json and keep mint.json as the source`,
        file: twin.file,
      },
      twin.locate('#'),
    ),
  ];
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v)) ?? 'undefined';
}

/**
 * MDX syntax of every page and snippet; with every rule, a title on every page (an operation page
 * takes its operation's). Mintlify titles a page without one from its path ("guides/getting-started"
 * → "Getting started"), so on someone else's site a missing title is house style, not a fault.
 */
function pagesParseWithTitle(ws: Workspace, operationPages: Set<string>): Finding[] {
  const out: Finding[] = [];
  const titles = ws.ruleSet() === 'all';
  const severity = holdsToReferenceContract(ws.root) ? 'error' : 'warning';
  for (const page of ws.documents()) {
    const { error, frontmatter } = page.mdx();
    if (error) {
      out.push(finding({ check: CHECK, rule: error.rule, severity: error.severity, message: error.message, file: page.file }, { start: { line: error.line, column: error.column } }));
      continue;
    }
    if (page.kind === 'snippet') continue;
    out.push(...frontmatterKeyTypos(page, frontmatter));
    if (!titles || operationPages.has(page.file)) continue;
    if (typeof frontmatter.title !== 'string' || frontmatter.title.trim() === '') {
      const fallback = slugToTitle(page.route);
      out.push(finding({ check: CHECK, rule: 'page-title-missing', severity, message: `page has no \`title\` in its frontmatter (Mintlify would title it from its file name, "${fallback}")`, file: page.file }));
    }
  }
  return out;
}

/**
 * The frontmatter keys Mintlify reads: its page metadata schema's (title, sidebarTitle, openapi,
 * hidden, ...) and the meta tags it passes through (og:*, twitter:*). Taken from Mintlify's
 * modules, so an upgrade brings its new keys.
 */
const FRONTMATTER_KEYS = new Set<string>([...Object.keys((decoratedPageSchema as { shape: object }).shape), ...NATIVE_METADATA_TAG_KEYS_SET]);

/**
 * A frontmatter key Mintlify does not read but a known key is a typo away from (`tittle`, `Title`):
 * the page silently loses that setting. Other unknown keys are a site's own metadata and pass (on
 * 3,050 pages of 8 public Mintlify sites: 163 unknown keys, one a typo of a known one).
 */
function frontmatterKeyTypos(page: PageInput, frontmatter: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const key of Object.keys(frontmatter)) {
    if (FRONTMATTER_KEYS.has(key)) continue;
    const near = closest(key, FRONTMATTER_KEYS);
    if (!near) continue;
    const line = frontmatterKeyLine(page.text, key);
    out.push(
      finding(
        { check: CHECK, rule: 'frontmatter-key-unknown', severity: 'warning', message: `frontmatter key "${key}" is not one Mintlify reads (did you mean "${near}"?)`, file: page.file },
        line ? { start: { line, column: 1 }, end: { line, column: key.length + 1 } } : undefined,
      ),
    );
  }
  return out;
}

/** The 1-based line of a top-level key in the page's leading frontmatter block. */
function frontmatterKeyLine(text: string, key: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length && !/^(---|\.\.\.)\s*$/.test(lines[i]); i++) {
    const m = /^(?:"([^"]*)"|'([^']*)'|([^\s:#][^:]*?))[ \t]*:/.exec(lines[i]);
    if (m && (m[1] ?? m[2] ?? m[3]) === key) return i + 1;
  }
  return undefined;
}

/** The routes Mintlify generates from OpenAPI sources (a `directory`, or an operation entry). */
async function generatedRoutes(site: SiteModel, ws: Workspace): Promise<Set<string>> {
  const routes = new Set<string>();
  const wanted = site.openapiSources.filter((s) => s.generatesAll || site.navigation.some((e) => e.openapi === s.source && parseOperationEntry(e.page)));
  if (!wanted.length) return routes;
  // Mintlify's own page generator (its slugs, folders and de-duplication), without writing files.
  const { generateOpenApiPagesForDocsConfig } = await import('@mintlify/scraping');
  for (const source of wanted) {
    const spec = await ws.specAt(site.rel(source.source));
    if (!spec) continue;
    let pages: Record<string, { openapi?: string }>;
    try {
      ({ pagesAcc: pages } = (await generateOpenApiPagesForDocsConfig(structuredClone(spec.api), { writeFiles: false, outDir: source.directory, openApiFilePath: source.source })) as { pagesAcc: Record<string, { openapi?: string }> });
    } catch {
      continue; // the spec check says what is wrong with it
    }
    const named = new Set(site.navigation.filter((e) => e.openapi === source.source).map((e) => parseOperationEntry(e.page)).filter(Boolean).map((r) => `${r!.method} ${r!.path}`));
    for (const [route, page] of Object.entries(pages)) {
      const op = page.openapi?.replace(/^\S+\s+(?=\S+\s+\S+$)/, '').toUpperCase();
      if (source.generatesAll || (op && [...named].some((n) => n.toUpperCase() === op))) routes.add(route.replace(/^\/+/, ''));
    }
  }
  return routes;
}

function navigationPagesExist(site: SiteModel, routes: ReadonlySet<string>): Finding[] {
  return site.navigation
    .filter((e) => !parseOperationEntry(e.page) && !routes.has(e.page) && !routes.has(e.page.replace(/\.mdx?$/, '')))
    .map((e) => {
      const at = site.locateIn(e.file, e.pointer);
      const index = `${e.page.replace(/\/+$/, '')}/index`;
      // Mintlify warns about the entry too, but its sidebar link (/x) is where x/index.mdx is served.
      if (routes.has(index)) {
        return finding(
          { check: CHECK, rule: 'nav-page-missing', severity: 'warning', message: `navigation entry "${e.page}" names no file ${site.rel(e.page)}.mdx: Mintlify warns, and its sidebar link shows ${site.rel(index)}.mdx under a title made from the path; write "${index}" so the page's own title shows`, file: e.file },
          at,
        );
      }
      return finding({ check: CHECK, rule: 'nav-page-missing', message: `navigation entry "${e.page}" has no page (${site.rel(e.page)}.mdx does not exist)${nearest(e.page, routes)}`, file: e.file }, at);
    });
}

/**
 * Every page is reachable: listed in the navigation, or marked `hidden: true` in its frontmatter
 * (Mintlify's own flag for a page left out of the navigation on purpose: reachable by URL and
 * links, not listed, not indexed). Snippets are not pages. A page that another page links to, or
 * that a redirect leads to, can be found.
 *
 * Mintlify documents leaving a page out of the navigation as one of its two ways to hide a page,
 * and publishes it all the same. So on another site (rule set `default`) a page only linked to is
 * not reported, and one nothing reaches is a warning (published, yet no reader finds it: a
 * leftover, or a page meant to be reached from elsewhere). Connvo's contract (rule set `all`) wants
 * every page listed or marked: an unlisted page is a warning, an orphan an error.
 */
function orphanPages(ws: Workspace, site: SiteModel, linked: ReadonlySet<string>): Finding[] {
  const all = ws.ruleSet() === 'all';
  // An entry `x` links to /x, where x/index.mdx is served.
  const listed = new Set(site.navigation.flatMap((e) => [e.page.replace(/\.mdx?$/, ''), `${e.page.replace(/\/+$/, '')}/index`]));
  const configName = site.config?.file ?? 'the config';
  const fix = (page: PageInput) => `list "${page.route}" in a group, set \`hidden: true\` in its frontmatter if it is meant to be reachable only by link, or list it in .mintignore if it is not meant for the site`;
  const out: Finding[] = [];
  for (const page of ws.pages()) {
    // The home page (`index` at the docs root) is where the site opens: never unreachable.
    if (page.route === 'index' || listed.has(page.route) || page.mdx().frontmatter.hidden === true || page.mdx().error) continue;
    // Mintlify answers a path with its redirect before any page: such a page is never shown.
    const redirect = site.redirects.find((r) => r.pattern.test(`/${page.route.replace(/(^|\/)index$/, '')}`));
    if (redirect) {
      out.push(finding({ check: CHECK, rule: 'page-redirected', severity: 'warning', message: `${page.file} is never shown: the redirect "${redirect.source}" → "${redirect.destination}" answers its path first; delete the page or the redirect`, file: page.file }));
    } else if (linked.has(page.route)) {
      if (all) out.push(finding({ check: CHECK, rule: 'page-unlisted', severity: 'warning', message: `${page.file} is in no navigation group of ${configName}, only linked from other pages: ${fix(page)}`, file: page.file }));
    } else {
      out.push(
        finding({
          check: CHECK,
          rule: 'page-orphan',
          severity: all ? 'error' : 'warning',
          message: `${page.file} is in no navigation group of ${configName} and no page links to it${all ? '' : ' (Mintlify publishes it, reachable only by its URL)'}: ${fix(page)}`,
          file: page.file,
        }),
      );
    }
  }
  return out;
}

interface LinkSite extends LinkSiteView {
  folders: ReadonlySet<string>;
  /**
   * A root-relative path on another part of the host: the site has no home page of its own (its
   * pages live under a few folders, such as /docs and /help, served by a product's main site) and
   * the path's first segment is none of its pages, folders or files.
   */
  outsideDocs(path: string): boolean;
}

function linkSite(ws: Workspace, site: SiteModel, generated: ReadonlySet<string>): LinkSite {
  const routes = new Set([...ws.pages().map((p) => p.route), ...generated]);
  const folders = new Set<string>();
  for (const route of routes) for (let i = route.indexOf('/'); i > 0; i = route.indexOf('/', i + 1)) folders.add(route.slice(0, i));
  const top = new Set([...routes, ...site.files.map((f) => site.route(f, false))].map((p) => p.split('/')[0].replace(/\.mdx?$/, '').toLowerCase()));
  const ownsRoot = routes.has('index');
  const outsideDocs = (p: string) => {
    const first = p.replace(/[?#].*$/, '').replace(/^\/+/, '').split('/')[0].toLowerCase();
    return !ownsRoot && first !== '' && !top.has(first);
  };
  return {
    routes,
    folders,
    // Only files of the tree answer: a link never makes a check look outside it.
    fileExists: (rel) => site.fileSet.has(site.rel(rel)),
    // A redirect that hands the reader to another part of the host (the product's own pages) leaves the docs.
    redirect: (p) => {
      const to = followRedirects(site.redirects, p);
      return to !== undefined && to !== 'external' && outsideDocs(to) ? 'external' : to;
    },
    outsideDocs,
  };
}

/** Pages a redirect leads to are reached (readers of the old address land there). */
function markRedirectDestinations(site: SiteModel, links: LinkSite, linked: Set<string>): void {
  for (const r of site.redirects) {
    if (/:\w|\*/.test(r.destination)) continue; // filled from the source: stands for many pages
    const target = resolveLink(r.destination.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(r.destination) ? r.destination : `/${r.destination}`, '', links);
    if (target && target !== 'external' && target.route) linked.add(target.route);
  }
}

const ABSOLUTE_URL = /^https?:\/\/([^/?#]+)(\/[^?#]*)?/i;

/**
 * The site's own address, as its config's links show it: a config link (navbar, footer) whose path
 * ends with a page's route (`https://acme.com/docs/support` → `support`) reaches that page, and its
 * host is the site's; the pages' links to that host reach pages the same way. Only makes an
 * unlisted page findable.
 */
function markAbsoluteLinks(configText: string, pageUrls: string[], routes: ReadonlySet<string>, linked: Set<string>): void {
  const hostOf = (u: string) => ABSOLUTE_URL.exec(u)?.[1].toLowerCase();
  const ownHosts = new Set<string | undefined>();
  for (const url of configText.match(/https?:\/\/[^\s"'<>]+/g) ?? []) {
    const route = routeOfAbsolute(url, routes);
    if (route) (linked.add(route), ownHosts.add(hostOf(url)));
  }
  for (const url of pageUrls) {
    const route = ownHosts.has(hostOf(url)) ? routeOfAbsolute(url, routes) : undefined;
    if (route) linked.add(route);
  }
}

/**
 * Where the site is served below its host (`/docs` for https://acme.com/docs), as its config shows:
 * the logo's link to the docs home, or a config link whose path ends with a page's route.
 */
function siteBasePaths(site: SiteModel, routes: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const pathOf = (u: string) => (ABSOLUTE_URL.exec(u)?.[2] ?? '').replace(/\/+$/, '');
  const logo = (site.config?.config.logo as { href?: unknown } | undefined)?.href;
  if (typeof logo === 'string' && pathOf(logo)) out.add(pathOf(logo));
  for (const url of site.config?.text.match(/https?:\/\/[^\s"'<>]+/g) ?? []) {
    const route = routeOfAbsolute(url, routes);
    const p = pathOf(url);
    if (route && p.endsWith(`/${route}`) && p.length > route.length + 1) out.add(p.slice(0, -(route.length + 1)));
  }
  return [...out];
}

/**
 * A page's own component gets its `href` as a plain prop and renders it as written, so the browser
 * resolves `/docs/x` from the host: on a site served at `/docs` that is the page `x`. Mintlify's
 * own link elements (`a`, `Card`, Markdown links) are checked as Mintlify's checker does.
 */
function underBasePath(link: PageLink, fromRoute: string, links: LinkSite, basePaths: string[]): ReturnType<typeof resolveLink> {
  if (link.via !== 'href' || !link.element || link.element === 'a' || link.element === 'Card') return undefined;
  const base = basePaths.find((b) => link.url.startsWith(`${b}/`));
  return base ? resolveLink(link.url.slice(base.length), fromRoute, links) : undefined;
}

/** The route an absolute URL's path ends with, if any. */
function routeOfAbsolute(url: string, routes: ReadonlySet<string>): string | undefined {
  const segments = (ABSOLUTE_URL.exec(url)?.[2] ?? '').split('/').filter(Boolean);
  for (let k = 0; k < segments.length; k++) {
    const suffix = segments.slice(k).join('/').replace(/\.mdx?$/, '');
    if (routes.has(suffix)) return suffix;
  }
  return undefined;
}

/**
 * Internal links and `#anchors` of every page resolve to a page (and a heading or id on it) or a
 * file. Also says which pages some other page links to. A link under the folder where Mintlify
 * generates the pages of a spec behind a URL (never fetched) cannot be told right or wrong: such
 * links are counted, and said once per source (`link-unverifiable`), not called broken. A snippet's
 * `#anchor` and relative links are the page's that shows it (Mintlify inlines the snippet, and the
 * browser resolves them on that page's URL): they are judged on every page that imports the snippet,
 * and not at all for a snippet no page shows.
 */
function linkFindings(ws: Workspace, site: SiteModel, links: LinkSite, basePaths: string[] = []): { findings: Finding[]; linked: Set<string>; absolute: string[] } {
  const pages = new Map(ws.pages().map((p) => [p.route, p]));
  const out: Finding[] = [];
  const linked = new Set<string>();
  const absolute: string[] = [];
  const remote = site.openapiSources.filter((s) => isRemoteSource(s.source)).map((source) => ({ source, dir: source.directory.replace(/^\/+|\/+$/g, ''), count: 0, pages: new Set<string>() }));
  const anchorsOf = snippetAnchors(ws);
  const hostsOf = snippetHosts(ws);
  /** What is wrong with a link read on the page `host` (the page it is written on, or one that shows its snippet); undefined if nothing. */
  const judge = (link: PageLink, host: PageInput, writtenOn: PageInput): string | undefined => {
    const media = link.via === 'image' || link.via === 'src';
    const target = resolveLink(link.url, host.route, links, media) ?? underBasePath(link, host.route, links, basePaths);
    if (target === 'external') {
      absolute.push(link.url);
      return undefined;
    }
    if (!target) {
      const requested = requestedPath(link.url, host.route) ?? '';
      const generator = remote.find((r) => requested === r.dir || requested.startsWith(`${r.dir}/`));
      if (generator) {
        generator.count++;
        generator.pages.add(writtenOn.file);
        return undefined;
      }
      return `link to "${link.url}": ${brokenBecause(link.url, host.route, requested, links)}`;
    }
    if (target.route && target.route !== host.route) linked.add(target.route);
    if (!target.anchor || target.file) return undefined;
    const targetPage = target.self ? host : pages.get(target.route!);
    if (!targetPage || typeof targetPage.mdx().frontmatter.openapi === 'string') return undefined; // generated API page: anchors unknown
    const anchors = anchorsOf(targetPage);
    if (!anchors || anchors.has(cleanHeadingId(target.anchor))) return undefined;
    return `link to "${link.url}": ${targetPage.file} has no heading or element with id "${target.anchor}"${nearestAnchor(target.anchor, anchors)}`;
  };
  for (const page of ws.documents()) {
    // Only pages with something that may be a link are walked (a large site parses less).
    if (!/\]\(|\]:|\bhref=|\bsrc=/.test(page.text)) continue;
    const facts = pageFacts(page);
    if (!facts) {
      // Not parsed (too large, or a syntax error reported already): its links are not checked, but
      // the pages they lead to are linked, so none is called an orphan because of it.
      for (const url of linkLikeUrls(page.text)) {
        const target = resolveLink(url, page.route, links);
        if (target && target !== 'external' && target.route && target.route !== page.route) linked.add(target.route);
      }
      continue;
    }
    for (const link of facts.links) {
      const span = { start: { line: link.line, column: link.column }, end: { line: link.endLine, column: link.endColumn } };
      if (page.kind === 'snippet' && readOnHost(link)) {
        const hosts = hostsOf(page);
        const verdicts = hosts.map((host) => ({ host, problem: judge(link, host, page) }));
        const broken = verdicts.filter((v) => v.problem);
        if (!broken.length) continue;
        const fine = verdicts.find((v) => !v.problem);
        const where =
          hosts.length === 1
            ? `on ${broken[0].host.file}, the page that shows this snippet`
            : `on ${broken.length === hosts.length ? `all ${hosts.length}` : `${broken.length} of the ${hosts.length}`} pages that show this snippet (${broken
                .slice(0, 3)
                .map((v) => v.host.file)
                .join(', ')}${broken.length > 3 ? ', …' : ''})${fine ? `; it resolves on ${fine.host.file}` : ''}`;
        out.push(finding({ check: CHECK, rule: /has no heading or element/.test(broken[0].problem!) ? 'anchor-broken' : 'link-broken', message: `${broken[0].problem} (${where})`, file: page.file }, span));
        continue;
      }
      const problem = judge(link, page, page);
      if (problem) out.push(finding({ check: CHECK, rule: /has no heading or element/.test(problem) ? 'anchor-broken' : 'link-broken', message: problem, file: page.file }, span));
    }
  }
  for (const r of remote) {
    if (!r.count) continue;
    const from = [...r.pages].slice(0, 3).join(', ') + (r.pages.size > 3 ? ', …' : '');
    out.push(
      finding(
        {
          check: CHECK,
          rule: 'link-unverifiable',
          severity: 'warning',
          message: `${r.count} link${r.count === 1 ? '' : 's'} into /${r.dir}/ (${from}) may lead to pages Mintlify generates from "${r.source.source}": not checked, as the spec behind a URL is never fetched (checks run offline); bundle the spec into the repository to check them`,
          file: r.source.file,
        },
        site.locateIn(r.source.file, r.source.pointer),
      ),
    );
  }
  return { findings: out, linked, absolute };
}

/** A link whose meaning depends on the page it is read on: a bare `#anchor`, or a relative path (not an image: the build resolves those). */
function readOnHost(link: PageLink): boolean {
  if (link.via === 'image' || link.via === 'src') return false;
  return link.url.startsWith('#') || !(link.url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(link.url));
}

/**
 * The pages that show a snippet: those that import it by default (`import X from '/snippets/x.mdx'`),
 * or import a snippet that does, and so on. A snippet imported by no page is shown nowhere.
 */
function snippetHosts(ws: Workspace): (snippet: PageInput) => PageInput[] {
  let importers: Map<string, PageInput[]> | undefined;
  const index = (): Map<string, PageInput[]> => {
    const byRoute = new Map(ws.documents().map((d) => [d.route, d]));
    const map = new Map<string, PageInput[]>();
    for (const doc of ws.documents()) {
      if (!/\bimport\b[^\n]*\.mdx?['"]/.test(doc.text)) continue;
      for (const source of pageFacts(doc)?.defaultImports ?? []) {
        const resolved = /\.mdx?$/i.test(source) ? resolveImportPath(source, ws.site().route(doc.file, false)) : null;
        const snippet = resolved ? byRoute.get(resolved.replace(/^\/+/, '').replace(/\.mdx?$/i, '')) : undefined;
        if (snippet && snippet !== doc) map.set(snippet.file, [...(map.get(snippet.file) ?? []), doc]);
      }
    }
    return map;
  };
  const memo = new Map<string, PageInput[]>();
  return (snippet) => {
    const known = memo.get(snippet.file);
    if (known) return known;
    importers ??= index();
    const hosts = new Set<PageInput>();
    const seen = new Set<string>([snippet.file]);
    const walk = (file: string, depth: number) => {
      for (const doc of importers!.get(file) ?? []) {
        if (seen.has(doc.file) || depth > 5) continue;
        seen.add(doc.file);
        if (doc.kind === 'snippet') walk(doc.file, depth + 1);
        else hosts.add(doc);
      }
    };
    walk(snippet.file, 0);
    const list = [...hosts].sort((a, b) => (a.file < b.file ? -1 : 1));
    memo.set(snippet.file, list);
    return list;
  };
}

/** Why a link reaches nothing, with a "did you mean" (and, for a relative link, where it lands and where the root would have taken it). */
function brokenBecause(url: string, fromRoute: string, requested: string, links: LinkSite): string {
  const moved = url.startsWith('/') ? links.redirect(`/${requested}`) : undefined;
  if (moved && moved !== 'external') {
    const near = closest(moved.replace(/^\/+/, ''), links.routes);
    return `the redirects send it to "${moved}", which no page or file answers to${near ? ` (did you mean "/${near}"?)` : ''}`;
  }
  if (!url.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    // A relative link lands where the browser takes it; Mintlify's own checker reads `x` from the root.
    const fromRoot = resolveLink(`/${url.replace(/^(\.\/)+/, '')}`, fromRoute, links);
    const there = `a browser resolves it on /${fromRoute.replace(/(^|\/)index$/, '')} to /${requested}, where no page or file is`;
    if (fromRoot && fromRoot !== 'external' && (fromRoot.route || fromRoot.file)) return `${there}; from the site root it reaches /${fromRoot.route ?? fromRoot.file}: write "/${url.replace(/^(\.\/)+/, '')}"`;
    const near = closest(requested, links.routes);
    return `${there}${near ? ` (did you mean "/${near}"?)` : ''}`;
  }
  const near = closest(requested, links.routes);
  return `no page or file answers to it${near ? ` (did you mean "/${near}"?)` : ''}`;
}

/**
 * A page's anchors, with those of the snippets it imports by default (`import Intro from
 * '/snippets/intro.mdx'`): Mintlify inlines such a snippet's content into the page before it gives
 * headings and fields their ids (@mintlify/common resolveAllImports), so they are the page's.
 */
function snippetAnchors(ws: Workspace): (page: PageInput) => Set<string> | undefined {
  const byRoute = new Map(ws.documents().map((d) => [d.route, d]));
  const memo = new Map<string, Set<string> | undefined>();
  const of = (page: PageInput, depth: number): Set<string> | undefined => {
    if (memo.has(page.file)) return memo.get(page.file);
    const facts = pageFacts(page);
    if (!facts) return undefined;
    memo.set(page.file, facts.anchors); // an import cycle ends here
    if (!facts.defaultImports.length || depth > 5) return facts.anchors;
    const all = new Set(facts.anchors);
    for (const source of facts.defaultImports) {
      // Resolved as Mintlify resolves it (the importing file's folder, or the docs root).
      const resolved = /\.mdx?$/i.test(source) ? resolveImportPath(source, ws.site().route(page.file, false)) : null;
      const snippet = resolved ? byRoute.get(resolved.replace(/^\/+/, '').replace(/\.mdx?$/i, '')) : undefined;
      for (const a of (snippet && of(snippet, depth + 1)) ?? []) all.add(a);
    }
    memo.set(page.file, all);
    return all;
  };
  return (page) => of(page, 0);
}

/** What may be a link's URL in an unparsed page's text (markdown links, definitions, href/src): a superset. */
function linkLikeUrls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^\s)>]+)|^[ \t]{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)|\b(?:href|src)=\{?["'`]([^"'`]+)["'`]/gm)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** A "did you mean" for a broken anchor: one containing it, or sharing most of its words. */
function nearestAnchor(anchor: string, anchors: Set<string>): string {
  const list = [...anchors];
  const words = (a: string) => new Set(a.toLowerCase().split(/[-_]+/).filter((w) => w.length > 1));
  const wanted = words(anchor);
  const shared = (a: string) => [...words(a)].filter((w) => wanted.has(w)).length;
  const best = list.reduce<string | undefined>((b, a) => (shared(a) > (b ? shared(b) : 0) ? a : b), undefined);
  const close = list.find((a) => a.includes(anchor) || anchor.includes(a)) ?? (best && shared(best) * 2 >= wanted.size ? best : undefined);
  if (close) return ` (did you mean "#${close}"?)`;
  return list.length ? ` (its anchors: ${list.slice(0, 8).map((a) => `#${a}`).join(', ')}${list.length > 8 ? ', …' : ''})` : '';
}

/**
 * Redirects lead somewhere: the destination is a page, a generated page, a file or a URL; a
 * destination that is itself redirected makes a chain (a warning: one hop more for readers), and
 * a chain that comes back is a loop (the page never loads).
 */
function redirectFindings(site: SiteModel, links: LinkSite): Finding[] {
  const out: Finding[] = [];
  const next = (dest: string) => site.redirects.find((r) => r.pattern.test('/' + dest.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '')));
  for (const r of site.redirects) {
    const span = site.locateIn(r.file, `${r.pointer}/destination`);
    const base = { check: CHECK, file: r.file };
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(r.destination) || /:\w|\*/.test(r.destination)) continue; // external, or filled from the source's parameters
    const dest = r.destination.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '');
    const chain = [r];
    let hop = next(dest);
    while (hop && !chain.includes(hop)) {
      chain.push(hop);
      hop = /:\w|\*|^[a-z][a-z0-9+.-]*:/i.test(hop.destination) ? undefined : next(hop.destination);
    }
    if (hop) {
      out.push(finding({ ...base, rule: 'redirect-loop', message: `redirect "${r.source}" never arrives: ${[...chain, hop].map((h) => h.source).join(' → ')}` }, span));
      continue;
    }
    if (chain.length > 1) {
      out.push(finding({ ...base, rule: 'redirect-chain', severity: 'warning', message: `redirect "${r.source}" → "${r.destination}" is redirected again (${chain.map((h) => h.source).join(' → ')} → ${chain[chain.length - 1].destination}): point it at the final page` }, span));
      continue;
    }
    if (dest === '' || links.routes.has(dest) || links.routes.has(`${dest}/index`) || links.folders.has(dest) || links.fileExists(dest)) continue;
    // A destination on another part of the host (`/pricing` from docs served at /docs and /help): not the docs' to check.
    if (links.outsideDocs(dest)) continue;
    out.push(finding({ ...base, rule: 'redirect-target-missing', message: `redirect "${r.source}" leads to "${r.destination}", which no page or file answers to${nearest(dest, links.routes)}` }, span));
  }
  return out;
}

/**
 * Every operation of a spec the site uses reaches the site: a page names it, a navigation entry
 * does, or its spec generates a page per operation. `x-excluded` (Mintlify's opt-out) is left out
 * on purpose. A spec no page or source uses at all gets one warning rather than one per operation.
 */
async function unreachableOperations(ws: Workspace, site: SiteModel, refs: OperationReferences): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const spec of await ws.specs()) {
    if (refs.generating.has(spec.file) || refs.alternates.has(spec.file)) continue;
    const paths = (spec.api as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths ?? {};
    const ops = listOperations(spec.api).filter((op) => !paths[op.path]?.[op.method.toLowerCase()]?.['x-excluded']);
    const missing = ops.filter((op) => !refs.shows(spec.file, op.method, op.path));
    if (!missing.length) continue;
    if (missing.length === ops.length) {
      out.push(finding({ check: CHECK, rule: 'spec-unused', severity: 'warning', message: `no page, navigation entry or \`openapi\` source uses ${site.route(spec.file, false)}: none of its ${ops.length} operations appears on the site`, file: spec.file }));
      continue;
    }
    // Connvo's contract documents every operation; on another site an operation left off the pages
    // may be deliberate (an endpoint kept for old clients), so it is said, not failed.
    const severity = ws.ruleSet() === 'all' ? 'error' : 'warning';
    for (const op of missing) {
      out.push(
        finding(
          {
            check: CHECK,
            rule: 'operation-unreachable',
            severity,
            message: `${op.method.toUpperCase()} ${op.path} appears nowhere on the site: give it a page with \`openapi: "${op.method.toUpperCase()} ${op.path}"\` and list it in the navigation (or mark it \`x-excluded: true\`)`,
            file: spec.file,
          },
          spec.locate(op.pointer, true),
        ),
      );
    }
  }
  return out;
}

export const siteCheck: Check = {
  ...CHECK_INFO.site,
  async run({ workspace }) {
    const config = workspace.config();
    const site = workspace.site();
    const findings: Finding[] = [];
    if (config) findings.push(...(config.kind === 'docs' ? await docsSchema(site, config) : mintSchema(config)), ...staleTwin(site));
    const generated = await generatedRoutes(site, workspace); // needs no page parses: runs while they are made
    await workspace.parsePages();
    const refs = await operationReferences(workspace);
    const links = linkSite(workspace, site, generated);
    const linkResult = linkFindings(workspace, site, links, siteBasePaths(site, links.routes));
    markAbsoluteLinks(site.config?.text ?? '', linkResult.absolute, links.routes, linkResult.linked);
    markRedirectDestinations(site, links, linkResult.linked);
    findings.push(
      ...pagesParseWithTitle(workspace, refs.operationPages),
      ...navigationPagesExist(site, links.routes),
      ...orphanPages(workspace, site, linkResult.linked),
      ...linkResult.findings,
      ...redirectFindings(site, links),
      ...refs.findings,
      ...(await unreachableOperations(workspace, site, refs)),
    );
    findings.push(...expressionFindings(workspace.pages().map((p) => ({ file: p.file, text: p.text, facts: () => pageFacts(p) }))));
    return findings;
  },
};
