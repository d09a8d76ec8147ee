SELECT (ts AT TIME ZONE 'UTC')::date AS day, count(DISTINCT session_id) AS sessions
FROM user_events
WHERE ts >= @from AND ts < @to
GROUP BY 1
ORDER BY 1
