import compact from '../profiles/compact.json' with { type: 'json' };
import realistic from '../profiles/realistic.json' with { type: 'json' };
import type { FunnelRates } from './clickstream.js';

/** A profile file's rates, without its `$schema` and `description`. */
export const ratesOf = ({
  $schema: _schema,
  description: _description,
  ...rates
}: FunnelRates & { $schema?: string; description?: string }) => rates as FunnelRates;

/** The default traffic: a shop as benchmarks describe one (`producer/profiles/realistic.json`). */
export const REALISTIC_FUNNEL: FunnelRates = ratesOf(realistic);

/** Few visits per order (`producer/profiles/compact.json`): tests and quick runs. */
export const COMPACT_FUNNEL: FunnelRates = ratesOf(compact);
