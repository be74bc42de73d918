import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { Scrubber } from './scrub.js';
import { secretsOf } from './source.js';
import { formatStylish } from './stylish.js';

export interface ReportOptions {
  color: boolean;
  /** Absolute root, for reporters that show code frames. */
  root: string;
}

export type Reporter = (findings: Finding[], summary: Summary, options: ReportOptions) => string;

/**
 * Every format goes through one scrub (scrub.ts): each secret any finding of the run detected is
 * masked and each control character escaped, in the findings' fields and again in the whole
 * output (code frames included), so no check and no reporter can print either.
 */
const masked =
  (reporter: Reporter): Reporter =>
  (findings, summary, options) => {
    const scrub = new Scrubber(secretsOf(findings, options.root));
    return scrub.output(reporter(findings.map((f) => scrub.finding(f)), summary, options));
  };

export const reporters = {
  stylish: masked(formatStylish),
  json: masked(formatJson),
  sarif: masked(formatSarif),
  github: masked(formatGithub),
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
