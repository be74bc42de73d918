import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeToken } from '../scripts/tokens/corpus.js';
import { REPO, runCheckInProcess } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';

// No output of any project command prints a detected secret in full: every command and format runs
// over a tree with tokens planted where docs leak them (curl URL paths, query strings, headers, link
// targets, headings, frontmatter, the spec), and no 12 consecutive characters of a token may appear
// in what it prints or writes.

const tokens = {
  github: makeToken('github-token', 61),
  jwt: makeToken('workos-user-token', 62),
  apiKey: makeToken('workos-api-key', 63),
  secret: makeToken('credential-in-position', 64),
  slack: makeToken('slack-token', 65),
  deploy: makeToken('convex-deploy-key', 66),
};

const dir = siteWith({
  'docs/leaky.mdx': [
    `---\ntitle: Export ${tokens.secret}\ndescription: "Uses ${tokens.apiKey}"\n---\n`,
    `## Heading ${tokens.github}\n`,
    `See [the export](https://x.convex.site/export/${tokens.github}/all?session=${tokens.jwt}) and [a page](/docs/missing-${tokens.slack}).\n`,
    '```bash',
    `curl -X POST https://happy-animal-123.convex.cloud/api/run/${tokens.github}/getX?key=${tokens.secret} \\`,
    `  -H "Authorization: Bearer ${tokens.jwt}" \\`,
    `  -d '{"args": {"token": "${tokens.apiKey}"}, "format": "json"}'`,
    '```\n',
    '```bash',
    `curl -X POST https://happy-animal-123.convex.cloud/api/run/users/queries/getCurrentUser \\`,
    `  -H "Authorization: Convex ${tokens.deploy}" \\`,
    `  -d '{"args": {}, "format": "json"}'`,
    '```\n',
  ].join('\n'),
  'openapi.yaml': (old) => old.replace('description: Returns the signed-in user.', `description: Returns the signed-in user (try ${tokens.jwt}).`),
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Which tokens show 12 consecutive characters in `output`. */
function leaked(output: string): string[] {
  return Object.entries(tokens).flatMap(([name, value]) => {
    for (let i = 0; i + 12 <= value.length; i += 2) if (output.includes(value.slice(i, i + 12))) return [`${name} (${value.slice(0, 4)}…) at offset ${i}`];
    return [];
  });
}

function run(script: string, args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, script), ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  expect(r.error).toBeUndefined();
  return `${r.stdout}\n${r.stderr}`;
}

describe('every output masks planted tokens', () => {
  for (const format of ['stylish', 'json', 'sarif', 'github']) {
    it(`npm run check --format ${format} (every check), to stdout and to --output`, async () => {
      const out = path.join(dir, '..', `${path.basename(dir)}-report.${format}`);
      // In-process: the same CLI and reporters; what a process adds (exit, streams) is in cli.test.ts.
      const check = async (args: string[]) => {
        const r = await runCheckInProcess(args);
        return `${r.stdout}\n${r.stderr}`;
      };
      const printed = await check(['--root', dir, '--format', format]);
      await check(['--root', dir, '--format', format, '--output', out]);
      const written = fs.readFileSync(out, 'utf8');
      fs.rmSync(out);
      expect(printed).toMatch(/tokens/);
      expect(leaked(printed)).toEqual([]);
      expect(leaked(written)).toEqual([]);
    }, 60_000);
  }

  it('npm run examples:stats, with and without --list', () => {
    const list = run('scripts/examples/stats.ts', ['--root', dir, '--list']);
    expect(list).toMatch(/docs\/leaky\.mdx:\d+/);
    expect(list).toMatch(/…\(\d+ chars\)/);
    expect(leaked(list)).toEqual([]);
    expect(leaked(run('scripts/examples/stats.ts', ['--root', dir]))).toEqual([]);
  }, 60_000);

  it('npm run docs:access: what it prints and the page it writes', () => {
    const printed = run('scripts/docs-access.ts', ['--root', dir]);
    expect(leaked(printed)).toEqual([]);
    const page = path.join(dir, 'docs', 'api-reference', 'access-matrix.mdx');
    if (fs.existsSync(page)) expect(leaked(fs.readFileSync(page, 'utf8'))).toEqual([]);
  }, 60_000);
});
