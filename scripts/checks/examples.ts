import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import type { Finding } from '../lib/finding.js';
import type { Workspace } from '../lib/workspace.js';
import { checkPageExamples, type PageExample } from '../examples/page.js';
import { specExampleFindings, type MissingExample } from '../examples/spec-examples.js';
import { operationReferences } from '../lib/operation-references.js';
import { isRemoteSource } from '../lib/site.js';
import { SpecIndex } from '../examples/spec-index.js';

/**
 * Request examples in the MDX pages (curl, fetch, Python requests, raw HTTP; inside
 * <RequestExample>/<CodeGroup> too) against openapi.yaml: path and method name an operation, the
 * credential has that operation's style, the JSON body validates against its request schema.
 * And the spec's own examples: valid, and present for every operation the site shows.
 */
export const examplesCheck: Check = {
  ...CHECK_INFO.examples,
  async run({ workspace, selected }) {
    return (await collectExamples(workspace, { withSiteRules: selected.has('spec') })).findings;
  },
};

export interface ExamplesResult {
  findings: Finding[];
  /** Every request example found in the pages, with what became of it (see `npm run examples:stats`). */
  examples: PageExample[];
}

/** `withSiteRules`: the spec check runs too, so Redocly walks each spec once for both (see redoclyProblems). */
export async function collectExamples(workspace: Workspace, { withSiteRules = false } = {}): Promise<ExamplesResult> {
  // Every spec of the site (an unparseable one is left out of specs()): a request is matched
  // against the spec whose server or path fits it.
  const specs = await workspace.specs();
  if (!specs.length) return { findings: [], examples: [] };
  // The spec side reads only the specs and the config: kept between runs of --watch until one changes.
  const specSide = await workspace.memo(`examples:spec:${specs.map((s) => s.file).join(',')}`, async () => {
    const baseUrls = docsBaseUrls(workspace);
    const indexes = specs.map((spec) => new SpecIndex(spec, baseUrls));
    const invalid: Array<{ finding: Finding; spec: string }> = [];
    const missing: Array<MissingExample & { spec: string }> = [];
    for (const [i, spec] of specs.entries()) {
      const own = await specExampleFindings(workspace, spec, indexes[i], withSiteRules); // runs while the pages parse
      invalid.push(...own.invalid.map((finding) => ({ finding, spec: spec.file })));
      missing.push(...own.missing.map((m) => ({ ...m, spec: spec.file })));
    }
    return { indexes, invalid, missing };
  });
  const { indexes } = specSide;
  const findings: Finding[] = [];
  const examples: PageExample[] = [];
  const remoteSpec = workspace.site().openapiSources.some((s) => isRemoteSource(s.source));
  const allRules = workspace.ruleSet() === 'all';
  const requestFindings: Array<{ finding: Finding; spec?: string }> = [];
  for await (const page of workspace.parsedPages()) {
    const result = checkPageExamples(page, indexes, { remoteSpec, allRules });
    requestFindings.push(...result.findings.map((finding) => ({ finding, spec: result.specOf.get(finding) })));
    examples.push(...result.examples);
  }
  // Which operations the site shows depends on the pages: asked after they are parsed, every run.
  const refs = await operationReferences(workspace);
  const used = new Set(specs.filter((s) => refs.generating.has(s.file) || [...refs.documented].some((d) => d.startsWith(`${s.file} `))).map((s) => s.file));
  // A spec nothing on the site uses (`spec-unused`) is not what the site documents when it uses
  // another one, or one behind a URL: a stale or partial copy, whose paths and schemas say nothing
  // about the requests the pages show (a body that is not JSON at all is still wrong). Connvo's
  // contract checks them against every spec all the same.
  const stale = !allRules && (used.size > 0 || remoteSpec) ? new Set(specs.map((s) => s.file).filter((f) => !used.has(f))) : new Set<string>();
  // Nor are its own examples shown anywhere: the site check's spec-unused says what to do with it.
  for (const { finding, spec } of specSide.invalid) if (!stale.has(spec)) findings.push(finding);
  for (const { finding, spec } of requestFindings) if (!spec || !stale.has(spec) || finding.rule === 'example-body-not-json') findings.push(finding);
  for (const example of examples) if (example.spec && stale.has(example.spec) && example.status === 'checked') example.status = 'unknown';
  findings.push(...specSide.missing.filter((m) => refs.shows(m.spec, m.method, m.path)).map((m) => m.finding));
  return { findings, examples };
}

/** mint.json's `api.baseUrl` (the playground's server) also counts as a server of the examples. */
function docsBaseUrls(workspace: Workspace): string[] {
  const api = workspace.site().config?.config.api as { baseUrl?: unknown } | undefined; // examples need no config
  const base = api?.baseUrl;
  return (Array.isArray(base) ? base : [base]).filter((u): u is string => typeof u === 'string');
}
