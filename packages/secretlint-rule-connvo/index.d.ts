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

export interface PresetOptions {
  allow?: AllowEntry[];
  /** `false`: leave out the recommended preset's rules (default: run them, judged). */
  recommend?: boolean;
}
export type ConnvoPreset = SecretLintRulePresetCreator<PresetOptions> & {
  /** The recommended preset's rules this preset registers, each wrapped by `judged`. */
  presetRules: SecretLintRuleCreator[];
  /** The preset registering only the recommended-preset rules `keep` accepts. */
  presetWith(keep: (id: string) => boolean): ConnvoPreset;
};
export declare const creator: ConnvoPreset;
export declare function presetWith(keep: (id: string) => boolean): ConnvoPreset;
export declare const presetRules: SecretLintRuleCreator[];
/** Recommended-preset rule ids replaced by stricter project rules. */
export declare const SUPERSEDED: Set<string>;
/** A rule whose findings pass through `judge` (and whose messages are masked). */
export declare function judged<R extends SecretLintRuleCreator>(rule: R): R;

export type Reason = 'placeholder' | 'mask' | 'public-by-design' | 'sample' | 'prose' | 'identifier';
export type Verdict = { secret: true } | { secret: false; reason: Reason; why: string };
export interface Candidate {
  text: string;
  start: number;
  end: number;
  file?: string;
  rule?: string;
  detail?: Record<string, string>;
}
/** The one decision point: is the value at [start, end) of `text` a secret, and if not, why. */
export declare function judge(candidate: Candidate): Verdict;
export declare const REASONS: readonly Reason[];
/** `text` with every secret masked, for any output of the project. */
export declare function redact(text: string): string;
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
export declare const urlCredentialsRule: SecretLintRuleCreator;

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
