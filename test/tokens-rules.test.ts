import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  awsRule,
  convexAdminKeyRule,
  convexDeployKeyRule,
  credentialInPositionRule,
  jwtRule,
  privateKeyRule,
  stripeSecretKeyRule,
  workosApiKeyRule,
} from '@connvo/secretlint-rule-connvo';
import { snapshot } from '@secretlint/tester';
import type { SecretLintRuleCreator } from '@secretlint/types';
import { afterAll, describe, expect, it } from 'vitest';
import { materialize, unfill, valuesIn } from '../scripts/tokens/fixtures.js';
import { REPO } from './helpers/cli.js';

// @secretlint/tester snapshot tests, one folder per rule: `ng.<case>/` must report, `ok.<case>/`
// must not. Inputs and snapshots are templates (see scripts/tokens/fixtures.ts): each run fills
// them into a temp dir with seeded fake tokens. `UPDATE_SNAPSHOT=1` writes fresh snapshots back as
// templates.

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'tokens', 'rules');
const RULES: Record<string, SecretLintRuleCreator> = {
  jwt: jwtRule,
  'workos-api-key': workosApiKeyRule,
  'stripe-secret-key': stripeSecretKeyRule,
  'convex-deploy-key': convexDeployKeyRule,
  'convex-admin-key': convexAdminKeyRule,
  'credential-in-position': credentialInPositionRule,
  'private-key': privateKeyRule,
  aws: awsRule,
};
const updating = Boolean(process.env.UPDATE_SNAPSHOT);
const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it('every rule has fixtures, and every fixture folder is a rule', () => {
  expect(fs.readdirSync(FIXTURES).sort()).toEqual(Object.keys(RULES).sort());
});

for (const [name, rule] of Object.entries(RULES)) {
  describe(`connvo/${name}`, () => {
    const src = path.join(FIXTURES, name);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `connvo-rule-${name}-`));
    temps.push(dir);
    materialize(src, dir);
    const cases = fs.readdirSync(src);
    it('has ok and ng cases', () => {
      expect(cases.some((c) => c.startsWith('ok.'))).toBe(true);
      expect(cases.some((c) => c.startsWith('ng.'))).toBe(true);
    });
    for (const c of cases) {
      it(`${c}: snapshot says ${c.startsWith('ng.') ? 'reported' : 'clean'}`, () => {
        if (!fs.existsSync(path.join(src, c, 'output.json'))) return; // written by the snapshot run below
        const output = JSON.parse(fs.readFileSync(path.join(src, c, 'output.json'), 'utf8')) as { messages: Array<{ ruleId: string; message: string }> };
        if (c.startsWith('ng.')) expect(output.messages.length).toBeGreaterThan(0);
        else expect(output.messages).toEqual([]);
        expect(output.messages.every((m) => m.ruleId === `connvo/${name}`)).toBe(true);
      });
    }
    if (updating) for (const c of cases) fs.rmSync(path.join(dir, c, 'output.json'), { force: true });
    snapshot({
      snapshotDirectory: dir,
      defaultConfig: { rules: [{ id: `connvo/${name}`, rule }] },
      updateSnapshot: updating,
    }).forEach((caseName, test) => {
      it(`snapshot: ${caseName}`, async () => {
        const status = await test();
        const folder = cases.find((c) => c.replace(/[-_]/g, ' ') === caseName) as string;
        if (status === 'skip') {
          if (!updating) throw new Error(`no snapshot for ${name}/${folder}: run UPDATE_SNAPSHOT=1 npx vitest run test/tokens-rules.test.ts`);
          // Back to a template: generated values become their placeholders again.
          const fresh = JSON.parse(fs.readFileSync(path.join(dir, folder, 'output.json'), 'utf8'));
          fs.writeFileSync(path.join(src, folder, 'output.json'), JSON.stringify(unfill(fresh, valuesIn(path.join(src, folder))), null, 4) + '\n');
        }
      });
    });
  });
}
