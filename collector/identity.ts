/**
 * Who sent a batch, Divolte-style, from first-party cookies. Pure: the cookies a request brought, the
 * consent it declares and the mode give the party and session ids and the cookies to set.
 * - party (`ecom_pid`): one browser, kept two years;
 * - session (`ecom_sid`): ends after 30 minutes without an event (the cookie's lifetime, renewed on each batch).
 * Without consent (COLLECTOR_CONSENT=required and no `consent: true`) no cookie is set, any set before is
 * cleared, and party and session are each event's own page view: nothing links two pages, not even the
 * events of two pages that arrive in one batch (the tag's queue outlives a page).
 */
export const PARTY_COOKIE = 'ecom_pid';
export const SESSION_COOKIE = 'ecom_sid';
const PARTY_MAX_AGE_S = 2 * 365 * 24 * 3600;
export const SESSION_MAX_AGE_S = 30 * 60;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface CookieToSet {
  readonly name: string;
  readonly value: string;
  /** Seconds; 0 clears the cookie. */
  readonly maxAge: number;
}

export interface VisitorIds {
  readonly partyId: string;
  readonly sessionId: string;
}

export interface Identity {
  /** The party and session of an event from this page view. */
  readonly idsOf: (pageViewId: string) => VisitorIds;
  readonly cookies: readonly CookieToSet[];
}

/** Without consent: the page view is the party and the session. */
const anonymousIds = (pageViewId: string): VisitorIds => {
  const anonymous = `anon-${pageViewId}`.slice(0, 64);
  return { partyId: anonymous, sessionId: anonymous };
};

export function identify(input: {
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly consent: boolean | undefined;
  readonly mode: 'required' | 'implied';
  /** A new random id (hex), for a party or session that has none yet. */
  readonly newId: () => string;
}): Identity {
  const consented = input.consent === true || (input.mode === 'implied' && input.consent !== false);
  if (!consented) {
    const clear = [PARTY_COOKIE, SESSION_COOKIE]
      .filter((name) => input.cookies[name] !== undefined)
      .map((name) => ({ name, value: '', maxAge: 0 }));
    return { idsOf: anonymousIds, cookies: clear };
  }
  const known = (name: string) => {
    const value = input.cookies[name];
    return value && ID.test(value) ? value : undefined;
  };
  const partyId = known(PARTY_COOKIE) ?? `p${input.newId()}`;
  const sessionId = known(SESSION_COOKIE) ?? `s${input.newId()}`;
  return {
    idsOf: () => ({ partyId, sessionId }),
    cookies: [
      { name: PARTY_COOKIE, value: partyId, maxAge: PARTY_MAX_AGE_S },
      { name: SESSION_COOKIE, value: sessionId, maxAge: SESSION_MAX_AGE_S },
    ],
  };
}
