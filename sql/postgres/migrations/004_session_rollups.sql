-- Hourly session rollup that the clickstream KPIs read (funnel, sessions per day, cart abandonment;
-- sql/KPIS.md, "Rollups"): one row per session and hour it had events in, with the funnel steps it
-- reached in that hour as bits (page_view 1, product_view 2, add_to_cart 4, checkout_start 8,
-- purchase 16). `npm run rollups:refresh` recomputes whole hours from user_events (one row per event:
-- the sinks upsert) and replaces them, in the same transaction as the sales rollups.

CREATE TABLE session_hours (
  hour timestamptz NOT NULL,
  session_id varchar(64) NOT NULL,
  steps smallint NOT NULL,
  CONSTRAINT session_hours_pk PRIMARY KEY (hour, session_id)
);

-- Finds the hours that received clickstream events since the last refresh (late arrivals).
CREATE INDEX user_events_ingested_at_brin ON user_events USING brin (ingested_at);
