-- The hours before the rollups' closed boundary (@to) that received rows at or after @from (ingested_at):
-- late or redelivered records that the next refresh recomputes. As epoch milliseconds.
SELECT DISTINCT (extract(epoch FROM date_trunc('hour', order_ts, 'UTC')) * 1000)::float8 AS hour_ms
FROM sales_lines
WHERE ingested_at >= @from AND order_ts < @to
ORDER BY 1
