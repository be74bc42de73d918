// Which rare literals a text contains, found by single-character indexOf scans (memchr speed) and
// a few charCode comparisons at each hit, instead of regular-expression alternations (an order of
// magnitude slower on V8). Every detector, and the pipeline's choice of recommended-preset rules,
// starts from these flags: a detector whose literal is absent cannot match.

export const L = {
  EYJ: 1 << 0, // eyJ (JWT header)
  SK: 1 << 1, // sk_live_ / sk_test_ / rk_live_ / rk_test_
  CONVEX_DEPLOY: 1 << 2, // prod:|dev:|preview:|project: ... |
  CONVEX_ADMIN: 1 << 3, // |01
  PEM_PRIVATE: 1 << 4, // -----BEGIN ... PRIVATE KEY
  AWS_ID: 1 << 5, // AKIA, ASIA, ...
  NPM: 1 << 6, // npm_, _authToken=, x-oauth-basic@
  GITHUB: 1 << 7, // ghp_ gho_ ghu_ ghs_ ghr_ github_pat_
  LINEAR: 1 << 8, // lin_api_
  SHOPIFY: 1 << 9, // shppa_ shpca_ shpat_ shpss_
  ONEPASSWORD: 1 << 10, // ops_ey
  SLACK: 1 << 11, // xoxb- xoxp- xapp- xoxa- xoxo- xoxr-, hooks.slack.com
  ANTHROPIC: 1 << 12, // sk-ant-api0
  SECRETLINT_COMMENT: 1 << 13, // secretlint-
  SENDGRID: 1 << 14, // SG.
  OPENAI: 1 << 15, // T3BlbkFJ
  AT: 1 << 16, // @ (credentials in URLs)
};

const AWS_PREFIX = new Set(['KIA', 'SIA', 'BIA', 'CCA', 'GPA', 'IDA', 'ROA', 'IPA', 'NPA', 'NVA', 'PKA']);
const SLACK_PREFIX = new Set(['xoxb', 'xoxp', 'xapp', 'xoxa', 'xoxo', 'xoxr']);

/** Bit set of `L` flags for the literals present in `text`. */
export function literals(text) {
  let f = 0;
  for (let i = text.indexOf('_'); i >= 0; i = text.indexOf('_', i + 1)) {
    // Cheap first: the character before must end one of the prefixes (k, m, p, h, r, n, s, a, t).
    const c = text.charCodeAt(i - 1);
    if (c === 107 && (text.startsWith('live_', i + 1) || text.startsWith('test_', i + 1)) && /[sr]/.test(text[i - 2])) f |= L.SK;
    else if ((c === 109 && text.startsWith('np', i - 3)) || (text.charCodeAt(i + 1) === 97 && text.startsWith('authToken=', i + 1))) f |= L.NPM;
    else if ((text.charCodeAt(i - 3) === 103 && text.charCodeAt(i - 2) === 104 && /[pousr]/.test(text[i - 1])) || (c === 98 && text.startsWith('github', i - 6) && text.startsWith('pat_', i + 1))) f |= L.GITHUB;
    else if (c === 110 && text.startsWith('li', i - 3) && text.startsWith('api_', i + 1)) f |= L.LINEAR;
    else if (c === 115 && text.startsWith('op', i - 3) && text.startsWith('ey', i + 1)) f |= L.ONEPASSWORD;
    else if (i >= 5 && text.charCodeAt(i - 5) === 115 && text.startsWith('shp', i - 5)) f |= L.SHOPIFY;
  }
  for (let i = text.indexOf('-'); i >= 0; i = text.indexOf('-', i + 1)) {
    if (text.charCodeAt(i + 1) === 45) {
      // `-----BEGIN ... PRIVATE KEY`; skip the rest of a dash run.
      if (text.startsWith('----BEGIN ', i + 1)) {
        const eol = text.indexOf('-----', i + 11);
        if (eol > 0 && eol - i < 60 && text.slice(i, eol).includes('PRIVATE KEY')) f |= L.PEM_PRIVATE;
      }
      while (text.charCodeAt(i + 1) === 45) i++;
      continue;
    }
    const c = text.charCodeAt(i - 1);
    if (i >= 4 && text.charCodeAt(i - 4) === 120 && (c === 98 || c === 112 || c === 97 || c === 111 || c === 114) && SLACK_PREFIX.has(text.slice(i - 4, i))) f |= L.SLACK;
    else if (c === 107 && text.startsWith('sk-ant-api0', i - 2)) f |= L.ANTHROPIC;
    else if (c === 116 && text.startsWith('secretlint', i - 10)) f |= L.SECRETLINT_COMMENT;
  }
  for (let i = text.indexOf('J'); i >= 0; i = text.indexOf('J', i + 1)) {
    if (i >= 2 && text.charCodeAt(i - 1) === 121 && text.charCodeAt(i - 2) === 101) f |= L.EYJ;
    else if (i >= 7 && text.startsWith('T3BlbkF', i - 7)) f |= L.OPENAI;
  }
  for (let i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) {
    if (text.charCodeAt(i + 1) === 48 && text.charCodeAt(i + 2) === 49) f |= L.CONVEX_ADMIN;
    // Back over [a-z0-9:-] (and a Markdown `\` before the pipe) to a `<kind>:` prefix.
    let s = text.charCodeAt(i - 1) === 92 ? i - 1 : i;
    let colon = false;
    while (s > 0 && i - s < 120) {
      const c = text.charCodeAt(s - 1);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) s--;
      else if (c === 58) {
        colon = true;
        s--;
      } else break;
    }
    if (colon && /^(prod|dev|preview|project):/.test(text.slice(s, s + 8))) f |= L.CONVEX_DEPLOY;
  }
  for (let i = text.indexOf('A'); i >= 0; i = text.indexOf('A', i + 1)) {
    const c1 = text.charCodeAt(i + 1);
    const c3 = text.charCodeAt(i + 3);
    // A3T? or one of the three-letter suffixes (all end in A)
    if ((c1 === 51 && text.charCodeAt(i + 2) === 84) || (c3 === 65 && c1 >= 65 && c1 <= 90 && AWS_PREFIX.has(text.slice(i + 1, i + 4)))) f |= L.AWS_ID;
  }
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
    if (i >= 2 && text.charCodeAt(i - 1) === 71 && text.charCodeAt(i - 2) === 83) f |= L.SENDGRID;
    else if ((text.charCodeAt(i + 1) | 32) === 115 && (text.charCodeAt(i - 1) | 32) === 115 && text.slice(i - 5, i + 10).toLowerCase() === 'hooks.slack.com') f |= L.SLACK;
  }
  if (text.includes('@')) {
    f |= L.AT;
    for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) if (i >= 13 && text.startsWith('x-oauth-basic', i - 13)) f |= L.NPM;
  }
  return f;
}
