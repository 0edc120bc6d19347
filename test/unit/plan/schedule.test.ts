import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../src/plan/index.js';

describe('buildSchedule', () => {
  it('sends no schedule for the policy default and no start', () => {
    expect(buildSchedule({ type: 'policyDefault' }, undefined)).toBeUndefined();
  });

  it('sends only the type for noExpiration', () => {
    expect(JSON.stringify(buildSchedule({ type: 'noExpiration' }, undefined))).toBe(
      '{"expiration":{"type":"noExpiration"}}',
    );
  });

  it('sends type then endDateTime for afterDateTime', () => {
    expect(
      JSON.stringify(buildSchedule({ type: 'afterDateTime', endDateTime: '2027-06-30T23:59:59Z' }, undefined)),
    ).toBe('{"expiration":{"type":"afterDateTime","endDateTime":"2027-06-30T23:59:59Z"}}');
  });

  it('sends type then duration for afterDuration', () => {
    expect(JSON.stringify(buildSchedule({ type: 'afterDuration', duration: 'P90D' }, undefined))).toBe(
      '{"expiration":{"type":"afterDuration","duration":"P90D"}}',
    );
    expect(JSON.stringify(buildSchedule({ type: 'afterDuration', duration: 'PT12H' }, undefined))).toBe(
      '{"expiration":{"type":"afterDuration","duration":"PT12H"}}',
    );
  });

  it('sends only startDateTime for a start with the policy default expiration', () => {
    expect(buildSchedule({ type: 'policyDefault' }, '2027-01-01T00:00:00Z')).toEqual({
      startDateTime: '2027-01-01T00:00:00Z',
    });
  });

  it('puts startDateTime before expiration', () => {
    expect(
      JSON.stringify(buildSchedule({ type: 'afterDuration', duration: 'P30D' }, '2027-01-01T08:00:00Z')),
    ).toBe('{"startDateTime":"2027-01-01T08:00:00Z","expiration":{"type":"afterDuration","duration":"P30D"}}');
  });
});
