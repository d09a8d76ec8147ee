SELECT toDate(ts) AS day, uniqExact(session_id) AS sessions
FROM user_events FINAL
WHERE ts >= @from AND ts < @to
GROUP BY day
ORDER BY day
