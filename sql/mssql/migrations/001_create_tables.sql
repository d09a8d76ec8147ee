-- Tables for the three event streams, keyed on the idempotency keys declared in schemas/.
-- Money DECIMAL(18,2); instants DATETIME2(3) holding UTC (the sinks write UTC; sessions use UTC).
-- The sales fact table is a clustered columnstore (compression, batch-mode scans for the KPIs) with a
-- nonclustered primary key on (order_id, line_no), the unique key the sink's MERGE matches on.
-- Monthly partitioning: for large installs, create a partition function on order_ts by month
-- (RANGE RIGHT FOR VALUES ('2025-01-01', '2025-02-01', ...)) and a scheme, then build the
-- columnstore ON that scheme(order_ts); old months can then be switched out in one metadata step.

CREATE TABLE dbo.sales_lines (
  event_id UNIQUEIDENTIFIER NOT NULL,
  order_id NVARCHAR(64) NOT NULL,
  line_no INT NOT NULL,
  order_ts DATETIME2(3) NOT NULL,
  customer_id NVARCHAR(64) NOT NULL,
  is_returning_customer BIT NOT NULL,
  country NCHAR(2) NOT NULL,
  city NVARCHAR(100) NOT NULL,
  channel NVARCHAR(16) NOT NULL,
  device NVARCHAR(16) NOT NULL,
  payment_method NVARCHAR(32) NOT NULL,
  currency NCHAR(3) NOT NULL,
  product_id NVARCHAR(64) NOT NULL,
  sku NVARCHAR(32) NOT NULL,
  product_name NVARCHAR(200) NOT NULL,
  category NVARCHAR(100) NOT NULL,
  brand NVARCHAR(100) NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(18,2) NOT NULL,
  discount DECIMAL(18,2) NOT NULL,
  line_total DECIMAL(18,2) NOT NULL,
  utm_source NVARCHAR(100) NULL,
  ingested_at DATETIME2(3) NOT NULL CONSTRAINT sales_lines_ingested_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT sales_lines_pk PRIMARY KEY NONCLUSTERED (order_id, line_no),
  CONSTRAINT sales_lines_line_no_ck CHECK (line_no BETWEEN 1 AND 100),
  CONSTRAINT sales_lines_quantity_ck CHECK (quantity > 0),
  CONSTRAINT sales_lines_money_ck CHECK (unit_price >= 0 AND discount >= 0 AND line_total >= 0)
);

CREATE CLUSTERED COLUMNSTORE INDEX sales_lines_cci ON dbo.sales_lines;

CREATE TABLE dbo.user_events (
  event_id UNIQUEIDENTIFIER NOT NULL,
  session_id NVARCHAR(64) NOT NULL,
  party_id NVARCHAR(64) NOT NULL,
  customer_id NVARCHAR(64) NULL,
  event_type NVARCHAR(32) NOT NULL,
  ts DATETIME2(3) NOT NULL,
  page_url NVARCHAR(2000) NOT NULL,
  referrer NVARCHAR(2000) NULL,
  utm_source NVARCHAR(100) NULL,
  utm_medium NVARCHAR(100) NULL,
  utm_campaign NVARCHAR(100) NULL,
  product_id NVARCHAR(64) NULL,
  order_id NVARCHAR(64) NULL,
  user_agent NVARCHAR(500) NOT NULL,
  country NCHAR(2) NOT NULL,
  ingested_at DATETIME2(3) NOT NULL CONSTRAINT user_events_ingested_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT user_events_pk PRIMARY KEY NONCLUSTERED (event_id)
);

CREATE CLUSTERED INDEX user_events_ts_cx ON dbo.user_events (ts);

CREATE TABLE dbo.feedback (
  feedback_id UNIQUEIDENTIFIER NOT NULL,
  ts DATETIME2(3) NOT NULL,
  customer_id NVARCHAR(64) NULL,
  feature NVARCHAR(32) NOT NULL,
  rating INT NOT NULL,
  comment NVARCHAR(2000) NOT NULL,
  ingested_at DATETIME2(3) NOT NULL CONSTRAINT feedback_ingested_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT feedback_pk PRIMARY KEY (feedback_id),
  CONSTRAINT feedback_rating_ck CHECK (rating BETWEEN 1 AND 5)
);
