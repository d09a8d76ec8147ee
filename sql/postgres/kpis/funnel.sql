-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (the steps each session reached in each hour, as bits), the rest
-- from user_events. Distinct sessions per step, so a session seen in several hours counts once: the
-- steps are first combined per session, then counted (twice as fast as count(DISTINCT) per step).
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
),
steps (step, bit) AS (
  VALUES ('page_view', 1), ('product_view', 2), ('add_to_cart', 4), ('checkout_start', 8), ('purchase', 16)
),
parts AS (
  SELECT session_id, steps FROM session_hours
  WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds) AND steps <> 0
  UNION ALL
  SELECT session_id, bit AS steps FROM user_events JOIN steps ON steps.step = user_events.event_type
  WHERE ts >= @from AND ts < @to
    AND (ts < (SELECT rollup_from FROM bounds) OR ts >= (SELECT rollup_to FROM bounds))
),
reached AS (
  SELECT bit_or(steps) AS steps FROM parts GROUP BY session_id
)
SELECT steps.step, count(*) AS sessions
FROM reached JOIN steps ON reached.steps & steps.bit <> 0
GROUP BY steps.step
