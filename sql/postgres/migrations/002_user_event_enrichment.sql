-- What browsers give through the collector and the generator does not (schemas/user_event.schema.json):
-- the browser's clock, the page view id, the user agent parsed, a bot flag and the search term. All
-- nullable: events from before this migration, and from sources without a browser, have none of them.

ALTER TABLE user_events
  ADD COLUMN client_ts timestamptz,
  ADD COLUMN page_view_id varchar(64),
  ADD COLUMN device_family varchar(50),
  ADD COLUMN os_family varchar(50),
  ADD COLUMN browser_family varchar(50),
  ADD COLUMN is_bot boolean,
  ADD COLUMN search_term varchar(200);
