import type { FastifyReply, FastifyRequest } from 'fastify';
import proxyAddr from 'proxy-addr';
import { countryOf } from './build-events.js';
import type { CookieToSet } from './identity.js';

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** The request body as JSON, or one sentence on why it is not. */
export function parseJsonBody(raw: string): Parsed {
  if (raw.trim() === '') return { ok: false, problem: 'The body is empty; send JSON such as {"events": [...]}.' };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return {
      ok: false,
      problem: `The body is not JSON (${(error as Error).message.slice(0, 120)}); send JSON such as {"events": [...]}.`,
    };
  }
}

/**
 * Pages of other sites may send only from an allowed origin (COLLECTOR_ALLOWED_ORIGINS). A browser
 * sends `sendBeacon` and text/plain posts without asking (no CORS preflight), so this is checked here,
 * not only by the CORS headers. Requests without Origin (servers, curl) pass.
 */
export function sameOriginOrAllowed(
  request: FastifyRequest,
  allowed: readonly string[],
): { readonly ok: true } | { readonly ok: false; readonly problem: string } {
  const origin = request.headers.origin;
  if (!origin) return { ok: true };
  const own = `${request.protocol}://${request.host}`;
  if (origin === own || allowed.includes(origin)) return { ok: true };
  return {
    ok: false,
    problem: `Origin ${origin} may not send events here; add it to COLLECTOR_ALLOWED_ORIGINS (now ${allowed.length > 0 ? allowed.join(', ') : 'empty: only pages this collector serves'}).`,
  };
}

/**
 * The visitor's country as a request shows it: the header COLLECTOR_COUNTRY_HEADER names, believed only
 * when the peer that connected is one of COLLECTOR_TRUSTED_PROXIES (matched as Fastify matches them for
 * X-Forwarded-For; compiled once), else ZZ (see countryOf).
 */
export function countryReader(options: { readonly countryHeader: string; readonly trustedProxies: readonly string[] }) {
  const trusted = options.trustedProxies.length > 0 ? proxyAddr.compile([...options.trustedProxies]) : undefined;
  return (request: FastifyRequest): string => {
    const peer = request.socket.remoteAddress;
    const header =
      options.countryHeader && trusted && peer !== undefined && trusted(peer, 0) ? request.headers[options.countryHeader] : undefined;
    return countryOf(typeof header === 'string' ? header : undefined);
  };
}

/**
 * Sets the identity cookies: HttpOnly, path /, and on HTTPS (directly, or as a trusted proxy says)
 * `Secure; SameSite=None` so pages of allowed sites can send them; on plain http (localhost)
 * `SameSite=Lax` without Secure, which browsers would refuse to store.
 */
export function setCookies(request: FastifyRequest, reply: FastifyReply, cookies: readonly CookieToSet[]): void {
  const secure = request.protocol === 'https';
  for (const cookie of cookies)
    reply.setCookie(cookie.name, cookie.value, {
      path: '/',
      maxAge: cookie.maxAge,
      httpOnly: true,
      secure,
      sameSite: secure ? 'none' : 'lax',
    });
}
