#!/usr/bin/env tsx
/**
 * `npx tsx scripts/sync/extract/bench.ts [--convex-dir DIR] [--runs N]`: time `npm run spec:extract`
 * (a fresh process per run, as a person runs it) on a Convex project, by default a generated one of
 * Connvo's size (142 modules, ~340 functions, ~1.4 MB of TypeScript), against the anchor: the
 * TypeScript compiler alone parsing and binding the same modules (`createProgram` + the checker's
 * binding), which is the floor of any extractor built on it. Prints the median of each and the ratio.
 * Writes only to a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure } from '../../bench/measure.js';
import { discoverModules } from './modules.js';
import { createProject } from './project.js';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '..', '..', '..');

/** A synthetic project shaped like Connvo's: validator modules, function modules, index re-exports, doc comments. */
export function generateProject(dir: string, modules = 142): void {
  fs.mkdirSync(path.join(dir, 'types'), { recursive: true });
  const doc = (n: string) => `/**\n * ${n}: what it does, in a paragraph of prose as long as a real doc comment.\n${' * Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n'.repeat(12)} * @example\n * \`\`\`json\n * { "args": { "id": "j57..." } }\n * \`\`\`\n */\n`;
  const validatorFiles = Math.round(modules * 0.3);
  for (let i = 0; i < validatorFiles; i++) {
    let s = 'import { v } from "convex/values";\n\n';
    for (let j = 0; j < 8; j++) {
      s += doc(`V${i}_${j}`);
      s += `export const V${i}_${j} = {\n  full: v.object({ id: v.id("t${j}"), name: v.string(), count: v.optional(v.number()), tags: v.array(v.string()), kind: v.union(v.literal("a"), v.literal("b")) }),\n  summary: v.object({ id: v.id("t${j}"), name: v.string() }),\n} as const;\n\n`;
    }
    fs.writeFileSync(path.join(dir, 'types', `v${i}.ts`), s);
  }
  const fnModules = modules - validatorFiles;
  for (let i = 0; i < fnModules; i++) {
    const folder = path.join(dir, `area${i % 20}`);
    fs.mkdirSync(folder, { recursive: true });
    const vi = i % validatorFiles;
    let s = `import { query, mutation, internalMutation } from "../_generated/server";\nimport { v } from "convex/values";\nimport { V${vi}_0, V${vi}_1 } from "../types/v${vi}";\nimport { requireIdentity } from "../auth";\n\n`;
    for (let j = 0; j < 3; j++) {
      s += doc(`fn${i}_${j}`);
      const builder = ['query', 'mutation', 'internalMutation'][j];
      s += `export const fn${i}_${j} = ${builder}({\n  args: { id: v.id("t0"), ...V${vi}_1.summary.fields, filter: v.optional(v.string()) },\n  returns: v.union(V${vi}_0.full, v.null()),\n  handler: async (ctx, args) => {\n    const identity = await requireIdentity(ctx);\n    const doc = await ctx.db.get(args.id);\n    if (!doc) return null;\n    for (const item of [1, 2, 3]) {\n      if (item > 2 && args.filter) console.log(identity, item);\n    }\n    return doc;\n  },\n});\n\n`;
    }
    fs.writeFileSync(path.join(folder, `m${i}.ts`), s);
  }
  for (let a = 0; a < 20; a++) {
    const members = [];
    for (let i = a; i < fnModules; i += 20) members.push(`export { fn${i}_0, fn${i}_1 } from "./m${i}";`);
    fs.writeFileSync(path.join(dir, `area${a}`, 'index.ts'), members.join('\n') + '\n');
  }
  fs.writeFileSync(path.join(dir, 'auth.ts'), 'export async function requireIdentity(ctx: any) {\n  const identity = await ctx.auth.getUserIdentity();\n  if (!identity) throw new Error("unauthenticated");\n  return identity;\n}\n');
}

/** The anchor, run in its own process: TypeScript parses and binds the project's modules, nothing more. */
function anchor(dir: string): void {
  const project = createProject(dir, discoverModules(dir));
  const first = project.program.getRootFileNames()[0];
  project.checker.getSymbolAtLocation(project.program.getSourceFile(first)!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'convex-dir': { type: 'string' }, runs: { type: 'string' }, anchor: { type: 'string' } } });
  if (values.anchor) return anchor(values.anchor);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-bench-'));
  try {
    let dir = values['convex-dir'];
    if (!dir) {
      dir = path.join(tmp, 'convex');
      generateProject(dir);
    }
    const runs = Number(values.runs ?? 3);
    const node = process.execPath;
    const extractTimes: number[] = [];
    const anchorTimes: number[] = [];
    let summary = '';
    for (let i = 0; i < runs; i++) {
      const e = await measure(node, ['--import', 'tsx', path.join(HERE, 'cli.ts'), '--convex-dir', dir, '--out', path.join(tmp, 'spec.json')], { cwd: REPO });
      if (e.code !== 0) throw new Error(`spec:extract failed: ${e.stderr.trim().split('\n').at(-1)}`);
      summary = e.stderr.trim().split('\n').at(-1) ?? '';
      extractTimes.push(e.wallS);
      const a = await measure(node, ['--import', 'tsx', path.join(HERE, 'bench.ts'), '--anchor', dir], { cwd: REPO });
      if (a.code !== 0) throw new Error(`anchor failed: ${a.stderr.trim()}`);
      anchorTimes.push(a.wallS);
    }
    const mb = discoverModules(dir).reduce((n, m) => n + fs.statSync(m.file).size, 0) / 1e6;
    const [e, a] = [median(extractTimes), median(anchorTimes)];
    process.stdout.write(
      `${values['convex-dir'] ? dir : 'generated project'} (${mb.toFixed(2)} MB of modules), median of ${runs} cold runs, load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores:\n` +
        `  spec:extract ${e.toFixed(2)} s (${summary.replace(/^spec:extract: /, '')})\n` +
        `  anchor (TypeScript parse + bind only) ${a.toFixed(2)} s; ratio ${(e / a).toFixed(2)}\n`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`extract bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
