import type { Check } from '../lib/check.js';
import { examplesCheck } from './examples.js';
import { securityCheck } from './security.js';
import { siteCheck } from './site.js';
import { specCheck } from './spec.js';
import { tokensCheck } from './tokens.js';

/** Every check of `npm run check`, in report order. Adding a check: one module, one line here. */
export const checks: readonly Check[] = [specCheck, siteCheck, securityCheck, tokensCheck, examplesCheck];
