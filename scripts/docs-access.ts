#!/usr/bin/env tsx
/**
 * `npm run docs:access [-- --root DIR]`: (re)generate docs/api-reference/access-matrix.mdx from the
 * spec and the access policy. Writes that one file and nothing else.
 * Exit 0: written or already up to date. 1: some operation has no single audience. 2: bad usage or input.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from './lib/closed-stdout.js';
import { Workspace } from './lib/workspace.js';
import { writeAccessMatrix } from './security/analyze.js';
import { MATRIX_PAGE } from './security/matrix.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { root: { type: 'string' } }, strict: true, allowPositionals: false });
  const result = await writeAccessMatrix(new Workspace(path.resolve(values.root ?? '.')));
  if ('problems' in result) {
    process.stderr.write(`docs:access: ${MATRIX_PAGE} not written: the access policy must give every operation exactly one audience; fix these first:\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(`${result.written ? 'wrote' : 'up to date:'} ${MATRIX_PAGE} (${result.operations} operations)\n`);
  return 0;
}

runCommand('docs:access', main);
