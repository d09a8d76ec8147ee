-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (the steps each session reached in each hour, as bits), the rest
-- from user_events. Distinct sessions per step, so a session seen in several hours counts once, and
-- copies of an event or of a rollup row change nothing (no FINAL needed).
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to
SELECT step, sessions
FROM (
  SELECT [
      uniqExactIf(session_id, bitAnd(steps, 1) != 0),
      uniqExactIf(session_id, bitAnd(steps, 2) != 0),
      uniqExactIf(session_id, bitAnd(steps, 4) != 0),
      uniqExactIf(session_id, bitAnd(steps, 8) != 0),
      uniqExactIf(session_id, bitAnd(steps, 16) != 0)
    ] AS counts
  FROM (
    SELECT session_id, steps FROM session_hours WHERE hour >= rollup_from AND hour < rollup_to AND steps != 0
    UNION ALL
    SELECT session_id, toUInt8(multiIf(event_type = 'page_view', 1, event_type = 'product_view', 2, event_type = 'add_to_cart', 4,
      event_type = 'checkout_start', 8, event_type = 'purchase', 16, 0)) AS steps
    FROM user_events
    WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
      AND event_type IN ('page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase')
  )
)
ARRAY JOIN ['page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase'] AS step, counts AS sessions
WHERE sessions > 0
