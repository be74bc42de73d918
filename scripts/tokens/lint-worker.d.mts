/** One secretlint message, as plain data (it crosses worker boundaries). */
export interface LintMessage {
  ruleId: string;
  ruleParentId?: string;
  messageId: string;
  /** May hold the secret (the recommended preset's messages do): mask before showing. */
  message: string;
  data?: unknown;
  range: [number, number];
  severity: string;
}

export declare const PRESET_TRIGGERS: Record<string, (flags: number, text: string, ext: string) => boolean>;
export declare function createLinter(configFile: string, options?: { prefilter?: boolean }): Promise<(file: string, text: string) => Promise<LintMessage[]>>;
