import type { Check } from '../lib/check.js';
import { securityFindings } from '../security/analyze.js';

/**
 * Every operation asks for exactly the credential its audience needs (access-policy.yaml): schemes
 * defined with the right shape and used, effective security per operation, Mintlify's playground,
 * the Authentication page, and a fresh access matrix page. Rules live in scripts/security/.
 */
export const securityCheck: Check = {
  name: 'security',
  summary: 'access-policy.yaml: each operation requires exactly bearerAuth, convexDeploy or nothing; playground, docs and access matrix agree',
  run({ workspace }) {
    return securityFindings(workspace);
  },
};
