// secretlint over texts, with the project's .secretlintrc.json: in-process for small trees, and as
// the body of the worker threads that scan big ones. Plain JavaScript so a worker runs it without a
// TypeScript loader (under tsx and under vitest alike).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { importSecretlintCreator, loadConfig, loadConfigDescriptor } from '@secretlint/config-loader';
import { secretLintProfiler } from '@secretlint/profiler';
import * as ownRules from '@connvo/secretlint-rule-connvo';

const { detectCached, L, literals } = ownRules;

// secretlint records a performance mark at every step of every rule of every file and measures each
// pair later, looking marks up by name: quadratic in the number of files, and never freed. Nothing
// here reads the profile, so the marks are not recorded (a 50 MiB tree otherwise takes minutes).
secretLintProfiler.mark = () => {};

const OWN_ID = '@connvo/secretlint-rule-connvo';

/**
 * Necessary conditions of the recommended preset's rules (13.1.0, pinned), from the literal flags
 * the project's rules compute anyway: a rule whose literals are absent from a text cannot report
 * anything there, so the pipeline does not run it on that text (most docs pages trigger none). A
 * preset rule missing from this table always runs, so a preset upgrade that adds a rule loses
 * nothing; test/tokens.test.ts proves the filter changes no result on the labelled corpus.
 * @type {Record<string, (flags: number, text: string, ext: string) => boolean>}
 */
export const PRESET_TRIGGERS = {
  '@secretlint/secretlint-rule-gcp': (_f, _t, ext) => ext === '.json' || ext === '.p12',
  '@secretlint/secretlint-rule-npm': (f) => (f & L.NPM) !== 0,
  '@secretlint/secretlint-rule-slack': (f) => (f & L.SLACK) !== 0,
  '@secretlint/secretlint-rule-sendgrid': (f) => (f & L.SENDGRID) !== 0,
  '@secretlint/secretlint-rule-shopify': (f) => (f & L.SHOPIFY) !== 0,
  '@secretlint/secretlint-rule-github': (f) => (f & L.GITHUB) !== 0,
  '@secretlint/secretlint-rule-openai': (f) => (f & L.OPENAI) !== 0,
  '@secretlint/secretlint-rule-anthropic': (f) => (f & L.ANTHROPIC) !== 0,
  '@secretlint/secretlint-rule-linear': (f) => (f & L.LINEAR) !== 0,
  '@secretlint/secretlint-rule-1password': (f) => (f & L.ONEPASSWORD) !== 0,
  '@secretlint/secretlint-rule-filter-comments': (f) => (f & L.SECRETLINT_COMMENT) !== 0,
  // Rules new in preset 13: each of their patterns starts with a fixed prefix.
  '@secretlint/secretlint-rule-groq': (_f, t) => t.includes('gsk_'),
  '@secretlint/secretlint-rule-huggingface': (_f, t) => t.includes('hf_'),
  '@secretlint/secretlint-rule-notion': (_f, t) => t.includes('ntn_'),
  '@secretlint/secretlint-rule-gitlab': (_f, t) => t.includes('glpat-'),
  '@secretlint/secretlint-rule-grafana': (_f, t) => t.includes('glc_') || t.includes('glsa_'),
  '@secretlint/secretlint-rule-hashicorp-vault': (_f, t) => t.includes('hvs.') || t.includes('hvb.') || t.includes('hvr.'),
  '@secretlint/secretlint-rule-vercel': (_f, t) => /vc[piark]_/.test(t),
  '@secretlint/secretlint-rule-databricks': (_f, t) => t.includes('dapi'),
  '@secretlint/secretlint-rule-docker': (_f, t) => t.includes('dckr_pat_'),
  '@secretlint/secretlint-rule-figma': (_f, t) => t.includes('figd_'),
  '@secretlint/secretlint-rule-cloudflare': (_f, t) => t.includes('cfk_') || t.includes('cfut_') || t.includes('cfat_'),
  '@secretlint/secretlint-rule-tailscale': (_f, t) => t.includes('tskey-'),
};

/**
 * Per text: the config with the project preset replaced by one that registers only the
 * recommended-preset rules this text can trigger (cached per combination), or undefined when no rule
 * at all can report (then the text needs no lint). The project preset registers the recommended
 * preset's rules itself (each judged, see packages/secretlint-rule-connvo/index.js); `presetWith`
 * gives the same preset with a narrower set of them.
 * @param {import('@secretlint/types').SecretLintCoreConfig} config
 */
function prefilterFor(config) {
  const own = /** @type {any} */ (config.rules.find((r) => r.id === OWN_ID));
  const onlyOwn = config.rules.every((r) => r.id === OWN_ID);
  if (!own || !onlyOwn || typeof own.rule.presetWith !== 'function' || own.options?.recommend === false) return () => config;
  const ids = own.rule.presetRules.map((/** @type {any} */ r) => r.meta.id);
  const checks = Object.entries(PRESET_TRIGGERS).filter(([id]) => ids.includes(id));
  const always = ids.filter((/** @type {string} */ id) => !(id in PRESET_TRIGGERS));
  /** @type {Map<string, import('@secretlint/types').SecretLintCoreConfig>} */
  const cache = new Map();
  return (/** @type {string} */ text, /** @type {string} */ ext) => {
    const flags = literals(text);
    const hit = new Set(checks.filter(([, test]) => test(flags, text, ext)).map(([id]) => id));
    if (hit.size === 0 && always.length === 0 && detectCached(text).length === 0) return undefined;
    const key = [...hit].join(',');
    let variant = cache.get(key);
    if (!variant) {
      const subset = own.rule.presetWith((/** @type {string} */ id) => hit.has(id) || always.includes(id));
      variant = { ...config, rules: config.rules.map((r) => (r === own ? { ...own, rule: subset } : r)) };
      cache.set(key, variant);
    }
    return variant;
  };
}

/**
 * The config is data: it may name only installed secretlint rule packages, by package name. The
 * loader resolves an id from the config's folder, so `"id": "./x.js"` (or a path anywhere) would
 * run that file; such an id stops the run instead (the tree may be the repository itself).
 * @param {string} configFile
 */
async function refuseCodeFromConfig(configFile) {
  const { configDescriptor } = await loadConfigDescriptor({ configFilePath: configFile, cwd: path.dirname(configFile) });
  /** @param {any[]} rules */
  const check = (rules) => {
    for (const rule of rules ?? []) {
      const id = String(rule?.id ?? '');
      if (!RULE_PACKAGE.test(id)) throw new Error(`rule id "${id}" is not a secretlint rule package name (@secretlint/secretlint-rule-*, ${OWN_ID}): a path or another package would be run as code`);
      check(rule.rules);
    }
  };
  check(configDescriptor.rules);
}

const RULE_PACKAGE = /^(?:@secretlint\/secretlint-rule-[a-z0-9-]+|@connvo\/secretlint-rule-connvo)$/;

/**
 * @param {string} configFile absolute path of a .secretlintrc.json
 * @param {{prefilter?: boolean}} [options] prefilter: skip preset rules that cannot match (default on)
 * @returns {Promise<(file: string, text: string) => Promise<import('./lint-worker.d.mts').LintMessage[]>>}
 */
export async function createLinter(configFile, options = {}) {
  // The project's rule package is handed to the loader as the module imported here rather than
  // imported again by name: in the bundled worker (scripts/build-check.mjs) it is part of the
  // bundle, and loading it from node_modules too would be a second copy of it and of secretlint's
  // recommended preset (~0.1 s of the worker's start). Any other rule the config names is loaded
  // by the config loader as usual.
  const own = { id: OWN_ID, rule: importSecretlintCreator(ownRules) };
  await refuseCodeFromConfig(configFile);
  const { config } = await loadConfig({ configFilePath: configFile, cwd: path.dirname(configFile), testReplaceDefinitions: [own] });
  const select = options.prefilter ?? true ? prefilterFor(config) : () => config;
  return async (file, text) => {
    const ext = path.extname(file);
    const selected = select(text, ext);
    if (!selected) return [];
    const result = await lintSource({
      source: { content: text, filePath: file, ext, contentType: 'text' },
      // noPhysicFilePath: rules must not read the file again (the GCP rule would, for .p12 files).
      options: { config: selected, noPhysicFilePath: true },
    });
    return result.messages.map((m) => ({
      ruleId: m.ruleId,
      ruleParentId: m.ruleParentId,
      messageId: m.messageId,
      message: m.message,
      data: m.data,
      range: [m.range[0], m.range[1]],
      severity: m.severity,
    }));
  };
}

if (!isMainThread && workerData && workerData.role === 'connvo-tokens-lint') {
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  const ready = createLinter(workerData.configFile);
  port.on('message', async (/** @type {{id: number, items: Array<{file: string, text: string}>}} */ job) => {
    try {
      const lint = await ready;
      const results = [];
      for (const item of job.items) results.push({ file: item.file, messages: await lint(item.file, item.text) });
      port.postMessage({ id: job.id, results });
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
