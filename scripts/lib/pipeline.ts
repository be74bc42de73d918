import { checks as registry } from '../checks/index.js';
import type { Check } from './check.js';
import { CannotRunError, compareFindings, type Finding } from './finding.js';
import { Workspace } from './workspace.js';

export interface Summary {
  errors: number;
  warnings: number;
  files: number;
}

export interface RunResult {
  findings: Finding[];
  summary: Summary;
}

export interface RunOptions {
  root: string;
  /** Check names; all registered checks when empty. */
  only?: string[];
  checks?: readonly Check[];
}

/** Load inputs once (lazily, on first use by a check), run the selected checks, collect findings. */
export async function runChecks(options: RunOptions): Promise<RunResult> {
  const available = options.checks ?? registry;
  const names = options.only?.length ? options.only : available.map((c) => c.name);
  const unknown = names.filter((n) => !available.some((c) => c.name === n));
  if (unknown.length) {
    throw new CannotRunError(`unknown check ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${available.map((c) => c.name).join(', ')})`);
  }
  const selected = available.filter((c) => names.includes(c.name));
  const workspace = new Workspace(options.root);
  const ctx = { workspace, selected: new Set(selected.map((c) => c.name)) };
  const perCheck = await Promise.all(selected.map(async (check) => check.run(ctx)));
  const findings = dedupe([...workspace.loadFindings, ...perCheck.flat()]).sort(compareFindings);
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      files: workspace.filesRead.size,
    },
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
