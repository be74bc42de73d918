import path from 'node:path';
import { finding, type Finding } from '../lib/finding.js';
import type { PageFacts } from '../lib/mdx.js';

/**
 * `mdx-undefined-name`: an MDX expression reads a name that nothing defines. MDX compiles
 * `{curly}` in prose, `title={x.y}` and `{...props}` to JavaScript; a name no import, export,
 * enclosing arrow/function, JavaScript or browser global, or Mintlify scope defines throws a
 * ReferenceError when the page renders ("x is not defined"). The one exception is an expression
 * that is only a name, in prose: Mintlify removes it (remarkMdxRemoveUnusedVariables in
 * @mintlify/common: every such expression whose name the page does not export, other than `user`,
 * globals included) and the page renders without the text, so it is a warning.
 *
 * Snippets are not checked: their free names are the props their importer passes
 * (`<MySnippet word="x" />` fills `{word}`).
 */

/**
 * What Mintlify puts in scope without an import (@mintlify/common 1.0.1182, getMdx.js: `scope`
 * = codeStyling, config, pageMetadata; `user` for personalization; React hooks "pre-injected" per
 * Mintlify's React components page) and what MDX itself provides (`props`, `_components`).
 */
export const MINTLIFY_SCOPE = [
  'props', '_components', 'user', 'config', 'pageMetadata', 'codeStyling',
  'React', 'useState', 'useEffect', 'useRef', 'useCallback', 'useMemo', 'useContext', 'useReducer', 'useLayoutEffect', 'useId', 'useTransition', 'Fragment',
];

/** Mintlify's built-in components, which are in scope as values too. */
const MINTLIFY_COMPONENTS = (
  'Accordion AccordionGroup Badge Banner Callout Card CardGroup Check CodeBlock CodeGroup Color Column Columns Danger Expandable Frame Heading Icon Info ' +
  'Latex Mermaid Note Panel Param ParamField Prompt RequestExample ResponseExample ResponseField Snippet Step Steps Tab Tabs Tile Tip Tooltip Tree ' +
  'Update View Visibility Warning ZoomImage'
).split(' ');

/** Browser globals a page may read (Node's `globalThis` covers the language's own). */
const BROWSER_GLOBALS = (
  'window document navigator location localStorage sessionStorage history screen alert confirm prompt fetch XMLHttpRequest ' +
  'HTMLElement Element Node NodeList Event CustomEvent KeyboardEvent MouseEvent requestAnimationFrame cancelAnimationFrame ' +
  'getComputedStyle matchMedia innerWidth innerHeight outerWidth outerHeight devicePixelRatio scrollX scrollY open close print ' +
  'scrollTo scroll self top parent frames opener IntersectionObserver ResizeObserver MutationObserver Image Audio Option ' +
  'FileReader Blob File FormData URL URLSearchParams Headers Request Response AbortController WebSocket Worker crypto ' +
  'performance console setTimeout clearTimeout setInterval clearInterval queueMicrotask structuredClone atob btoa ' +
  'customElements indexedDB caches origin name status'
).split(' ');

const KNOWN = new Set<string>([...Object.getOwnPropertyNames(globalThis), ...BROWSER_GLOBALS, ...MINTLIFY_SCOPE, ...MINTLIFY_COMPONENTS, 'undefined', 'NaN', 'Infinity', 'arguments']);

/** Findings for one page's facts. */
export function undefinedNames(file: string, facts: Pick<PageFacts, 'esmNames' | 'expressionNames'>): Finding[] {
  const defined = new Set(facts.esmNames);
  const out: Finding[] = [];
  for (const n of facts.expressionNames) {
    // A bare `{name}` in prose is removed by Mintlify unless the page exports it (or it is `user`),
    // whatever globals hold; any other expression runs, and needs the name defined somewhere.
    if (defined.has(n.name) || (n.bare ? n.name === 'user' : KNOWN.has(n.name))) continue;
    const span = { start: { line: n.line, column: n.column }, end: { line: n.line, column: n.column + n.name.length } };
    out.push(
      n.bare
        ? finding(
            {
              check: 'site',
              rule: 'mdx-undefined-name',
              severity: 'warning',
              message: `{${n.name}} is an MDX expression and nothing defines \`${n.name}\`: Mintlify drops it and the text does not appear; to show the braces write \\{${n.name}\\} or \`{${n.name}}\`, or define it (export const ${n.name} = …)`,
              file,
            },
            span,
          )
        : finding(
            {
              check: 'site',
              rule: 'mdx-undefined-name',
              message: `\`${n.name}\` is not defined: the page fails to render (ReferenceError: ${n.name} is not defined); import or export it, or escape the braces (\\{ … \\}) if they are meant as text`,
              file,
            },
            span,
          ),
    );
  }
  return out;
}

/**
 * Files that are snippets: under a `snippets/` or `_snippets/` folder, or imported by a page
 * (`import X from '/snippets/x.mdx'`, `'./x.mdx'`). `pages`: each page's file (relative to the
 * root) and the sources it imports.
 */
export function snippetFiles(pages: Array<{ file: string; imports: string[] }>): Set<string> {
  const out = new Set<string>();
  const files = new Set(pages.map((p) => p.file));
  for (const p of pages) {
    if (/(^|\/)_?snippets\//.test(p.file)) out.add(p.file);
    for (const source of p.imports) {
      const clean = source.split(/[?#]/)[0];
      const rel = clean.startsWith('/') ? clean.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(p.file), clean));
      for (const candidate of [rel, `${rel}.mdx`, `${rel}.md`, `${rel}/index.mdx`]) if (files.has(candidate)) out.add(candidate);
    }
  }
  return out;
}

/** The rule over a site's pages (facts undefined: the page does not parse, `site` reports that). */
export function expressionFindings(pages: Array<{ file: string; text: string; facts: () => PageFacts | undefined }>): Finding[] {
  const withFacts = pages.filter((p) => p.text.includes('{') || /^import\s/m.test(p.text)).map((p) => ({ page: p, facts: p.facts() }));
  const snippets = snippetFiles(withFacts.map(({ page, facts }) => ({ file: page.file, imports: facts?.imports ?? [] })));
  const out: Finding[] = [];
  for (const { page, facts } of withFacts) {
    if (!facts || snippets.has(page.file) || !page.text.includes('{')) continue;
    out.push(...undefinedNames(page.file, facts));
  }
  return out;
}
