import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, parseDocument, type Node } from 'yaml';
import { FunctionSpecError, parseFunctionSpec, type ValidatorJSON } from '../scripts/sync/function-spec.js';
import { argsSchema, compareShapes, returnsSchema, sampleValue, schemaShape, validatorShape, validatorToSchema } from '../scripts/sync/schema.js';
import { syncSpec } from '../scripts/sync/sync.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { main as syncCli } from '../scripts/sync/cli.js';
import { CHANGED_SPEC, SYNC_SITE_SPEC, docsCopy, readTree, SYNC_SITE } from './sync-helpers.js';

const F = (fieldType: ValidatorJSON, optional = false) => ({ fieldType, optional });

describe('function spec parsing', () => {
  it('reads functions, visibility, JSON-encoded validators and HTTP routes', () => {
    const spec = parseFunctionSpec(
      JSON.stringify({
        url: 'https://x.convex.cloud',
        functions: [
          { identifier: 'meetings/lifecycle.js:createMeeting', functionType: 'Mutation', visibility: { kind: 'public' }, args: JSON.stringify({ type: 'object', value: { title: F({ type: 'string' }) } }), returns: '{"type":"null"}' },
          { identifier: 'embeddings/actions.js:generate', functionType: 'Action', visibility: { kind: 'internal' }, args: { type: 'object', value: {} }, returns: { type: 'any' } },
          { identifier: 'legacy.js:default', functionType: 'Query' },
          { functionType: 'HttpAction', method: 'post', path: '/stream/webhook' },
        ],
      }),
    );
    expect(spec.functions.map((f) => [f.path, f.operationId, f.visibility])).toEqual([
      ['/api/run/meetings/lifecycle/createMeeting', 'meetings.lifecycle.createMeeting', 'public'],
      ['/api/run/embeddings/actions/generate', 'embeddings.actions.generate', 'internal'],
      ['/api/run/legacy/default', 'legacy.default', 'public'],
    ]);
    expect(spec.functions[0].args).toEqual({ type: 'object', value: { title: F({ type: 'string' }) } });
    expect(spec.functions[2].args).toEqual({ type: 'any' });
    expect(spec.routes).toEqual([{ kind: 'http', method: 'POST', path: '/stream/webhook', operationId: 'http.post.stream.webhook' }]);
  });

  it('rejects what is not a function spec, naming the entry', () => {
    expect(() => parseFunctionSpec('{"functions": 3}')).toThrow(FunctionSpecError);
    expect(() => parseFunctionSpec('not json')).toThrow(/invalid JSON/);
    expect(() => parseFunctionSpec(JSON.stringify({ functions: [{ identifier: 'a.js:b', functionType: 'Query', args: { type: 'tuple' } }] }))).toThrow(/a\.js:b args: not a Convex validator/);
    expect(() => parseFunctionSpec(JSON.stringify({ functions: [{ functionType: 'HttpAction', method: 'GET' }] }))).toThrow(/functions\[0\]: an HttpAction needs/);
  });
});

describe('validators as schemas', () => {
  const ajv = new Ajv2020({ strict: false });
  const kinds: Array<[string, ValidatorJSON, unknown[]]> = [
    ['null', { type: 'null' }, [0]],
    ['number', { type: 'number' }, ['1']],
    ['boolean', { type: 'boolean' }, [1]],
    ['string', { type: 'string' }, [1]],
    ['int64', { type: 'bigint' }, [5, { $integer: 5 }]],
    ['bytes', { type: 'bytes' }, ['aGVsbG8=', { $bytes: 1 }]],
    ['any', { type: 'any' }, []],
    ['literal', { type: 'literal', value: 'on' }, ['off']],
    ['id', { type: 'id', tableName: 'meetings' }, [12]],
    ['array', { type: 'array', value: { type: 'number' } }, [[['x']], 1]],
    ['record', { type: 'record', keys: { type: 'string' }, values: F({ type: 'boolean' }) }, [{ a: 'x' }]],
    ['object', { type: 'object', value: { a: F({ type: 'string' }), b: F({ type: 'number' }, true) } }, [{}, { a: 'x', c: 1 }, { a: 'x', b: 'y' }]],
    ['union', { type: 'union', value: [{ type: 'string' }, { type: 'null' }] }, [1]],
    ['literal union', { type: 'union', value: [{ type: 'literal', value: 'a' }, { type: 'literal', value: 'b' }] }, ['c']],
  ];
  it.each(kinds)('%s: the sample passes, wrong values fail, and the shape round-trips', (_name, v, wrong) => {
    const schema = validatorToSchema(v);
    const validate = ajv.compile(schema);
    expect(validate(sampleValue(v))).toBe(true);
    for (const w of wrong) expect(validate(w)).toBe(false);
    expect(compareShapes(schemaShape({}, schema), validatorShape(v))).toEqual([]);
  });

  it('in a result (format "json") int64 is a base-10 string and bytes a base64 string; in arguments they are Convex-encoded objects', () => {
    const v: ValidatorJSON = { type: 'object', value: { n: F({ type: 'bigint' }), b: F({ type: 'bytes' }) } };
    const result = ajv.compile(returnsSchema(v));
    expect(result(sampleValue(v, 'result'))).toBe(true);
    expect(sampleValue(v, 'result')).toEqual({ n: '1', b: 'aGVsbG8=' });
    expect(result(sampleValue(v))).toBe(false); // the argument encoding is not what a result carries
    expect(result({ n: '1.5', b: 'aGVsbG8=' })).toBe(false);
    expect(ajv.compile(argsSchema(v))(sampleValue(v))).toBe(true);
  });

  it('optional fields are not required and unknown fields are rejected (Convex rejects them)', () => {
    const s = argsSchema({ type: 'object', value: { a: F({ type: 'string' }), b: F({ type: 'number' }, true) } });
    expect(s).toMatchObject({ required: ['a'], additionalProperties: false });
  });

  it('drift compares kinds, literals, fields and optionality, and tolerates curated narrowing', () => {
    const api = { components: { schemas: { Id: { type: 'string', minLength: 1 } } } };
    const documented = {
      type: 'object',
      required: ['id', 'n'],
      properties: { id: { $ref: '#/components/schemas/Id' }, n: { type: 'integer', minimum: 1 }, mode: { type: 'string', enum: ['a', 'b'] }, gone: { type: 'string' } },
    };
    const v: ValidatorJSON = {
      type: 'object',
      value: { id: F({ type: 'id', tableName: 't' }), n: F({ type: 'number' }, true), mode: F({ type: 'union', value: [{ type: 'literal', value: 'a' }, { type: 'literal', value: 'c' }] }, true), added: F({ type: 'bigint' }) },
    };
    const diffs = compareShapes(schemaShape(api, documented), validatorShape(v));
    expect(diffs.map((d) => `${d.kind} ${d.path}`).sort()).toEqual(['extra args.gone', 'missing args.added', 'optionality args.n', 'type args.mode']);
  });
});

/** The text of the YAML node at `keys` (a path of mapping keys). */
function nodeText(text: string, keys: string[]): string {
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  for (const k of keys) node = isMap(node) ? node.get(k, true) : undefined;
  const range = (node as Node | undefined)?.range;
  if (!range) throw new Error(`no node at ${keys.join('.')}`);
  return text.slice(range[0], range[1]);
}

function pathItems(text: string): Map<string, string> {
  const doc = parseDocument(text);
  const paths = doc.get('paths', true);
  const out = new Map<string, string>();
  if (!isMap(paths)) return out;
  for (const pair of paths.items) {
    const key = String((pair.key as { value: unknown }).value);
    const r = (pair.value as Node).range!;
    out.set(key, text.slice(r[0], r[1]));
  }
  return out;
}

describe('spec:sync on the reference, against the changed backend', () => {
  let root: string;
  let before: Map<string, string>;
  let first: ReturnType<typeof syncSpec>;
  beforeAll(() => {
    root = docsCopy();
    before = readTree(root);
    first = syncSpec({ root, functionSpec: CHANGED_SPEC });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is a no-op when the reference already matches the functions', () => {
    const dir = docsCopy();
    try {
      const r = syncSpec({ root: dir, functionSpec: SYNC_SITE_SPEC });
      expect(r.written).toEqual([]);
      expect([r.added, r.argsUpdated, r.stale]).toEqual([[], [], []]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds an operation and a page for each new public function and route, never for internal ones', () => {
    expect(first.added.map((a) => a.label.split(' ')[1]).sort()).toEqual([
      '/api/run/admin/maintenance/compactTables',
      '/api/run/embeddings/queries/findSimilar',
      '/api/run/interests/queries/listCatalog',
      '/api/run/matching/queue/enterQueue',
      '/api/run/meetings/lifecycle/rescheduleMeeting',
      '/api/run/meetings/webrtc/signaling/sendSignal',
      '/api/run/prompts/mutations/ratePrompt',
      '/stream/webhook',
    ]);
    const spec = fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
    expect(spec).not.toContain('generateEmbedding');
    expect(spec).not.toContain('scheduleCleanup');
    for (const a of first.added) {
      const page = fs.readFileSync(path.join(root, a.page!), 'utf8');
      expect(page).toContain(`openapi: "${a.label.split(' ').slice(0, 2).join(' ')}"`);
    }
    const mint = JSON.parse(fs.readFileSync(path.join(root, 'mint.json'), 'utf8'));
    const routes = JSON.stringify(mint.navigation);
    for (const p of first.pages) expect(routes).toContain(JSON.stringify(p.replace(/\.mdx$/, '')));
    expect(mint.navigation.find((g: { group: string }) => g.group === 'Meetings').pages).toContain('docs/api-reference/meetings/reschedule-meeting');
  });

  it('gives each new operation the credential its audience needs, and none to the ones the policy cannot classify', () => {
    const api = parseDocument(fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8')).toJS();
    const sec = (p: string, m = 'post') => api.paths[p][m].security;
    expect(sec('/api/run/admin/maintenance/compactTables')).toEqual([{ convexDeploy: [] }]);
    expect(api.paths['/api/run/admin/maintenance/compactTables'].post.description).toMatch(/Convex <deploy-key>/);
    expect(sec('/api/run/meetings/lifecycle/rescheduleMeeting')).toEqual([{ bearerAuth: [] }]);
    for (const p of ['/api/run/embeddings/queries/findSimilar', '/api/run/interests/queries/listCatalog', '/api/run/matching/queue/enterQueue']) expect(sec(p)).toBeUndefined();
    expect(sec('/stream/webhook')).toBeUndefined();
    expect(first.added.filter((a) => !a.audience).map((a) => a.label.split(' ')[1]).sort()).toEqual([
      '/api/run/embeddings/queries/findSimilar',
      '/api/run/interests/queries/listCatalog',
      '/api/run/matching/queue/enterQueue',
      '/stream/webhook',
    ]);
    // args built from the validators: int64, bytes, nullable id, nested object, literal union
    const args = api.paths['/api/run/meetings/webrtc/signaling/sendSignal'].post.requestBody.content['application/json'].schema.properties.args;
    expect(args.required).toEqual(['sessionId', 'kind', 'payload', 'sequence']);
    expect(args.properties.sequence.properties).toHaveProperty('$integer');
    expect(args.properties.payload.properties).toHaveProperty('$bytes');
    expect(args.properties.kind.enum).toEqual(['offer', 'answer', 'ice-candidate']);
    expect(args.properties.settings).toMatchObject({ type: 'object', required: ['audio'], additionalProperties: false });
    expect(api.paths['/stream/webhook'].post.servers[0].url).toBe('https://{deployment}.convex.site');
  });

  it('leaves every curated byte alone: untouched operations, pages and the description, examples and tags of changed ones', () => {
    const after = fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
    const old = before.get('openapi.yaml')!;
    const oldItems = pathItems(old);
    const newItems = pathItems(after);
    const changed = new Set(['/api/run/users/mutations/updateUserProfile', '/api/run/meetings/lifecycle/cancelMeeting', '/api/run/prompts/mutations/updatePromptFeedback']);
    for (const [p, text] of oldItems) {
      if (changed.has(p)) continue;
      expect(newItems.get(p), p).toBe(text);
    }
    // Stale operations: one line added, nothing else.
    for (const p of ['/api/run/meetings/lifecycle/cancelMeeting', '/api/run/prompts/mutations/updatePromptFeedback']) {
      expect(newItems.get(p)!.replace('      deprecated: true\n', '')).toBe(oldItems.get(p));
    }
    // The args change: only the drifted fields moved.
    const op = ['paths', '/api/run/users/mutations/updateUserProfile', 'post'];
    for (const k of ['tags', 'description', 'summary', 'operationId', 'security', 'responses']) expect(nodeText(after, [...op, k])).toBe(nodeText(old, [...op, k]));
    const media = [...op, 'requestBody', 'content', 'application/json'];
    expect(nodeText(after, [...media, 'example'])).toBe(nodeText(old, [...media, 'example']));
    const props = [...media, 'schema', 'properties', 'args', 'properties'];
    for (const k of ['displayName', 'bio', 'jobTitle']) expect(nodeText(after, [...props, k])).toBe(nodeText(old, [...props, k]));
    expect(nodeText(after, [...props, 'company'])).toContain('description: Current company.');
    // Everything outside `paths` and the new tags: identical.
    expect(after.slice(after.indexOf('\ncomponents:'))).toBe(old.slice(old.indexOf('\ncomponents:')));
    // Pages: the existing ones byte-identical (the matrix too: not everything is classified yet).
    for (const [file, text] of before) if (file.startsWith('docs/')) expect(fs.readFileSync(path.join(root, file), 'utf8'), file).toBe(text);
  });

  it('is idempotent: the second run changes nothing', () => {
    const snapshot = readTree(root);
    const second = syncSpec({ root, functionSpec: CHANGED_SPEC });
    expect(second.written).toEqual([]);
    expect([second.added, second.argsUpdated, second.securitySet, second.tagsAdded, second.pages]).toEqual([[], [], [], [], []]);
    expect(second.stale.map((s) => s.markedNow)).toEqual([false, false]);
    expect(readTree(root)).toEqual(snapshot);
  });

  it('the CLI prints what it changed, and a dry run writes nothing', async () => {
    const dir = docsCopy();
    try {
      const snapshot = readTree(dir);
      let out = '';
      await syncCli(['--root', dir, '--function-spec', CHANGED_SPEC, '--dry-run'], (s) => (out += s));
      expect(out).toMatch(/would add POST \/api\/run\/prompts\/mutations\/ratePrompt/);
      expect(out).toMatch(/would mark deprecated POST \/api\/run\/meetings\/lifecycle\/cancelMeeting/);
      expect(out).toMatch(/classify 4 operation\(s\)/);
      expect(readTree(dir)).toEqual(snapshot);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spec:sync on a docs.json site under docs/ (the layout of the backend repository)', () => {
  /** This repository's docs moved under docs/ with a docs.json: the spec beside it, groups inside a tab. */
  function docsJsonCopy(groups: unknown[]): string {
    const dir = docsCopy();
    fs.renameSync(path.join(dir, 'openapi.yaml'), path.join(dir, 'docs', 'openapi.yaml'));
    fs.rmSync(path.join(dir, 'mint.json'));
    const docs = { $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'Connvo', colors: { primary: '#4F46E5' }, navigation: { tabs: [{ tab: 'API', groups }] } };
    fs.writeFileSync(path.join(dir, 'docs', 'docs.json'), JSON.stringify(docs, null, 2));
    return dir;
  }
  const mintGroups = (JSON.parse(fs.readFileSync(path.join(SYNC_SITE, 'mint.json'), 'utf8')).navigation as Array<{ group: string; pages: string[] }>).map((g) => ({ ...g, pages: g.pages.map((p) => p.replace(/^docs\//, '')) }));

  it('a group whose openapi source generates the pages: operations are added to the spec, no page or entry is written', () => {
    const dir = docsJsonCopy([{ group: 'API', openapi: { source: 'openapi.yaml', directory: 'reference' } }]);
    try {
      const docsJson = fs.readFileSync(path.join(dir, 'docs', 'docs.json'), 'utf8');
      const r = syncSpec({ root: dir, functionSpec: CHANGED_SPEC });
      expect(r.specFile).toBe('docs/openapi.yaml');
      expect(r.added.length).toBeGreaterThan(0);
      expect(r.added.every((a) => a.page === undefined)).toBe(true);
      expect(r.written.filter((f) => f.endsWith('.mdx') || f.endsWith('.json'))).toEqual([]);
      expect(fs.readFileSync(path.join(dir, 'docs', 'docs.json'), 'utf8')).toBe(docsJson);
      expect(fs.readFileSync(path.join(dir, 'docs', 'openapi.yaml'), 'utf8')).toContain('/api/run/meetings/lifecycle/rescheduleMeeting');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('listed pages: each new page lands beside the existing ones and in the docs.json group of its tag, wherever that group is', async () => {
    const dir = docsJsonCopy(mintGroups);
    try {
      const r = syncSpec({ root: dir, functionSpec: CHANGED_SPEC });
      const added = r.added.find((a) => a.label.includes('rescheduleMeeting'))!;
      expect(added.page).toBe('docs/api-reference/meetings/reschedule-meeting.mdx');
      expect(fs.existsSync(path.join(dir, added.page!))).toBe(true);
      const docs = JSON.parse(fs.readFileSync(path.join(dir, 'docs', 'docs.json'), 'utf8'));
      const meetings = docs.navigation.tabs[0].groups.find((g: { group: string }) => g.group === 'Meetings');
      expect(meetings.pages).toContain('api-reference/meetings/reschedule-meeting');
      // Tags with no group yet: where they belong in docs.json is the writer's call.
      const newTagPages = r.added.filter((a) => !mintGroups.some((g) => g.group === a.tag)).map((a) => a.page!.replace(/^docs\//, '').replace(/\.mdx$/, ''));
      expect(newTagPages.length).toBeGreaterThan(0);
      const note = r.notes.find((n) => n.startsWith('add to docs/docs.json'))!;
      for (const p of newTagPages) expect(note).toContain(p);
      // A second run finds nothing to add, and every entry written reaches its page.
      expect(syncSpec({ root: dir, functionSpec: CHANGED_SPEC, write: false }).added).toEqual([]);
      expect((await runChecks({ root: dir, only: ['site'] })).findings.filter((f) => f.rule === 'nav-page-missing')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('several specs: it asks which one, and --spec chooses', () => {
    const dir = docsJsonCopy(mintGroups);
    try {
      fs.copyFileSync(path.join(dir, 'docs', 'openapi.yaml'), path.join(dir, 'docs', 'partner.yaml'));
      fs.renameSync(path.join(dir, 'docs', 'openapi.yaml'), path.join(dir, 'docs', 'public.yaml'));
      expect(() => syncSpec({ root: dir, functionSpec: CHANGED_SPEC, write: false })).toThrow(/2 specs \(docs\/partner.yaml, docs\/public.yaml\).*--spec/);
      expect(syncSpec({ root: dir, spec: 'docs/public.yaml', functionSpec: CHANGED_SPEC, write: false }).specFile).toBe('docs/public.yaml');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
