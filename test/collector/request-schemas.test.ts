import { describe, expect, it } from 'vitest';
import { checkEventBatch, checkFeedbackSubmission } from '../../collector/request-schemas.js';

const event = {
  event_id: '0b7d8a52-5f3c-4d0e-9d43-8a5e2f1c7b10',
  event_type: 'page_view',
  page_view_id: 'pv-1',
  page_url: 'https://shop.example.com/',
  client_ts: '2026-12-06T09:59:58.000Z',
};

describe('what a page may send (schemas/collector/)', () => {
  it('accepts a batch of events and a feedback submission', () => {
    expect(checkEventBatch({ consent: true, events: [event] }).ok).toBe(true);
    expect(checkFeedbackSubmission({ feedback_id: event.event_id, feature: 'search', rating: 4, comment: 'ok' }).ok).toBe(true);
  });

  it('names the field, the value and what is valid, in one sentence', () => {
    expect(checkEventBatch({ events: [event, { ...event, event_type: 'click' }] })).toEqual({
      ok: false,
      problem:
        'events[1].event_type is "click"; valid: page_view, product_view, search, add_to_cart, remove_from_cart, checkout_start, purchase',
    });
    const { page_url: _dropped, ...withoutUrl } = event;
    expect(checkEventBatch({ events: [withoutUrl] })).toEqual({ ok: false, problem: 'events[0] lacks page_url' });
    expect(checkEventBatch({ events: [{ ...event, client_ts: 12 }] })).toEqual({
      ok: false,
      problem: 'events[0].client_ts is 12: it must be string',
    });
    expect(checkEventBatch({ events: [event], ip: '1.2.3.4' })).toEqual({ ok: false, problem: 'the body has an unknown field ip' });
    expect(checkEventBatch({})).toEqual({ ok: false, problem: 'the body lacks events' });
    expect(checkEventBatch({ events: [{ ...event, page_url: '', product_id: 7 }] })).toEqual({
      ok: false,
      problem: 'events[0].page_url is "": it must NOT have fewer than 1 characters (and 1 more problem)',
    });
  });
});
