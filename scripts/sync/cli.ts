#!/usr/bin/env tsx
/**
 * `npm run spec:sync -- --function-spec FILE [--root DIR] [--spec FILE] [--dry-run]`: bring the
 * site's spec, its reference pages and navigation in line with `npx convex function-spec` output (see README
 * "Syncing with the deployed functions"). Prints every change and what is left for a person.
 * Exit 0: in sync (or synced). 2: bad usage or input (one line on stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runCommand } from '../lib/closed-stdout.js';
import { Workspace } from '../lib/workspace.js';
import { writeAccessMatrix } from '../security/analyze.js';
import { MATRIX_PAGE } from '../security/matrix.js';
import { formatSyncResult, syncSpec } from './sync.js';

const USAGE = 'usage: npm run spec:sync -- --function-spec FILE [--root DIR] [--spec FILE] [--dry-run]';

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: { 'function-spec': { type: 'string' }, root: { type: 'string' }, spec: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(USAGE + '\n');
    return 0;
  }
  const root = path.resolve(values.root ?? '.');
  const file = values['function-spec'] ?? (fs.existsSync(path.join(root, 'convex-function-spec.json')) ? path.join(root, 'convex-function-spec.json') : undefined);
  if (!file) throw new Error(`--function-spec FILE is required (the output of \`npx convex function-spec\`); ${USAGE}`);
  if (!fs.existsSync(file)) throw new Error(`--function-spec ${file}: no such file`);
  const dryRun = Boolean(values['dry-run']);
  const t0 = performance.now();
  const result = syncSpec({ root, spec: values.spec, functionSpec: path.resolve(file), write: !dryRun });
  // The access matrix follows the spec: regenerate it when the spec changed and every operation is classified.
  if (result.written.includes(result.specFile)) {
    const matrix = await writeAccessMatrix(new Workspace(root, { functionSpec: path.resolve(file) }));
    if ('problems' in matrix) result.notes.push(`${MATRIX_PAGE} not regenerated until every operation is classified (then \`npm run docs:access\`)`);
    else if (matrix.written) result.written.push(MATRIX_PAGE);
  }
  out(formatSyncResult(result, dryRun));
  const ms = performance.now() - t0;
  out(`\n${dryRun ? 'dry run: nothing written' : `wrote ${result.written.length} file(s)`} in ${(ms / 1000).toFixed(2)} s\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runCommand('spec:sync', () => main(process.argv.slice(2)));
