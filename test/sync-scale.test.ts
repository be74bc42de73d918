import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runChecks } from '../scripts/lib/pipeline.js';
import { generateFunctionSpec } from '../scripts/sync/generate.js';
import { syncSpec } from '../scripts/sync/sync.js';
import { docsCopy } from './sync-helpers.js';

// The modules the access policy classifies: by tag (Users, Meetings, ... as the new operations get
// the tag of their top module) or by path (/api/run/admin/**). Everything else is left to a person.
const CLASSIFIED_TOPS = new Set(['users', 'meetings', 'notes', 'transcripts', 'insights', 'prompts', 'admin']);

describe('spec:sync at Connvo scale (170 public functions, generated, seeded)', () => {
  let root: string;
  let specFile: string;
  let spec: { functions: Array<{ identifier?: string; visibility?: { kind: string }; functionType: string; method?: string; path?: string }> };
  beforeAll(() => {
    root = docsCopy();
    spec = generateFunctionSpec({ publicFunctions: 170 }) as typeof spec;
    specFile = path.join(root, 'functions.json');
    fs.writeFileSync(specFile, JSON.stringify(spec));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('adds every missing operation and page in one run; the security check then names exactly the ones to classify', async () => {
    const publicFns = spec.functions.filter((f) => f.functionType !== 'HttpAction' && f.visibility?.kind === 'public');
    expect(publicFns.length).toBeGreaterThanOrEqual(150);
    const expectedPaths = [
      ...publicFns.map((f) => {
        const [file, name] = f.identifier!.split(':');
        return `/api/run/${file.replace(/\.js$/, '')}/${name}`;
      }),
      ...spec.functions.filter((f) => f.functionType === 'HttpAction').map((f) => f.path!),
    ];
    const result = syncSpec({ root, functionSpec: specFile });
    expect(result.added.map((a) => a.label.split(' ')[1]).sort()).toEqual([...expectedPaths].sort());
    expect(result.pages).toHaveLength(expectedPaths.length);
    for (const p of result.pages) expect(fs.existsSync(path.join(root, p)), p).toBe(true);
    const api = parse(fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8'));
    for (const p of expectedPaths) expect(api.paths[p], p).toBeDefined();
    for (const f of spec.functions.filter((x) => x.visibility?.kind === 'internal')) {
      const [file, name] = f.identifier!.split(':');
      expect(api.paths[`/api/run/${file.replace(/\.js$/, '')}/${name}`]).toBeUndefined();
    }

    const unclassified = expectedPaths.filter((p) => !p.startsWith('/api/run/') || !CLASSIFIED_TOPS.has(p.split('/')[3])).sort();
    expect(unclassified.length).toBeGreaterThan(0);
    const { findings } = await runChecks({ root, only: ['security'] });
    const named = findings.filter((f) => f.rule === 'policy-unclassified').map((f) => f.message.split(' ')[1]).sort();
    expect(named).toEqual(unclassified);
    // No operation the policy did classify is left with the wrong credential.
    expect(findings.filter((f) => f.rule === 'security-mismatch')).toEqual([]);

    const second = syncSpec({ root, functionSpec: specFile });
    expect(second.written).toEqual([]);
  });
});
