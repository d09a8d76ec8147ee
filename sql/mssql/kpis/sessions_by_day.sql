SELECT CAST(ts AS DATE) AS day, count(DISTINCT session_id) AS sessions
FROM dbo.user_events
WHERE ts >= @from AND ts < @to
GROUP BY CAST(ts AS DATE)
ORDER BY day
