import frontMatterModule from 'front-matter';

// A CommonJS module whose typings declare an ES default export: its default import is the function
// itself (module.exports). Imported, not required, so the bundle holds it (required, Node's loader
// read it and js-yaml file by file on every run, ~15-20 ms).
const parseFrontMatter = frontMatterModule as unknown as <T>(text: string) => { attributes: T };

export type FrontmatterResult = { data: Record<string, unknown> } | { error: { message: string; line: number; column: number } };

/**
 * A page's frontmatter with the YAML semantics Mintlify uses: it reads frontmatter with the
 * `front-matter` package (js-yaml 3, safe load), which accepts what a strict YAML 1.2 parser
 * rejects, e.g. a quoted value continued on an unindented next line. Positions are in the page.
 */
export function readFrontmatter(text: string): FrontmatterResult {
  try {
    const { attributes } = parseFrontMatter<unknown>(text);
    return { data: attributes && typeof attributes === 'object' && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {} };
  } catch (err) {
    const e = err as { reason?: string; message: string; mark?: { line: number; column: number } };
    const reason = e.reason ?? e.message.split('\n')[0];
    // The YAML handed to js-yaml starts on the page's line 2 (after the opening `---`); marks are 0-based.
    return { error: badEntry(text, reason) ?? { message: reason, line: (e.mark?.line ?? -1) + 2, column: (e.mark?.column ?? 0) + 1 } };
  }
}

/** Frontmatter of a page that is not MDX-parsed (too large, too complex): only the leading `---` block is read. */
export function leadingFrontmatter(text: string): Record<string, unknown> {
  const m = /^---\n[\s\S]{0,65536}?\n---(?:\n|$)/.exec(text.slice(0, 70000));
  if (!m) return {};
  const read = readFrontmatter(m[0]);
  return 'data' in read ? read.data : {};
}

/** Beyond this many top-level keys the culprit is not searched for (js-yaml's own place is given). */
const MAX_ENTRIES = 100;

/** A top-level `key: value` line of the frontmatter. */
const ENTRY = /^([A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+|$)(.*)$/;

/**
 * Where a frontmatter that does not parse goes wrong, said so a writer can fix it: js-yaml places
 * an unclosed quote at the end of the block and calls `title: A: b` "incomplete explicit mapping
 * pair". The culprit is the top-level entry after the longest run of entries that parses on its
 * own (so a quoted value continued on the next line is not blamed for a later mistake); the
 * finding is at its value, with the fix.
 */
function badEntry(text: string, reason: string): { message: string; line: number; column: number } | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  let end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) end = lines.length;
  const starts: number[] = [];
  for (let i = 1; i < end; i++) if (ENTRY.test(lines[i])) starts.push(i);
  // Each try parses a prefix again: bounded, so a hostile block costs at most ~100 parses of 64 KiB.
  if (!starts.length || starts.length > MAX_ENTRIES || lines.slice(0, end).join('\n').length > 65536) return undefined;
  const parses = (upTo: number) => {
    try {
      parseFrontMatter(`---\n${lines.slice(1, upTo).join('\n')}\n---\n`);
      return true;
    } catch {
      return false;
    }
  };
  let k = starts.length - 1;
  while (k > 0 && !parses(starts[k])) k--;
  // Entries before starts[k] parse; find the first entry from there whose addition fails.
  while (k < starts.length && parses(k + 1 < starts.length ? starts[k + 1] : end)) k++;
  if (k >= starts.length) return undefined;
  const lineIndex = starts[k];
  const [, rawKey, value] = ENTRY.exec(lines[lineIndex])!;
  const key = rawKey.replace(/^["']|["']$/g, '');
  const column = lines[lineIndex].length - value.length + 1;
  const at = { line: lineIndex + 1, column };
  if (/duplicated mapping key/.test(reason) && starts.slice(0, k).some((i) => ENTRY.exec(lines[i])![1] === rawKey)) {
    return { ...at, column: 1, message: `frontmatter key "${key}" is given twice: keep one` };
  }
  const quote = value[0];
  if ((quote === '"' || quote === "'") && !closesOnLine(value)) {
    return { ...at, message: `frontmatter "${key}": the quoted value is never closed; close the quote: ${rawKey}: ${value.trimEnd()}${quote}` };
  }
  const written = value.trim();
  if (/^[[{]/.test(written)) {
    return { ...at, message: `frontmatter "${key}": ${reason}; a value starting with "${written[0]}" is read as a ${written[0] === '[' ? 'list' : 'map'}: close it, or quote the value if it is text: ${rawKey}: ${quoted(written)}` };
  }
  if (written !== '' && !/^[|>]/.test(written)) {
    const cause = written.includes(': ')
      ? ' (it holds ": ", which YAML reads as a key)'
      : written.includes(' #')
        ? ' (" #" starts a comment)'
        : /^[@`%&*!]/.test(written)
          ? ` (YAML reserves a leading "${written[0]}")`
          : '';
    return { ...at, message: `frontmatter "${key}": YAML cannot read this value unquoted${cause}; quote the value: ${rawKey}: ${quoted(written)}` };
  }
  return { ...at, message: `frontmatter "${key}": ${reason}` };
}

/** Whether a value starting with a quote closes it on its line (YAML doubles `'` inside '…'). */
function closesOnLine(value: string): boolean {
  return value[0] === '"' ? /^"(?:[^"\\]|\\.)*"\s*(?:#.*)?$/.test(value) : /^'(?:[^']|'')*'\s*(?:#.*)?$/.test(value);
}

/** The value as a YAML string that reads back as written. */
function quoted(value: string): string {
  if (!value.includes('"')) return `"${value.replace(/\\/g, '\\\\')}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
