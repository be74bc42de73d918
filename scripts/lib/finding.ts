/** The one shape every check returns and every reporter consumes (see README, "CLI contract"). */
export type Severity = 'error' | 'warning';

export interface Finding {
  check: string;
  rule: string;
  severity: Severity;
  message: string;
  /** Relative to the checked root, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * The span holds a secret (tokens check). Not part of the JSON contract: reporters use it to
   * mask the span wherever they would show source text (code frames, snippets).
   */
  sensitive?: boolean;
  /**
   * The secret itself (tokens check), never printed: every reporter masks it wherever any finding
   * quotes it (see reporters/scrub.ts).
   */
  secret?: string;
}

export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** A check could not run at all (missing input, bad usage): exit 2, one line on stderr. */
export class CannotRunError extends Error {
  override name = 'CannotRunError';
}

/** A check threw (a bug in it, or input it did not expect): names the check, keeps the cause for --debug. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
  constructor(
    readonly check: string,
    override readonly cause: unknown,
  ) {
    super(`check "${check}" failed: ${firstLine(cause)}`);
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] || (err instanceof Error ? err.name : 'unknown error');
}

export function finding(
  base: { check: string; rule: string; severity?: Severity; message: string; file: string },
  span?: Partial<Span>,
): Finding {
  const start = span?.start ?? { line: 1, column: 1 };
  const end = span?.end ?? start;
  return {
    check: base.check,
    rule: base.rule,
    severity: base.severity ?? 'error',
    message: base.message,
    file: base.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.check.localeCompare(b.check) ||
    a.rule.localeCompare(b.rule)
  );
}
