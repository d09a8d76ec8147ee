SELECT count(*) AS carted_sessions, coalesce(sum(purchased), 0) AS purchased_sessions
FROM (
  SELECT session_id,
    max(CASE WHEN event_type = 'add_to_cart' THEN 1 ELSE 0 END) AS carted,
    max(CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END) AS purchased
  FROM user_events
  WHERE ts >= @from AND ts < @to
  GROUP BY session_id
) AS sessions
WHERE carted = 1
