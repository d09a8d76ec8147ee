-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from session_hours, the rest (edges) from user_events. In the rollup the carted, the
-- purchasing and the carted-or-purchasing sessions are each counted by their first row with that step
-- (no distinct), and carted-and-purchased = carted + purchased - carted-or-purchased. Sessions that
-- also have events in the edges are taken out of those counts and counted exactly over both.
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
SELECT
  toUInt64(r.carted - re.carted + e.carted) AS carted_sessions,
  toUInt64(r.carted + r.purchasing - r.either - (re.carted + re.purchasing - re.either) + e.purchased) AS purchased_sessions
FROM
  (
    SELECT
      toInt64(countIf(bitAnd(steps, 4) != 0 AND prev_add_to_cart < first_if_before)) AS carted,
      toInt64(countIf(bitAnd(steps, 16) != 0 AND prev_purchase < first_if_before)) AS purchasing,
      toInt64(countIf(bitAnd(steps, 20) != 0 AND prev_cart_or_purchase < first_if_before)) AS either
    FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to
  ) AS r,
  (
    SELECT
      toInt64(countIf(bitAnd(steps, 4) != 0 AND prev_add_to_cart < first_if_before)) AS carted,
      toInt64(countIf(bitAnd(steps, 16) != 0 AND prev_purchase < first_if_before)) AS purchasing,
      toInt64(countIf(bitAnd(steps, 20) != 0 AND prev_cart_or_purchase < first_if_before)) AS either
    FROM session_hours FINAL WHERE hour >= rollup_from AND hour < rollup_to AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
  ) AS re,
  (
    SELECT toInt64(countIf(bitAnd(steps, 4) != 0)) AS carted, toInt64(countIf(bitAnd(steps, 20) = 20)) AS purchased
    FROM (
      SELECT session_id, groupBitOr(steps) AS steps
      FROM (
        SELECT session_id, steps FROM session_hours FINAL
        WHERE hour >= rollup_from AND hour < rollup_to AND bitAnd(steps, 20) != 0 AND session_id IN (SELECT session_id FROM user_events WHERE rollup_from < rollup_to AND ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to))
        UNION ALL
        SELECT session_id, toUInt8(multiIf(event_type = 'add_to_cart', 4, event_type = 'purchase', 16, 0)) AS steps
        FROM user_events
        WHERE ts >= range_from AND ts < range_to AND (ts < rollup_from OR ts >= rollup_to)
          AND event_type IN ('add_to_cart', 'purchase')
      )
      GROUP BY session_id
    )
  ) AS e
