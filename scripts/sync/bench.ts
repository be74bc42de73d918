#!/usr/bin/env tsx
/**
 * `tsx scripts/sync/bench.ts [--functions N]`: time `spec:sync` on a copy of this repository's docs
 * with a generated function spec of N public functions (default 170, Connvo's size), then once more
 * (the idempotent run). Prints both times; writes only to a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFunctionSpec } from './generate.js';
import { syncSpec } from './sync.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { functions: { type: 'string' } } });
const n = Number(values.functions ?? 170);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-sync-bench-'));
for (const f of ['openapi.yaml', 'mint.json', 'access-policy.yaml', 'redocly.yaml', 'docs']) fs.cpSync(path.join(REPO, f), path.join(dir, f), { recursive: true });
const specFile = path.join(dir, 'functions.json');
fs.writeFileSync(specFile, JSON.stringify(generateFunctionSpec({ publicFunctions: n })));
try {
  let t0 = performance.now();
  const first = syncSpec({ root: dir, functionSpec: specFile });
  const firstMs = performance.now() - t0;
  t0 = performance.now();
  const second = syncSpec({ root: dir, functionSpec: specFile });
  const secondMs = performance.now() - t0;
  process.stdout.write(
    `spec:sync, ${n} public functions: first run ${(firstMs / 1000).toFixed(2)} s (${first.added.length} operations, ${first.pages.length} pages added, ` +
      `${first.added.filter((a) => !a.audience).length} left unclassified); second run ${(secondMs / 1000).toFixed(2)} s (${second.added.length} added, ${second.written.length} files written)\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
