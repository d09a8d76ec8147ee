-- The hours before the rollups' closed boundary (@to) that received rows at or after @from (ingested_at):
-- late or redelivered records that the next refresh recomputes. As epoch milliseconds.
SELECT (extract(epoch FROM hour) * 1000)::float8 AS hour_ms
FROM (
  SELECT date_trunc('hour', order_ts, 'UTC') AS hour FROM sales_lines WHERE ingested_at >= @from AND order_ts < @to
  UNION
  SELECT date_trunc('hour', ts, 'UTC') AS hour FROM user_events WHERE ingested_at >= @from AND ts < @to
) AS late
ORDER BY 1
