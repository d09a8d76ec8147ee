SELECT count() AS carted_sessions, sum(purchased) AS purchased_sessions
FROM (
  SELECT session_id,
    max(event_type = 'add_to_cart') AS carted,
    max(event_type = 'purchase') AS purchased
  FROM user_events FINAL
  WHERE ts >= @from AND ts < @to
  GROUP BY session_id
)
WHERE carted = 1
