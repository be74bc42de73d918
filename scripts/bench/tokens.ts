#!/usr/bin/env tsx
/**
 * `npm run bench:tokens [-- --seeds 1,2,3 --per-kind 40 --mib 50 --rounds 3 --skip-speed --skip-cli]`
 *
 * 1. Recall per token kind and share of negatives flagged, for the `tokens` check (the pipeline, end
 *    to end) and for secretlint's recommended preset alone, on the same seeded corpus, per seed.
 * 2. Throughput on a generated docs tree (~50 MiB of MDX): the `tokens` check vs the preset alone
 *    (in-process, and as the stock `secretlint` CLI), in the same run.
 * Everything is generated under the OS temp dir and removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintSource } from '@secretlint/core';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { runChecks } from '../lib/pipeline.js';
import { generateCorpus, generateDocsTree, NEGATIVE_KINDS, POSITIVE_KINDS, writeCorpus, type Sample } from '../tokens/corpus.js';
import { tokenScanFiles } from '../tokens/files.js';
import { decodeText } from '../lib/files.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const PRESET_ONLY: SecretLintCoreConfig = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: presetRecommend }] };

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    'per-kind': { type: 'string', default: '40' },
    mib: { type: 'string', default: '50' },
    'skip-speed': { type: 'boolean', default: false },
    'skip-cli': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const seeds = args.seeds.split(',').map(Number);
const perKind = Number(args['per-kind']);

interface Hit {
  line: number;
  endLine: number;
  rule: string;
  message: string;
}

/** Findings per sample file, from the `tokens` check run on the corpus tree. */
async function projectHits(dir: string): Promise<Map<string, Hit[]>> {
  const { findings } = await runChecks({ root: dir, only: ['tokens'] });
  const out = new Map<string, Hit[]>();
  for (const f of findings) out.set(f.file, [...(out.get(f.file) ?? []), { line: f.line, endLine: f.endLine, rule: f.rule, message: f.message }]);
  return out;
}

/** Findings per sample, from the recommended preset alone. */
async function presetHits(samples: Sample[]): Promise<Map<string, Hit[]>> {
  const out = new Map<string, Hit[]>();
  for (const s of samples) {
    const result = await lintSource({ source: { content: s.text, filePath: s.file, ext: path.extname(s.file), contentType: 'text' }, options: { config: PRESET_ONLY, noPhysicFilePath: true } });
    out.set(
      s.file,
      result.messages.map((m) => ({ line: m.loc.start.line, endLine: m.loc.end.line, rule: m.ruleId, message: m.message })),
    );
  }
  return out;
}

/** A positive counts when a finding covers its line (and, for WorkOS kinds, names WorkOS). */
function detected(s: Sample, hits: Hit[], strictNaming: boolean): boolean {
  return hits.some((h) => {
    const covers = h.line <= s.line && s.line <= h.endLine;
    if (!covers) return false;
    if (strictNaming && s.kind.startsWith('workos-')) return /WorkOS/.test(h.message);
    return true;
  });
}

interface Score {
  recall: Map<string, [number, number]>;
  negatives: Map<string, [number, number]>;
}

function score(samples: Sample[], hits: Map<string, Hit[]>, strictNaming: boolean): Score {
  const recall = new Map<string, [number, number]>();
  const negatives = new Map<string, [number, number]>();
  for (const s of samples) {
    const h = hits.get(s.file) ?? [];
    const table = s.label === 'positive' ? recall : negatives;
    const [hit, n] = table.get(s.kind) ?? [0, 0];
    const flagged = s.label === 'positive' ? detected(s, h, strictNaming) : h.length > 0;
    table.set(s.kind, [hit + (flagged ? 1 : 0), n + 1]);
  }
  return { recall, negatives };
}

const pct = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(3));

async function accuracy(): Promise<void> {
  console.log(`## Detection (seeds ${seeds.join(', ')}; ${perKind} samples per kind and seed)\n`);
  const totals = { project: new Map<string, [number, number]>(), preset: new Map<string, [number, number]>() };
  const negTotals = { project: new Map<string, [number, number]>(), preset: new Map<string, [number, number]>() };
  const misses: string[] = [];
  for (const seed of seeds) {
    const samples = generateCorpus(seed, perKind);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `connvo-tokens-corpus-${seed}-`));
    try {
      writeCorpus(dir, samples);
      const ours = score(samples, await projectHits(dir), true);
      const theirs = score(samples, await presetHits(samples), false);
      for (const [which, s] of [['project', ours], ['preset', theirs]] as const) {
        for (const [k, [a, b]] of s.recall) {
          const [x, y] = totals[which].get(k) ?? [0, 0];
          totals[which].set(k, [x + a, y + b]);
        }
        for (const [k, [a, b]] of s.negatives) {
          const [x, y] = negTotals[which].get(k) ?? [0, 0];
          negTotals[which].set(k, [x + a, y + b]);
        }
      }
      const hits = await projectHits(dir);
      for (const s of samples) {
        const h = hits.get(s.file) ?? [];
        if (s.label === 'positive' && !detected(s, h, true)) misses.push(`seed ${seed} missed ${s.file}`);
        if (s.label === 'negative' && h.length) misses.push(`seed ${seed} flagged ${s.file}: ${h.map((x) => x.rule).join(', ')}`);
      }
      const line = (sc: Score) => {
        const pos = [...sc.recall.values()].reduce((a, [x, y]) => [a[0] + x, a[1] + y], [0, 0]);
        const neg = [...sc.negatives.values()].reduce((a, [x, y]) => [a[0] + x, a[1] + y], [0, 0]);
        return `recall ${pct(pos[0], pos[1])} (${pos[0]}/${pos[1]}), min per kind ${Math.min(...[...sc.recall.values()].map(([x, y]) => x / y)).toFixed(3)}, negatives flagged ${pos[1] ? ((100 * neg[0]) / neg[1]).toFixed(2) : '-'}% (${neg[0]}/${neg[1]})`;
      };
      console.log(`seed ${seed}: project ${line(ours)}`);
      console.log(`seed ${seed}: preset  ${line(theirs)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n| kind | project recall | preset recall |\n| --- | --- | --- |`);
  for (const k of Object.keys(POSITIVE_KINDS)) {
    const [a, b] = totals.project.get(k) ?? [0, 0];
    const [c, d] = totals.preset.get(k) ?? [0, 0];
    console.log(`| ${k} | ${pct(a, b)} (${a}/${b}) | ${pct(c, d)} (${c}/${d}) |`);
  }
  console.log(`\n| negative kind | project flagged | preset flagged |\n| --- | --- | --- |`);
  let pn = 0;
  let pd = 0;
  let qn = 0;
  let qd = 0;
  for (const k of Object.keys(NEGATIVE_KINDS)) {
    const [a, b] = negTotals.project.get(k) ?? [0, 0];
    const [c, d] = negTotals.preset.get(k) ?? [0, 0];
    pn += a;
    pd += b;
    qn += c;
    qd += d;
    console.log(`| ${k} | ${a}/${b} | ${c}/${d} |`);
  }
  console.log(`| **all negatives** | ${pn}/${pd} (${((100 * pn) / pd).toFixed(2)}%) | ${qn}/${qd} (${((100 * qn) / qd).toFixed(2)}%) |`);
  console.log('\nProject recall counts a WorkOS kind only when the finding names WorkOS; the preset gets credit for any finding on the line.');
  if (misses.length) console.log(`\nProject misses and false positives:\n${misses.slice(0, 40).map((m) => `  ${m}`).join('\n')}`);
}

function mibps(bytes: number, ms: number): string {
  return `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MiB/s`;
}

async function speed(): Promise<void> {
  const mib = Number(args.mib);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-tokens-tree-'));
  try {
    const t0 = performance.now();
    const tree = generateDocsTree(dir, seeds[0], mib * 1048576);
    console.log(`\n## Throughput (${(tree.bytes / 1048576).toFixed(1)} MiB in ${tree.pages} MDX pages, ${tree.planted} planted tokens, seed ${seeds[0]}; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.availableParallelism()} cores)\n`);

    // The preset alone, in-process: read every file, lintSource one after another (what the
    // secretlint CLI does, minus its globbing, formatting and profiler). Alternated with the
    // project's check, best of `rounds` each: other processes on the machine skew single runs.
    const presetAlone = async () => {
      let n = 0;
      for (const file of tokenScanFiles(dir)) {
        const decoded = decodeText(fs.readFileSync(path.join(dir, file)));
        if (!('text' in decoded)) continue;
        const r = await lintSource({ source: { content: decoded.text, filePath: file, ext: path.extname(file), contentType: 'text' }, options: { config: PRESET_ONLY, noPhysicFilePath: true } });
        n += r.messages.length;
      }
      return n;
    };
    const rounds = Number(args.rounds);
    const presetTimes: number[] = [];
    const projectTimes: number[] = [];
    let presetFindings = 0;
    let findings: unknown[] = [];
    for (let round = 0; round < rounds; round++) {
      const t1 = performance.now();
      presetFindings = await presetAlone();
      presetTimes.push(performance.now() - t1);
      const t2 = performance.now();
      findings = (await runChecks({ root: dir, only: ['tokens'] })).findings;
      projectTimes.push(performance.now() - t2);
    }
    const presetMs = Math.min(...presetTimes);
    const projectMs = Math.min(...projectTimes);
    console.log(`rounds: preset ${presetTimes.map((t) => (t / 1000).toFixed(2)).join(' / ')} s; tokens check ${projectTimes.map((t) => (t / 1000).toFixed(2)).join(' / ')} s; load average ${os.loadavg()[0].toFixed(1)}\n`);

    const rows: Array<[string, number, string]> = [
      ['secretlint preset alone (in-process lintSource), best round', presetMs, `${presetFindings} findings`],
      ['`tokens` check, all rules (pipeline: list, read, lint, report), best round', projectMs, `${findings.length} findings`],
    ];
    if (!args['skip-cli']) {
      const rc = path.join(dir, '.secretlintrc.json');
      fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
      const t3 = performance.now();
      const cli = spawnSync(path.join(REPO, 'node_modules', '.bin', 'secretlint'), ['**/*', '--secretlintrc', rc, '--format', 'unix', '--no-color'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
      });
      const cliMs = performance.now() - t3;
      // `unix` format: one `path:line:column: message` line per finding.
      const cliFindings = cli.status === 0 || cli.status === 1 ? String(cli.stdout.split('\n').filter((l) => /:\d+:\d+: /.test(l)).length) : `exit ${cli.status}: ${cli.stderr.split('\n')[0]}`;
      rows.splice(1, 0, ['stock `secretlint "**/*"` CLI, preset alone', cliMs, `${cliFindings} findings`]);
      fs.rmSync(rc);
    }
    console.log('| run | time | throughput | vs preset in-process | result |\n| --- | --- | --- | --- | --- |');
    for (const [name, ms, note] of rows) console.log(`| ${name} | ${(ms / 1000).toFixed(2)} s | ${mibps(tree.bytes, ms)} | ${(presetMs / ms).toFixed(2)}x | ${note} |`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await accuracy();
if (!args['skip-speed']) await speed();
