-- What browsers give through the collector and the generator does not (schemas/user_event.schema.json):
-- the browser's clock, the page view id, the user agent parsed, a bot flag and the search term. All
-- nullable: events from before this migration, and from sources without a browser, have none of them.

ALTER TABLE dbo.user_events ADD
  client_ts DATETIME2(3) NULL,
  page_view_id NVARCHAR(64) NULL,
  device_family NVARCHAR(50) NULL,
  os_family NVARCHAR(50) NULL,
  browser_family NVARCHAR(50) NULL,
  is_bot BIT NULL,
  search_term NVARCHAR(200) NULL;
