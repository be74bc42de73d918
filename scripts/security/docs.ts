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

/** What the page fails to mention (whitespace-insensitive, so a wrapped line still counts). */
export function authPageMissing(text: string, policy: AccessPolicy): string[] {
  const flat = text.replace(/\s+/g, ' ');
  return authPageMentions(policy)
    .filter((m) => !flat.includes(m.text.replace(/\s+/g, ' ')))
    .map((m) => m.what);
}
