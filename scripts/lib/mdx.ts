import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';

/** MDX pages are parsed with the same remark/micromark stack Mintlify renders them with. */

export interface ParsedMdx {
  tree?: Root;
  frontmatter: Record<string, unknown>;
  /** Set when the page does not parse (MDX syntax or frontmatter YAML). */
  error?: { message: string; line: number; column: number; rule: 'mdx-syntax' | 'frontmatter-syntax' };
}

const mdxProcessor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
const mdProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

export function parseMdx(text: string, plainMarkdown = false): ParsedMdx {
  let tree: Root;
  try {
    tree = (plainMarkdown ? mdProcessor : mdxProcessor).parse(text);
  } catch (err) {
    const e = err as { reason?: string; message: string; line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
    const place = e.place && 'start' in e.place && e.place.start ? e.place.start : e.place;
    return {
      frontmatter: {},
      error: { rule: 'mdx-syntax', message: e.reason ?? e.message, line: e.line ?? place?.line ?? 1, column: e.column ?? place?.column ?? 1 },
    };
  }
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) return { tree, frontmatter: {} };
  try {
    const data = parseYaml(yamlNode.value) as unknown;
    const frontmatter = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    return { tree, frontmatter };
  } catch (err) {
    const e = err as { message: string; linePos?: Array<{ line: number; col: number }> };
    // +1: the YAML starts on the line after the opening `---`.
    const line = (e.linePos?.[0]?.line ?? 1) + (yamlNode.position?.start.line ?? 1);
    return { tree, frontmatter: {}, error: { rule: 'frontmatter-syntax', message: e.message.split('\n')[0], line, column: e.linePos?.[0]?.col ?? 1 } };
  }
}
