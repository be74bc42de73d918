#!/usr/bin/env tsx
/**
 * `npm run dev`: Mintlify's local preview (`mint dev`), leaving no docs.json behind. `mint dev`
 * upgrades mint.json to a docs.json beside it; Mintlify then reads that docs.json and ignores
 * mint.json, so a leftover copy would hide every later edit of mint.json (the `site` check reports
 * one that disagrees as `config-stale-twin`). mint.json stays this repository's source.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const docsJson = path.join(root, 'docs.json');
const hadDocsJson = fs.existsSync(docsJson);

const child = spawn(path.join(root, 'node_modules', '.bin', 'mint'), ['dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const cleanUp = () => {
  if (!hadDocsJson && fs.existsSync(docsJson)) fs.rmSync(docsJson);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  cleanUp();
  process.exitCode = code ?? (signal ? 1 : 0);
});
