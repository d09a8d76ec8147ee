-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (the steps each session reached in each hour, as bits: add_to_cart
-- 4, purchase 16), the rest from user_events. A session's steps are OR-ed over the range, so a cart in
-- one hour and the purchase in the next count as one purchased session.
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
)
SELECT count(*) FILTER (WHERE steps & 4 <> 0) AS carted_sessions, count(*) FILTER (WHERE steps & 20 = 20) AS purchased_sessions
FROM (
  SELECT session_id, bit_or(steps) AS steps
  FROM (
    SELECT session_id, steps FROM session_hours
    WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds) AND steps & 20 <> 0
    UNION ALL
    SELECT session_id, CASE event_type WHEN 'add_to_cart' THEN 4 ELSE 16 END AS steps FROM user_events
    WHERE ts >= @from AND ts < @to
      AND (ts < (SELECT rollup_from FROM bounds) OR ts >= (SELECT rollup_to FROM bounds))
      AND event_type IN ('add_to_cart', 'purchase')
  ) parts
  GROUP BY session_id
) sessions
