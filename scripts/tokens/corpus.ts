import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seeded generator of a labelled corpus for the token rules: fake but well-formed tokens of every
 * kind in the doc contexts where they leak (curl lines, ParamField defaults, OpenAPI examples, .env
 * files, SDK snippets, JSON responses, tables, GitHub Actions, docker-compose), and negatives of
 * every placeholder and look-alike kind. Nothing here is a literal token: every value is assembled
 * from a PRNG at run time, so the same seed gives the same corpus and the repo holds no secret.
 */

// ------------------------------------------------------------------ PRNG

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** mulberry32 */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CONVEX_ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

const b64url = (b: Buffer) => b.toString('base64url');
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
const ulid = (r: Rng) => `01${r.chars(CROCKFORD, 24)}`;
const ANIMALS = ['happy-animal', 'brave-otter', 'quiet-heron', 'lucky-panda', 'tidy-lynx', 'bold-falcon', 'calm-walrus', 'swift-koala'];
const deploymentName = (r: Rng) => `${r.pick(ANIMALS)}-${r.range(100, 999)}`;
const slug = (r: Rng) => r.pick(['acme', 'connvo', 'northwind', 'initech', 'globex']) + '-' + r.pick(['web', 'api', 'app', 'docs']);

/** Random string with at least one lower, upper and digit (what key generators emit). */
function mixed(r: Rng, n: number, alphabet = ALNUM): string {
  for (;;) {
    const s = r.chars(alphabet, n);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

// ------------------------------------------------------------------ token makers

function jwt(r: Rng, iss: string, extra: Record<string, unknown> = {}): string {
  const alg = r.pick(['RS256', 'RS256', 'ES256', 'HS256', 'PS256']);
  const header: Record<string, unknown> = { alg, typ: 'JWT' };
  if (alg !== 'HS256') header.kid = r.chars(ALNUM + '_-', 20);
  const now = 1_700_000_000 + r.int(50_000_000);
  const payload = { iss, sub: `user_${ulid(r)}`, iat: now, exp: now + 300, ...extra };
  const sigBytes = alg === 'HS256' ? 32 : alg === 'ES256' ? 64 : 256;
  return `${b64url(Buffer.from(JSON.stringify(header)))}.${b64url(Buffer.from(JSON.stringify(payload)))}.${b64url(r.bytes(sigBytes))}`;
}

function privateKeyBody(r: Rng, kind: 'rsa' | 'ec' | 'ed25519' | 'openssh'): { label: string; b64: string } {
  // Realistic DER/openssh prefixes, random key material.
  if (kind === 'rsa') return { label: 'RSA PRIVATE KEY', b64: 'MIIEow' + 'IBAAKCAQEA' + r.chars(B64, 1570) + '==' };
  if (kind === 'ec') {
    if (r.chance(0.5)) return { label: 'EC PRIVATE KEY', b64: 'MHcCAQEEI' + r.chars(B64, 43) + 'oAoGCCqGSM49AwEHoUQDQgAE' + r.chars(B64, 86) + '==' };
    return { label: 'PRIVATE KEY', b64: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg' + r.chars(B64, 136) };
  }
  if (kind === 'ed25519') return { label: 'PRIVATE KEY', b64: 'MC4CAQAwBQYDK2VwBCIEI' + r.chars(B64, 43) };
  return { label: 'OPENSSH PRIVATE KEY', b64: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' + r.chars(B64, 330) + '=' };
}

function pem(label: string, body: string, eol = '\n'): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(eol);
}

// ------------------------------------------------------------------ kinds

/** How a credential of this kind is sent in an HTTP request. */
type Mode = 'bearer' | 'convex' | 'basic' | 'header' | 'none' | 'pem';

interface Made {
  value: string;
  /** Env-var style name the value is stored under. */
  name: string;
  /** camelCase name for SDK options. */
  option: string;
}

interface KindSpec {
  mode: Mode;
  /** The value names itself (JWTs, prefixed keys): it may appear in prose and bare SDK calls. */
  selfEvident: boolean;
  /** Only these contexts (a kind a name or a header word must announce). */
  contexts?: string[];
  make(r: Rng): Made;
}

export const POSITIVE_KINDS = {
  jwt: {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => ({ value: jwt(r, `https://${slug(r)}.auth.example.net/`, { aud: 'connvo' }), name: r.pick(['ACCESS_TOKEN', 'ID_TOKEN', 'SESSION_TOKEN']), option: 'accessToken' }),
  },
  'workos-user-token': {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => ({
      value: jwt(r, `https://api.workos.com/user_management/client_${ulid(r)}`, { sid: `session_${ulid(r)}`, org_id: `org_${ulid(r)}`, role: 'member', permissions: [] }),
      name: r.pick(['WORKOS_ACCESS_TOKEN', 'USER_TOKEN', 'ACCESS_TOKEN']),
      option: 'accessToken',
    }),
  },
  'workos-api-key': {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => ({ value: `sk_${r.pick(['test', 'live'])}_${b64(`key_${ulid(r)},${mixed(r, 25)}`).replace(/=+$/, '')}`, name: 'WORKOS_API_KEY', option: 'apiKey' }),
  },
  'convex-deploy-key': {
    mode: 'convex',
    selfEvident: true,
    make: (r) => {
      const secret = b64(JSON.stringify({ v2: r.chars(HEX, 32) }));
      const form = r.int(4);
      const prefix = form === 0 ? `prod:${deploymentName(r)}` : form === 1 ? `dev:${deploymentName(r)}` : `${form === 2 ? 'preview' : 'project'}:${slug(r)}:${slug(r)}`;
      return { value: `${prefix}|${secret}`, name: 'CONVEX_DEPLOY_KEY', option: 'deployKey' };
    },
  },
  'convex-admin-key': {
    mode: 'convex',
    selfEvident: true,
    make: (r) => ({
      value: `${r.chance(0.5) ? 'convex-self-hosted' : deploymentName(r)}|01${r.chars(HEX, r.range(80, 120))}`,
      name: r.pick(['CONVEX_SELF_HOSTED_ADMIN_KEY', 'CONVEX_ADMIN_KEY']),
      option: 'adminKey',
    }),
  },
  'credential-in-position': {
    mode: 'bearer',
    selfEvident: false,
    make: (r) => {
      const shape = r.int(4);
      const value =
        shape === 0 ? mixed(r, r.range(32, 48)) : shape === 1 ? r.chars(HEX, 64) : shape === 2 ? b64(r.bytes(r.pick([24, 32, 48]))) : mixed(r, r.range(16, 24), ALNUM + '!@#%^*-_+');
      const [name, option] = r.pick([
        ['API_SECRET', 'apiSecret'],
        ['WORKOS_COOKIE_PASSWORD', 'cookiePassword'],
        ['WEBHOOK_SECRET', 'webhookSecret'],
        ['CLIENT_SECRET', 'clientSecret'],
        ['REFRESH_TOKEN', 'refreshToken'],
        ['DB_PASSWORD', 'password'],
        ['CONNVO_API_KEY', 'apiKey'],
        ['SESSION_SECRET', 'sessionSecret'],
      ] as const);
      return { value, name, option };
    },
  },
  'basic-credential': {
    mode: 'basic',
    selfEvident: false,
    make: (r) => ({ value: b64(`${r.pick(['admin', 'svc-deploy', 'api', 'ops'])}:${mixed(r, r.range(14, 24))}`), name: 'BASIC_AUTH', option: 'basicAuth' }),
  },
  'aws-access-key-id': {
    mode: 'none',
    selfEvident: true,
    make: (r) => ({ value: `${r.pick(['AKIA', 'ASIA'])}${r.chars(UPPER + DIGITS, 16)}`, name: 'AWS_ACCESS_KEY_ID', option: 'accessKeyId' }),
  },
  'aws-secret-access-key': {
    mode: 'none',
    selfEvident: false,
    make: (r) => {
      // A third of them end in `+` or `/`, the shape the recommended preset misses.
      let value = mixed(r, 39, B64) + r.pick([...'ABCabc012', '+', '/', '+', '/']);
      if (r.chance(0.2)) value = value.slice(0, 20) + '/' + value.slice(21);
      return { value, name: 'AWS_SECRET_ACCESS_KEY', option: 'secretAccessKey' };
    },
  },
  'github-token': {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => ({ value: `${r.pick(['ghp', 'gho', 'ghs'])}_${mixed(r, 36)}`, name: r.pick(['GITHUB_TOKEN', 'GH_TOKEN']), option: 'auth' }),
  },
  'slack-token': {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => ({ value: `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${mixed(r, 24)}`, name: 'SLACK_BOT_TOKEN', option: 'token' }),
  },
  'private-key-rsa': { mode: 'pem', selfEvident: true, make: (r) => keyMade(r, 'rsa') },
  'private-key-ec': { mode: 'pem', selfEvident: true, make: (r) => keyMade(r, 'ec') },
  'private-key-ed25519': { mode: 'pem', selfEvident: true, make: (r) => keyMade(r, r.chance(0.5) ? 'ed25519' : 'openssh') },
  'url-credentials': {
    mode: 'none',
    selfEvident: true,
    make: (r) => {
      // Any scheme; a third of the passwords hold special characters, raw or percent-encoded.
      const shape = r.int(3);
      const pass = shape === 0 ? mixed(r, r.range(14, 22)) : shape === 1 ? withSpecials(r, r.range(14, 22), false) : withSpecials(r, r.range(14, 22), true);
      const user = r.pick(['app', 'connvo', 'svc_reader', 'deploy', 'ci-bot', 'admin', 'default']);
      const host = r.pick([`db.${slug(r)}.internal:5432/connvo`, `cache.${slug(r)}.cloud:6380/0`, `cluster0.${r.chars(LOWER + DIGITS, 5)}.mongodb.net/app`, `mq.${slug(r)}.io/vhost`, `registry.${slug(r)}.dev/v2/`]);
      const scheme = r.pick(['postgres', 'postgresql', 'mysql', 'rediss', 'redis', 'amqps', 'amqp', 'mongodb+srv', 'mongodb', 'https', 'ftp', 'smtps']);
      return { value: `${scheme}://${user}:${pass}@${host}`, name: r.pick(['DATABASE_URL', 'REDIS_URL', 'BROKER_URL', 'MONGO_URI', 'REGISTRY_URL']), option: 'connectionString' };
    },
  },
  // A vendor's 32-hex API key: under a credential name (one of several variables on a shell line
  // too), or after `Authorization:` with the vendor's own scheme word.
  'hex-api-key': {
    mode: 'none',
    selfEvident: false,
    contexts: ['env-file', 'shell-export', 'ts-sdk', 'json-response', 'md-table', 'gh-actions', 'docker-compose', 'cli-flag', 'ini-file', 'env-line', 'custom-scheme-header'],
    make: (r) => ({ value: r.chars(HEX, 32), name: r.pick(['ACME_API_KEY', 'VENDOR_API_KEY', 'ANALYTICS_SERVER_TOKEN', 'SERVICE_SECRET']), option: r.pick(['apiKey', 'serverToken', 'secret']) }),
  },
  'jwt-weak-key': {
    mode: 'bearer',
    selfEvident: true,
    make: (r) => {
      // A session (user, email, expiry) signed with jwt.io's published secret or another weak one:
      // anyone can forge more of them, and this one is still somebody's session.
      const header = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
      const now = 1_700_000_000 + r.int(50_000_000);
      const claims = { sub: `user_${ulid(r)}`, email: `${r.chars(LOWER, r.range(4, 9))}@${slug(r)}.com`, name: r.pick(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']), iat: now, exp: now + 3600 };
      const payload = b64url(Buffer.from(JSON.stringify(claims)));
      const secret = r.pick(['your-256-bit-secret', 'a-string-secret-at-least-256-bits-long', 'secret', 'changeme', 'supersecret']);
      return { value: `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`, name: 'SESSION_TOKEN', option: 'accessToken' };
    },
  },
} satisfies Record<string, KindSpec>;

/** A generated password with URL-special characters, raw (`!*~^+,;=&#@`) or percent-encoded. */
function withSpecials(r: Rng, n: number, encoded: boolean): string {
  const specials = '!*~^+,;=&#@';
  for (;;) {
    let out = '';
    for (let i = 0; i < n; i++) {
      if (r.chance(0.2)) {
        const c = specials[r.int(specials.length)];
        out += encoded || c === '#' ? encodeURIComponent(c) === c ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : encodeURIComponent(c) : c;
      } else out += ALNUM[r.int(ALNUM.length)];
    }
    if (/[a-z]/.test(out) && /[A-Z]/.test(out) && /[0-9]/.test(out) && /[^A-Za-z0-9]/.test(out)) return out;
  }
}

function keyMade(r: Rng, kind: 'rsa' | 'ec' | 'ed25519' | 'openssh'): Made {
  const { label, b64: body } = privateKeyBody(r, kind);
  return { value: pem(label, body), name: 'PRIVATE_KEY', option: 'privateKey' };
}

export type PositiveKind = keyof typeof POSITIVE_KINDS;

// Negatives: values that must never be reported, by kind. `mode` says which contexts fit them.
interface NegativeSpec {
  mode: Mode | 'value';
  /** Only these contexts (a class that lives in one kind of place). */
  contexts?: string[];
  make(r: Rng): Made;
}

const jwtIoSample = (variant: number) => {
  // jwt.io's sample token, rebuilt from its published parts: HS256 signed with the debugger's
  // default secret (the sample secret is public, so the token is a sample whatever it says).
  const header = b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'));
  const payload = b64url(
    Buffer.from(variant === 0 ? '{"sub":"1234567890","name":"John Doe","iat":1516239022}' : '{"sub":"1234567890","name":"John Doe","admin":true,"iat":1516239022}'),
  );
  const sig = createHmac('sha256', variant === 0 ? 'your-256-bit-secret' : 'a-string-secret-at-least-256-bits-long').update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
};

export const NEGATIVE_KINDS = {
  'placeholder-angle': { mode: 'bearer', make: (r) => named(r, r.pick(['<user-token>', '<deploy-key>', '<token>', '<YOUR_API_KEY>', '<workos-api-key>', '<secret>'])) },
  'placeholder-caps': { mode: 'bearer', make: (r) => named(r, r.pick(['YOUR_API_KEY', 'YOUR_WORKOS_API_KEY', 'YOUR_DEPLOY_KEY', 'REPLACE_WITH_YOUR_TOKEN', 'INSERT_TOKEN_HERE', 'YOUR_SECRET_HERE'])) },
  'placeholder-words': { mode: 'bearer', make: (r) => named(r, r.pick(['your-token-here', 'your_deploy_key_here', 'my-secret-token', 'changeme', 'your-api-key', 'paste-your-token-here'])) },
  'env-reference': {
    mode: 'bearer',
    make: (r) => named(r, r.pick(['$CONVEX_DEPLOY_KEY', '${TOKEN}', '{{token}}', 'process.env.WORKOS_API_KEY', '${{ secrets.CONVEX_DEPLOY_KEY }}', '$(cat token.txt)', '%API_KEY%'])),
  },
  mask: {
    mode: 'bearer',
    make: (r) =>
      named(r, r.pick(['x'.repeat(r.range(16, 40)), '*'.repeat(r.range(8, 32)), '...', '…', `sk_test_${'x'.repeat(24)}`, `sk_live_${'•'.repeat(12)}`, `prod:${deploymentName(r)}|${'*'.repeat(20)}`, 'XXXXXXXX-XXXX-XXXX'])),
  },
  'truncated-stub': {
    mode: 'bearer',
    make: (r) =>
      named(
        r,
        r.pick([
          'eyJhbGciOi...',
          `${b64url(Buffer.from('{"alg":"RS256","typ":"JWT"}'))}.eyJzdWIiOi...`,
          'eyJ...',
          'sk_test_...',
          `sk_live_${b64('key_01').slice(0, 6)}...`,
          `prod:${deploymentName(r)}|...`,
          `ghp_${'x'.repeat(4)}...`,
          'AKIA…',
        ]),
      ),
  },
  'published-sample': {
    mode: 'value',
    make: (r) => {
      const i = r.int(4);
      // AWS's documented example credentials, assembled so no file holds them whole.
      if (i === 0) return { value: 'AKIA' + 'IOSFODNN7' + 'EXAMPLE', name: 'AWS_ACCESS_KEY_ID', option: 'accessKeyId' };
      if (i === 1) return { value: 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY' + 'EXAMPLEKEY', name: 'AWS_SECRET_ACCESS_KEY', option: 'secretAccessKey' };
      return { value: jwtIoSample(i - 2), name: 'ACCESS_TOKEN', option: 'accessToken' };
    },
  },
  'public-key': {
    mode: 'pem',
    make: (r) => {
      const i = r.int(3);
      if (i === 0) return { value: pem('PUBLIC KEY', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + r.chars(B64, 320) + 'IDAQAB'), name: 'PUBLIC_KEY', option: 'publicKey' };
      if (i === 1) return { value: pem('CERTIFICATE', 'MIIDdzCCAl+gAwIBAgIE' + r.chars(B64, 1100) + '=='), name: 'TLS_CERT', option: 'certificate' };
      return { value: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(B64, 43)} deploy@connvo`, name: 'SSH_PUBLIC_KEY', option: 'publicKey' };
    },
  },
  uuid: {
    mode: 'value',
    make: (r) => {
      const h = r.chars(HEX, 32);
      return { value: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`, name: r.pick(['REQUEST_ID', 'IDEMPOTENCY_KEY', 'TRACE_ID']), option: r.pick(['requestId', 'idempotencyKey']) };
    },
  },
  'git-sha': { mode: 'value', make: (r) => ({ value: r.chars(HEX, 40), name: r.pick(['GIT_COMMIT', 'GITHUB_SHA', 'RELEASE_SHA']), option: 'commit' }) },
  'integrity-hash': { mode: 'value', make: (r) => ({ value: `${r.pick(['sha384', 'sha512'])}-${b64(r.bytes(r.pick([48, 64])))}`, name: 'INTEGRITY', option: 'integrity' }) },
  etag: { mode: 'value', make: (r) => ({ value: r.chance(0.5) ? `"${r.chars(HEX, 32)}"` : `W/"${r.chars(HEX, 8)}-${r.chars(HEX, 16)}"`, name: 'ETAG', option: 'etag' }) },
  'data-uri': { mode: 'value', make: (r) => ({ value: `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.chars(B64, r.range(80, 400))}=`, name: 'LOGO_DATA', option: 'src' }) },
  'css-color': { mode: 'value', make: (r) => ({ value: `#${r.chars(HEX, r.pick([3, 6, 8]))}`, name: 'PRIMARY_COLOR', option: 'primary' }) },
  'convex-id': { mode: 'value', make: (r) => ({ value: r.chars(CONVEX_ID_ALPHABET, 32), name: 'MEETING_ID', option: r.pick(['meetingId', 'userId', '_id']) }) },
  'convex-deployment': {
    mode: 'value',
    make: (r) => {
      const d = deploymentName(r);
      return r.pick([
        { value: `https://${d}.convex.cloud`, name: 'CONVEX_URL', option: 'url' },
        { value: `https://${d}.convex.site`, name: 'CONVEX_SITE_URL', option: 'siteUrl' },
        { value: `${r.pick(['dev', 'prod'])}:${d}`, name: 'CONVEX_DEPLOYMENT', option: 'deployment' },
      ]);
    },
  },
  'workos-client-id': { mode: 'value', make: (r) => ({ value: `client_${ulid(r)}`, name: 'WORKOS_CLIENT_ID', option: 'clientId' }) },
  'url-placeholder': {
    mode: 'value',
    make: (r) => ({
      value: r.pick([
        `postgres://app:password@localhost:5432/connvo`,
        `https://user:pass@example.com/api`,
        `mongodb+srv://admin:<password>@cluster0.${slug(r)}.mongodb.net/app`,
        `mysql://root:changeme@db:3306/connvo`,
        `https://deploy:\${REGISTRY_PASSWORD}@registry.${slug(r)}.dev/v2/`,
      ]),
      name: 'DATABASE_URL',
      option: 'connectionString',
    }),
  },
  // Vendor formats followed by a mask: the real prefix, then Xs, xs, bullets or stars.
  'vendor-mask': {
    mode: 'value',
    make: (r) => {
      const m = r.pick(['x', 'X', '*', '•']);
      const fill = (n: number) => m.repeat(n);
      return r.pick([
        { value: `AKIA${fill(16)}`, name: 'AWS_ACCESS_KEY_ID', option: 'accessKeyId' },
        { value: `${r.pick(['ghp', 'gho', 'ghs'])}_${fill(36)}`, name: 'GITHUB_TOKEN', option: 'auth' },
        { value: `github_pat_${fill(82)}`, name: 'GH_TOKEN', option: 'auth' },
        { value: `xoxb-${fill(12)}-${fill(13)}-${fill(24)}`, name: 'SLACK_BOT_TOKEN', option: 'token' },
        { value: `xoxp-${r.chars(DIGITS, 12)}-${fill(13)}`, name: 'SLACK_USER_TOKEN', option: 'token' },
        { value: `npm_${fill(36)}`, name: 'NPM_TOKEN', option: 'authToken' },
        { value: `sk-proj-${fill(48)}`, name: 'OPENAI_API_KEY', option: 'apiKey' },
        { value: `sk_live_${fill(24)}`, name: 'STRIPE_SECRET_KEY', option: 'apiKey' },
        { value: `glpat-${fill(20)}`, name: 'GITLAB_TOKEN', option: 'token' },
      ]);
    },
  },
  // Vendor formats followed by words for "your key", in the languages docs are translated into.
  'vendor-placeholder': {
    mode: 'bearer',
    make: (r) => {
      const prefix = r.pick(['gsk_', 'fc-', 'm0sk_', 'xoxb-', 'sk-', 'sk_live_', 'ghp_', 'sk-ant-api03-', 'tr_dev_', 'phx_']);
      const words = r.pick([
        ['YOUR', 'API', 'KEY'], ['your', 'token', 'here'], ['your', 'key', 'here'], ['VOTRE', 'CLÉ', 'API'], ['VOTRE', 'JETON'], ['TU', 'CLAVE', 'DE', 'API'],
        ['TU', 'API', 'KEY', 'DE', 'FIRECRAWL'], ['SUA', 'CHAVE', 'DE', 'API'], ['sua', 'chave', 'aqui'], ['IHR', 'SCHLÜSSEL'], ['DEIN', 'API', 'SCHLÜSSEL'],
        ['LA', 'TUA', 'CHIAVE'], ['YOUR', 'GROQ', 'API', 'KEY'], ['あなたの', 'APIキー'], ['你的', '密钥'],
      ]);
      const sep = r.pick(['_', '-']);
      const text = words.join(sep);
      return named(r, prefix + (r.chance(0.3) ? text.toLowerCase() : text));
    },
  },
  // Client-side analytics keys: Mintlify ships them to every browser (site config and docs about it).
  'analytics-key': {
    mode: 'value',
    contexts: ['site-config', 'analytics-snippet'],
    make: (r) =>
      r.pick([
        { value: `phc_${mixed(r, 43)}`, name: 'posthog', option: 'apiKey' },
        { value: mixed(r, 32), name: 'segment', option: 'key' },
        { value: r.chars(HEX, 64), name: 'hightouch', option: 'writeKey' },
        { value: r.chars(HEX, 32), name: 'amplitude', option: 'apiKey' },
        { value: r.chars(HEX, 32), name: 'mixpanel', option: 'projectToken' },
        { value: `${r.chars(DIGITS, 4)}-${mixed(r, 12)}`, name: 'koala', option: 'publicApiKey' },
      ]),
  },
  // Public by design elsewhere: publishable keys, Supabase anon keys, local development defaults.
  'publishable-key': {
    mode: 'value',
    make: (r) =>
      r.pick([
        { value: `pk_${r.pick(['live', 'test'])}_${mixed(r, 99)}`, name: 'STRIPE_PUBLISHABLE_KEY', option: 'publishableKey' },
        {
          value: `${b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'))}.${b64url(Buffer.from(JSON.stringify({ iss: 'supabase', ref: r.chars(LOWER, 20), role: 'anon', iat: 1_700_000_000, exp: 2_000_000_000 })))}.${b64url(r.bytes(32))}`,
          name: 'NEXT_PUBLIC_SUPABASE_ANON_KEY',
          option: 'supabaseAnonKey',
        },
        { value: `pk.eyJ1Ijoi${mixed(r, 20)}.${mixed(r, 22)}`, name: 'MAPBOX_PUBLIC_TOKEN', option: 'mapboxPublicToken' },
      ]),
  },
  'local-dev-url': {
    mode: 'value',
    make: (r) => ({
      value: r.pick([
        'postgres://postgres:postgres@localhost:5432/app',
        'postgresql://connvo:connvo@127.0.0.1:5432/connvo',
        'redis://default:redis@localhost:6379',
        'amqp://guest:guest@localhost:5672',
        'mongodb://root:example@mongo:27017/app',
        'mysql://root:root@db:3306/connvo',
        `postgres://app:devpassword@host.docker.internal:5432/app`,
      ]),
      name: 'DATABASE_URL',
      option: 'connectionString',
    }),
  },
  // Prose after a credential word, in any language.
  'prose-after-credential-word': {
    mode: 'value',
    contexts: ['as-is'],
    make: (r) => ({
      value: r.pick([
        ` - **basic**: ボット対策がない、または基本的なボット対策のみが導入されているサイト向けのプロキシです。高速で、ほとんどの場合はこれで十分です。`,
        `Basic 认证：在请求头中发送用户名和密码，适合内部服务之间的调用与测试环境。`,
        `Bearer 토큰은 요청 헤더에 포함되어야 하며 만료 시간이 지나면 다시 발급받아야 합니다。`,
        `- Docs base inspected during the initial pass: \`${slug(r)}/${slug(r)}@${r.chars(HEX, 40)}\``,
        `Token: ${r.pick(['ユーザーごとに発行される一時的な認証情報です', '会话令牌由服务器在登录时签发并定期轮换'])}`,
        `| \`password\` | ${r.pick(['Mot de passe défini lors de la création du compte', 'Contraseña definida al crear la cuenta'])} |`,
        `${r.pick(['Acme', 'The service'])} uses **Basic Authentication** to access ${r.pick(['its endpoints', 'the API'])}.`,
      ]),
      name: 'NOTE',
      option: 'note',
    }),
  },
  // Truncated or hand-written samples.
  'handwritten-sample': {
    mode: 'bearer',
    make: (r) => {
      const unit = mixed(r, 4);
      return named(
        r,
        r.pick([
          `secret_${unit.repeat(r.range(4, 8))}`,
          `ya29.${mixed(r, 12)}`,
          `${b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'))}.YOUR_PAYLOAD.YOUR_SIGNATURE`,
          `${b64url(Buffer.from('{"alg":"RS256","typ":"JWT"}'))}.eyJzdWIiOiI${r.pick(['…', '...'])}.signature`,
          `sk_test_${unit.repeat(6)}`,
          `AIza${mixed(r, 10)}`,
        ]),
      );
    },
  },
  // A password a person wrote for a published demo database: words, digits, a symbol.
  'written-password': {
    mode: 'value',
    make: (r) => ({
      value: `${r.pick(['Minds', 'Acme', 'Demo', 'Sample', 'Northwind'])}${r.pick(['DB', 'User', 'Reader', 'Guest'])}${r.pick(['User', 'Pass', 'Login', ''])}${r.range(1, 2025)}${r.pick(['!', '#', '?', ''])}`,
      name: 'DB_PASSWORD',
      option: 'password',
    }),
  },
  // An object key or path with a file extension under a `key` name.
  'object-key': {
    mode: 'value',
    make: (r) => {
      const h = r.chars(HEX, 32);
      return { value: `org-${r.range(1, 999)}/${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}.${r.pick(['tar.gz', 'zip', 'json', 'parquet'])}`, name: 'OBJECT_KEY', option: 'key' };
    },
  },
  // Identifiers under credential-ish names in code and markup: a token contract address, a type name,
  // a hand-typed sequence after a real prefix, a hash in an HTML data attribute.
  'code-identifier': {
    mode: 'value',
    make: (r) =>
      r.pick([
        { value: `0x${r.chars(HEX + 'ABCDEF', 40)}`, name: 'TOKEN', option: 'token' },
        { value: r.pick(['Uint8Array', 'Float64Array', 'V2KeysVerifyKeyResponseData', 'SessionTokenPayload', 'AuthCredentialsInput']), name: 'PASSWORD', option: 'password' },
        { value: `sk_${r.pick(['live', 'test'])}_${r.pick(['abc123def456ghi789', 'abcdef123456ghijkl', '123abc456def789ghi'])}`, name: 'STRIPE_SECRET_KEY', option: 'apiKey' },
      ]),
  },
  'html-data-attribute': {
    mode: 'value',
    contexts: ['as-is'],
    make: (r) => ({ value: `<h1><span data-${r.pick(['i18n', 'frenglish', 'translation'])}-key="${r.chars(HEX, 64)}">Oops! Page Not Found</span></h1>`, name: 'HTML', option: 'html' }),
  },
  // The test users a local development server prints: beside a URL of their own service on localhost.
  'local-server-user': { mode: 'value', contexts: ['local-server-env'], make: (r) => ({ value: `sig_${mixed(r, 28)}`, name: 'SIGNING_KEY', option: 'signingKey' }) },
  // A default token that is base64 of written words (`{"UserID":"defaultUser",...}`), and leetspeak placeholder passwords.
  'readable-default': {
    mode: 'value',
    make: (r) =>
      r.pick([
        { value: b64(JSON.stringify({ UserID: r.pick(['defaultUser', 'testUser', 'localUser']), Password: r.pick(['defaultPassword', 'testPassword', 'localPassword']) })), name: 'QUEUE_TOKEN', option: 'token' },
        { value: `${r.pick(['P@ssw0rd', 'p@ssw0rd', 'S3cr3t', 'Adm1n'])}${r.range(1, 9999)}${r.pick(['', '!', '#'])}`, name: 'DB_PASSWORD', option: 'password' },
      ]),
  },
  // A short link's slug under `key`, shown again as the path of the link's URL (a webhook sample).
  'url-slug': { mode: 'value', contexts: ['webhook-sample'], make: (r) => ({ value: mixed(r, r.range(8, 24)), name: 'LINK', option: 'key' }) },
  // A 32-byte hash on a chain under `key` (a storage slot of a proof), written like a private key.
  'chain-hash': { mode: 'value', contexts: ['storage-proof'], make: (r) => ({ value: `0x${r.chars(HEX, 64)}`, name: 'SLOT', option: 'key' }) },
  // The pre-funded accounts a local chain node prints (published with the node).
  'test-accounts': { mode: 'value', contexts: ['account-listing'], make: (r) => ({ value: `0x${r.chars(HEX, 64)}`, name: 'PRIVATE_KEY', option: 'privateKey' }) },
  // A parameter table's type column under a credential name (`| password | Optional[str] | None |`).
  'type-annotation': {
    mode: 'value',
    contexts: ['parameter-table'],
    make: (r) => ({
      value: r.pick(['Optional[str]', 'Optional[SecretStr]', 'List[str]', 'Dict[str, str]', 'Record<string, string>', 'str | None', 'Optional[Union[str, bytes]]']),
      name: r.pick(['password', 'api_key', 'token', 'secret']),
      option: 'password',
    }),
  },
  // A public identifier under a credential-ish name: the credential scope of a presigned URL.
  'credential-scope': {
    mode: 'value',
    contexts: ['presigned-url'],
    make: (r) => ({ value: `${r.chars(HEX, 32)}%2F2024${String(r.range(1, 12)).padStart(2, '0')}${String(r.range(10, 28))}%2Fauto%2Fs3%2Faws4_request`, name: 'PAYLOAD_URL', option: 'payloadUrl' }),
  },
} satisfies Record<string, NegativeSpec>;

export type NegativeKind = keyof typeof NEGATIVE_KINDS;

function named(r: Rng, value: string): Made {
  const [name, option] = r.pick([
    ['WORKOS_API_KEY', 'apiKey'],
    ['CONVEX_DEPLOY_KEY', 'deployKey'],
    ['ACCESS_TOKEN', 'accessToken'],
    ['API_SECRET', 'apiSecret'],
    ['DB_PASSWORD', 'password'],
  ] as const);
  return { value, name, option };
}

// ------------------------------------------------------------------ contexts

interface Rendered {
  ext: string;
  text: string;
}

type Context = (r: Rng, m: Made, mode: Mode | 'value') => Rendered | undefined;

const frontmatter = (title: string) => `---\ntitle: "${title}"\ndescription: "Example for the Connvo API"\n---\n\n`;
const scheme = (mode: Mode | 'value') => (mode === 'convex' ? 'Convex' : mode === 'basic' ? 'Basic' : 'Bearer');
const sentByHeader = (mode: Mode | 'value') => mode === 'bearer' || mode === 'convex' || mode === 'basic';
const oneLine = (m: Made) => !m.value.includes('\n');

export const CONTEXTS: Record<string, Context> = {
  'mdx-curl': (r, m, mode) => {
    if (!oneLine(m)) return undefined;
    const header = sentByHeader(mode) ? `Authorization: ${scheme(mode)} ${m.value}` : `X-Connvo-${m.option}: ${m.value}`;
    if (!sentByHeader(mode) && mode !== 'value') return undefined;
    const path = r.pick(['users/getCurrent', 'meetings/queries/getMeeting', 'admin/migrations/runMigration']);
    return {
      ext: 'mdx',
      text: `${frontmatter('Call the API')}Send the request with your credential:\n\n\`\`\`bash\ncurl -X POST https://${deploymentName(r)}.convex.cloud/api/run/${path} \\\n  -H "${header}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"args": {}, "format": "json"}'\n\`\`\`\n`,
    };
  },
  'mdx-paramfield': (r, m, mode) => {
    if (!oneLine(m) || !sentByHeader(mode)) return undefined;
    return {
      ext: 'mdx',
      text: `${frontmatter('Authorization')}<ParamField header="Authorization" type="string" default="${scheme(mode)} ${m.value}" required>\n  The credential for this endpoint.\n</ParamField>\n`,
    };
  },
  'openapi-example': (r, m, mode) => {
    if (!oneLine(m)) return undefined;
    if (sentByHeader(mode)) {
      return {
        ext: 'yaml',
        text: `openapi: 3.1.0\ninfo:\n  title: Connvo\n  version: 1.0.0\npaths:\n  /api/run/users/getCurrent:\n    post:\n      parameters:\n        - name: Authorization\n          in: header\n          schema:\n            type: string\n          example: ${scheme(mode)} ${m.value}\n`,
      };
    }
    return {
      ext: 'yaml',
      text: `components:\n  examples:\n    ${m.option}:\n      summary: Example value\n      value:\n        ${m.option}: "${m.value}"\n`,
    };
  },
  'env-file': (r, m) => {
    const value = m.value.includes('\n') ? `"${m.value.replace(/\n/g, '\\n')}"` : m.value;
    return { ext: 'env', text: `# Local development\nCONVEX_URL=https://${deploymentName(r)}.convex.cloud\n${m.name}=${value}\nWORKOS_REDIRECT_URI=http://localhost:3000/callback\n` };
  },
  'shell-export': (r, m) => {
    if (!oneLine(m)) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Deploy')}\`\`\`bash\nexport ${m.name}="${m.value}"\nnpx convex deploy\n\`\`\`\n` };
  },
  'ts-sdk': (r, m, mode) => {
    if (!oneLine(m)) return { ext: 'ts', text: `export const ${m.option} = \`${m.value}\`;\n` };
    const call = mode === 'bearer' && r.chance(0.5) ? `const res = await fetch(url, {\n  method: "POST",\n  headers: { Authorization: "Bearer ${m.value}" },\n});\n` : `const client = new ConnvoClient({\n  url: "https://${deploymentName(r)}.convex.cloud",\n  ${m.option}: "${m.value}",\n});\n`;
    return { ext: 'ts', text: `import { ConnvoClient } from "@connvo/sdk";\n\n${call}` };
  },
  'py-sdk': (r, m, mode) => {
    if (!oneLine(m)) return undefined;
    const snake = m.option.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const line = mode === 'bearer' && r.chance(0.5) ? `headers = {"Authorization": "Bearer ${m.value}"}` : r.chance(0.5) ? `client = connvo.Client(${snake}="${m.value}")` : `os.environ["${m.name}"] = "${m.value}"`;
    return { ext: 'py', text: `import os\nimport connvo\n\n${line}\nprint(client.users.get_current())\n` };
  },
  'json-response': (r, m) => {
    const value = JSON.stringify(m.value);
    return { ext: 'json', text: `{\n  "status": "success",\n  "value": {\n    "${m.option}": ${value},\n    "expiresIn": 3600\n  }\n}\n` };
  },
  'md-table': (r, m) => {
    if (!oneLine(m)) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Environment')}| Variable | Example |\n| --- | --- |\n| \`${m.name}\` | \`${m.value.replace(/\|/g, '\\|')}\` |\n| \`CONVEX_URL\` | \`https://${deploymentName(r)}.convex.cloud\` |\n` };
  },
  'gh-actions': (r, m) => {
    const value = m.value.includes('\n') ? `|\n${m.value.split('\n').map((l) => `            ${l}`).join('\n')}` : m.value;
    return {
      ext: 'yml',
      text: `name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx convex deploy\n        env:\n          ${m.name}: ${value}\n`,
    };
  },
  'docker-compose': (r, m) => {
    if (!oneLine(m)) return undefined;
    return { ext: 'yml', text: `services:\n  api:\n    image: connvo/api:latest\n    environment:\n      - NODE_ENV=production\n      - ${m.name}=${m.value}\n` };
  },
  prose: (r, m, mode) => {
    if (!oneLine(m) || mode === 'none' || mode === 'bearer' || mode === 'convex' || mode === 'basic') return undefined;
    return { ext: 'mdx', text: `${frontmatter('Notes')}The value we used was \`${m.value}\`, as shown in the dashboard.\n` };
  },
  'prose-token': (r, m) => {
    if (!oneLine(m)) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Troubleshooting')}If the call fails, check the token: mine was ${m.value} when I copied it from the dev tools.\n` };
  },
  'query-string': (r, m, mode) => {
    if (!oneLine(m) || (mode !== 'bearer' && mode !== 'value')) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Query')}\`\`\`http\nGET https://${deploymentName(r)}.convex.site/export?${mode === 'value' ? m.option : 'token'}=${encodeURIComponent(m.value)}&format=json\n\`\`\`\n` };
  },
  'cli-flag': (r, m) => {
    if (!oneLine(m)) return undefined;
    const flag = m.option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const command = r.pick(['npx connvo login', 'npx connvo call users/getCurrent', 'npx connvo admin migrate']);
    return { ext: 'mdx', text: `${frontmatter('Command line')}\`\`\`bash\n${command} \\\n  --${flag} ${m.value} \\\n  --url https://${deploymentName(r)}.convex.cloud\n\`\`\`\n` };
  },
  'openapi-codesample': (r, m, mode) => {
    if (!oneLine(m)) return undefined;
    const line = sentByHeader(mode) ? `-H "Authorization: ${scheme(mode)} ${m.value}"` : `-H "X-Connvo-Key: $${m.name}"  # ${m.name}=${m.value}`;
    return {
      ext: 'yaml',
      text: `paths:\n  /api/run/admin/migrations/runMigration:\n    post:\n      x-codeSamples:\n        - lang: bash\n          label: curl\n          source: |\n            curl -X POST https://${deploymentName(r)}.convex.cloud/api/run/admin/migrations/runMigration \\\n              ${line} \\\n              -d '{"args": {}, "format": "json"}'\n`,
    };
  },
  'mint-json': (r, m, mode) => {
    if (!oneLine(m)) return undefined;
    const entry = sentByHeader(mode) ? `"auth": { "method": "bearer", "name": "Authorization", "inputPrefix": "${scheme(mode)} ${m.value}" }` : `"auth": { "method": "key", "name": "${m.option}", "default": "${m.value}" }`;
    if (!sentByHeader(mode) && mode !== 'value') return undefined;
    return { ext: 'json', text: `{\n  "name": "Connvo",\n  "api": {\n    "baseUrl": "https://${deploymentName(r)}.convex.cloud",\n    ${entry}\n  }\n}\n` };
  },
  'http-request': (r, m, mode) => {
    if (!oneLine(m) || !sentByHeader(mode)) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Raw request')}\`\`\`http\nPOST /api/run/users/getCurrent HTTP/1.1\nHost: ${deploymentName(r)}.convex.cloud\nAuthorization: ${scheme(mode)} ${m.value}\nContent-Type: application/json\n\n{"args": {}, "format": "json"}\n\`\`\`\n` };
  },
  'ini-file': (r, m) => {
    if (!oneLine(m)) return undefined;
    const key = m.name.toLowerCase();
    return { ext: 'ini', text: `[default]\nregion = eu-west-1\n${key} = ${m.value}\n` };
  },
  'pem-fence': (r, m, mode) => {
    if (mode !== 'pem') return undefined;
    return { ext: 'mdx', text: `${frontmatter('Keys')}Save the key to \`key.pem\`:\n\n\`\`\`text\n${m.value}\n\`\`\`\n` };
  },
  // The same value twice in one page: on a line of its own, then in an env block (the first is the
  // one the sample points at).
  twice: (r, m) => {
    if (!oneLine(m)) return undefined;
    return { ext: 'mdx', text: `${frontmatter('Worker token')}Copy the token the bootstrap step printed:\n\n\`\`\`\nToken:\n${m.value}\n\`\`\`\n\nIf using docker compose, set:\n\n\`\`\`bash\n${m.name}=${m.value}\n\`\`\`\n` };
  },
  // Kind-specific contexts (listed by a kind's `contexts`, never picked otherwise).
  'site-config': (r, m) => ({
    ext: 'json',
    text: `{\n  "$schema": "https://mintlify.com/docs.json",\n  "name": "Connvo",\n  "integrations": {\n    "${m.name}": {\n      "${m.option}": "${m.value}"\n    }\n  }\n}\n`,
  }),
  'analytics-snippet': (r, m) => ({
    ext: 'mdx',
    text: `${frontmatter('Analytics')}Add this to your \`docs.json\` to send events to ${m.name}:\n\n\`\`\`json\n"integrations": {\n    "${m.name}": {\n        "${m.option}": "${m.value}"\n    }\n}\n\`\`\`\n`,
  }),
  'as-is': (r, m) => ({ ext: r.pick(['mdx', 'md']), text: `${frontmatter('Notes')}${m.value}\n` }),
  'presigned-url': (r, m) => ({
    ext: 'yaml',
    text: `components:\n  schemas:\n    Run:\n      properties:\n        ${m.option}:\n          type: string\n          example: "https://r2.cloudflarestorage.com/packets/${r.chars(LOWER, 20)}/payload.json?X-Amz-Expires=300&X-Amz-Date=20240625T154526Z&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${m.value}&X-Amz-SignedHeaders=host&X-Amz-Signature=${r.chars(HEX, 64)}"\n`,
  }),
  'env-line': (r, m) => ({ ext: 'mdx', text: `${frontmatter('Configure')}\`\`\`bash\n${m.name}=${m.value} ACME_URL="https://${slug(r)}.example" acme sync\n\`\`\`\n` }),
  'custom-scheme-header': (r, m) => ({
    ext: 'mdx',
    text: `${frontmatter('Authenticate')}\`\`\`bash\ncurl https://api.${slug(r)}.example/v1/items \\\n  -H "Authorization: ${r.pick(['ApiKey', 'Token', 'SSWS', 'Key', 'Acme-Auth'])} ${m.value}"\n\`\`\`\n`,
  }),
  'local-server-env': (r, m) => {
    const service = r.pick(['QUEUE', 'ACMEQ', 'STREAM']);
    const url = r.pick(['http://localhost:8080', 'http://127.0.0.1:8080', 'http://localhost:6379']);
    return { ext: 'mdx', text: `${frontmatter('Local development')}Copy the credentials of one of the test users:\n\n\`\`\`env\n${service}_URL="${url}"\n${service}_TOKEN="${mixed(r, 40)}"\n${service}_CURRENT_${m.name}="${m.value}"\n\`\`\`\n` };
  },
  'webhook-sample': (r, m) => ({
    ext: 'mdx',
    text: `${frontmatter('Link created')}\`\`\`json\n{\n  "event": "link.created",\n  "data": {\n    "id": "link_${mixed(r, 20)}",\n    "domain": "acme.link",\n    "key": "${m.value}",\n    "shortLink": "https://acme.link/${m.value}",\n    "url": "https://acme.example/pricing"\n  }\n}\n\`\`\`\n`,
  }),
  'storage-proof': (r, m) => ({
    ext: 'json',
    text: `{\n  "jsonrpc": "2.0",\n  "id": 1,\n  "result": {\n    "address": "0x${r.chars(HEX, 40)}",\n    "storageProof": [\n      { "key": "${m.value}", "value": "0x${r.chars(HEX, 4)}", "proof": ["0x${r.chars(HEX, 64)}"] }\n    ]\n  }\n}\n`,
  }),
  'account-listing': (r, m) => {
    const account = (key: string, i: number) => `Account #${i}: 0x${r.chars(HEX + 'ABCDEF', 40)}\nPrivate Key: ${key}\n`;
    const others = Array.from({ length: r.range(3, 9) }, (_, i) => account(`0x${r.chars(HEX, 64)}`, i + 1));
    return { ext: 'mdx', text: `${frontmatter('Local node')}The local node starts with these funded accounts:\n\n\`\`\`text\n${account(m.value, 0)}\n${others.join('\n')}\`\`\`\n` };
  },
  'parameter-table': (r, m) => ({
    ext: 'mdx',
    text: `${frontmatter('Parameters')}| Parameter | Type | Default | Description |\n| --- | --- | --- | --- |\n| \`host\` | \`str\` | \`"localhost"\` | Host to connect to. |\n| \`${m.name}\` | \`${m.value}\` | \`None\` | ${r.pick(['Password for authentication.', 'Key used to sign requests. Uses the environment variable if not set.', 'Optional token for the API.'])} |\n`,
  }),
  'yaml-block': (r, m, mode) => {
    if (mode !== 'pem') return undefined;
    return { ext: 'yaml', text: `signing:\n  ${m.option}: |\n${m.value.split('\n').map((l) => `    ${l}`).join('\n')}\n` };
  },
};

/** Contexts only a kind that lists them gets. */
const KIND_CONTEXTS = new Set(['site-config', 'analytics-snippet', 'as-is', 'presigned-url', 'env-line', 'custom-scheme-header', 'webhook-sample', 'storage-proof', 'account-listing', 'local-server-env', 'parameter-table']);

/** Contexts where a kind can realistically appear (the value names itself, or sits under a name). */
function contextsFor(spec: { mode: Mode | 'value'; selfEvident?: boolean; contexts?: string[] }): string[] {
  if (spec.contexts) return spec.contexts;
  return Object.keys(CONTEXTS).filter((c) => {
    if (KIND_CONTEXTS.has(c)) return false;
    if (c === 'prose-token') return spec.selfEvident === true;
    if (c === 'prose') return spec.mode === 'value';
    if (c === 'pem-fence' || c === 'yaml-block') return spec.mode === 'pem';
    return true;
  });
}

// ------------------------------------------------------------------ corpus

export interface Sample {
  id: string;
  label: 'positive' | 'negative';
  kind: string;
  context: string;
  /** Relative path inside the corpus tree. */
  file: string;
  text: string;
  value: string;
  /** 1-based line where the value starts. */
  line: number;
}

export function generateCorpus(seed: number, perKind = 40): Sample[] {
  const r = new Rng(seed);
  const out: Sample[] = [];
  const add = (label: Sample['label'], kind: string, spec: { mode: Mode | 'value'; selfEvident?: boolean; contexts?: string[]; make(r: Rng): Made }) => {
    const contexts = contextsFor(spec);
    let n = 0;
    for (let attempt = 0; n < perKind && attempt < perKind * 20; attempt++) {
      const context = contexts[(n + attempt) % contexts.length];
      const made = spec.make(r);
      const rendered = CONTEXTS[context](r, made, spec.mode);
      if (!rendered) continue;
      const at = rendered.text.indexOf(made.value.includes('\n') ? made.value.split('\n')[0] : made.value.includes('|') && rendered.text.includes(made.value.replace(/\|/g, '\\|')) ? made.value.replace(/\|/g, '\\|') : made.value);
      const needle = context === 'query-string' ? encodeURIComponent(made.value) : undefined;
      const pos = needle ? rendered.text.indexOf(needle) : at;
      if (pos < 0) continue;
      const id = `${label === 'positive' ? 'pos' : 'neg'}/${kind}/${String(n).padStart(3, '0')}-${context}`;
      out.push({ id, label, kind, context, file: `${id}.${rendered.ext}`, text: rendered.text, value: made.value, line: rendered.text.slice(0, pos).split('\n').length });
      n++;
    }
  };
  for (const [kind, spec] of Object.entries(POSITIVE_KINDS)) add('positive', kind, spec);
  for (const [kind, spec] of Object.entries(NEGATIVE_KINDS)) add('negative', kind, spec);
  return out;
}

/** Write the corpus as a tree (one file per sample) under `dir`. */
export function writeCorpus(dir: string, samples: Sample[]): void {
  for (const s of samples) {
    const abs = path.join(dir, s.file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, s.text);
  }
}

/** One fake token of a kind, for tests. */
export function makeToken(kind: PositiveKind, seed: number): string {
  return POSITIVE_KINDS[kind].make(new Rng(seed)).value;
}

// ------------------------------------------------------------------ a large docs tree

const WORDS = (
  'meeting participant transcript insight prompt note session deploy schema migration backfill query mutation action ' +
  'envelope argument response error status value user profile onboarding interest circuit breaker batch audit log ' +
  'matching cycle realtime bandwidth request header credential playground endpoint function module deployment convex ' +
  'workos callback redirect cookie rotate scope environment admin automation health payload format json field optional ' +
  'required default the a an of to for with when and or is are be by in on at from your this that each every returns'
).split(' ');

function sentence(r: Rng): string {
  const n = r.range(8, 22);
  const words = Array.from({ length: n }, () => r.pick(WORDS));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}

function docsPage(r: Rng, title: string, targetBytes: number, planted?: Made): string {
  const parts: string[] = [frontmatter(title)];
  let size = parts[0].length;
  let plantedAt = planted ? r.int(6) : -1;
  for (let block = 0; size < targetBytes; block++) {
    let text: string;
    const k = block === plantedAt ? -1 : r.int(7);
    if (k === -1 && planted) {
      text = `\`\`\`bash\nexport ${planted.name}="${planted.value}"\n\`\`\`\n`;
      plantedAt = -2;
    } else if (k <= 1) {
      text = Array.from({ length: r.range(3, 7) }, () => sentence(r)).join(' ') + '\n';
    } else if (k === 2) {
      text = `## ${sentence(r).slice(0, 40)}\n`;
    } else if (k === 3) {
      text = `\`\`\`bash\ncurl -X POST https://<deployment>.convex.cloud/api/run/${r.pick(WORDS)}/${r.pick(WORDS)} \\\n  -H "Authorization: Bearer <user-token>" \\\n  -H "Content-Type: application/json" \\\n  -d '{"args": {"id": "${r.chars(CONVEX_ID_ALPHABET, 32)}"}, "format": "json"}'\n\`\`\`\n`;
    } else if (k === 4) {
      text = `<ParamField body="${r.pick(WORDS)}Id" type="string" required>\n  ${sentence(r)}\n</ParamField>\n`;
    } else if (k === 5) {
      text = `| Field | Type | Description |\n| --- | --- | --- |\n${Array.from({ length: r.range(3, 8) }, () => `| \`${r.pick(WORDS)}\` | string | ${sentence(r)} |`).join('\n')}\n`;
    } else {
      text = `\`\`\`json\n{\n  "status": "success",\n  "value": {\n    "_id": "${r.chars(CONVEX_ID_ALPHABET, 32)}",\n    "requestId": "${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}",\n    "updatedAt": ${1_700_000_000_000 + r.int(1e9)}\n  }\n}\n\`\`\`\n`;
    }
    parts.push(text, '\n');
    size += text.length + 1;
  }
  return parts.join('');
}

/**
 * A docs tree of about `bytes` of MDX under `dir/docs` (pages of 8-24 KB), with a token planted in
 * `plantEvery`-th page. Returns the number of pages and planted tokens.
 */
export function generateDocsTree(dir: string, seed: number, bytes: number, plantEvery = 200): { pages: number; planted: number; bytes: number } {
  const r = new Rng(seed);
  let total = 0;
  let pages = 0;
  let planted = 0;
  const kinds = Object.keys(POSITIVE_KINDS) as PositiveKind[];
  while (total < bytes) {
    const section = `docs/${r.pick(['guides', 'api-reference', 'concepts', 'recipes'])}/${r.pick(WORDS)}`;
    const plant = pages % plantEvery === plantEvery - 1 ? POSITIVE_KINDS[kinds[planted % kinds.length]].make(r) : undefined;
    if (plant && plant.value.includes('\n')) plant.value = plant.value.split('\n').join('\\n');
    const text = docsPage(r, `${r.pick(WORDS)} ${r.pick(WORDS)}`, r.range(8, 24) * 1024, plant);
    const file = path.join(dir, section, `page-${pages}.mdx`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    total += Buffer.byteLength(text);
    pages++;
    if (plant) planted++;
  }
  return { pages, planted, bytes: total };
}
