import type { Check } from '../lib/check.js';
import { driftCheck } from './drift.js';
import { examplesCheck } from './examples.js';
import { securityCheck } from './security.js';
import { siteCheck } from './site.js';
import { specCheck } from './spec.js';
import { tokensCheck } from './tokens.js';

/**
 * Every check of `npm run check`, in run order (checks that read page parses run after the others
 * in any case). Adding a check: one module, one line here.
 */
export const checks: readonly Check[] = [specCheck, securityCheck, tokensCheck, examplesCheck, siteCheck, driftCheck];
