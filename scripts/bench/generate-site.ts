/**
 * A large, realistic docs tree for the benchmark: an OpenAPI 3.1 spec of many Convex operations
 * built on shared components, MDX pages with Mintlify components and code examples, a mint.json
 * listing them all, and a few planted tokens. Everything comes from one seeded PRNG, so a run is
 * reproducible, and token-shaped strings are only ever assembled at run time (none is written in
 * this file).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SiteSize {
  operations: number;
  pages: number;
  /** Total bytes of all MDX pages, about. */
  pageBytes: number;
  plantedTokens: number;
}

/** The size the issue names as 1x: ~4,000 operations, ~3,000 pages, ~50 MiB of MDX. */
export const BASE_SIZE: SiteSize = { operations: 4000, pages: 3000, pageBytes: 50 * 1024 * 1024, plantedTokens: 24 };

export function scaledSize(scale: number): SiteSize {
  return {
    operations: Math.max(8, Math.round(BASE_SIZE.operations * scale)),
    pages: Math.max(6, Math.round(BASE_SIZE.pages * scale)),
    pageBytes: Math.max(64 * 1024, Math.round(BASE_SIZE.pageBytes * scale)),
    plantedTokens: Math.max(4, Math.round(BASE_SIZE.plantedTokens * scale)),
  };
}

/** mulberry32: tiny, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'meeting participant transcript insight prompt note session token deploy key schema migration backfill ' +
  'query mutation action envelope argument response error status value user profile onboarding interest ' +
  'circuit breaker batch audit log matching cycle realtime bandwidth request header bearer credential ' +
  'playground endpoint function module deployment convex workos callback redirect cookie rotate scope ' +
  'environment admin automation health liveness payload format json field optional required default'
).split(' ');
const TAGS = ['Users', 'Meetings', 'Notes', 'Transcripts', 'Insights', 'Prompts', 'Admin', 'System', 'Matching', 'Audit'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class Gen {
  constructor(readonly rand: () => number) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }
  sentence(): string {
    const s = this.words(8 + this.int(12));
    return s[0].toUpperCase() + s.slice(1) + '.';
  }
  /**
   * A credential shaped like one secretlint's recommended preset reports. The prefixes are split so
   * that no token-like literal exists in this source file.
   */
  token(): string {
    switch (this.int(4)) {
      case 0:
        return ['gh', 'p_'].join('') + this.chars(ALNUM, 36);
      case 1:
        return ['np', 'm_'].join('') + this.chars(ALNUM, 36);
      case 2:
        return ['AK', 'IA'].join('') + this.chars(UPPER_NUM, 16);
      default:
        return ['xo', 'xb-'].join('') + this.chars('0123456789', 12) + '-' + this.chars('0123456789', 13) + '-' + this.chars(ALNUM, 24);
    }
  }
}

interface Operation {
  path: string;
  id: string;
  tag: string;
  admin: boolean;
  argSchema: string;
  valueSchema: string;
}

function operations(g: Gen, count: number, schemaCount: number): Operation[] {
  const ops: Operation[] = [];
  const modules = Math.max(1, Math.ceil(count / 20));
  for (let i = 0; i < count; i++) {
    const mod = `module${i % modules}`;
    const kind = g.pick(['queries', 'mutations', 'actions']);
    const fn = `${g.pick(WORDS)}${g.pick(WORDS)[0].toUpperCase()}${g.pick(WORDS).slice(1)}${i}`;
    const tag = TAGS[i % TAGS.length];
    ops.push({
      path: `/api/run/${mod}/${kind}/${fn}`,
      id: `${mod}.${kind}.${fn}`,
      tag,
      admin: tag === 'Admin',
      argSchema: `Args${g.int(schemaCount)}`,
      valueSchema: `Value${g.int(schemaCount)}`,
    });
  }
  return ops;
}

function specYaml(g: Gen, ops: Operation[], schemaCount: number): string {
  const out: string[] = [];
  out.push(
    'openapi: 3.1.0',
    'info:',
    '  title: Generated Connvo API',
    '  version: 1.0.0',
    '  description: A generated spec for the benchmark.',
    '  license:',
    '    name: MIT',
    '    identifier: MIT',
    'servers:',
    '  - url: https://{deployment}.convex.cloud',
    '    description: A Convex deployment',
    '    variables:',
    '      deployment:',
    '        default: your-deployment',
    '        description: The deployment name.',
    'security:',
    '  - bearerAuth: []',
    'tags:',
    ...TAGS.flatMap((t) => [`  - name: ${t}`, `    description: ${g.sentence()}`]),
    'paths:',
  );
  for (const op of ops) {
    out.push(
      `  ${op.path}:`,
      '    post:',
      `      operationId: ${op.id}`,
      `      summary: ${g.words(4)}`,
      `      description: ${g.sentence()}`,
      `      tags: [${op.tag}]`,
      '      security:',
      op.admin ? '        - convexDeploy: []' : '        - bearerAuth: []',
      '      requestBody:',
      '        required: true',
      '        content:',
      '          application/json:',
      '            schema:',
      `              $ref: '#/components/schemas/${op.argSchema}Request'`,
      '            example:',
      '              args:',
      `                id: ${g.words(1)}-${g.int(1000)}`,
      '              format: json',
      '      responses:',
      "        '200':",
      `          description: ${g.sentence()}`,
      '          content:',
      '            application/json:',
      '              schema:',
      `                $ref: '#/components/schemas/${op.valueSchema}Success'`,
      '              example:',
      '                status: success',
      '                value:',
      `                  id: ${g.words(1)}-${g.int(1000)}`,
      `                  name: ${g.words(2)}`,
      "        '400':",
      "          $ref: '#/components/responses/BadRequest'",
      op.admin ? "        '403':" : "        '401':",
      op.admin ? "          $ref: '#/components/responses/Forbidden'" : "          $ref: '#/components/responses/Unauthorized'",
      "        '500':",
      "          $ref: '#/components/responses/ServerError'",
    );
  }
  out.push(
    'components:',
    '  securitySchemes:',
    '    bearerAuth:',
    '      type: http',
    '      scheme: bearer',
    '      bearerFormat: JWT',
    "      description: 'WorkOS user JWT: `Authorization: Bearer <user-token>`.'",
    '    convexDeploy:',
    '      type: apiKey',
    '      in: header',
    '      name: Authorization',
    "      description: 'Convex deploy key, sent as `Authorization: Convex <deploy-key>`.'",
    '  schemas:',
    '    ErrorEnvelope:',
    '      type: object',
    '      required: [status, errorMessage]',
    '      properties:',
    '        status:',
    '          const: error',
    '        errorMessage:',
    '          type: string',
    '        errorData: {}',
    '        logLines:',
    '          type: array',
    '          items:',
    '            type: string',
    '    Entity:',
    '      type: object',
    '      required: [id]',
    '      properties:',
    '        id:',
    '          type: string',
    '        name:',
    '          type: string',
    '        children:',
    '          type: array',
    '          items:',
    "            $ref: '#/components/schemas/Entity'",
  );
  for (let i = 0; i < schemaCount; i++) {
    out.push(
      `    Args${i}Request:`,
      '      type: object',
      '      additionalProperties: false',
      '      required: [args, format]',
      '      properties:',
      '        args:',
      `          $ref: '#/components/schemas/Args${i}'`,
      '        format:',
      '          const: json',
      `    Args${i}:`,
      '      type: object',
      '      properties:',
      '        id:',
      '          type: string',
      ...Array.from({ length: 1 + g.int(4) }, (_, k) => [`        ${g.pick(WORDS)}${k}:`, `          type: ${g.pick(['string', 'number', 'boolean'])}`, `          description: ${g.sentence()}`]).flat(),
      `    Value${i}Success:`,
      '      type: object',
      '      required: [status, value]',
      '      properties:',
      '        status:',
      '          const: success',
      '        value:',
      "          $ref: '#/components/schemas/Entity'",
    );
  }
  out.push('  responses:');
  for (const [name, what] of [['BadRequest', 'The arguments do not match the function.'], ['Unauthorized', 'Missing or invalid bearer token.'], ['Forbidden', 'The credential may not call this function.'], ['ServerError', 'The function threw.']]) {
    out.push(
      `    ${name}:`,
      `      description: ${what}`,
      '      content:',
      '        application/json:',
      '          schema:',
      "            $ref: '#/components/schemas/ErrorEnvelope'",
      '          example:',
      '            status: error',
      `            errorMessage: ${what}`,
    );
  }
  return out.join('\n') + '\n';
}

/** One guide page of about `target` bytes: prose, headings, components, examples. */
function pageMdx(g: Gen, title: string, target: number, ops: Operation[], routes: string[], token?: string): string {
  const out: string[] = ['---', `title: ${title}`, `description: ${g.sentence()}`, '---', '', g.sentence() + ' ' + g.sentence(), ''];
  let size = out.join('\n').length;
  let section = 0;
  let tokenPlaced = token === undefined;
  const push = (block: string) => {
    out.push(block, '');
    size += block.length + 2;
  };
  while (size < target) {
    section++;
    push(`## ${g.words(3)} ${section}`);
    push(Array.from({ length: 3 + g.int(4) }, () => g.sentence()).join(' ') + ` See [${g.words(2)}](/${g.pick(routes)}).`);
    const op = g.pick(ops);
    switch (g.int(5)) {
      case 0:
        push(
          '```bash\n' +
            `curl -X POST https://your-deployment.convex.cloud${op.path} \\\n` +
            `  -H "Authorization: ${op.admin ? 'Convex <deploy-key>' : 'Bearer <user-token>'}" \\\n` +
            '  -H "Content-Type: application/json" \\\n' +
            `  -d '{"args": {"id": "${g.words(1)}"}, "format": "json"}'\n` +
            '```',
        );
        break;
      case 1:
        push('```json\n' + JSON.stringify({ status: 'success', value: { id: g.words(1), name: g.words(2) } }, null, 2) + '\n```');
        break;
      case 2:
        push(`<Note>\n${g.sentence()} Use \`${op.admin ? 'Convex <deploy-key>' : 'Bearer <user-token>'}\` for \`${op.id}\`.\n</Note>`);
        break;
      case 3:
        push(
          '<Steps>\n' +
            Array.from({ length: 3 }, (_, i) => `  <Step title="${g.words(2)} ${i + 1}">\n    ${g.sentence()}\n  </Step>`).join('\n') +
            '\n</Steps>',
        );
        break;
      default:
        push('| field | type | meaning |\n| --- | --- | --- |\n' + Array.from({ length: 4 }, () => `| \`${g.pick(WORDS)}\` | ${g.pick(['string', 'number', 'boolean'])} | ${g.words(6)} |`).join('\n'));
    }
    if (!tokenPlaced && size > target / 2) {
      // A credential pasted into an example: what the tokens check and secretlint must find.
      push('```bash\n' + `curl -H "Authorization: Bearer ${token}" https://your-deployment.convex.cloud${op.path}\n` + '```');
      tokenPlaced = true;
    }
  }
  return out.join('\n');
}

export interface GeneratedSite {
  root: string;
  size: SiteSize;
  specBytes: number;
  pageBytes: number;
  tokens: number;
}

/** Write the site into `root` (which must be empty or absent). */
export function generateSite(root: string, size: SiteSize, seed = 20240601): GeneratedSite {
  const g = new Gen(prng(seed));
  fs.mkdirSync(path.join(root, 'docs', 'guides'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs', 'api-reference'), { recursive: true });
  const schemaCount = Math.max(4, Math.round(size.operations / 20));
  const ops = operations(g, size.operations, schemaCount);
  const spec = specYaml(g, ops, schemaCount);
  fs.writeFileSync(path.join(root, 'openapi.yaml'), spec);

  // A third of the pages are per-operation reference pages (short, `openapi:` frontmatter); the
  // rest are guides that carry the bytes.
  const refCount = Math.min(ops.length, Math.floor(size.pages / 3));
  const guideCount = size.pages - refCount;
  const refRoutes = ops.slice(0, refCount).map((_, i) => `docs/api-reference/op-${i}`);
  const guideRoutes = Array.from({ length: guideCount }, (_, i) => `docs/guides/guide-${i}`);
  const routes = [...guideRoutes, ...refRoutes];
  let pageBytes = 0;
  refRoutes.forEach((route, i) => {
    const op = ops[i];
    const text = ['---', `title: ${g.words(3)}`, `openapi: POST ${op.path}`, '---', '', g.sentence(), ''].join('\n');
    fs.writeFileSync(path.join(root, `${route}.mdx`), text);
    pageBytes += text.length;
  });
  const perGuide = Math.max(512, Math.round((size.pageBytes - pageBytes) / Math.max(1, guideCount)));
  const tokenEvery = Math.max(1, Math.floor(guideCount / size.plantedTokens));
  let tokens = 0;
  guideRoutes.forEach((route, i) => {
    const token = i % tokenEvery === 0 && tokens < size.plantedTokens ? g.token() : undefined;
    if (token) tokens++;
    // ±50% around the mean, so pages are not all alike.
    const target = Math.round(perGuide * (0.5 + g.rand()));
    const text = pageMdx(g, `${g.words(3)} guide ${i}`, target, ops, routes, token);
    fs.writeFileSync(path.join(root, `${route}.mdx`), text);
    pageBytes += Buffer.byteLength(text);
  });

  const groups: Array<{ group: string; pages: string[] }> = [];
  for (let i = 0; i < guideRoutes.length; i += 100) groups.push({ group: `Guides ${i / 100 + 1}`, pages: guideRoutes.slice(i, i + 100) });
  for (const tag of TAGS) {
    const pages = refRoutes.filter((_, i) => ops[i].tag === tag);
    if (pages.length) groups.push({ group: `API reference: ${tag}`, pages });
  }
  const mint = {
    $schema: 'https://mintlify.com/schema.json',
    name: 'Generated',
    logo: { dark: '/logo.svg', light: '/logo.svg' },
    favicon: '/logo.svg',
    colors: { primary: '#4F46E5', light: '#818CF8', dark: '#3730A3' },
    navigation: groups,
  };
  fs.writeFileSync(path.join(root, 'mint.json'), JSON.stringify(mint, null, 2) + '\n');
  fs.writeFileSync(path.join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#4F46E5"/></svg>\n');
  return { root, size, specBytes: Buffer.byteLength(spec), pageBytes, tokens };
}
