import { describe, expect, it } from 'vitest';
import { identify, PARTY_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_S } from '../../collector/identity.js';

const ids = () => {
  let n = 0;
  return () => {
    n += 1;
    return `id${n}`;
  };
};

describe('identity from first-party cookies', () => {
  it('with consent: makes a party and a session once, then keeps them, renewing the 30-minute session cookie', () => {
    const first = identify({ cookies: {}, consent: true, mode: 'required', newId: ids() });
    expect(first.idsOf('pv1')).toEqual({ partyId: 'pid1', sessionId: 'sid2' });
    expect(first.idsOf('pv2')).toEqual({ partyId: 'pid1', sessionId: 'sid2' });
    expect(first.cookies).toEqual([
      { name: PARTY_COOKIE, value: 'pid1', maxAge: 63_072_000 },
      { name: SESSION_COOKIE, value: 'sid2', maxAge: SESSION_MAX_AGE_S },
    ]);
    const later = identify({
      cookies: { ecom_pid: 'pid1', ecom_sid: 'sid2' },
      consent: true,
      mode: 'required',
      newId: ids(),
    });
    expect(later.idsOf('pv2')).toEqual({ partyId: 'pid1', sessionId: 'sid2' });
    expect(later.cookies.map((cookie) => cookie.maxAge)).toEqual([63_072_000, 1800]);
  });

  it('after 30 minutes the session cookie is gone: the same party starts a new session', () => {
    const next = identify({ cookies: { ecom_pid: 'pid1' }, consent: true, mode: 'required', newId: ids() });
    expect(next.idsOf('pv3')).toEqual({ partyId: 'pid1', sessionId: 'sid1' });
  });

  it("without consent: no cookie, any earlier one cleared, and party and session are each event's page view", () => {
    const anonymous = identify({
      cookies: { ecom_pid: 'pid1', ecom_sid: 'sid2' },
      consent: undefined,
      mode: 'required',
      newId: ids(),
    });
    // One batch may carry two pages' events (the tag's queue outlives a page): they stay unlinked.
    expect(anonymous.idsOf('pv9')).toEqual({ partyId: 'anon-pv9', sessionId: 'anon-pv9' });
    expect(anonymous.idsOf('pv10')).toEqual({ partyId: 'anon-pv10', sessionId: 'anon-pv10' });
    expect(anonymous.cookies).toEqual([
      { name: PARTY_COOKIE, value: '', maxAge: 0 },
      { name: SESSION_COOKIE, value: '', maxAge: 0 },
    ]);
    expect(identify({ cookies: {}, consent: false, mode: 'required', newId: ids() }).cookies).toEqual([]);
  });

  it('implied consent sets cookies unless the page says no; a forged cookie value is replaced', () => {
    expect(identify({ cookies: {}, consent: undefined, mode: 'implied', newId: ids() }).cookies).toHaveLength(2);
    expect(identify({ cookies: {}, consent: false, mode: 'implied', newId: ids() }).cookies).toEqual([]);
    expect(identify({ cookies: { ecom_pid: '<script>' }, consent: true, mode: 'required', newId: ids() }).idsOf('p').partyId).toBe('pid1');
  });
});
