import type { SecretLintRuleCreator, SecretLintRulePresetCreator } from '@secretlint/types';

export interface Detection {
  /** Rule name without the `connvo/` prefix, e.g. `jwt`. */
  rule: string;
  messageId: string;
  start: number;
  end: number;
  detail?: Record<string, string>;
}

export interface AllowEntry {
  /** Masked form as a finding prints it, e.g. `eyJhbG…(212 chars)`. */
  token: string;
  /** Fingerprint as a finding prints it, e.g. `sha256:0123456789abcdef`. */
  sha256: string;
  /** Why the value is a deliberate, documented sample. */
  reason: string;
}

export declare const creator: SecretLintRulePresetCreator<{ allow?: AllowEntry[] }>;
export declare const rules: SecretLintRuleCreator[];
export declare const ruleIds: string[];
export declare const jwtRule: SecretLintRuleCreator;
export declare const workosApiKeyRule: SecretLintRuleCreator;
export declare const stripeSecretKeyRule: SecretLintRuleCreator;
export declare const convexDeployKeyRule: SecretLintRuleCreator;
export declare const convexAdminKeyRule: SecretLintRuleCreator;
export declare const credentialInPositionRule: SecretLintRuleCreator;
export declare const privateKeyRule: SecretLintRuleCreator;
export declare const awsRule: SecretLintRuleCreator;
export declare const placeholderUrlFilterRule: SecretLintRuleCreator;

/** Flags of `literals()`: which rare literals (token prefixes) a text contains. */
export declare const L: Record<'EYJ' | 'SK' | 'CONVEX_DEPLOY' | 'CONVEX_ADMIN' | 'PEM_PRIVATE' | 'AWS_ID' | 'NPM' | 'GITHUB' | 'LINEAR' | 'SHOPIFY' | 'ONEPASSWORD' | 'SLACK' | 'ANTHROPIC' | 'SECRETLINT_COMMENT' | 'SENDGRID' | 'OPENAI' | 'AT', number>;
/** Bit set of `L` flags, from single-character scans (cheap). */
export declare function literals(text: string): number;
export declare function detectAll(text: string): Detection[];
/** `detectAll`, cached for the last text (the rules of one lint share it). */
export declare function detectCached(text: string): Detection[];
export declare function mask(value: string, visible?: number): string;
export declare function parseMasked(masked: string): { prefix: string; length: number } | undefined;
export declare function fingerprint(value: string): string;
export declare function isPlaceholder(value: string): boolean;
export declare function isKnownNonSecret(value: string): boolean;
export declare function looksRandom(value: string, minLength?: number): boolean;
