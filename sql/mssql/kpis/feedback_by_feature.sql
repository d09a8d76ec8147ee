SELECT feature, count(*) AS responses, sum(rating) AS rating_sum
FROM dbo.feedback
WHERE ts >= @from AND ts < @to
GROUP BY feature
ORDER BY feature
