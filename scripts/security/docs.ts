import { parseMdx } from '../lib/mdx.js';
import type { AccessPolicy } from './policy.js';

/** Rule 6 (page half): the Authentication page names both schemes and both header forms. */

export const AUTH_PAGE = 'docs/authentication.mdx';

export function authPageMentions(policy: AccessPolicy): Array<{ text: string; what: string }> {
  const { user, admin } = policy.schemes;
  return [
    { text: user.name, what: `the user scheme name \`${user.name}\`` },
    { text: admin.name, what: `the admin scheme name \`${admin.name}\`` },
    { text: `Authorization: ${user.format}`, what: `the user header form \`Authorization: ${user.format}\`` },
    { text: `Authorization: ${admin.format}`, what: `the admin header form \`Authorization: ${admin.format}\`` },
  ];
}

/**
 * What the page fails to mention, in the text a reader sees (whitespace-insensitive, so a wrapped
 * line still counts): see `renderedText`. A mention inside an MDX comment does not count.
 */
export function authPageMissing(text: string, policy: AccessPolicy): string[] {
  const flat = renderedText(text).replace(/\s+/g, ' ');
  return authPageMentions(policy)
    .filter((m) => !flat.includes(m.text.replace(/\s+/g, ' ')))
    .map((m) => m.what);
}

interface Node {
  type: string;
  value?: string;
  children?: Node[];
  attributes?: Array<{ type: string; value?: unknown }>;
  data?: { estree?: { body?: Array<{ type: string; expression?: Estree }> } };
}
type Estree = { type: string; value?: unknown; quasis?: Array<{ value: { cooked?: string } }>; expressions?: unknown[] };

/** Parents whose children run together in one line of text. */
const PHRASING = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell', 'mdxJsxTextElement']);

/**
 * The text of an MDX page as it renders: prose, code, inline code, the frontmatter's title and
 * description, string attributes of components (`<Card title="…">`) and expressions that are a
 * string (`{"…"}`). Not MDX comments (`{/* … *\/}`), imports and exports, or other expressions. A page
 * that does not parse renders nothing of its own; its source without comments is read instead (the
 * site check reports the syntax error).
 */
export function renderedText(text: string): string {
  const parsed = parseMdx(text, true);
  if (!parsed.tree) return text.replace(/\{\s*\/\*[\s\S]*?\*\/\s*\}/g, ' ');
  const out: string[] = [];
  for (const key of ['title', 'description']) {
    const value = parsed.frontmatter[key];
    if (typeof value === 'string') out.push(value);
  }
  const visit = (node: Node): string => {
    switch (node.type) {
      case 'yaml':
      case 'mdxjsEsm':
        return '';
      case 'text':
      case 'inlineCode':
      case 'code':
        return node.value ?? '';
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        return expressionText(node.data?.estree?.body?.[0]?.expression);
    }
    const attributes = (node.attributes ?? []).map((a) => (a.type === 'mdxJsxAttribute' && typeof a.value === 'string' ? a.value : '')).filter(Boolean);
    const children = (node.children ?? []).map(visit);
    return [...attributes, children.join(PHRASING.has(node.type) ? '' : ' ')].join(' ');
  };
  out.push(visit(parsed.tree as unknown as Node));
  return out.join(' ');
}

function expressionText(expression: Estree | undefined): string {
  if (!expression) return ''; // empty, or only a comment
  if (expression.type === 'Literal' && typeof expression.value === 'string') return expression.value;
  if (expression.type === 'TemplateLiteral' && expression.expressions?.length === 0) return expression.quasis?.map((q) => q.value.cooked ?? '').join('') ?? '';
  return '';
}
