#!/usr/bin/env tsx
/**
 * `npm run check -- [--root DIR] [--only NAMES] [--format stylish|json|sarif|github] [--output FILE]`
 * Exit 0: no error findings. 1: at least one error finding. 2: could not run (one line on stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checks } from './checks/index.js';
import { CannotRunError } from './lib/finding.js';
import { runChecks } from './lib/pipeline.js';
import { isFormatName, reporters } from './reporters/index.js';

const USAGE = `usage: npm run check -- [--root DIR] [--only NAMES] [--format stylish|json|sarif|github] [--output FILE] [--debug]

checks (default: all):
${checks.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        root: { type: 'string' },
        only: { type: 'string', multiple: true },
        format: { type: 'string' },
        output: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CannotRunError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new CannotRunError(`unknown format "${format}" (use stylish, json, sarif or github)`);
  const root = path.resolve(values.root ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new CannotRunError(`--root ${values.root}: not a directory`);
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

  const { findings, summary } = await runChecks({ root, only });
  const toFile = values.output !== undefined;
  const report = reporters[format](findings, summary, { color: !toFile && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, root });
  if (toFile) fs.writeFileSync(path.resolve(values.output as string), report);
  else process.stdout.write(report);
  return summary.errors > 0 ? 1 : 0;
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CannotRunError) {
      process.stderr.write(`check: ${err.message}\n`);
    } else {
      // A bug, not bad input: one line, and the trace only on request.
      process.stderr.write(`check: internal error: ${(err as Error)?.message ?? String(err)} (rerun with --debug for the trace)\n`);
      if (debug) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    }
    process.exitCode = 2;
  },
);
