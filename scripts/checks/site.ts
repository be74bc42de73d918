import fs from 'node:fs';
import { upgradeToDocsConfig, validateDocsConfig, validateMintConfig } from '@mintlify/validation';
import type { Check } from '../lib/check.js';
import { finding, type Finding } from '../lib/finding.js';
import { pointerOf } from '../lib/locate.js';
import { cleanHeadingId, pageFacts } from '../lib/mdx.js';
import { isOperationEntry, navigationEntries, parseOperationRef, redirectSources, resolveLink, type OperationRef } from '../lib/navigation.js';

import type { MintInput, PageInput, Workspace } from '../lib/workspace.js';
import { SpecIndex } from '../examples/spec-index.js';
import { expressionFindings } from '../site/expressions.js';

interface ZodIssueLike {
  path: Array<string | number>;
  message: string;
}

/** Mintlify's own schema for mint.json, and its own upgrade to docs.json (what `mint dev` does today). */
function mintSchema(mint: MintInput): Finding[] {
  const out: Finding[] = [];
  const base = { check: 'site', file: mint.file };
  const result = validateMintConfig(mint.config);
  if (!result.success) {
    for (const issue of result.error.issues as ZodIssueLike[]) {
      out.push(finding({ ...base, rule: 'mint-schema', message: `mint.json ${issue.path.join('.') || '(root)'}: ${issue.message}` }, mint.locate(pointerOf(...issue.path))));
    }
    return out; // the upgrade assumes a valid mint.json
  }
  try {
    // The upgrade mutates nothing on disk: it maps the object in memory.
    const upgraded = upgradeToDocsConfig(structuredClone(result.data) as Parameters<typeof upgradeToDocsConfig>[0]);
    const docs = validateDocsConfig(upgraded);
    if (!docs.success) {
      for (const issue of docs.error.issues as ZodIssueLike[]) {
        out.push(finding({ ...base, rule: 'docs-json-upgrade', message: `after Mintlify's upgrade to docs.json, ${issue.path.join('.') || '(root)'}: ${issue.message}` }, mint.locate('#')));
      }
    }
  } catch (err) {
    out.push(finding({ ...base, rule: 'docs-json-upgrade', message: `Mintlify's upgrade to docs.json fails: ${(err as Error).message}` }, mint.locate('#')));
  }
  if ('openapi' in mint.config) {
    out.push(
      finding(
        { ...base, rule: 'mint-openapi-key', message: 'top-level "openapi" key makes Mintlify parse mint.json itself as a spec; remove it (openapi.yaml at the root is found without it)' },
        mint.locate('#/openapi', true),
      ),
    );
  }
  return out;
}

function navigationPagesExist(ws: Workspace, mint: MintInput): Finding[] {
  const routes = new Set(ws.pages().map((p) => p.route));
  return navigationEntries(mint.config)
    .filter((e) => !routes.has(e.page) && !isOperationEntry(e.page)) // operation entries: see operationReferences
    .map((e) => finding({ check: 'site', rule: 'nav-page-missing', message: `navigation entry "${e.page}" has no page (${e.page}.mdx does not exist)`, file: mint.file }, mint.locate(e.pointer)));
}

function pagesParseWithTitle(ws: Workspace): Finding[] {
  const out: Finding[] = [];
  for (const page of ws.pages()) {
    const { error, frontmatter } = page.mdx();
    if (error) {
      out.push(finding({ check: 'site', rule: error.rule, message: error.message, file: page.file }, { start: { line: error.line, column: error.column } }));
      continue;
    }
    if (typeof frontmatter.title !== 'string' || frontmatter.title.trim() === '') {
      out.push(finding({ check: 'site', rule: 'page-title-missing', message: 'page has no `title` in its frontmatter', file: page.file }));
    }
  }
  return out;
}

/**
 * Every page is reachable: listed in mint.json's navigation, imported by another page (a snippet),
 * or marked `hidden: true` in its frontmatter (Mintlify's own flag for a page left out of the
 * navigation on purpose: reachable by URL and links, not listed, not indexed).
 */
function orphanPages(ws: Workspace, mint: MintInput): Finding[] {
  const listed = new Set(navigationEntries(mint.config).map((e) => e.page));
  const imported = new Set<string>();
  const site = { routes: new Set(ws.pages().map((p) => p.route)), fileExists: () => false, redirects: [] };
  for (const page of ws.pages()) {
    if (!/^import\s/m.test(page.text)) continue; // no import statement: no need to walk the page
    for (const source of pageFacts(page)?.imports ?? []) {
      const target = resolveLink(source, page.route, site);
      if (target && target !== 'external' && target.route) imported.add(target.route);
    }
  }
  return ws
    .pages()
    .filter((page) => !listed.has(page.route) && !imported.has(page.route) && page.mdx().frontmatter.hidden !== true && !page.mdx().error)
    .map((page) =>
      finding({
        check: 'site',
        rule: 'page-orphan',
        message: `${page.file} is in no navigation group of mint.json: list "${page.route}" in a group, or set \`hidden: true\` in its frontmatter if it is meant to be reachable only by link`,
        file: page.file,
      }),
    );
}

/** Internal links and `#anchors` of every page resolve to a page (and a heading or id on it) or a file. */
function linkFindings(ws: Workspace, mint: MintInput | undefined): Finding[] {
  const pages = new Map(ws.pages().map((p) => [p.route, p]));
  const site = {
    routes: new Set(pages.keys()),
    fileExists: (rel: string) => {
      const abs = ws.abs(rel);
      return abs.startsWith(ws.root) && fs.existsSync(abs) && fs.statSync(abs).isFile();
    },
    redirects: mint ? redirectSources(mint.config) : [],
  };
  const out: Finding[] = [];
  for (const page of ws.pages()) {
    // Only pages with something that may be a link are walked (a large site parses less).
    if (!/\]\(|\]:|\bhref=|\bsrc=/.test(page.text)) continue;
    const facts = pageFacts(page);
    if (!facts) continue;
    for (const link of facts.links) {
      const span = { start: { line: link.line, column: link.column }, end: { line: link.endLine, column: link.endColumn } };
      const target = resolveLink(link.url, page.route, site);
      if (target === 'external') continue;
      if (!target) {
        out.push(finding({ check: 'site', rule: 'link-broken', message: `link to "${link.url}": no page or file answers to it`, file: page.file }, span));
        continue;
      }
      if (!target.anchor || target.file) continue;
      const targetPage = target.self ? page : pages.get(target.route!);
      if (!targetPage || typeof targetPage.mdx().frontmatter.openapi === 'string') continue; // generated API page: anchors unknown
      const anchors = pageFacts(targetPage)?.anchors;
      if (!anchors || anchors.has(cleanHeadingId(target.anchor))) continue;
      out.push(
        finding(
          { check: 'site', rule: 'anchor-broken', message: `link to "${link.url}": ${targetPage.file} has no heading or element with id "${target.anchor}"${nearestAnchor(target.anchor, anchors)}`, file: page.file },
          span,
        ),
      );
    }
  }
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
 * `openapi:` frontmatter (`"POST /api/run/x"`, optionally prefixed with the spec file) and
 * operation entries in the navigation name an operation of the spec. Without a spec in the tree
 * (`--only site` on a site that has none) there is nothing to compare with: skipped.
 */
async function operationReferences(ws: Workspace, mint: MintInput | undefined): Promise<Finding[]> {
  const refs: Array<{ value: unknown; file: string; span: { start: { line: number; column: number }; end?: { line: number; column: number } } }> = [];
  for (const page of ws.pages()) {
    const { frontmatter, error } = page.mdx();
    if (error || !('openapi' in frontmatter)) continue;
    refs.push({ value: frontmatter.openapi, file: page.file, span: frontmatterKeySpan(page, 'openapi') });
  }
  for (const entry of mint ? navigationEntries(mint.config) : []) {
    if (isOperationEntry(entry.page)) refs.push({ value: entry.page, file: mint!.file, span: mint!.locate(entry.pointer) });
  }
  if (refs.length === 0 || !ws.specFile()) return [];
  const spec = await ws.spec();
  if (!spec) return []; // unparseable: the load finding says where
  const index = new SpecIndex(spec);
  const out: Finding[] = [];
  for (const ref of refs) {
    const parsed = typeof ref.value === 'string' ? parseOperationRef(ref.value) : undefined;
    const base = { check: 'site', file: ref.file };
    if (!parsed) {
      out.push(finding({ ...base, rule: 'openapi-frontmatter-invalid', message: `openapi: ${JSON.stringify(ref.value)} is not "METHOD /path" (optionally preceded by the spec file)` }, ref.span));
      continue;
    }
    const problem = unknownOperation(parsed, index, spec.file);
    if (problem) out.push(finding({ ...base, rule: 'openapi-operation-unknown', message: `openapi: "${String(ref.value)}": ${problem}` }, ref.span));
  }
  return out;
}

function unknownOperation(ref: OperationRef, index: SpecIndex, specFile: string): string | undefined {
  if (ref.file && ref.file.replace(/^\/+/, '') !== specFile) return `names the spec file ${ref.file}, but this site's spec is ${specFile}`;
  if (ref.method === 'WEBHOOK') {
    const hooks = (index.spec.api as { webhooks?: Record<string, unknown> }).webhooks ?? {};
    return ref.path in hooks ? undefined : `${specFile} has no webhook "${ref.path}"`;
  }
  const onPath = index.operations.filter((o) => o.path === ref.path);
  if (onPath.some((o) => o.method === ref.method)) return undefined;
  if (onPath.length) return `${ref.path} has ${onPath.map((o) => o.method).join(', ')} in ${specFile}, not ${ref.method}`;
  const near = index.nearest(ref.path);
  return `${specFile} has no path ${ref.path}${near ? ` (did you mean ${near}?)` : ''}`;
}

/** Where `key:` is written in the page's frontmatter. */
function frontmatterKeySpan(page: PageInput, key: string) {
  const lines = page.text.split('\n', 200);
  for (let i = 1; i < lines.length && lines[i] !== '---'; i++) {
    if (new RegExp(`^${key}\\s*:`).test(lines[i])) return { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: lines[i].length + 1 } };
  }
  return { start: { line: 1, column: 1 } };
}

export const siteCheck: Check = {
  name: 'site',
  readsPageParses: true,
  summary: 'mint.json (Mintlify schema, docs.json upgrade), navigation ⇄ pages (no missing, no orphan), MDX parses with a title, links and #anchors resolve, openapi: frontmatter names an operation',
  async run({ workspace }) {
    const mint = workspace.mint();
    const findings = mint ? mintSchema(mint) : []; // needs no page parses: runs while they are made
    await workspace.parsePages();
    findings.push(...pagesParseWithTitle(workspace));
    if (mint) findings.push(...navigationPagesExist(workspace, mint), ...orphanPages(workspace, mint));
    findings.push(...linkFindings(workspace, mint), ...(await operationReferences(workspace, mint)));
    findings.push(...expressionFindings(workspace.pages().map((p) => ({ file: p.file, text: p.text, facts: () => pageFacts(p) }))));
    return findings;
  },
};
