#!/usr/bin/env tsx
/**
 * `npm run spec:refresh -- --convex-dir DIR [--root DIR] [--repository owner/name --commit SHA] [--write]`:
 * is the committed function spec (convex-function-spec.json) behind the backend's source? Extracts
 * the spec from `--convex-dir` (as `spec:extract` does) and compares its functions with the
 * snapshot: exit 0 when they are the same (the provenance alone may differ), 1 when the snapshot
 * is behind, printing what changed in the backend and the drift it opens in the reference; with
 * `--write` the snapshot is then rewritten (for a pull request). 2: bad usage or input.
 * The nightly workflow (.github/workflows/backend-drift.yml) runs exactly this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { runCommand } from '../lib/closed-stdout.js';
import { FUNCTION_SPEC_FILE } from '../lib/workspace.js';
import { POLICY_FILE } from '../security/policy.js';
import { computeDrift, endpointLabel } from './compare.js';
import { extractFunctionSpec } from './extract/extract.js';
import { BACKEND_FLAGS, backendSource, formatSpec, guardNames, parseFlags, UsageError } from './extract/cli.js';
import { functionName, FunctionSpecError, parseFunctionSpec, type ConvexFunction, type FunctionSpec } from './function-spec.js';
import { describeDiff } from './schema.js';

const USAGE = 'usage: npm run spec:refresh -- --convex-dir DIR [--root DIR] [--repository owner/name --commit SHA] [--write]';

type Entry = Record<string, unknown>;

/** A function or route of a spec file by its name, with what it says of itself (provenance left out). */
function entries(json: { functions?: unknown[] }): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of json.functions ?? []) {
    const e = raw as Entry;
    const name = e.functionType === 'HttpAction' ? `HTTP route ${String(e.method).toUpperCase()} ${String(e.path)}` : functionName(String(e.identifier));
    out.set(name, JSON.stringify(e));
  }
  return out;
}

/** What changed in the backend between two function specs, one line each. */
export function backendChanges(before: { functions?: unknown[] }, after: { functions?: unknown[] }): string[] {
  const a = entries(before);
  const b = entries(after);
  const lines: string[] = [];
  for (const [name, text] of b) {
    if (!a.has(name)) lines.push(`added: ${name}`);
    else if (a.get(name) !== text) {
      const was = JSON.parse(a.get(name)!) as Entry;
      const now = JSON.parse(text) as Entry;
      const what = Object.keys({ ...was, ...now }).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
      lines.push(`changed: ${name} (${what.join(', ')})`);
    }
  }
  for (const name of a.keys()) if (!b.has(name)) lines.push(`removed: ${name}`);
  return lines.sort();
}

/** The reference's drift against a function spec, one line each (what `npm run check` would report as `drift`). */
function referenceDrift(root: string, spec: FunctionSpec): string[] {
  const file = ['openapi.yaml', 'openapi.yml', 'docs/openapi.yaml'].find((f) => fs.existsSync(path.join(root, f)));
  if (!file) return [];
  const api = parseYaml(fs.readFileSync(path.join(root, file), 'utf8'), { maxAliasCount: 100 });
  const d = computeDrift(api, spec);
  return [
    ...d.missing.map((e) => `undocumented: ${endpointLabel(e)}`),
    ...d.stale.map((s) => `documents what is gone: ${s.operation.method} ${s.operation.path}: ${s.reason}`),
    ...d.args.flatMap((a) => a.diffs.map((x) => `args: ${functionName((a.fn as ConvexFunction).identifier)}: ${describeDiff(x)}`)),
    ...d.aliasesMissing.map((a) => `alias not listed: ${functionName(a.alias.identifier)}`),
    ...d.functionTypes.map((t) => `function type: ${t.operation.method} ${t.operation.path}`),
  ];
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const values = parseFlags(
    argv,
    { ...BACKEND_FLAGS, root: { type: 'string' }, write: { type: 'boolean' } },
    USAGE,
  );
  if (values.help) {
    out(USAGE + '\n');
    return 0;
  }
  const { dir, source } = backendSource(values, USAGE);
  const root = path.resolve(values.root ?? '.');
  const snapshotFile = path.join(root, FUNCTION_SPEC_FILE);
  const policyFile = path.join(root, POLICY_FILE);
  const fresh = extractFunctionSpec({ convexDir: dir, guards: guardNames(fs.existsSync(policyFile) ? policyFile : undefined), source });
  // What `spec:extract --out` writes, byte for byte.
  const freshText = formatSpec(fresh);
  let before: { functions?: unknown[]; source?: { commit?: string } } = { functions: [] };
  if (fs.existsSync(snapshotFile)) {
    try {
      before = JSON.parse(fs.readFileSync(snapshotFile, 'utf8'));
    } catch (e) {
      throw new UsageError(`${FUNCTION_SPEC_FILE}: invalid JSON (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const changes = backendChanges(before, fresh);
  const from = before.source?.commit ? ` (snapshot of ${before.source.commit.slice(0, 12)})` : '';
  const to = fresh.source ? ` at ${fresh.source.repository}@${fresh.source.commit.slice(0, 12)}` : '';
  if (fresh.warnings.length) out(`${fresh.warnings.length} part(s) of the source could not be read statically (\`npm run spec:extract\` lists them)\n`);
  if (!changes.length) {
    out(`${FUNCTION_SPEC_FILE} is up to date with the backend${to}${from}: nothing changed\n`);
    return 0;
  }
  let spec: FunctionSpec;
  try {
    spec = parseFunctionSpec(freshText, 'extracted spec');
  } catch (e) {
    if (e instanceof FunctionSpecError) throw new UsageError(e.message);
    throw e;
  }
  const drift = referenceDrift(root, spec);
  out(`${FUNCTION_SPEC_FILE} is behind the backend${to}${from}: ${changes.length} change(s)\n${changes.map((c) => `  ${c}\n`).join('')}`);
  out(drift.length ? `the reference then drifts in ${drift.length} place(s) (run \`npm run spec:sync\`, then describe what it added):\n${drift.map((d) => `  ${d}\n`).join('')}` : 'the reference already documents it all\n');
  if (values.write) {
    fs.writeFileSync(snapshotFile, freshText);
    out(`wrote ${FUNCTION_SPEC_FILE}\n`);
  }
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runCommand('spec:refresh', () => main(process.argv.slice(2)));
