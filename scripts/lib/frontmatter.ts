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
    // The YAML handed to js-yaml starts on the page's line 2 (after the opening `---`); marks are 0-based.
    return { error: { message: e.reason ?? e.message.split('\n')[0], line: (e.mark?.line ?? -1) + 2, column: (e.mark?.column ?? 0) + 1 } };
  }
}

/** Frontmatter of a page that is not MDX-parsed (too large, too complex): only the leading `---` block is read. */
export function leadingFrontmatter(text: string): Record<string, unknown> {
  const m = /^---\n[\s\S]{0,65536}?\n---(?:\n|$)/.exec(text.slice(0, 70000));
  if (!m) return {};
  const read = readFrontmatter(m[0]);
  return 'data' in read ? read.data : {};
}
