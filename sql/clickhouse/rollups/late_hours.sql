-- The hours before the rollups' closed boundary (@to) that received rows at or after @from (ingested_at):
-- late or redelivered records that the next refresh recomputes. As epoch milliseconds.
SELECT DISTINCT hour_ms FROM (
  SELECT toUnixTimestamp(toStartOfHour(order_ts)) * 1000 AS hour_ms
  FROM sales_lines
  WHERE ingested_at >= @from AND order_ts < @to
  UNION ALL
  SELECT toUnixTimestamp(toStartOfHour(ts)) * 1000 AS hour_ms
  FROM user_events
  WHERE ingested_at >= @from AND ts < @to
)
ORDER BY hour_ms
