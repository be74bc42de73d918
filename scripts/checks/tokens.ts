import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { CannotRunError, type Finding } from '../lib/finding.js';
import type { Workspace } from '../lib/workspace.js';
import { tokenScanFiles } from '../tokens/files.js';
import type { LintMessage } from '../tokens/lint-worker.mjs';
import { lintTexts, type ScanItem } from '../tokens/scan.js';

/**
 * The project's rule package (masking, fingerprints), loaded when a text has a finding: it imports
 * secretlint's whole recommended preset, which the scan itself loads in its worker thread.
 */
type RulePackage = typeof import('@connvo/secretlint-rule-connvo');

/**
 * Check `tokens`: secretlint, with the project's .secretlintrc.json (the recommended preset plus
 * @connvo/secretlint-rule-connvo), over every text file of the tree. Findings carry the token's
 * kind and a masked form, never the token.
 */

export const SECRETLINT_CONFIG = path.resolve(import.meta.dirname, '..', '..', '.secretlintrc.json');

const PRESET_RULE_PREFIX = '@secretlint/secretlint-rule-';

/** `connvo/jwt` → `jwt`; `@secretlint/secretlint-rule-github` → `github`. */
export function shortRuleId(ruleId: string): string {
  if (ruleId.startsWith('connvo/')) return ruleId.slice('connvo/'.length);
  if (ruleId.startsWith(PRESET_RULE_PREFIX)) return ruleId.slice(PRESET_RULE_PREFIX.length);
  return ruleId;
}

/**
 * The message with every trace of the secret replaced by its masked form. The project preset already
 * masks (its rules' messages and the recommended preset's, which it runs); a recommended preset listed
 * on its own puts the raw value in its messages (and in `data`).
 */
export function maskedMessage(message: LintMessage, secret: string, { fingerprint, mask }: RulePackage): string {
  // The project preset masks its own messages and those of the recommended-preset rules it runs.
  const ours = message.ruleId.startsWith('connvo/') || message.ruleParentId === '@connvo/secretlint-rule-connvo';
  let text = message.message;
  if (!ours) {
    const values = new Set<string>([secret]);
    const collect = (v: unknown) => {
      // Only values that are (part of) the secret: the rest (a token type name) stays readable.
      if (typeof v === 'string' && v.length >= 6 && (secret.includes(v) || v.includes(secret))) values.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(message.data);
    for (const v of [...values].sort((a, b) => b.length - a.length)) text = text.split(v).join(mask(v));
  }
  // Last line of defence: any 12 characters of the secret left in the message replace it whole.
  for (let i = 0; i + 12 <= secret.length; i += 6) {
    if (text.includes(secret.slice(i, i + 12))) return `${shortRuleId(message.ruleId)} secret ${mask(secret)} [${fingerprint(secret)}]`;
  }
  if (!ours) text = `${text.replace(/^found /, '')} [${fingerprint(secret)}]`;
  return text;
}

/**
 * What to write instead of a token of this rule: the placeholder form this site's docs use
 * (`<user-token>`, `<deploy-key>`), from the rule and, for a credential found by its position, the
 * word before it.
 */
export function placeholderFor(rule: string, before: string): string {
  if (rule === 'jwt') return '<user-token>';
  if (rule === 'convex-deploy-key' || rule === 'convex-admin-key') return '<deploy-key>';
  if (rule === 'url-credentials') return '<password>';
  if (rule === 'private-key') return '<private-key>';
  if (rule === 'aws') return '<aws-secret-access-key>';
  if (rule === 'workos-api-key') return '<workos-api-key>';
  if (rule === 'stripe-secret-key') return '<stripe-secret-key>';
  if (rule === 'credential-in-position') {
    if (/\bBearer\s+$/i.test(before)) return '<user-token>';
    if (/\bConvex\s+$/.test(before)) return '<deploy-key>';
    return '<api-key>';
  }
  return `<${rule}-token>`;
}

/** How a deliberate sample is marked in this kind of file (README: "Marking a deliberate sample"). */
export function sampleMarker(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
  const comment = '-- <why it must stay>';
  if (ext === '.mdx') return `{/* secretlint-disable-next-line ${comment} */} on the line before (in a code block, the code's own # or // comment)`;
  if (ext === '.md' || ext === '.html') return `<!-- secretlint-disable-next-line ${comment} --> on the line before`;
  if (['.yaml', '.yml', '.sh', '.bash', '.zsh', '.py', '.rb', '.toml', '.env', '.ini', '.conf'].includes(ext) || base.startsWith('.env') || base === 'dockerfile') {
    return `# secretlint-disable-next-line ${comment} on the line before`;
  }
  if (['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.go', '.java', '.kt', '.swift', '.c', '.cc', '.cpp', '.cs', '.rs', '.php', '.scss', '.css'].includes(ext)) {
    return `// secretlint-disable-next-line ${comment} on the line before`;
  }
  return 'an entry in the allow list of .secretlintrc.json (the masked form and fingerprint above, and a reason)';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

export function toFindings(file: string, text: string, messages: LintMessage[], rules: RulePackage): Finding[] {
  if (messages.length === 0) return [];
  const starts = lineStarts(text);
  const findings = messages.map((m) => {
    const secret = text.slice(m.range[0], m.range[1]);
    const start = position(starts, m.range[0]);
    const end = position(starts, m.range[1]);
    return {
      check: 'tokens',
      rule: shortRuleId(m.ruleId),
      severity: m.severity === 'warning' || m.severity === 'info' ? ('warning' as const) : ('error' as const),
      message: `${maskedMessage(m, secret, rules)}: write a placeholder such as ${placeholderFor(shortRuleId(m.ruleId), text.slice(Math.max(0, m.range[0] - 12), m.range[0]))} instead; to keep a deliberate sample, mark it with ${sampleMarker(file)}`,
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      sensitive: true,
      secret,
      range: m.range,
    };
  });
  // The generic rule yields to any other rule that reports the same text.
  const kept = findings.filter(
    (f) => f.rule !== 'credential-in-position' || !findings.some((o) => o !== f && o.rule !== f.rule && o.range[0] < f.range[1] && f.range[0] < o.range[1]),
  );
  return kept.map(({ range: _range, ...f }) => f);
}

/** Text of every file to scan (BOM dropped, CRLF normalised, as every check reads it). */
function scanItems(ws: Workspace): ScanItem[] {
  const items: ScanItem[] = [];
  for (const file of tokenScanFiles(ws.root)) {
    const decoded = ws.readText(file);
    if ('text' in decoded) items.push({ file, text: decoded.text });
    // Binary or non-UTF-8 files hold no text tokens secretlint's text rules could find.
  }
  return items;
}

/** A scan and what it needs to become findings. */
interface Scan {
  items: ScanItem[];
  messages: Promise<Array<LintMessage[]>>;
}

/** Scans started by `prefetch`, per run (a run has one workspace). */
const started = new WeakMap<Workspace, Scan>();

function startScan(workspace: Workspace, background: boolean): Scan {
  const items = scanItems(workspace);
  // Under --watch, each file's messages are kept by its content (until the config or another
  // non-page file changes): a save re-lints the saved file only. With --cache, a clean file's
  // result is kept across runs by its content and the secretlint config's (the rules' code is in
  // the cache's version).
  const store = workspace.results;
  const byContent = workspace.keepsResults || store !== undefined;
  const kept = workspace.memo('tokens:messages', () => new Map<string, LintMessage[]>());
  const keys = items.map((it) => (byContent ? `${it.file}\0${workspace.textHash(it.file, it.text)}` : it.file));
  const config = store && `tokens\0${createHash('sha256').update(fs.readFileSync(SECRETLINT_CONFIG)).digest('base64')}\0`;
  if (store) {
    for (const key of keys) {
      const stored = kept.has(key) ? undefined : store.get<LintMessage[]>(config + key);
      if (stored) kept.set(key, stored);
    }
  }
  const todo = items.filter((_, i) => !kept.has(keys[i]));
  const todoKeys = keys.filter((k) => !kept.has(k));
  const messages = (async () => {
    let results = new Map<string, LintMessage[]>();
    try {
      // Nothing to lint (all kept): secretlint is not even loaded.
      if (todo.length) results = await lintTexts(todo, { configFile: SECRETLINT_CONFIG, background });
    } catch (err) {
      // A bad .secretlintrc.json (an allowlist entry without a reason, an unknown rule) stops the run.
      const text = (err as Error).message ?? String(err);
      throw new CannotRunError(`${path.basename(SECRETLINT_CONFIG)}: ${text.split('\n').filter(Boolean).slice(0, 2).join(' ')}`);
    }
    for (const [i, it] of todo.entries()) {
      const found = results.get(it.file) ?? [];
      kept.set(todoKeys[i], found);
      // Only a clean file's result goes to disk: secretlint's messages quote what they found, and
      // a detected secret is written nowhere (a file with findings is scanned again each run).
      if (!found.length) store?.set(config + todoKeys[i], found, []);
    }
    return keys.map((k) => kept.get(k)!);
  })();
  messages.catch(() => undefined); // reported when `run` awaits it
  return { items, messages };
}

export const tokensCheck: Check = {
  ...CHECK_INFO.tokens,
  /**
   * The scan starts before the other checks and runs in a worker thread beside them (secretlint
   * is then imported there, not on the main thread): on this repository it took ~0.3-0.4 s of a
   * run that is otherwise one thread's work.
   */
  prefetch({ workspace }) {
    started.set(workspace, startScan(workspace, true));
  },
  async run({ workspace }) {
    const scan = started.get(workspace) ?? startScan(workspace, false);
    started.delete(workspace);
    const messages = await scan.messages;
    const rules = messages.some((m) => m.length) ? await import('@connvo/secretlint-rule-connvo') : undefined;
    return scan.items.flatMap((it, i) => toFindings(it.file, it.text, messages[i], rules!));
  },
};
