import type { Expiration } from '../core/domain.js';
import type { ExpirationPattern, RequestSchedule } from './assignment-request-body.js';

/**
 * The `schedule` member for a row's expiration and start, or `undefined` when the row asks for neither
 * (the policy's defaults then apply).
 *
 * No `startDateTime` is invented when the row gives none, not even for `adminUpdate` although
 * Microsoft's example 8 sends one: since 2022 the service no longer needs a start date and uses the
 * policy's or the assignment's own (markwahl-msft in msgraph-sdk-powershell#1726), and a clock-free
 * planner prints the same plan today and tomorrow.
 */
export function buildSchedule(expiration: Expiration, start: string | undefined): RequestSchedule | undefined {
  const pattern = expirationPattern(expiration);
  if (pattern === undefined && start === undefined) return undefined;
  const schedule: RequestSchedule = {};
  if (start !== undefined) schedule.startDateTime = start;
  if (pattern !== undefined) schedule.expiration = pattern;
  return schedule;
}

function expirationPattern(expiration: Expiration): ExpirationPattern | undefined {
  switch (expiration.type) {
    case 'policyDefault':
      return undefined;
    case 'noExpiration':
      return { type: 'noExpiration' };
    case 'afterDateTime':
      return { type: 'afterDateTime', endDateTime: expiration.endDateTime };
    case 'afterDuration':
      return { type: 'afterDuration', duration: expiration.duration };
  }
}

