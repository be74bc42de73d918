import fs from 'node:fs';
import path from 'node:path';
import {
  BaseResolver,
  Config,
  createConfig,
  isAbsoluteUrl,
  lintDocument,
  loadConfig,
  ResolveError,
  type NormalizedProblem,
  type Source,
} from '@redocly/openapi-core';
import { realPathInside } from './files.js';
import type { Finding } from './finding.js';
import type { SpecInput, Workspace } from './workspace.js';

/** Where this repository's own Redocly config lives: the fallback for a --root tree without one. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The message of a $ref that leads out of the tree; it names no path (the tree is untrusted input). */
export const OUTSIDE_REF = 'a $ref leads outside the checked tree: it is not read (keep the files a spec refers to inside the tree)';

/**
 * Redocly's resolver, minus the network and the rest of the machine: a remote $ref is reported,
 * never fetched; a file $ref whose real location is outside the checked root is never opened.
 */
export class OfflineResolver extends BaseResolver {
  /** Every file inside the root a $ref asked for (read or not): what the lint depends on besides the spec. */
  readonly asked = new Set<string>();
  /** A $ref led outside the root (never opened, so never hashed for --cache either). */
  leftRoot = false;

  constructor(private readonly root?: string) {
    super();
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (isAbsoluteUrl(absoluteRef)) {
      throw new ResolveError(new Error(`remote $ref "${absoluteRef}" is not fetched: checks run offline; bundle it into the repository`));
    }
    if (this.root && realPathInside(this.root, path.relative(this.root, absoluteRef)) === 'outside') {
      this.leftRoot = true;
      throw new ResolveError(new Error(OUTSIDE_REF));
    }
    this.asked.add(absoluteRef);
    return super.loadExternalRef(absoluteRef);
  }
}

interface SiteConfig {
  config: Config;
  /** The files the config was read from (and the ones whose appearance would change it); undefined when it reads more than can be told (plugins, extended files). */
  files?: string[];
}

/** The site's redocly.yaml (with its ignore file), this repository's, or Redocly's recommended rules. */
async function loadSiteConfig(root: string): Promise<SiteConfig> {
  const files: string[] = [];
  for (const dir of [root, REPO_ROOT]) {
    const configPath = path.join(dir, 'redocly.yaml');
    files.push(configPath);
    if (!fs.existsSync(configPath)) continue;
    const config = await loadConfig({ configPath });
    const extended = (config.document?.parsed as { extends?: unknown } | undefined)?.extends;
    const builtIns = extended === undefined || (Array.isArray(extended) && extended.every((e) => typeof e === 'string' && /^[a-z-]+$/.test(e)));
    const plugins = config.plugins.some((p) => p.id !== '');
    return { config, files: builtIns && !plugins ? [...files, path.join(dir, '.redocly.lint-ignore.yaml')] : undefined };
  }
  return { config: await createConfig({ extends: ['recommended'] }), files };
}

/**
 * Redocly's example rules as the examples check runs them: always on, as errors (the playground
 * shows these examples). A property the schema does not list is allowed unless the schema says
 * `additionalProperties: false` (JSON Schema's meaning; Redocly's default rejects it).
 */
export const EXAMPLE_RULES: Readonly<Record<string, unknown>> = {
  'no-invalid-media-type-examples': { severity: 'error', allowAdditionalProperties: true },
  'no-invalid-parameter-examples': 'error',
};

export const isExampleRule = (ruleId: string): boolean => Object.hasOwn(EXAMPLE_RULES, ruleId);

/** Which rules a walk runs: the site's own (the spec check's), the example rules (the examples check's), or both. */
export interface WalkRules {
  site: boolean;
  examples: boolean;
}

interface Walk {
  problems: NormalizedProblem[];
  /** The files the walk read (the spec, its $ref files, the config), or undefined if not all can be told or may be read. */
  files?: string[];
}

const walks = new WeakMap<Workspace, Map<string, Promise<Walk>>>();

/**
 * Redocly's problems in one spec, from one walk per run however many checks read it: when both the
 * spec and the examples check run, the site's rules and the example rules (which then replace the
 * site's settings of those two rules) are run together. The walk is most of Redocly's cost, and
 * its example rules compile an Ajv validator per example schema, which a second walk did again.
 * The site's ignore file applies to every rule.
 */
export async function redoclyProblems(ws: Workspace, spec: SpecInput, rules: WalkRules): Promise<NormalizedProblem[]> {
  return (await walk(ws, spec, rules)).problems;
}

function walk(ws: Workspace, spec: SpecInput, rules: WalkRules): Promise<Walk> {
  let perRun = walks.get(ws);
  if (!perRun) walks.set(ws, (perRun = new Map()));
  const key = `${spec.absPath}\0${rules.site}\0${rules.examples}`;
  let done = perRun.get(key);
  if (!done) {
    done = (async () => {
      const site = await siteConfig(ws);
      const resolver = new OfflineResolver(ws.root);
      const problems = await lintDocument({ document: spec.document, config: withRules(site.config, rules), externalRefResolver: resolver });
      return { problems, files: site.files && !resolver.leftRoot ? [spec.absPath, ...resolver.asked, ...site.files] : undefined };
    })();
    perRun.set(key, done);
  }
  return done;
}

/**
 * `compute()`'s findings for one spec (it reads `redoclyProblems(ws, spec, rules)`), or, with
 * `--cache`, the ones an earlier run stored while the files that walk read are unchanged.
 * `name` tells the callers' findings apart.
 */
export async function cachedLint(ws: Workspace, spec: SpecInput, rules: WalkRules, name: string, compute: () => Promise<Finding[]>): Promise<Finding[]> {
  const store = ws.results;
  if (!store) return compute();
  const key = `${name}\0${spec.file}\0${rules.site}\0${rules.examples}`;
  const kept = store.get<Finding[]>(key);
  if (kept) return kept;
  const findings = await compute();
  const files = (await walk(ws, spec, rules)).files;
  if (files) store.set(key, findings, files);
  return findings;
}

const configs = new WeakMap<Workspace, Promise<SiteConfig>>();

function siteConfig(ws: Workspace): Promise<SiteConfig> {
  let config = configs.get(ws);
  if (!config) configs.set(ws, (config = loadSiteConfig(ws.root)));
  return config;
}

/** The site's config with its rules replaced as `rules` says (its ignore file, resolver settings and plugins kept). */
function withRules(config: Config, rules: WalkRules): Config {
  if (rules.site && !rules.examples) return config;
  const resolved: Record<string, unknown> = { ...config.resolvedConfig };
  // `rules` and every per-version map (`oas3_1Rules`, ...) that Config merges over it.
  for (const key of Object.keys(resolved)) {
    if (key !== 'rules' && !/^[a-z0-9_]+Rules$/.test(key)) continue;
    resolved[key] = rules.site ? { ...(resolved[key] as object), ...EXAMPLE_RULES } : { ...EXAMPLE_RULES };
  }
  resolved.rules ??= { ...EXAMPLE_RULES };
  return new Config(resolved as ConstructorParameters<typeof Config>[0], {
    configPath: config.configPath,
    document: config.document,
    resolvedRefMap: config.resolvedRefMap,
    plugins: config.plugins,
    ignore: config.ignore,
  });
}
