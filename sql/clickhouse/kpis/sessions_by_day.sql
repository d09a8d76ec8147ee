-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours (each session once per hour it had events in), the rest from
-- user_events; sessions are counted distinct per day over both (no FINAL needed: copies change nothing).
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to
SELECT day, uniqExact(session_id) AS sessions
FROM (
  SELECT toDate(hour) AS day, session_id FROM session_hours WHERE hour >= rollup_from AND hour < rollup_to
  UNION ALL
  SELECT toDate(ts) AS day, session_id FROM user_events
  WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
)
GROUP BY day
ORDER BY day
