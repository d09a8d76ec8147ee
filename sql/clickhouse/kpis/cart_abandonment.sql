-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (the steps each session reached in each hour, as bits: add_to_cart
-- 4, purchase 16), the rest from user_events. A session's steps are OR-ed over the range, so a cart in
-- one hour and the purchase in the next count as one purchased session (no FINAL needed).
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to
SELECT countIf(bitAnd(steps, 4) != 0) AS carted_sessions, countIf(bitAnd(steps, 20) = 20) AS purchased_sessions
FROM (
  SELECT session_id, groupBitOr(steps) AS steps
  FROM (
    SELECT session_id, steps FROM session_hours
    WHERE hour >= rollup_from AND hour < rollup_to AND bitAnd(steps, 20) != 0
    UNION ALL
    SELECT session_id, toUInt8(multiIf(event_type = 'add_to_cart', 4, event_type = 'purchase', 16, 0)) AS steps
    FROM user_events
    WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
      AND event_type IN ('add_to_cart', 'purchase')
  )
  GROUP BY session_id
)
