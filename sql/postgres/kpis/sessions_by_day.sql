-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (each session once per hour it had events in), the rest from
-- user_events; sessions are counted distinct per day over both.
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
)
SELECT day, count(DISTINCT session_id) AS sessions
FROM (
  SELECT (hour AT TIME ZONE 'UTC')::date AS day, session_id FROM session_hours
  WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds)
  UNION ALL
  SELECT (ts AT TIME ZONE 'UTC')::date AS day, session_id FROM user_events
  WHERE ts >= @from AND ts < @to
    AND (ts < (SELECT rollup_from FROM bounds) OR ts >= (SELECT rollup_to FROM bounds))
) parts
GROUP BY day
ORDER BY day
