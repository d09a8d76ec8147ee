SELECT event_type AS step, count(DISTINCT session_id) AS sessions
FROM dbo.user_events
WHERE ts >= @from AND ts < @to
  AND event_type IN ('page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase')
GROUP BY event_type
