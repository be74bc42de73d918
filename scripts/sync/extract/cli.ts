#!/usr/bin/env tsx
/**
 * `npm run spec:extract -- --convex-dir DIR [--out FILE] [--policy FILE] [--repository owner/name --commit SHA] [--url URL]`:
 * the function spec of a Convex project's `convex/` folder, read from its source (see README
 * "Syncing with the deployed functions"). Writes the JSON to --out (or stdout); warnings go to
 * stderr, one line each, with file:line:column. Exit 0: extracted (warnings included, counted in
 * the summary). 2: bad usage or input (one line on stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { runCommand } from '../../lib/closed-stdout.js';
import { escapeControls } from '../../reporters/scrub.js';
import { parsePolicy, POLICY_FILE } from '../../security/policy.js';
import { extractFunctionSpec, type ExtractResult } from './extract.js';
import { ModuleLayoutError } from './modules.js';

const USAGE = 'usage: npm run spec:extract -- --convex-dir DIR [--out FILE] [--policy FILE] [--repository owner/name --commit SHA] [--url URL]';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The flags of a backend CLI (spec:extract, spec:refresh): no positionals; a bad flag is a UsageError that ends with the usage line. */
export function parseFlags<const O extends ParseArgsOptionsConfig>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}; ${usage}`);
  }
}

/** Guard helper names from an access policy file; undefined when there is none. */
export function guardNames(file: string | undefined): string[] | undefined {
  if (!file) return undefined;
  if (!fs.existsSync(file)) throw new UsageError(`--policy ${file}: no such file`);
  const loaded = parsePolicy(fs.readFileSync(file, 'utf8'), path.resolve(file));
  if (!loaded.policy) {
    const p = loaded.problems[0];
    throw new UsageError(`${file}:${p.span.start.line}:${p.span.start.column}: ${p.message}`);
  }
  return [...loaded.policy.guards.user, ...loaded.policy.guards.admin];
}

/** The flags `backendSource` reads, and --help: every backend command takes them. */
export const BACKEND_FLAGS = {
  'convex-dir': { type: 'string' },
  repository: { type: 'string' },
  commit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The backend's `convex/` folder and the provenance given for it (`--convex-dir`, `--repository`, `--commit`). */
export function backendSource(values: { 'convex-dir'?: string; repository?: string; commit?: string }, usage: string): { dir: string; source?: { repository: string; commit: string } } {
  const dir = values['convex-dir'];
  if (!dir) throw new UsageError(`--convex-dir DIR is required (the project's convex/ folder); ${usage}`);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--convex-dir ${dir}: no such directory`);
  if (Boolean(values.repository) !== Boolean(values.commit)) throw new UsageError('--repository and --commit go together (the provenance of the extracted source)');
  if (values.repository && !/^[\w.-]+\/[\w.-]+$/.test(values.repository)) throw new UsageError(`--repository ${values.repository}: expected owner/name`);
  if (values.commit && !/^[0-9a-f]{7,40}$/i.test(values.commit)) throw new UsageError(`--commit ${values.commit}: expected a commit SHA`);
  return { dir, source: values.repository && values.commit ? { repository: values.repository, commit: values.commit } : undefined };
}

export function formatSpec(result: ExtractResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const values = parseFlags(
    argv,
    { ...BACKEND_FLAGS, out: { type: 'string' }, policy: { type: 'string' }, url: { type: 'string' } },
    USAGE,
  );
  if (values.help) {
    out(USAGE + '\n');
    return 0;
  }
  const { dir, source } = backendSource(values, USAGE);
  const guards = guardNames(values.policy ?? (fs.existsSync(POLICY_FILE) ? POLICY_FILE : undefined));
  const t0 = performance.now();
  let result: ExtractResult;
  try {
    result = extractFunctionSpec({
      convexDir: dir,
      guards,
      url: values.url,
      source,
    });
  } catch (e) {
    if (e instanceof ModuleLayoutError) throw new UsageError(`${dir}: ${e.message}`);
    throw e;
  }
  const ms = performance.now() - t0;
  // Names and paths come from the project's source: control characters are shown, never sent to the terminal.
  for (const w of result.warnings) err(escapeControls(`${w.file}:${w.line}:${w.column}: warning: ${w.function ? `${w.function}: ` : ''}${w.message}`) + '\n');
  const json = formatSpec(result);
  if (values.out) fs.writeFileSync(values.out, json);
  else out(json);
  const fns = result.functions.filter((f) => f.functionType !== 'HttpAction') as Array<{ visibility: { kind: string }; aliasOf?: string }>;
  const pub = fns.filter((f) => f.visibility.kind === 'public');
  err(
    `spec:extract: ${fns.length} functions (${pub.filter((f) => !f.aliasOf).length} public, ${pub.filter((f) => f.aliasOf).length} public re-exports, ` +
      `${fns.length - pub.length} internal), ${result.functions.length - fns.length} HTTP routes, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}` +
      `${guards ? '' : `, no guard facts (no ${POLICY_FILE}; --policy FILE)`}${values.out ? `; wrote ${values.out}` : ''} in ${(ms / 1000).toFixed(2)} s\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runCommand('spec:extract', () => main(process.argv.slice(2)));
