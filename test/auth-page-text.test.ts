import { describe, expect, it } from 'vitest';
import { renderedText } from '../scripts/security/docs.js';

describe('the Authentication page is read as it renders', () => {
  const page = [
    '---',
    'title: Authentication',
    '---',
    "import { Note } from '/snippets/note.mdx'",
    '',
    '{/* TODO: mention `hiddenScheme` once it ships */}',
    '',
    '| Scheme | Header |',
    '| --- | --- |',
    '| `tableScheme` | `Authorization: Bearer <user-token>` |',
    '',
    '<ParamField header="Authorization: Convex <deploy-key>" type="string">The **admin** key.</ParamField>',
    '',
    '```bash',
    'curl -H "X-Code: inCode" https://x.test',
    '```',
    '',
    'A string expression: {"literalScheme"}, and a wrapped code span `Authorization: Bearer',
    '<wrapped-token>` here.',
  ].join('\n');

  it('keeps prose, tables, code, component attributes and string expressions; drops comments and imports', () => {
    const text = renderedText(page).replace(/\s+/g, ' ');
    for (const seen of ['Authentication', 'tableScheme', 'Authorization: Bearer <user-token>', 'Authorization: Convex <deploy-key>', 'The admin key.', 'inCode', 'literalScheme', 'Authorization: Bearer <wrapped-token>']) {
      expect(text).toContain(seen);
    }
    expect(text).not.toContain('hiddenScheme');
    expect(text).not.toContain('/snippets/note.mdx');
  });

  it('a page that does not parse is read without its comments', () => {
    expect(renderedText('<Card>\n{/* `secret` */} open `shown`')).not.toContain('secret');
  });
});
