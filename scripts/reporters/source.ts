import { decodeText, readInside } from '../lib/files.js';
import type { Finding } from '../lib/finding.js';

/**
 * Source lines for code frames and secret masking, read on demand from the checked tree (the
 * report is built after the checks, and only for files with findings).
 */
export class SourceLines {
  private readonly cache = new Map<string, string[] | null>();
  constructor(private readonly root: string) {}

  /** 1-based line of a file, or undefined when the file is gone, binary or the line out of range. */
  line(file: string, line: number): string | undefined {
    let lines = this.cache.get(file);
    if (lines === undefined) {
      lines = null;
      // Through the one confined read: a finding on a symlink out of the tree shows no frame.
      // Frames are a convenience: never read a huge file just to show one line of it.
      const bytes = readInside(this.root, file, 8 * 1024 * 1024);
      if (bytes instanceof Buffer) {
        const decoded = decodeText(bytes);
        if ('text' in decoded) lines = decoded.text.split('\n');
      }
      this.cache.set(file, lines);
    }
    return lines?.[line - 1];
  }
}

export const MASK_CHAR = '*';

/** Column ranges (1-based, end exclusive) of `line` that hold a secret, from sensitive findings. */
export function secretRanges(findings: readonly Finding[], file: string, line: number, lineLength: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const f of findings) {
    if (!f.sensitive || f.file !== file || line < f.line || line > f.endLine) continue;
    const start = line === f.line ? f.column : 1;
    // A secret whose end is not known (or is the start) is masked to the end of the line.
    const end = line === f.endLine && (f.endLine > f.line || f.endColumn > f.column) ? f.endColumn : lineLength + 1;
    out.push([start, end]);
  }
  return out;
}

export function maskRanges(text: string, ranges: Array<[number, number]>): string {
  let out = text;
  for (const [start, end] of ranges) {
    const a = Math.max(0, start - 1);
    const b = Math.min(out.length, end - 1);
    if (b > a) out = out.slice(0, a) + MASK_CHAR.repeat(b - a) + out.slice(b);
  }
  return out;
}

/**
 * Every secret the run detected: the text of each sensitive finding's span (the tokens check hands
 * it over as `secret`; otherwise it is read back from the file).
 */
export function secretsOf(findings: readonly Finding[], root: string): Set<string> {
  const secrets = new Set<string>();
  let source: SourceLines | undefined;
  for (const f of findings) {
    if (!f.sensitive) continue;
    if (f.secret !== undefined) {
      secrets.add(f.secret);
      continue;
    }
    source ??= new SourceLines(root);
    for (let l = f.line; l <= f.endLine; l++) {
      const text = source.line(f.file, l);
      if (text === undefined) continue;
      for (const [a, b] of secretRanges([f], f.file, l, text.length)) secrets.add(text.slice(a - 1, b - 1));
    }
  }
  return secrets;
}
