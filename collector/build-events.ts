import type { UserAgentFacts } from '../lib/enrichment/user-agent.js';
import type { Feedback, UserEvent } from '../schemas/generated/event-types.js';
import type { VisitorIds } from './identity.js';
import type { BatchEvent, FeedbackSubmission } from './request-schemas.js';

/** What the collector knows of a request, beyond what the page sent. */
export interface RequestContext {
  /** The collector's clock when the request arrived: the events' `ts`. */
  readonly receivedAt: Date;
  /** The party and session of an event, from its page view (see identity.ts). */
  readonly idsOf: (pageViewId: string) => VisitorIds;
  readonly customerId: string | null;
  /** The User-Agent header (the schema needs one: "unknown" when the request has none). */
  readonly userAgent: string;
  readonly agent: UserAgentFacts;
  /** ISO code from the trusted proxy's header, or ZZ. */
  readonly country: string;
}

const UTM = ['utm_source', 'utm_medium', 'utm_campaign'] as const;

/** The UTM parameters of a page URL (null when absent, or when the URL cannot be read). */
export function utmOf(pageUrl: string): Record<(typeof UTM)[number], string | null> {
  let params: URLSearchParams | undefined;
  try {
    params = new URL(pageUrl).searchParams;
  } catch {
    params = undefined;
  }
  return Object.fromEntries(UTM.map((name) => [name, params?.get(name)?.slice(0, 100) || null])) as Record<
    (typeof UTM)[number],
    string | null
  >;
}

/** The referrer as a page reports it (document.referrer), kept when it is an http(s) URL, else null. */
export function referrerOf(referrer: string | null | undefined): string | null {
  if (!referrer) return null;
  try {
    const url = new URL(referrer);
    return url.protocol === 'http:' || url.protocol === 'https:' ? referrer : null;
  } catch {
    return null;
  }
}

/** A browser's event as the pipeline's user_event. Pure; the caller validates the result against schemas/. */
export function userEventOf(event: BatchEvent, context: RequestContext): UserEvent {
  const { partyId, sessionId } = context.idsOf(event.page_view_id);
  return {
    event_id: event.event_id,
    session_id: sessionId,
    party_id: partyId,
    customer_id: context.customerId,
    event_type: event.event_type as UserEvent['event_type'],
    ts: context.receivedAt.toISOString(),
    page_url: event.page_url,
    referrer: referrerOf(event.referrer),
    ...utmOf(event.page_url),
    product_id: event.product_id ?? null,
    order_id: event.order_id ?? null,
    user_agent: context.userAgent,
    country: context.country,
    client_ts: event.client_ts,
    page_view_id: event.page_view_id,
    ...context.agent,
    search_term: event.search_term ?? null,
  };
}

export const feedbackOf = (submission: FeedbackSubmission, receivedAt: Date): Feedback => ({
  feedback_id: submission.feedback_id,
  ts: receivedAt.toISOString(),
  customer_id: submission.customer_id ?? null,
  feature: submission.feature as Feedback['feature'],
  rating: submission.rating,
  comment: submission.comment,
});

/** The visitor's country from a trusted proxy's header: an ISO 3166-1 alpha-2 code, else ZZ (unknown). */
export function countryOf(header: string | undefined): string {
  const code = header?.trim().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' && code !== 'T1' ? code : 'ZZ';
}
