import fs from 'node:fs';
import path from 'node:path';
import {
  BaseResolver,
  createConfig,
  isAbsoluteUrl,
  lintDocument,
  loadConfig,
  loadIgnoreConfig,
  ResolveError,
  type Config,
  type Document,
  type NormalizedProblem,
  type Source,
} from '@redocly/openapi-core';
import { proveExamples } from './example-proof.js';
import { decodeText, isInside, readInside, realPathInside } from './files.js';
import { finding, type Finding, type Span } from './finding.js';
import { POLICY_FILE, type RuleSet } from './rule-set.js';
import { readYamlData, yamlAliasProblem } from './yaml-guard.js';
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
    if (this.root) {
      // Read through the one confined read; YAML whose aliases cannot be expanded is refused here,
      // before Redocly's parser and walk see it.
      const bytes = readInside(this.root, path.relative(this.root, absoluteRef));
      if (bytes instanceof Buffer) {
        const problem = yamlAliasProblem(bytes.toString('utf8'));
        if (problem) throw new ResolveError(new Error(`${path.basename(absoluteRef)}:${problem.at.start.line}: ${problem.message}`));
      }
    }
    return super.loadExternalRef(absoluteRef);
  }
}

interface SiteConfig {
  config: Config;
  /** The files the config was read from (and the ones whose appearance would change it); undefined when it reads more than can be told (extended files). */
  files?: string[];
  /** What the tree's redocly.yaml asked for and did not get (a plugin, an extends out of the tree): the spec check reports them. */
  findings: Finding[];
}

const CONFIG_FILE = 'redocly.yaml';
/** Plugins Redocly loads from beside its config unasked (`DEFAULT_PROJECT_PLUGIN_PATHS`). */
const DEFAULT_PLUGIN_FILES = ['@theme/plugin.js', '@theme/plugin.cjs', '@theme/plugin.mjs'];
/** Redocly's built-in rule sets, the only `extends` entries that are not files. */
const BUILT_IN_RULESETS = new Set(['minimal', 'recommended', 'recommended-strict', 'all', 'spec']);

/**
 * The tree's redocly.yaml as data, never code: its `plugins` (and a `@theme/plugin.*` Redocly
 * would load unasked) are not run, each reported at its line; `extends` keeps Redocly's built-in
 * rule sets and files inside the tree (read through OfflineResolver), and reports a URL, a file
 * out of the tree or a plugin's preset. Redocly itself then loads the config with plugin
 * evaluation off and the offline, confined resolver, so nothing it resolves leaves the tree.
 */
async function loadTreeConfig(root: string): Promise<SiteConfig | undefined> {
  const configPath = path.join(root, CONFIG_FILE);
  if (!fs.existsSync(configPath)) return undefined;
  const findings: Finding[] = [];
  const refuse = (rule: string, message: string, at?: Span, file = CONFIG_FILE) => findings.push(finding({ check: 'spec', rule, message, file }, at));
  const fallback = async () => ({ config: await createConfig({ extends: ['recommended'] }), findings });
  const bytes = readInside(root, CONFIG_FILE);
  if (bytes === 'outside') {
    refuse('path-outside-root', `"${CONFIG_FILE}" leads outside the checked tree: it is not read (Redocly's recommended rules apply)`);
    return fallback();
  }
  const decoded = bytes === undefined ? { error: 'not a regular file' } : decodeText(bytes);
  const yaml = 'text' in decoded ? readYamlData(decoded.text) : { error: decoded.error };
  if ('error' in yaml) {
    refuse('redocly-config', `${CONFIG_FILE}: ${yaml.error} (Redocly's recommended rules apply)`, yaml.at);
    return fallback();
  }
  const raw = yaml.value && typeof yaml.value === 'object' && !Array.isArray(yaml.value) ? (yaml.value as Record<string, unknown>) : {};
  if (raw.plugins !== undefined) {
    refuse('redocly-plugin', `Redocly plugins from the checked tree are not run (a plugin is code, and the tree is untrusted input): lint runs without them`, yaml.at(['plugins'], true));
  }
  for (const file of DEFAULT_PLUGIN_FILES) {
    if (fs.existsSync(path.join(root, file))) refuse('redocly-plugin', `${file} is a Redocly plugin Redocly would load unasked: it is not run (the tree is untrusted input)`, undefined, file);
  }
  let kept: string[] | undefined;
  if (Array.isArray(raw.extends)) {
    kept = [];
    raw.extends.forEach((entry, i) => {
      const at = yaml.at(['extends', i]);
      if (typeof entry !== 'string') return refuse('redocly-extends', '`extends` entries must be strings: this one is left out', at);
      if (BUILT_IN_RULESETS.has(entry)) return void kept!.push(entry);
      if (isAbsoluteUrl(entry)) return refuse('redocly-extends', `\`extends\` names a URL ("${entry}"): not fetched (checks run offline); keep the rules in the tree`, at);
      if (!/\.(ya?ml|json)$/i.test(entry)) return refuse('redocly-extends', `\`extends\` names "${entry}", neither one of Redocly's built-in rule sets (${[...BUILT_IN_RULESETS].join(', ')}) nor a YAML file of the tree (a plugin's preset is not loaded)`, at);
      const target = path.resolve(root, entry);
      if (realPathInside(root, path.relative(root, target)) === 'outside' || !isInside(path.resolve(root), target)) {
        return refuse('path-outside-root', `\`extends\` names "${entry}", which leads outside the checked tree: it is not read`, at);
      }
      // An extended file is data too: no plugins, and only built-in rule sets extended further.
      const bytes = readInside(root, path.relative(root, target));
      const data = bytes instanceof Buffer ? readYamlData(bytes.toString('utf8')) : undefined;
      const value = data && 'value' in data && data.value && typeof data.value === 'object' ? (data.value as Record<string, unknown>) : undefined;
      if (value && (value.plugins !== undefined || (Array.isArray(value.extends) && !value.extends.every((e) => BUILT_IN_RULESETS.has(e as string))))) {
        return refuse('redocly-extends', `\`extends\` names "${entry}", which loads plugins or extends more than Redocly's built-in rule sets: it is left out`, at);
      }
      kept!.push(target);
    });
  }
  try {
    // Redocly runs the plugins a config names and a `@theme/plugin.*` beside its path: it is handed
    // the config as data, without its plugins, at a path in a folder that does not exist, and
    // reads what it extends (and the ignore file) through the offline, confined resolver.
    const resolver = new OfflineResolver(root);
    const { plugins: _plugins, extends: _extends, ...rest } = raw;
    const config = await createConfig(
      { ...rest, ...(kept ? { extends: kept } : {}) } as Parameters<typeof createConfig>[0],
      { configPath: path.join(root, '.connvo-check-no-plugins', CONFIG_FILE), externalRefResolver: resolver, ignore: await loadIgnoreConfig(configPath, resolver) },
    );
    const builtIns = (kept ?? ['recommended']).every((e) => BUILT_IN_RULESETS.has(e));
    return { config, files: builtIns ? [configPath, path.join(root, '.redocly.lint-ignore.yaml')] : undefined, findings };
  } catch (err) {
    refuse('redocly-config', `${CONFIG_FILE} cannot be used: ${String((err as Error)?.message ?? err).split('\n')[0]} (Redocly's recommended rules apply)`);
    return fallback();
  }
}

/**
 * The rules a spec is linted with: the site's own `redocly.yaml` (read as data, see loadTreeConfig)
 * when it has one; else, for a tree held to every rule (an access policy, or --strict), this
 * repository's (Redocly's `recommended`); else DEFAULT_RULES, which report what is wrong rather
 * than what is house style.
 */
async function loadSiteConfig(root: string, ruleSet: RuleSet): Promise<SiteConfig> {
  const own = await loadTreeConfig(root);
  if (own) return own;
  // Without a config of its own, whether the tree gets an access policy decides the rules (and
  // its appearance, like the config's, changes what a cached lint would say).
  const files = [path.join(root, CONFIG_FILE), path.join(root, POLICY_FILE)];
  if (ruleSet === 'default') return { config: await createConfig(DEFAULT_RULES), files, findings: [] };
  // This repository's own config (trusted: it is not the checked tree's) for a tree without one.
  const configPath = path.join(REPO_ROOT, CONFIG_FILE);
  if (fs.existsSync(configPath)) {
    return { config: await loadConfig({ configPath }), files: [...files, configPath, path.join(REPO_ROOT, '.redocly.lint-ignore.yaml')], findings: [] };
  }
  return { config: await createConfig({ extends: ['recommended'] }), files, findings: [] };
}

/** What the tree's Redocly config asked for and did not get, once per run (the spec check reports it). */
export async function redoclyConfigFindings(ws: Workspace): Promise<Finding[]> {
  return (await siteConfig(ws)).findings;
}

/**
 * The rules for a spec of a site that has no `redocly.yaml` and is not held to Connvo's contract:
 * Redocly's `spec` ruleset (does the document follow the OpenAPI specification: structure,
 * resolvable `$ref`s, path parameters declared, unique operationIds, server variables defined),
 * plus the mistakes that make a schema or example say something other than what the API does (a
 * `required` property the schema does not define, an `enum` value of another type, `items` on a
 * non-array). Left out, as house style a site chooses: Redocly's `recommended` rules such as a
 * license in `info`, an operationId or 4XX response on every operation, `security` on every
 * operation (a public API has none), unused components, and `spec-ref-siblings` (a `description`
 * beside a `$ref`, which OpenAPI 3.1 allows and Mintlify shows). `--strict` restores `recommended`.
 */
export const DEFAULT_RULES: Parameters<typeof createConfig>[0] & object = {
  extends: ['spec'],
  rules: {
    'spec-ref-siblings': 'off',
    'no-required-schema-properties-undefined': 'warn',
    'no-enum-type-mismatch': 'warn',
    'no-schema-type-mismatch': 'warn',
    'no-server-variables-empty-enum': 'error',
  },
};

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
      // The example rules compile an Ajv validator per example schema (most of the walk's cost):
      // the examples an interpreter proves valid are taken out of the document they walk, and
      // when nothing is left for them that walk is not made (see lib/example-proof.ts). When it
      // proves none, one walk runs both rule sets on the spec, as it always did.
      const proof = rules.examples ? proveExamples(spec.api as Record<string, unknown>) : undefined;
      const passes: Array<{ document: Document; config: Config }> = [];
      if (!proof?.proved.length) passes.push({ document: spec.document, config: withRules(site.config, rules) });
      else {
        if (rules.site) passes.push({ document: spec.document, config: withRules(site.config, { site: true, examples: false, exampleRulesOff: true }) });
        if (proof.rest) passes.push({ document: { source: spec.document.source, parsed: proof.document }, config: withRules(site.config, { site: false, examples: true }) });
      }
      const problems: NormalizedProblem[] = [];
      const asked: string[] = [];
      let leftRoot = false;
      for (const pass of passes) {
        const resolver = new OfflineResolver(ws.root);
        problems.push(...(await lintDocument({ document: pass.document, config: pass.config, externalRefResolver: resolver })));
        asked.push(...resolver.asked);
        leftRoot ||= resolver.leftRoot;
      }
      return { problems, files: site.files && !leftRoot ? [spec.absPath, ...new Set(asked), ...site.files] : undefined };
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
  const key = `${name}\0${spec.file}\0${rules.site}\0${rules.examples}\0${ws.ruleSet()}`;
  const kept = store.get<Finding[]>(key);
  if (kept) return kept;
  const findings = await compute();
  const files = (await walk(ws, spec, rules)).files;
  if (files) store.set(key, findings, files);
  return findings;
}

const configs = new WeakMap<Workspace, Promise<SiteConfig>>();

/** Config's constructor, as Redocly declares it (the class itself is exported as a type only). */
type ConfigCtor = new (
  resolvedConfig: Config['resolvedConfig'],
  opts: Pick<Config, 'configPath' | 'document' | 'resolvedRefMap' | 'plugins' | 'ignore'>,
) => Config;

function siteConfig(ws: Workspace): Promise<SiteConfig> {
  let config = configs.get(ws);
  if (!config) configs.set(ws, (config = loadSiteConfig(ws.root, ws.ruleSet())));
  return config;
}

const EXAMPLE_RULES_OFF = Object.fromEntries(Object.keys(EXAMPLE_RULES).map((id) => [id, 'off']));

/**
 * The site's config with its rules replaced as `rules` says (its ignore file, resolver settings and
 * plugins kept): the site's alone, the example rules alone, or the site's with the example rules off.
 */
function withRules(config: Config, rules: WalkRules & { exampleRulesOff?: boolean }): Config {
  if (rules.site && !rules.examples && !rules.exampleRulesOff) return config;
  const examples = rules.exampleRulesOff ? EXAMPLE_RULES_OFF : EXAMPLE_RULES;
  const resolved: Record<string, unknown> = { ...config.resolvedConfig };
  // `rules` and every per-version map (`oas3_1Rules`, ...) that Config merges over it.
  for (const key of Object.keys(resolved)) {
    if (key !== 'rules' && !/^[a-z0-9_]+Rules$/.test(key)) continue;
    resolved[key] = rules.site ? { ...(resolved[key] as object), ...examples } : { ...examples };
  }
  resolved.rules ??= { ...examples };
  // Redocly exports Config as a type only (2.7x): the class is reached through the instance.
  const ConfigClass = config.constructor as ConfigCtor;
  return new ConfigClass(resolved as Config['resolvedConfig'], {
    configPath: config.configPath,
    document: config.document,
    resolvedRefMap: config.resolvedRefMap,
    plugins: config.plugins,
    ignore: config.ignore,
  });
}
