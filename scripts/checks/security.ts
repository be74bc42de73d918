import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { securityFindings } from '../security/analyze.js';

/**
 * Every operation asks for exactly the credential its audience needs (access-policy.yaml): schemes
 * defined with the right shape and used, effective security per operation, Mintlify's playground,
 * the Authentication page, and a fresh access matrix page. Rules live in scripts/security/.
 */
export const securityCheck: Check = {
  ...CHECK_INFO.security,
  run({ workspace }) {
    return securityFindings(workspace);
  },
};
