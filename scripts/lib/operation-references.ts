import path from 'node:path';
import { finding, type Finding, type Span } from './finding.js';
import { isRemoteSource, parseOperationEntry, type SiteModel } from './site.js';
import { closest } from './suggest.js';
import type { PageInput, SpecInput, Workspace } from './workspace.js';

/**
 * Which operations the site shows: those an `openapi:` page or a navigation operation entry names,
 * and every operation of a spec whose `openapi` source generates a page per operation. The site
 * check reports the references that name nothing and the operations shown nowhere; the examples
 * check asks the playground's examples only of operations a reader can open.
 */
export interface OperationReferences {
  /** References that name no operation (`openapi-frontmatter-invalid`, `openapi-operation-unknown`). */
  findings: Finding[];
  /** `"<spec file> <METHOD> <path key>"` of every operation a page or navigation entry names. */
  documented: Set<string>;
  /**
   * Pages whose `openapi:` is `METHOD /path`: Mintlify generates their content and titles them
   * from the operation's summary, whether or not the operation is found here (a spec behind a
   * URL is never fetched; an unknown one is reported as such, not as a missing title too).
   */
  operationPages: Set<string>;
  /** Specs (relative files) whose source generates a page per operation. */
  generating: Set<string>;
  /** Whether the operation appears on the site. */
  shows(specFile: string, method: string, pathKey: string): boolean;
  /**
   * Specs a page's `openapi:` name is only part of the path of, like another spec's (an older copy
   * beside it): Mintlify may render those pages from either, so neither is unused, but the
   * operations no page shows are said once, at the spec the pages were matched to first.
   */
  alternates: Set<string>;
}

const computed = new WeakMap<Workspace, Promise<OperationReferences>>();

/** The site's operation references, computed once per run (after the pages' frontmatter is parsed). */
export function operationReferences(ws: Workspace): Promise<OperationReferences> {
  let refs = computed.get(ws);
  if (!refs) {
    refs = (async () => {
      const [specs] = await Promise.all([ws.specs(), ws.parsePages()]);
      return resolveReferences(ws, ws.site(), specs);
    })();
    computed.set(ws, refs);
  }
  return refs;
}

interface OperationRefSite {
  value: unknown;
  file: string;
  span: Partial<Span>;
  /** The spec in scope for an entry without a file (a docs.json group's `openapi`). */
  scope?: string;
}

/**
 * `openapi:` frontmatter and operation entries in the navigation name an operation of a spec:
 * the one they name (`"v2/openapi GET /x"`, extension optional, from the docs root), the one in
 * scope of their navigation group, or else any spec of the site. Also collects which operations
 * some page documents, for reachability.
 */
function resolveReferences(ws: Workspace, site: SiteModel, specs: SpecInput[]): OperationReferences {
  const generating = new Set(site.openapiSources.filter((s) => s.generatesAll).map((s) => site.rel(s.source)));
  const shows = (specFile: string, method: string, pathKey: string) => generating.has(specFile) || documented.has(`${specFile} ${method.toUpperCase()} ${pathKey}`);
  const documented = new Set<string>();
  const operationPages = new Set<string>();
  const alternates = new Set<string>();
  const firstChoices = new Set<string>();
  const refs: Array<OperationRefSite & { page?: PageInput }> = [];
  for (const page of ws.pages()) {
    const { frontmatter, error } = page.mdx();
    if (error || !('openapi' in frontmatter)) continue;
    refs.push({ value: frontmatter.openapi, file: page.file, span: frontmatterKeySpan(page, 'openapi'), page });
  }
  for (const entry of site.navigation) {
    if (parseOperationEntry(entry.page)) refs.push({ value: entry.page, file: entry.file, span: site.locateIn(entry.file, entry.pointer), scope: entry.openapi });
  }
  const hasRemoteSpec = site.openapiSources.some((s) => isRemoteSource(s.source));
  const out: Finding[] = [];
  if (refs.length === 0) return { findings: out, documented, operationPages, generating, shows, alternates };
  for (const ref of refs) {
    const parsed = typeof ref.value === 'string' ? parseOperationEntry(ref.value) : undefined;
    const base = { check: 'site', file: ref.file };
    if (!parsed) {
      out.push(finding({ ...base, rule: 'openapi-frontmatter-invalid', message: `openapi: ${JSON.stringify(ref.value)} is not "METHOD /path" (optionally preceded by the spec file)` }, ref.span));
      continue;
    }
    if (ref.page) operationPages.add(ref.page.file);
    const named = parsed.file ?? ref.scope;
    if (!specs.length) {
      // A spec behind a URL (never fetched) may have it; a spec that does not load is reported already.
      if (hasRemoteSpec || ws.loadFindings.some((f) => f.check === 'spec')) {
        if (ref.page) operationPages.add(ref.page.file);
        continue;
      }
      // No spec at all (openapi.yaml deleted): the page names an operation nothing documents.
      out.push(finding({ ...base, rule: 'openapi-operation-unknown', message: `openapi: "${String(ref.value)}": the site has no OpenAPI spec (no openapi.yaml, no spec the config names), so no spec has the operation` }, ref.span));
      continue;
    }
    // Mintlify renders the page from the spec it names when that spec has the operation, else from
    // any spec that has it (@mintlify/common getMatchingOpenApiFile): the name is a preference.
    // An exact name first, then a spec whose path contains it (Mintlify's order).
    const preferred = named ? [...specs.filter((s) => namesSpec(named, s.file, site) === 'exact'), ...specs.filter((s) => namesSpec(named, s.file, site) === 'part')] : specs;
    if (named && !preferred.length && isRemoteSource(named)) continue; // a remote spec: reported as spec-remote, never fetched
    const candidates = [...preferred, ...specs.filter((s) => !preferred.includes(s))];
    const problems: string[] = [];
    let found: { spec: SpecInput; pathKey: string } | undefined;
    for (const spec of candidates) {
      const match = matchOperation(parsed, spec, site);
      if ('pathKey' in match) {
        found = { spec, pathKey: match.pathKey };
        break;
      }
      if (preferred.includes(spec)) problems.push(match.problem);
    }
    if (found) {
      documented.add(`${found.spec.file} ${parsed.method} ${found.pathKey}`);
      firstChoices.add(found.spec.file);
      // A name only part of several specs' paths (`trails-api.json` in `a/trails-api.json` and
      // `a/old-trails-api.json`): Mintlify takes the first in its own file order, so any of those
      // that has the operation may be the one shown.
      if (named && namesSpec(named, found.spec.file, site) === 'part') {
        for (const other of preferred) {
          if (other === found.spec || namesSpec(named, other.file, site) !== 'part') continue;
          const match = matchOperation(parsed, other, site);
          if (!('pathKey' in match)) continue;
          documented.add(`${other.file} ${parsed.method} ${match.pathKey}`);
          alternates.add(other.file);
        }
      }
      if (named && !preferred.includes(found.spec)) {
        const why = preferred.length ? problems[0] : `no spec "${named}" in the site`;
        out.push(
          finding({ ...base, rule: 'openapi-operation-elsewhere', severity: 'warning', message: `openapi: "${String(ref.value)}": ${why}; Mintlify renders the page from ${site.route(found.spec.file, false)}, which has it` }, ref.span),
        );
      }
    } else if (hasRemoteSpec && (!named || !preferred.length)) {
      continue; // it may be an operation of the spec behind a URL, which is never fetched: unknown, not wrong
    } else if (named && !preferred.length) {
      const known = specs.map((s) => site.route(s.file, false));
      out.push(finding({ ...base, rule: 'openapi-operation-unknown', message: `openapi: "${String(ref.value)}": no spec "${named}" in the site, and no spec has the operation (its specs: ${known.join(', ')})` }, ref.span));
    } else out.push(finding({ ...base, rule: 'openapi-operation-unknown', message: `openapi: "${String(ref.value)}": ${problems[0]}` }, ref.span));
  }
  for (const file of firstChoices) alternates.delete(file);
  return { findings: out, documented, operationPages, generating, shows, alternates };
}

/** Whether an `openapi` reference's file names this spec: exactly, without its extension, or as part of its path (as Mintlify matches it). */
function namesSpec(named: string, specFile: string, site: SiteModel): 'exact' | 'part' | undefined {
  // Read from the docs root whatever it starts with (`./`, `/`, `../`), as Mintlify's
  // normalizeRelativePath reads it: `../openapi.json` on any page is `openapi.json`.
  const bare = path.posix.resolve('/', named).slice(1);
  const wanted = site.rel(bare);
  if (specFile === wanted || specFile.replace(/\.(ya?ml|json)$/i, '') === wanted) return 'exact';
  return bare.length > 0 && site.route(specFile, false).includes(bare) ? 'part' : undefined;
}

/**
 * The spec's path key an operation reference names, looked up as Mintlify does: exactly, else
 * ignoring a trailing slash (`/v1/x` finds `/v1/x/`); or why it names none.
 */
function matchOperation(ref: { method: string; path: string }, spec: SpecInput, site: SiteModel): { pathKey: string } | { problem: string } {
  const name = site.route(spec.file, false);
  const isWebhook = ref.method === 'WEBHOOK';
  const table = ((isWebhook ? spec.api?.webhooks : spec.api?.paths) ?? {}) as Record<string, Record<string, unknown>>;
  const canonical = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  const pathKey = ref.path in table ? ref.path : Object.keys(table).find((k) => canonical(k) === canonical(ref.path));
  if (isWebhook) return pathKey !== undefined ? { pathKey } : { problem: `${name} has no webhook "${ref.path}"` };
  const item = pathKey === undefined ? undefined : table[pathKey];
  if (pathKey !== undefined && item && typeof item === 'object' && ref.method.toLowerCase() in item) return { pathKey };
  const methods = item && typeof item === 'object' ? Object.keys(item).filter((k) => /^(get|put|post|delete|options|head|patch|trace)$/.test(k)) : [];
  if (methods.length) return { problem: `${pathKey} has ${methods.map((m) => m.toUpperCase()).join(', ')} in ${name}, not ${ref.method}` };
  const near = closest(ref.path, Object.keys(table));
  return { problem: `${name} has no path ${ref.path}${near ? ` (did you mean ${near}?)` : ''}` };
}

/** Where `key:` is written in the page's frontmatter. */
function frontmatterKeySpan(page: PageInput, key: string) {
  const lines = page.text.split('\n', 200);
  for (let i = 1; i < lines.length && lines[i] !== '---'; i++) {
    if (new RegExp(`^${key}\\s*:`).test(lines[i])) return { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: lines[i].length + 1 } };
  }
  return { start: { line: 1, column: 1 } };
}

