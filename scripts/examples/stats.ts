#!/usr/bin/env tsx
/**
 * `npm run examples:stats -- [--root DIR]`: how many request examples the docs contain and what
 * the `examples` check did with each (checked, skipped by marker, external API, unresolved URL).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redact } from '@connvo/secretlint-rule-connvo';
import { collectExamples } from '../checks/examples.js';
import { pageFacts } from '../lib/mdx.js';
import { Workspace } from '../lib/workspace.js';
import { endQuietlyWhenStdoutCloses } from '../lib/closed-stdout.js';

endQuietlyWhenStdoutCloses();

const { values } = parseArgs({ options: { root: { type: 'string' }, list: { type: 'boolean' } } });
const workspace = new Workspace(path.resolve(values.root ?? '.'));
const { examples, findings } = await collectExamples(workspace);
const blocks = workspace.pages().reduce((n, p) => n + (pageFacts(p)?.codeBlocks.length ?? 0), 0);
const count = (status: string) => examples.filter((e) => e.status === status).length;
const clients = new Map<string, number>();
for (const e of examples) clients.set(e.client, (clients.get(e.client) ?? 0) + 1);
const byClient = [...clients].map(([c, n]) => `${c} ${n}`);
process.stdout.write(
  `${workspace.pages().length} pages, ${blocks} code blocks, ${examples.length} request examples (${byClient.join(', ') || 'none'}):\n` +
    `  checked ${count('checked')}, skipped by marker ${count('skipped')}, other APIs ${count('external')}, unresolved URL ${count('unresolved')}, changelog ${count('historical')}, maybe a remote spec's ${count('unknown')}\n` +
    `  findings: ${findings.filter((f) => f.severity === 'error').length} errors, ${findings.filter((f) => f.severity === 'warning').length} warnings\n`,
);
// Targets are URLs from the docs: a token in a path or query string is printed masked, as everywhere.
if (values.list) for (const e of examples) process.stdout.write(redact(`${e.file}:${e.line}  ${e.client.padEnd(15)} ${e.status.padEnd(10)} ${e.target ?? ''}`) + '\n');
