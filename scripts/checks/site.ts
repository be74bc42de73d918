import { upgradeToDocsConfig, validateDocsConfig, validateMintConfig } from '@mintlify/validation';
import type { Check } from '../lib/check.js';
import { finding, type Finding } from '../lib/finding.js';
import { pointerOf } from '../lib/locate.js';
import { navigationEntries } from '../lib/navigation.js';
import type { MintInput, Workspace } from '../lib/workspace.js';

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
    .filter((e) => !routes.has(e.page))
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

export const siteCheck: Check = {
  name: 'site',
  summary: 'mint.json against Mintlify\'s schema (and docs.json upgrade), navigation pages exist, MDX parses with a title',
  run({ workspace }) {
    const mint = workspace.mint();
    const findings = pagesParseWithTitle(workspace);
    if (mint) findings.push(...mintSchema(mint), ...navigationPagesExist(workspace, mint));
    return findings;
  },
};
