import { issue, type Issue } from './issue.js';
import type { Operation } from './operations.js';
import { refersTo } from './operations.js';
import { globMatcher, type AccessPolicy, type Audience, type ClassifyingRule } from './policy.js';

/**
 * Every operation gets exactly one audience. A per-operation entry (`public` or `overrides`) decides
 * for its operation; otherwise the rules that match it must agree. No match, or rules that
 * disagree, is an error: the policy must be fixed, not guessed.
 */

export interface Classification {
  audiences: Map<Operation, Audience>;
  /** The public-allowlist reason of each public operation. */
  reasons: Map<Operation, string>;
  issues: Issue[];
}

export function ruleMatches(rule: ClassifyingRule, op: Operation): boolean {
  if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === op.method)) return false;
  if (rule.paths && !rule.paths.some((glob) => globMatcher(glob)(op.path))) return false;
  if (rule.tags && !rule.tags.some((tag) => op.tags.includes(tag))) return false;
  return true;
}

function describeRule(rule: ClassifyingRule): string {
  const parts = [rule.paths && `paths ${rule.paths.join(', ')}`, rule.tags && `tags ${rule.tags.join(', ')}`, rule.methods && `methods ${rule.methods.join(', ')}`];
  return parts.filter(Boolean).join('; ');
}

/**
 * @param policyRef how to cite a node of the policy file in a message, e.g. `access-policy.yaml:12`
 * @param reportStale whether entries naming no operation are worth a warning (not for a borrowed policy)
 */
export function classify(ops: Operation[], policy: AccessPolicy, policyRef: (pointer: string) => string, reportStale = true): Classification {
  const audiences = new Map<Operation, Audience>();
  const reasons = new Map<Operation, string>();
  const issues: Issue[] = [];
  const usedEntries = new Set<string>();
  for (const op of ops) {
    const at = { pointer: op.pointer, key: true };
    const entries = policy.entries.filter((e) => refersTo(e.operation, op));
    entries.forEach((e) => usedEntries.add(e.pointer));
    const entryAudiences = new Set(entries.map((e) => e.audience));
    if (entryAudiences.size > 1) {
      const list = entries.map((e) => `${e.audience} at ${policyRef(e.pointer)}`).join(', ');
      issues.push(issue('policy-conflict', `${op.label} is classified differently by several per-operation entries (${list}); keep one`, at, [op.label]));
      continue;
    }
    if (entries.length) {
      audiences.set(op, entries[0].audience);
      if (entries[0].audience === 'public') reasons.set(op, entries[0].reason);
      continue;
    }
    const matching = policy.rules.filter((r) => ruleMatches(r, op));
    const ruleAudiences = new Set(matching.map((r) => r.audience));
    if (ruleAudiences.size === 0) {
      issues.push(
        issue(
          'policy-unclassified',
          `${op.label} matches no rule of the access policy: add a rule (path glob or tag), an override, or a \`public\` entry with a reason`,
          at,
          [op.label],
        ),
      );
    } else if (ruleAudiences.size > 1) {
      const list = matching.map((r) => `${r.audience} by ${policyRef(r.pointer)} (${describeRule(r)})`).join(', and as ');
      issues.push(issue('policy-conflict', `${op.label} is classified as ${list}: narrow a rule or add an override`, at, [op.label]));
    } else {
      audiences.set(op, matching[0].audience);
    }
  }
  if (reportStale) {
    for (const e of policy.entries) {
      if (usedEntries.has(e.pointer)) continue;
      issues.push(
        issue('policy-stale-entry', `access policy entry "${e.operation}" names no operation of the spec (use "METHOD /path" or an operationId)`, { in: 'policy', pointer: `${e.pointer}/operation` }, [], 'warning'),
      );
    }
  }
  return { audiences, reasons, issues };
}
