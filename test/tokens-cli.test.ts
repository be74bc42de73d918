import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeToken } from '../scripts/tokens/corpus.js';
import { runCheckInProcess } from './helpers/cli.js';

// The process contract: whatever the format, a token is reported (exit 1) and never printed whole.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-tokens-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const dbUrl = makeToken('url-credentials', 24);
const secrets = {
  jwt: makeToken('workos-user-token', 21),
  deploy: makeToken('convex-deploy-key', 22),
  github: makeToken('github-token', 23), // reported by the recommended preset, whose messages quote it
  // In a URL the secret is the password: scheme, user and host may be shown.
  dbPassword: /^[a-z+]+:\/\/[^:]*:([^@]+)@/.exec(dbUrl)![1],
  key: makeToken('private-key-ec', 25),
};
fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
fs.writeFileSync(
  path.join(dir, 'docs', 'leaks.mdx'),
  `---\ntitle: Leaks\n---\n\n\`\`\`bash\ncurl -H "Authorization: Bearer ${secrets.jwt}" https://x.convex.cloud\nexport CONVEX_DEPLOY_KEY="${secrets.deploy}"\nexport GITHUB_TOKEN=${secrets.github}\nexport DATABASE_URL=${dbUrl}\n\`\`\`\n\n\`\`\`text\n${secrets.key}\n\`\`\`\n`,
);

/** Any 12 consecutive characters of a secret (PEM armour aside). */
function leaks(output: string): string[] {
  return Object.entries(secrets).flatMap(([name, value]) => {
    const out: string[] = [];
    for (let i = 0; i + 12 <= value.length; i += 3) {
      const piece = value.slice(i, i + 12);
      // Non-secret structure (PEM armour, URL scheme, key prefixes) may appear.
      if (/-----/.test(piece)) continue;
      if (output.includes(piece)) out.push(`${name}: ${piece}`);
    }
    return out;
  });
}

describe('tokens in every output format', () => {
  for (const format of ['stylish', 'json', 'sarif', 'github']) {
    it(format, async () => {
      const r = await runCheckInProcess(['--root', dir, '--only', 'tokens', '--format', format]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(leaks(r.stdout)).toEqual([]);
      for (const rule of ['jwt', 'convex-deploy-key', 'github', 'private-key']) expect(r.stdout).toContain(rule);
      expect(r.stdout).toMatch(/…\(\d+ chars\)/);
      if (format === 'json') {
        const { findings } = JSON.parse(r.stdout) as { findings: Array<{ file: string; line: number }> };
        expect(findings.every((f) => f.file === 'docs/leaks.mdx')).toBe(true);
        expect(findings.map((f) => f.line)).toEqual(expect.arrayContaining([6, 7, 8, 9, 13]));
      }
    });
  }
});
