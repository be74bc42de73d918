import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { maskFindings } from './source.js';
import { formatStylish } from './stylish.js';

export interface ReportOptions {
  color: boolean;
  /** Absolute root, for reporters that show code frames. */
  root: string;
}

export type Reporter = (findings: Finding[], summary: Summary, options: ReportOptions) => string;

/** Every format gets findings whose messages hold no secret text (see maskFindings). */
const masked =
  (reporter: Reporter): Reporter =>
  (findings, summary, options) =>
    reporter(maskFindings(findings, options.root), summary, options);

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
