/**
 * The policy a new site starts with (version 1); admins change it later, each change a new version.
 * Thresholds sit where the eval (docs/moderation.md) keeps identity-term false positives under 3 %.
 * Doxing is rejected outright so personal data never waits in a queue; everything else is held for a person.
 */
import type { Policy } from '../domain/moderation.ts';

export const DEFAULT_POLICY: Policy = {
  version: 1,
  mode: 'premoderate-suspicious',
  newCommenterHoldCount: 3,
  categories: {
    violence: { threshold: 0.5, action: 'hold' },
    hate: { threshold: 0.5, action: 'hold' },
    profanity: { threshold: 0.5, action: 'hold' },
    vulgarity: { threshold: 0.5, action: 'hold' },
    doxing: { threshold: 0.5, action: 'reject' },
    incivility: { threshold: 0.5, action: 'hold' },
    spam: { threshold: 0.5, action: 'hold' },
  },
};
