import { PipelineError } from '../../../lib/errors.js';
import type { MetabaseClient } from './metabase-client.js';
import type { CurrentCard, CurrentDashboard } from './metabase-state.js';
import { readMetabaseState } from './metabase-state.js';
import { collectionNameOf } from './render-metabase.js';

/**
 * The dashboard of a slug inside the project's collection, with its cards: the one named as the
 * definition's title, else the one whose cards came from dashboards/<slug>.json.
 */
export async function readMetabaseExport(
  client: MetabaseClient,
  slug: string,
  prefix: string,
  title: string | undefined,
): Promise<{ dashboard: CurrentDashboard; cards: Map<number, CurrentCard> }> {
  const collection = collectionNameOf(prefix);
  const state = await readMetabaseState(client, { database: '', collection });
  const cards = new Map(state.cards.map((card) => [card.id, card]));
  const fromFile = (dashboard: CurrentDashboard) =>
    dashboard.dashcards.some((dashcard) => (cards.get(dashcard.card_id ?? -1)?.description ?? '').startsWith(`dashboards/${slug}.json#`));
  const dashboard =
    state.dashboards.find((candidate) => title !== undefined && candidate.name === title) ?? state.dashboards.find(fromFile);
  if (!dashboard) {
    const names = state.dashboards.map((candidate) => `"${candidate.name}"`).join(', ') || 'none';
    throw new PipelineError(
      'COMMAND_FAILED',
      `No dashboard in Metabase's collection "${collection}" at ${client.base} is dashboards/${slug}.json's (dashboards there: ${names}). Apply it first (npm run dashboards:apply -- --target metabase), or name one of those.`,
    );
  }
  return { dashboard, cards };
}
