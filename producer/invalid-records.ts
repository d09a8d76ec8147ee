import type { EventOf, StreamName } from '../lib/schemas/event-schemas.js';
import type { Feedback, SalesEvent } from '../schemas/generated/event-types.js';
import type { Random } from './generator/random.js';
import type { OutgoingRecord } from './record-builder.js';

/**
 * Deliberately bad records for dead-letter tests. Each has its own key (`invalid-…`) so it never
 * collides with a real order, and carries the `x-invalid` header naming its kind:
 * - `malformed-json`: not JSON at all (fails in the converter);
 * - `schema-mismatch`: a JSON object without the stream's fields (fails in the converter: a required field is null);
 * - `constraint-violation` (sales and feedback): well-formed, but breaks a CHECK the warehouse enforces
 *   (quantity −1, rating 9).
 */
export const INVALID_KINDS = ['malformed-json', 'schema-mismatch', 'constraint-violation'] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

function violating<S extends StreamName>(stream: S, template: EventOf[S], random: Random): EventOf[S] {
  switch (stream) {
    case 'sales':
      // quantity −1 with a consistent line_total: only the database CHECK (quantity > 0) can refuse it.
      return {
        ...(template as SalesEvent),
        event_id: random.uuid(),
        order_id: `invalid-${random.hex(12)}`,
        quantity: -1,
        discount: '0.00',
        line_total: `-${(template as SalesEvent).unit_price}`,
      } as EventOf[S];
    default: // feedback (clickstream never gets this kind)
      return { ...(template as Feedback), feedback_id: random.uuid(), rating: 9 } as EventOf[S];
  }
}

/**
 * One invalid record for `stream`, shaped from a valid `template` event and serialized with the same
 * serializer as valid ones (for constraint violations), so only the intended defect is present.
 */
export function invalidRecord<S extends StreamName>(
  stream: S,
  template: EventOf[S],
  topic: string,
  serialize: (event: EventOf[S]) => string,
  random: Random,
  kinds: readonly InvalidKind[] = INVALID_KINDS,
): OutgoingRecord | undefined {
  // The warehouse has no rule a clickstream event can break (no CHECK on user_events), so clickstream
  // gets only the converter-stage kinds.
  const eligible = stream === 'clickstream' ? kinds.filter((kind) => kind !== 'constraint-violation') : kinds;
  if (eligible.length === 0) return undefined;
  const kind = random.pick(eligible);
  const key = `invalid-${random.hex(12)}`;
  const value =
    kind === 'malformed-json'
      ? `{"broken": ${JSON.stringify(key)}, `
      : kind === 'schema-mismatch'
        ? JSON.stringify({ note: "not this stream's schema", key })
        : serialize(violating(stream, template, random));
  return { stream, topic, key, value, recordId: key, invalidKind: kind };
}
