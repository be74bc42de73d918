import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../scripts/security/policy.js';
import { extractFunctionSpec, type ExtractedFunction, type ExtractResult } from '../scripts/sync/extract/extract.js';
import { formatSpec, main as extractCli, UsageError } from '../scripts/sync/extract/cli.js';
import { discoverModules, ModuleLayoutError } from '../scripts/sync/extract/modules.js';
import { FunctionSpecError, parseFunctionSpec } from '../scripts/sync/function-spec.js';
import { REPO } from './helpers/cli.js';

const PROJECTS = path.join(REPO, 'test', 'fixtures', 'convex-projects');
const KINDS = path.join(PROJECTS, 'kinds', 'convex');
const GUARDS = path.join(PROJECTS, 'guards', 'convex');
const UNRESOLVED = path.join(PROJECTS, 'unresolved', 'convex');

const byId = (r: ExtractResult) => new Map(r.functions.map((f) => [('identifier' in f ? f.identifier : `${f.method} ${f.path}`) as string, f]));

describe('spec:extract on a hand-written project of every validator kind and export form', () => {
  const result = extractFunctionSpec({ convexDir: KINDS });

  it('prints exactly the function spec written by hand for it, in order', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(PROJECTS, 'kinds', 'expected.function-spec.json'), 'utf8'));
    // Byte for byte as JSON: the same functions, validators, field order (sorted, as the deployment prints it) and entry order.
    expect(JSON.stringify(result.functions, null, 1)).toBe(JSON.stringify(expected.functions, null, 1));
    expect(result.warnings).toEqual([]);
  });

  it('deploys the modules Convex deploys and no others', () => {
    expect(discoverModules(KINDS).map((m) => m.relPath)).toEqual([
      '__tests__/probe.ts', // __tests__ folders are modules; .convexignore is not read
      '_private.ts',
      'custom.ts',
      'everything.ts',
      'forms.ts',
      'http.ts',
      'legacy.js',
      'notes/deep/index.ts',
      'notes/index.ts',
      'notes/queries.ts',
      'shared/index.ts',
      'shared/page.ts',
      'shared/validators.ts',
      'sideEffects.ts',
      'tables.ts',
      'tools.mjs',
      'widget.tsx',
    ]);
    expect(discoverModules(KINDS).find((m) => m.relPath === 'tools.mjs')?.modulePath).toBe('tools.js');
  });

  it('refuses a _deps folder, as Convex does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-deps-'));
    try {
      fs.mkdirSync(path.join(dir, '_deps'));
      fs.writeFileSync(path.join(dir, '_deps', 'x.js'), 'export const x = 1;\n');
      expect(() => discoverModules(dir)).toThrow(ModuleLayoutError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads what it prints back with parseFunctionSpec, aliases included', () => {
    const spec = parseFunctionSpec(formatSpec(result));
    const fetch = spec.functions.find((f) => f.identifier === 'notes/index.js:fetch');
    expect(fetch?.aliasOf).toBe('notes/queries.js:get');
    expect(spec.functions.filter((f) => f.visibility === 'public' && !f.aliasOf)).toHaveLength(19);
    expect(spec.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /a', 'GET /hello', 'POST /hello', 'GET /files/*']);
  });

  it('is deterministic and carries the provenance it is given', () => {
    const source = { repository: 'example/backend', commit: '0123456789abcdef0123456789abcdef01234567' };
    const a = formatSpec(extractFunctionSpec({ convexDir: KINDS, source }));
    expect(a).toBe(formatSpec(extractFunctionSpec({ convexDir: KINDS, source })));
    expect(JSON.parse(a).source).toEqual(source);
  });
});

describe('spec:extract reports what it cannot evaluate', () => {
  const result = extractFunctionSpec({ convexDir: UNRESOLVED });
  const fns = byId(result);

  it('names file:line:column and the function for each unresolved part, and prints it as any', () => {
    expect(result.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.function ?? '-'} ${w.message.split(':')[0]}`)).toEqual([
      'convex/fns.ts:5:25 fns.js:wholeArgs returns',
      'convex/fns.ts:7:5 fns.js:fromLet args',
      'convex/fns.ts:9:47 fns.js:fromPackage args',
      'convex/fns.ts:10:55 fns.js:fromComplexFunction args',
      'convex/fns.ts:12:51 fns.js:fromConditional args',
      'convex/fns.ts:13:47 fns.js:fromSpread args',
      'convex/fns.ts:14:40 fns.js:wholeArgs args',
      'convex/fns.ts:15:30 fns.js:maybeFunction cannot tell whether export "maybeFunction" is a Convex function',
      'convex/http.ts:8:1 - route not read',
      'convex/http.ts:9:1 - the router is passed to a function here, which may add routes the extractor does not see',
    ]);
    expect(result.warnings.find((w) => w.function === 'fns.js:fromLet')?.message).toMatch(/"mutable" is declared with let\/var/);
    expect(result.warnings.find((w) => w.function === 'fns.js:fromPackage')?.message).toMatch(/z\.string\(\) from "zod"/);
  });

  it('keeps what it knows: only the unresolved part is any', () => {
    const fromPackage = fns.get('fns.js:fromPackage') as ExtractedFunction;
    expect(fromPackage.args).toEqual({
      type: 'object',
      value: { a: { fieldType: { type: 'any' }, optional: false }, ok: { fieldType: { type: 'string' }, optional: false } },
    });
    // A spread of something unknown leaves the object's fields unknown: the whole object is any.
    expect((fns.get('fns.js:fromSpread') as ExtractedFunction).args).toEqual({ type: 'any' });
    expect((fns.get('fns.js:wholeArgs') as ExtractedFunction).returns).toEqual({ type: 'array', value: { type: 'union', value: [{ type: 'string' }, { type: 'any' }] } });
    expect(fns.has('fns.js:maybeFunction')).toBe(false);
  });

  it('reads a route whose path is a template of constants', () => {
    expect(result.functions.filter((f) => f.functionType === 'HttpAction')).toEqual([{ functionType: 'HttpAction', method: 'GET', path: '/api/ping' }]);
  });
});

describe('guard facts', () => {
  const result = extractFunctionSpec({ convexDir: GUARDS, guards: ['requireUser', 'requireAdmin'] });
  const facts = Object.fromEntries(
    [...byId(result)].map(([id, f]) => {
      const { guards, conditionalGuards, caughtGuards, readsIdentity } = f as ExtractedFunction;
      return [id, { guards, conditionalGuards, caughtGuards, readsIdentity }];
    }),
  );
  const only = (guards: string[], extra: Partial<ExtractedFunction> = {}) => ({ guards, conditionalGuards: undefined, caughtGuards: undefined, readsIdentity: undefined, ...extra });

  it('records the configured guards each handler calls on every path, following its own helpers', () => {
    expect(facts).toEqual({
      'fns.js:admin': only(['requireAdmin']),
      'fns.js:direct': only(['requireUser']),
      'fns.js:transitive': only(['requireUser']), // assertOwner calls requireUser
      'fns.js:rethrown': only(['requireUser']), // the catch rethrows
      'fns.js:named': only(['requireUser']), // handler: a function declared elsewhere
      'fns.js:viaObjectMethod': only(['requireUser']),
      'fns.js:viaCustomCtx': only(['requireUser']), // convex-helpers customCtx runs before the handler
      'fns.js:guardedInternal': only(['requireUser']),
      'fns.js:viaRunQuery': only(['requireUser']), // ctx.runQuery(internal.fns.guardedInternal)
      'fns.js:conditional': only([], { conditionalGuards: ['requireUser'] }),
      'fns.js:earlyReturn': only([], { conditionalGuards: ['requireUser'] }),
      'fns.js:unawaited': only([], { conditionalGuards: ['requireUser'] }),
      'fns.js:inCallback': only([], { conditionalGuards: ['requireUser'] }),
      'fns.js:caught': only([], { caughtGuards: ['requireUser'] }),
      'fns.js:viaNullHelper': only([], { caughtGuards: ['requireUser'] }), // userOrNull catches it
      'fns.js:readsIdentity': only([], { readsIdentity: true }),
      'fns.js:recursive': only([]),
      'fns.js:none': only([]),
      'fns.js:wrapped': only(['requireUser']), // handler: withTiming(label, fn), which always runs fn
      'fns.js:wrappedSometimes': only([], { conditionalGuards: ['requireUser'] }), // the wrapper runs fn on some paths
      'fns.js:wrappedNever': only([]), // the wrapper never runs the function it was given
      'GET /me': only(['requireUser']),
      'GET /open': only([]),
    });
    expect(result.warnings).toEqual([]);
  });

  it('prints no guard facts when no guards are configured', () => {
    const plain = extractFunctionSpec({ convexDir: GUARDS });
    expect(plain.functions.some((f) => 'guards' in f)).toBe(false);
  });

  it('parseFunctionSpec reads the facts and rejects malformed ones', () => {
    const spec = parseFunctionSpec(formatSpec(result));
    expect(spec.functions.find((f) => f.identifier === 'fns.js:conditional')).toMatchObject({ guards: [], conditionalGuards: ['requireUser'] });
    expect(spec.routes.find((r) => r.path === '/me')?.guards).toEqual(['requireUser']);
    const bad = (extra: object) => parseFunctionSpec(JSON.stringify({ functions: [{ identifier: 'a.js:b', functionType: 'Query', ...extra }] }));
    expect(() => bad({ guards: 'requireUser' })).toThrow(FunctionSpecError);
    expect(() => bad({ readsIdentity: 'yes' })).toThrow(/readsIdentity/);
    expect(() => bad({ aliasOf: 'nocolon' })).toThrow(/aliasOf/);
  });
});

describe('access-policy.yaml guards', () => {
  const policy = (guards: string) => parsePolicy(`rules:\n  - audience: user\n    tags: [A]\nguards:\n${guards}`, '/x/access-policy.yaml');

  it('reads guard helper names per audience', () => {
    expect(policy('  user: [requireUser, assertOwner]\n  admin: []\n').policy?.guards).toEqual({ user: ['requireUser', 'assertOwner'], admin: [] });
  });

  it('rejects a guard that is no function name, listed twice, or under an unknown audience, at its line', () => {
    const problems = (g: string) => policy(g).problems.map((p) => `${p.span.start.line}: ${p.message}`);
    expect(problems('  user: [not a name]\n')).toEqual(['5: guards.user[0]: "not a name" is not a function name']);
    expect(problems('  user: [a]\n  admin: [a]\n')).toEqual(['6: guards.admin[0]: "a" is already a user guard']);
    expect(problems('  public: [a]\n')[0]).toMatch(/^5: guards: unknown key "public"/);
    expect(problems('  user: requireUser\n')[0]).toMatch(/guards\.user must be a list/);
  });

  it('is what this repository configures for Connvo', () => {
    const loaded = parsePolicy(fs.readFileSync(path.join(REPO, 'access-policy.yaml'), 'utf8'), path.join(REPO, 'access-policy.yaml'));
    expect(loaded.problems).toEqual([]);
    expect(loaded.policy?.guards.user).toContain('requireIdentity');
  });
});

describe('spec:extract CLI', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await extractCli(args, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  };

  it('writes the spec with provenance and guard facts from --policy, and a one-line summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-cli-'));
    try {
      const policyFile = path.join(dir, 'policy.yaml');
      fs.writeFileSync(policyFile, 'rules:\n  - audience: user\n    tags: [A]\nguards:\n  user: [requireUser]\n');
      const outFile = path.join(dir, 'spec.json');
      const r = await run(['--convex-dir', GUARDS, '--policy', policyFile, '--out', outFile, '--repository', 'example/backend', '--commit', 'abcdef1']);
      expect(r.code).toBe(0);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^spec:extract: 21 functions \(20 public, 0 public re-exports, 1 internal\), 2 HTTP routes, 0 warnings; wrote .*spec\.json in \d+\.\d\d s\n$/);
      const json = JSON.parse(fs.readFileSync(outFile, 'utf8'));
      expect(json.source).toEqual({ repository: 'example/backend', commit: 'abcdef1' });
      expect(json.functions.find((f: ExtractedFunction) => f.identifier === 'fns.js:direct').guards).toEqual(['requireUser']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints each warning on its own line with file:line:column', async () => {
    const r = await run(['--convex-dir', UNRESOLVED, '--policy', path.join(REPO, 'access-policy.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('convex/fns.ts:7:5: warning: fns.js:fromLet: args: not evaluated statically ("mutable" is declared with let/var and may be reassigned); printed as {"type": "any"}\n');
    expect(JSON.parse(r.out).warnings).toHaveLength(10);
  });

  it('exits 2 with one line on stderr and no stack trace, as a process', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'sync', 'extract', 'cli.ts'), '--convex-dir', path.join(PROJECTS, 'nope')], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^spec:extract: --convex-dir .*nope: no such directory\n$/);
  });

  // spec:refresh and spec:sync printed their failure raw: a flag or path holding an escape
  // sequence reached the terminal (or a CI log) as it was.
  it.each([
    ['spec:extract', ['sync', 'extract', 'cli.ts']],
    ['spec:refresh', ['sync', 'refresh.ts']],
    ['spec:sync', ['sync', 'cli.ts']],
  ])('%s prints its failure as one line with control characters escaped', (name, file) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', ...file), '--bo\u001b]0;x\u0007gus'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${name}: Unknown option '--bo\\\\x1b\\]0;x\\\\x07gus'`));
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    [[], /--convex-dir DIR is required/],
    [['--convex-dir', path.join(PROJECTS, 'nope')], /--convex-dir .*nope: no such directory/],
    [['--convex-dir', KINDS, '--repository', 'a/b'], /--repository and --commit go together/],
    [['--convex-dir', KINDS, '--repository', 'a/b', '--commit', 'not-a-sha'], /--commit not-a-sha: expected a commit SHA/],
    [['--convex-dir', KINDS, '--bogus'], /Unknown option '--bogus'/],
    [['--convex-dir', KINDS, '--policy', path.join(PROJECTS, 'nope.yaml')], /--policy .*nope\.yaml: no such file/],
  ])('refuses bad usage %j with one clear line', async (args, message) => {
    const error = await run(args as string[]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
