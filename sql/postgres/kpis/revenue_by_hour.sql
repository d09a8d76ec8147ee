SELECT date_trunc('hour', order_ts AT TIME ZONE 'UTC') AS bucket, sum(line_total) AS revenue, count(*) FILTER (WHERE line_no = 1) AS orders
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY 1
ORDER BY 1
