import type { Severity } from '../lib/finding.js';

/**
 * What a security rule reports, before it becomes a Finding: rules are pure functions of the parsed
 * spec and policy, and name the offending node by JSON pointer; the check turns pointers into
 * file:line:column.
 */
export interface Issue {
  rule: string;
  severity: Severity;
  message: string;
  /** Which file the pointer is in. */
  in: 'spec' | 'policy';
  pointer: string;
  /** Point at the key of the node (`security:`) rather than its value. */
  key?: boolean;
  /** Operation labels and scheme names the issue is about: lets later rules avoid repeating it. */
  about: string[];
}

export function issue(rule: string, message: string, at: { in?: 'spec' | 'policy'; pointer: string; key?: boolean }, about: string[] = [], severity: Severity = 'error'): Issue {
  return { rule, severity, message, in: at.in ?? 'spec', pointer: at.pointer, key: at.key, about };
}
