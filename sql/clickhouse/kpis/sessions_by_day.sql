-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours, the rest (edges) from user_events. In the rollup a session counts
-- on a day by its first row there that day (its previous hour lies before the day or the rollup's first
-- hour): a count, no distinct. Sessions that also have events in the edges are counted exactly instead.
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
SELECT day, sum(sessions) AS sessions
FROM (
  SELECT toDate(hour) AS day, toInt64(countIf(prev_any < greatest(first_if_before, toStartOfDay(hour)))) AS sessions
  FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to
  GROUP BY day
  UNION ALL
  SELECT toDate(hour) AS day, -toInt64(countIf(prev_any < greatest(first_if_before, toStartOfDay(hour)))) AS sessions
  FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
  GROUP BY day
  UNION ALL
  SELECT day, toInt64(uniqExact(session_id)) AS sessions
  FROM (
    SELECT toDate(hour) AS day, session_id FROM session_hours FINAL
    WHERE hour >= rollup_from AND hour < rollup_to AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
    UNION ALL
    SELECT toDate(ts) AS day, session_id FROM user_events
    WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
  )
  GROUP BY day
)
GROUP BY day
HAVING sessions > 0
ORDER BY day
