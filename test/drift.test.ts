import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { main as syncCli } from '../scripts/sync/cli.js';
import { syncSpec } from '../scripts/sync/sync.js';
import { runCheckInProcess } from './helpers/cli.js';
import { CHANGED_SPEC, SYNC_SITE_SPEC, docsCopy } from './sync-helpers.js';

async function check(root: string, functionSpec: string | undefined, only: string[]) {
  return (await runChecks({ root, only, functionSpec })).findings;
}

describe('drift check', () => {
  let root: string;
  beforeAll(() => (root = docsCopy()));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('says nothing without a function spec unless named (then it cannot run), and nothing when the reference matches the functions', async () => {
    expect((await runChecks({ root })).findings.filter((f) => f.check === 'drift')).toEqual([]);
    await expect(check(root, undefined, ['drift'])).rejects.toThrow(/drift: no function spec to compare with/);
    const cli = await runCheckInProcess(['--root', root, '--only', 'drift']);
    expect(cli).toMatchObject({ code: 2, stdout: '' });
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(await check(root, SYNC_SITE_SPEC, ['drift'])).toEqual([]);
  });

  it('reports each missing function, stale operation and argument difference at its place in the spec', async () => {
    const findings = await check(root, CHANGED_SPEC, ['drift']);
    const by = (rule: string) => findings.filter((f) => f.rule === rule);
    expect(by('drift-missing')).toHaveLength(8);
    expect(by('drift-missing').every((f) => f.line === 45 && f.file === 'openapi.yaml')).toBe(true);
    const spec = fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8').split('\n');
    const lineOf = (p: string) => spec.indexOf(`  ${p}:`) + 2; // the `post:` line under the path
    expect(by('drift-stale').map((f) => [f.line, f.severity])).toEqual([
      [lineOf('/api/run/meetings/lifecycle/cancelMeeting'), 'error'],
      [lineOf('/api/run/prompts/mutations/updatePromptFeedback'), 'error'],
    ]);
    const args = by('drift-args');
    expect(args.every((f) => f.line === lineOf('/api/run/users/mutations/updateUserProfile'))).toBe(true);
    expect(args.map((f) => f.message.replace(/^.*?: /, '').replace(/ \(users.*$/, '')).sort()).toEqual([
      'argument `args.avatarStorageId` (optional, string) is not documented',
      'argument `args.company` is null | string in the function but documented as string',
      'argument `args.linkedinUrl` is documented but the function does not take it',
      'argument `args.timezone` (optional, string) is not documented',
    ]);
  });

  it('reports a function spec that does not parse as a finding, not a crash', async () => {
    const bad = path.join(root, 'convex-function-spec.json');
    fs.writeFileSync(bad, '{"functions": [{"identifier": "a.js:b", "functionType": "Cron"}]}');
    try {
      const findings = await check(root, undefined, ['drift']);
      expect(findings.map((f) => [f.rule, f.file])).toEqual([['function-spec-invalid', 'convex-function-spec.json']]);
      expect(findings[0].message).toMatch(/unknown functionType "Cron"/);
    } finally {
      fs.rmSync(bad);
    }
  });

  it('after spec:sync: no drift errors (the gone operations stay, deprecated, as warnings), and every check passes except the classification left to a person', async () => {
    const dir = docsCopy();
    try {
      syncSpec({ root: dir, functionSpec: CHANGED_SPEC });
      const findings = await check(dir, CHANGED_SPEC, ['spec', 'security', 'examples', 'site', 'drift']);
      const drift = findings.filter((f) => f.check === 'drift');
      expect(drift.map((f) => [f.rule, f.severity])).toEqual([
        ['drift-stale', 'warning'],
        ['drift-stale', 'warning'],
      ]);
      const errors = findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.rule)).toEqual(Array(4).fill('policy-unclassified'));
      expect(errors.map((f) => f.message.split(' ')[1]).sort()).toEqual([
        '/api/run/embeddings/queries/findSimilar',
        '/api/run/interests/queries/listCatalog',
        '/api/run/matching/queue/enterQueue',
        '/stream/webhook',
      ]);
      // A person classifies them; the next sync gives each its credential, and the check passes.
      const policy = fs.readFileSync(path.join(dir, 'access-policy.yaml'), 'utf8')
        .replace('tags: [Users, Meetings, Notes, Transcripts, Insights, Prompts, Convex]', 'tags: [Users, Meetings, Notes, Transcripts, Insights, Prompts, Convex, Embeddings, Interests, Matching]')
        .replace('overrides: []', 'overrides:\n  - operation: POST /stream/webhook\n    audience: admin\n    reason: Only the stream provider calls it, with a deploy key of its own.');
      fs.writeFileSync(path.join(dir, 'access-policy.yaml'), policy);
      let out = '';
      await syncCli(['--root', dir, '--function-spec', CHANGED_SPEC], (s) => (out += s));
      expect(out).toContain('set security of POST /stream/webhook (http.post.stream.webhook) for audience admin');
      expect(out).not.toContain('UNCLASSIFIED');
      const cli = await runCheckInProcess(['--root', dir, '--only', 'spec,security,examples,site,drift', '--function-spec', CHANGED_SPEC, '--format', 'json']);
      const report = JSON.parse(cli.stdout);
      // (the CLI regenerated the access matrix once everything was classified)
      expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      expect(cli.code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--function-spec must name a file (exit 2)', async () => {
    const r = await runCheckInProcess(['--only', 'drift', '--function-spec', 'no-such-file.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--function-spec no-such-file\.json: no such file/);
  });
});
