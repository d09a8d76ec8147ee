-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours, the rest (edges: partial hours, hours not yet rolled up) from
-- user_events. In the rollup each session with a step is one row, its first there with that step (its
-- previous hour with the step lies before the rollup's first hour): a count, no distinct. Sessions that
-- also have events in the edges are taken out of that count and counted exactly over both.
-- The edge sessions' set is built only when the range has rollup hours (rollup_from < rollup_to):
-- ClickHouse builds an IN set before it filters the hours, and without that guard a range with no
-- rollup hours (rollups not built) built a set of every session in it (30-47 s per KPI at 98M events).
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to,
  -- A rollup row is its session's first there when its previous hour lies before this (1970: none).
  greatest(rollup_from, toDateTime64(1, 3, 'UTC')) AS first_if_before
SELECT step, sessions
FROM (
  SELECT arrayMap((rolled, rolled_at_edges, at_edges) -> rolled - rolled_at_edges + at_edges, r.counts, re.counts, e.counts) AS counts
  FROM
    (
      SELECT [
        countIf(bitAnd(steps, 1) != 0 AND prev_page_view < first_if_before),
        countIf(bitAnd(steps, 2) != 0 AND prev_product_view < first_if_before),
        countIf(bitAnd(steps, 4) != 0 AND prev_add_to_cart < first_if_before),
        countIf(bitAnd(steps, 8) != 0 AND prev_checkout_start < first_if_before),
        countIf(bitAnd(steps, 16) != 0 AND prev_purchase < first_if_before)
      ] AS counts
      FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to
    ) AS r,
    (
      SELECT [
        countIf(bitAnd(steps, 1) != 0 AND prev_page_view < first_if_before),
        countIf(bitAnd(steps, 2) != 0 AND prev_product_view < first_if_before),
        countIf(bitAnd(steps, 4) != 0 AND prev_add_to_cart < first_if_before),
        countIf(bitAnd(steps, 8) != 0 AND prev_checkout_start < first_if_before),
        countIf(bitAnd(steps, 16) != 0 AND prev_purchase < first_if_before)
      ] AS counts
      FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
    ) AS re,
    (
      SELECT [
          uniqExactIf(session_id, bitAnd(steps, 1) != 0),
          uniqExactIf(session_id, bitAnd(steps, 2) != 0),
          uniqExactIf(session_id, bitAnd(steps, 4) != 0),
          uniqExactIf(session_id, bitAnd(steps, 8) != 0),
          uniqExactIf(session_id, bitAnd(steps, 16) != 0)
        ] AS counts
      FROM (
        SELECT session_id, steps FROM session_hours FINAL
        WHERE hour >= rollup_from AND hour < rollup_to AND steps != 0 AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
        UNION ALL
        SELECT session_id, toUInt8(multiIf(event_type = 'page_view', 1, event_type = 'product_view', 2, event_type = 'add_to_cart', 4,
        event_type = 'checkout_start', 8, event_type = 'purchase', 16, 0)) AS steps
        FROM user_events
        WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
          AND event_type IN ('page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase')
      )
    ) AS e
)
ARRAY JOIN ['page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase'] AS step, counts AS sessions
WHERE sessions > 0
