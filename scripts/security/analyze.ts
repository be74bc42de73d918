import fs from 'node:fs';
import path from 'node:path';
import { CannotRunError, finding, type Finding, type Span } from '../lib/finding.js';
import { decodeText, toPosix } from '../lib/files.js';
import type { SpecInput, Workspace } from '../lib/workspace.js';
import { classify, type Classification } from './classify.js';
import { AUTH_PAGE, authPageMissing } from './docs.js';
import type { Issue } from './issue.js';
import { firstDifferentLine, MATRIX_COMMAND, MATRIX_PAGE, renderAccessMatrix } from './matrix.js';
import { listOperations, refersTo, type Operation } from './operations.js';
import { enforcements, securityMatchesSource, type Enforcement } from './enforcement.js';
import { playgroundAgrees } from './playground.js';
import { findPolicyFile, parsePolicy, POLICY_FILE, type AccessPolicy, type LoadedPolicy } from './policy.js';
import { adminDescriptionsMentionDeployKey, schemesDefinedWithShape, schemesUsed, securityMatchesAudience, securityReferencesValid } from './rules.js';

const CHECK = 'security';

export interface SecurityInputs {
  spec: SpecInput;
  loaded: LoadedPolicy;
  /** The policy file as findings name it: relative to the root, or absolute when borrowed. */
  policyFile: string;
  policy?: AccessPolicy;
  ops: Operation[];
  /** The policy's classification, with the audience the source enforces wherever guard facts say it. */
  classification?: Classification;
  /** What the backend's source enforces, per operation a function with guard facts backs. */
  enforced: Map<Operation, Enforcement>;
  /** The Authentication page's URL on the site (its route from the docs root). */
  authLink: string;
}

function displayPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return toPosix(rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel);
}

/**
 * Spec, policy and classification: what both the check and the matrix generator start from.
 * Undefined when the spec itself does not load (its load finding says why).
 */
export async function loadSecurityInputs(ws: Workspace, spec?: SpecInput): Promise<SecurityInputs | undefined> {
  spec ??= (await ws.specs())[0];
  if (!spec) return undefined;
  const found = findPolicyFile(ws.root);
  if (!found) throw new CannotRunError(`${POLICY_FILE}: not found in ${ws.root} (the security check needs an access policy; see README "Access policy")`);
  const policyFile = displayPath(ws.root, found.absPath);
  const decoded = found.fallback ? decodeText(fs.readFileSync(found.absPath)) : ws.readText(POLICY_FILE);
  if ('error' in decoded) throw new CannotRunError(`${policyFile}: cannot read the access policy: ${decoded.error}`);
  const loaded = parsePolicy(decoded.text, found.absPath, found.fallback);
  const ops = listOperations(spec.api);
  const policy = loaded.policy;
  const policyRef = (pointer: string) => `${policyFile}:${loaded.locate(pointer, true).start.line}`;
  // A borrowed policy names another tree's operations: its unused entries are not this tree's problem.
  const enforced = policy ? enforcements(ops, ws.functionSpec()?.spec, policy) : new Map<Operation, Enforcement>();
  const classification = policy && withEnforcement(classify(ops, policy, policyRef, !found.fallback), enforced);
  return { spec, loaded, policyFile, policy, ops, classification, enforced, authLink: `/${ws.site().route(AUTH_PAGE)}` };
}

/**
 * Where the source's guards are known they decide the audience (the docs must state what is
 * enforced, whatever the policy intends); the policy still classifies every other operation, and
 * its intent shows in the `function-unguarded` warnings.
 */
function withEnforcement(c: Classification, enforced: Map<Operation, Enforcement>): Classification {
  if (!enforced.size) return c;
  const audiences = new Map(c.audiences);
  const reasons = new Map(c.reasons);
  for (const [op, e] of enforced) {
    audiences.set(op, e.audience);
    if (e.audience === 'public' && !reasons.has(op)) reasons.set(op, `${e.source} checks no credential`);
    if (e.audience !== 'public') reasons.delete(op);
  }
  const decided = new Set([...enforced.keys()].map((o) => o.label));
  const issues = c.issues.filter((i) => i.rule !== 'policy-unclassified' || !i.about.some((l) => decided.has(l)));
  return { audiences, reasons, issues };
}

/** Classification complete: every operation has exactly one audience. */
export function fullyClassified(inputs: SecurityInputs): boolean {
  return Boolean(inputs.classification && inputs.classification.audiences.size === inputs.ops.length);
}

/** Spec, policy and classification of every spec of the site (a spec that does not load is left out). */
export async function loadAllSecurityInputs(ws: Workspace): Promise<SecurityInputs[]> {
  const out: SecurityInputs[] = [];
  for (const spec of await ws.specs()) {
    const inputs = await loadSecurityInputs(ws, spec);
    if (inputs) out.push(inputs);
  }
  return out;
}

/** The matrix page of every operation of every spec, or undefined until each one is classified. */
export function accessMatrix(all: SecurityInputs[]): string | undefined {
  if (!all.length || all.some((i) => !i.policy || !i.classification || !fullyClassified(i))) return undefined;
  const first = all[0];
  const specOf = new Map(all.flatMap((i) => i.ops.map((op) => [op, i.spec.file] as const)));
  return renderAccessMatrix({
    ops: all.flatMap((i) => i.ops),
    audiences: new Map(all.flatMap((i) => [...i.classification!.audiences])),
    reasons: new Map(all.flatMap((i) => [...i.classification!.reasons])),
    policy: first.policy!,
    specFile: all.map((i) => i.spec.file).join(', '),
    specOf: all.length > 1 ? specOf : undefined,
    policyFile: path.basename(first.policyFile),
    authLink: first.authLink,
  });
}

export type MatrixWrite = { written: boolean; operations: number } | { problems: string[] };

/**
 * `npm run docs:access`: write the matrix page of the tree at `ws.root` (that one file, nothing
 * else), or say which operations stop it (each as file:line:column: message).
 */
export async function writeAccessMatrix(ws: Workspace): Promise<MatrixWrite> {
  const all = await loadAllSecurityInputs(ws);
  if (!all.length) return { problems: ws.loadFindings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`) };
  const problems = [
    ...all[0].loaded.problems.map((p) => `${all[0].policyFile}:${p.span.start.line}:${p.span.start.column}: ${p.message}`),
    ...all.flatMap((inputs) => {
      const where = (i: Issue) => {
        const span = i.in === 'spec' ? inputs.spec.locate(i.pointer, i.key) : inputs.loaded.locate(i.pointer, i.key);
        return `${i.in === 'spec' ? inputs.spec.file : inputs.policyFile}:${span.start.line}:${span.start.column}`;
      };
      return (inputs.classification?.issues ?? []).filter((i) => i.severity === 'error').map((i) => `${where(i)}: ${i.message}`);
    }),
  ];
  const page = problems.length ? undefined : accessMatrix(all);
  if (!page) return { problems: [...new Set(problems)] };
  const operations = all.reduce((n, i) => n + i.ops.length, 0);
  const out = ws.abs(MATRIX_PAGE);
  if (fs.existsSync(out) && fs.readFileSync(out, 'utf8') === page) return { written: false, operations };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, page);
  return { written: true, operations };
}

export async function securityFindings(ws: Workspace): Promise<Finding[]> {
  const specs = await ws.specs();
  if (!specs.length) return [];
  if (!findPolicyFile(ws.root)) {
    // Connvo's access contract is not another site's to meet: said only when --strict asks for every rule.
    if (ws.ruleSet() === 'default') return [];
    return [
      finding({
        check: CHECK,
        rule: 'policy-missing',
        severity: 'warning',
        message: `no ${POLICY_FILE} in the tree: operations are not held to an access policy (write one, see README "Access policy"; or leave \`security\` out with --only)`,
        file: specs[0].file,
      }),
    ];
  }
  const out: Finding[] = [];
  const all = await loadAllSecurityInputs(ws);
  const stale = new Map<string, { finding: Finding; specs: number }>();
  for (const [i, inputs] of all.entries()) {
    for (const f of await specSecurityFindings(ws, inputs, i === 0, all.length > 1)) {
      if (f.rule !== 'policy-stale-entry') {
        out.push(f);
        continue;
      }
      // An entry is stale only if no spec of the site has its operation: reported once, when
      // every spec's classification found it unused.
      const key = `${f.line}:${f.column}`;
      stale.set(key, { finding: f, specs: (stale.get(key)?.specs ?? 0) + 1 });
    }
  }
  for (const { finding: f, specs: count } of stale.values()) if (count === all.length) out.push(f);
  out.push(...matrixFindings(ws, all));
  return out;
}

/** One spec against the policy; what concerns the whole site (the policy's own problems, the Authentication page) with the first. */
async function specSecurityFindings(ws: Workspace, inputs: SecurityInputs, withPages: boolean, severalSpecs = false): Promise<Finding[]> {
  const { spec, loaded, policyFile, policy, ops, classification } = inputs;
  const toFinding = (i: Issue): Finding => {
    const span = i.in === 'spec' ? spec.locate(i.pointer, i.key) : loaded.locate(i.pointer, i.key);
    return finding({ check: CHECK, rule: i.rule, severity: i.severity, message: i.message, file: i.in === 'spec' ? spec.file : policyFile }, span);
  };
  if (!policy || !classification) {
    if (!withPages) return [];
    return loaded.problems.map((p) => finding({ check: CHECK, rule: 'policy-invalid', message: `access policy: ${p.message}`, file: policyFile }, p.span));
  }
  const { audiences } = classification;
  // With several specs, one may hold only some audiences (a public status API beside the main one):
  // it owes the schemes of the audiences its operations have, and may define ones it does not use.
  const owed = (['user', 'admin'] as const).filter((a) => !severalSpecs || ops.some((o) => audiences.get(o) === a)).map((a) => policy.schemes[a].name);
  const issues: Issue[] = [
    ...classification.issues,
    ...schemesDefinedWithShape(spec.api, policy, ops).filter((i) => i.rule !== 'scheme-missing' || owed.includes(i.about[0])),
    ...(severalSpecs ? [] : schemesUsed(spec.api, policy, ops)),
    ...securityMatchesAudience(ops.filter((o) => !inputs.enforced.has(o)), audiences, policy),
    ...securityMatchesSource(inputs.enforced, policy, (op) => policy.entries.some((e) => e.audience === 'public' && refersTo(e.operation, op))),
    ...securityReferencesValid(spec.api, ops),
  ];
  const reported = new Set(issues.filter((i) => i.severity === 'error').flatMap((i) => i.about));
  issues.push(...(await playgroundAgrees(ws.root, spec.absPath, spec.api, ops, audiences, policy, reported)));
  issues.push(...adminDescriptionsMentionDeployKey(ops, audiences, policy));
  const findings = issues.map(toFinding);
  if (withPages) findings.push(...authPageFindings(ws, policy));
  return findings;
}

function authPageFindings(ws: Workspace, policy: AccessPolicy): Finding[] {
  if (!fs.existsSync(ws.abs(AUTH_PAGE))) return [];
  const decoded = ws.readText(AUTH_PAGE);
  if ('error' in decoded) return []; // the site check reports unreadable pages
  const missing = authPageMissing(decoded.text, policy);
  if (!missing.length) return [];
  return [finding({ check: CHECK, rule: 'auth-page', message: `the Authentication page does not mention ${missing.join(', ')}`, file: AUTH_PAGE })];
}

function matrixFindings(ws: Workspace, all: SecurityInputs[]): Finding[] {
  if (!fs.existsSync(ws.abs(MATRIX_PAGE))) return [];
  const generated = accessMatrix(all);
  if (generated === undefined) return []; // the policy findings come first; the matrix follows from them
  const decoded = ws.readText(MATRIX_PAGE);
  if ('error' in decoded || decoded.text === generated) return [];
  const line = firstDifferentLine(decoded.text, generated);
  const start: Span['start'] = { line, column: 1 };
  return [
    finding(
      { check: CHECK, rule: 'access-matrix-stale', message: `the access matrix is stale (first difference at line ${line}): run \`${MATRIX_COMMAND}\` and commit the result`, file: MATRIX_PAGE },
      { start },
    ),
  ];
}
