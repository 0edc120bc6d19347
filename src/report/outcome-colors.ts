import type { RowOutcome } from '../core/domain.js';

/** One color per outcome: greens went well, grey was skipped, ambers wait on people, reds need a look. */
export const OUTCOME_COLORS: Record<RowOutcome, string> = {
  submitted: '#2e7d32',
  delivered: '#1b5e20',
  'pending-approval': '#f9a825',
  scheduled: '#7cb342',
  skipped: '#9e9e9e',
  denied: '#c62828',
  'delivery-failed': '#c62828',
  'partially-delivered': '#ef6c00',
  canceled: '#8d6e63',
  'timed-out': '#ef6c00',
  invalid: '#ad1457',
  'not-found': '#6a1b9a',
  failed: '#b71c1c',
  'gave-up': '#d84315',
};
