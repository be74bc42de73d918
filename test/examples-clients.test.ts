import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectExamples } from '../scripts/checks/examples.js';
import type { Finding } from '../scripts/lib/finding.js';
import { Workspace } from '../scripts/lib/workspace.js';
import { copyToTemp, REPO } from './helpers/cli.js';

/**
 * Examples in the languages the guides use besides curl and fetch: Convex's own clients
 * (ConvexHttpClient / ConvexClient in JavaScript, `convex` in Python, React's useQuery) and Python
 * `requests`, each checked against the repository's reference like a curl example: the function
 * exists (re-exported paths too), the client's call is the function's kind, the credential style,
 * and the args against the function's validator.
 */

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'examples');
let dir: string;
beforeAll(() => {
  dir = copyToTemp(path.join(FIXTURES, 'site'), 'connvo-clients-');
  fs.copyFileSync(path.join(REPO, 'openapi.yaml'), path.join(dir, 'openapi.yaml'));
  fs.rmSync(path.join(dir, 'docs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'docs'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const block = (lang: string, code: string) => `\`\`\`${lang}\n${code}\n\`\`\`\n`;

/** The findings of one page holding `code` in a block of `lang`, each as [rule, line within the block]. */
async function check(lang: string, code: string): Promise<{ findings: Array<[string, number]>; messages: string[]; clients: string[] }> {
  const page = `---\ntitle: Clients\nhidden: true\n---\n\n${block(lang, code)}`;
  fs.writeFileSync(path.join(dir, 'docs', 'clients.mdx'), page);
  const { findings, examples } = await collectExamples(new Workspace(dir));
  const mine = findings.filter((f: Finding) => f.file === 'docs/clients.mdx');
  // The block's first code line is line 7 of the page.
  return { findings: mine.map((f) => [f.rule, f.line - 6]), messages: mine.map((f) => f.message), clients: examples.filter((e) => e.file === 'docs/clients.mdx').map((e) => `${e.client} ${e.status}`) };
}

const JS_CLIENT = `import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";

const client = new ConvexHttpClient("https://your-deployment.convex.cloud");
client.setAuth("<user-token>");`;

describe('examples: ConvexHttpClient and ConvexClient (JavaScript)', () => {
  it('a query called with client.query, the right args and a user token passes', async () => {
    const r = await check('javascript', `${JS_CLIENT}\nconst meeting = await client.query(api.meetings.queries.getMeeting, { meetingId: "j57meeting0001" });`);
    expect(r).toEqual({ findings: [], messages: [], clients: ['convex-client checked'] });
  });

  it('a query called with client.mutation: Convex refuses another kind', async () => {
    const r = await check('javascript', `${JS_CLIENT}\nawait client.mutation(api.meetings.queries.getMeeting, { meetingId: "j57meeting0001" });`);
    expect(r.findings).toEqual([['example-function-kind', 6]]);
    expect(r.messages[0]).toContain('runs a query, but the example calls it with client.mutation: Convex refuses another kind; call client.query');
  });

  it('an argument the validator does not have, and a deploy key where a user token is due', async () => {
    const wrongField = await check('javascript', `${JS_CLIENT}\nawait client.query(api.meetings.queries.getMeeting, { meetingID: "j57meeting0001" });`);
    // (a misspelt field: the unknown one and the missing one)
    expect(new Set(wrongField.findings.map(([rule]) => rule))).toEqual(new Set(['example-body-invalid']));
    expect(wrongField.messages.join('\n')).toMatch(/meetingID/);
    const adminKey = await check('javascript', JS_CLIENT.replace('client.setAuth("<user-token>")', 'client.setAdminAuth("<deploy-key>")') + '\nawait client.query(api.meetings.queries.getMeeting, { meetingId: "j57meeting0001" });');
    expect(adminKey.findings).toEqual([['example-auth', 5]]);
  });

  it('a function named as a string, a re-exported path through a variable, and onUpdate (a watched query)', async () => {
    const r = await check(
      'javascript',
      `import { ConvexClient } from "convex/browser";
const convex = new ConvexClient(process.env.CONVEX_URL);
convex.setAuth(async () => "<user-token>");
const notes = api.notes.index;
convex.onUpdate(notes.getMeetingNotes, { meetingId: "j57meeting0001" }, (n) => console.log(n));
await convex.mutation("notes/mutations:applyNoteOperation", { meetingId: "j57meeting0001", clientSequence: 0, operation: { type: "insert", position: 0, content: "Hi" } });`,
    );
    expect(r.clients).toEqual(['convex-client checked', 'convex-client checked']);
    expect(r.findings).toEqual([]);
  });

  it('without setAuth in the block the credential is unknown (set elsewhere), not missing; React useQuery is a query', async () => {
    const r = await check('tsx', `const meeting = useQuery(api.meetings.queries.getMeeting, { meetingId });\nconst m = useQuery(api.meetings.lifecycle.startMeeting, { meetingId });`);
    expect(r.findings).toEqual([['example-function-kind', 2]]);
    expect(r.messages[0]).toContain('call useMutation');
  });

  it('other objects\' query() calls are not Convex requests', async () => {
    const r = await check('javascript', `const rows = await db.query("users").collect();\nconst x = await knex.query(api.meetings.queries.getMeeting, {});`);
    expect(r.clients).toEqual([]);
  });
});

describe('examples: Python (the convex package and requests)', () => {
  it('the convex client: the right args pass, a wrong field fails', async () => {
    const ok = await check('python', `from convex import ConvexClient\n\nclient = ConvexClient("https://your-deployment.convex.cloud")\nclient.set_auth("<user-token>")\nclient.query("meetings/queries:getMeeting", {"meetingId": "j57meeting0001"})`);
    expect(ok).toMatchObject({ findings: [], clients: ['convex-client checked'] });
    const bad = await check('python', `from convex import ConvexClient\n\nclient = ConvexClient("https://your-deployment.convex.cloud")\nclient.query("meetings/queries:getMeeting", {"meeting": "j57meeting0001"})`);
    expect(new Set(bad.findings.map((f) => f.join(' ')))).toEqual(new Set(['example-body-invalid 4']));
  });

  it('requests: a wrong field and a missing header are caught as in a curl example', async () => {
    const url = 'https://your-deployment.convex.cloud/api/run/meetings/queries/getMeeting';
    const wrongField = await check('python', `import requests\n\nrequests.post(\n    "${url}",\n    headers={"Authorization": "Bearer <user-token>"},\n    json={"args": {"meetingID": "j57meeting0001"}, "format": "json"},\n)`);
    expect(new Set(wrongField.findings.map(([rule]) => rule))).toEqual(new Set(['example-body-invalid']));
    expect(wrongField.messages.join('\n')).toMatch(/meetingID/);
    const noHeader = await check('python', `import requests\n\nrequests.post(\n    "${url}",\n    json={"args": {"meetingId": "j57meeting0001"}, "format": "json"},\n)`);
    expect(noHeader.findings).toEqual([['example-auth', 3]]);
    expect(noHeader.messages[0]).toMatch(/requires bearerAuth .* but the example sends no credential/);
  });
});
