-- Hourly rollups of sales_lines that the Sales dashboard's KPIs read (sql/KPIS.md, "Rollups").
-- `npm run rollups:refresh` maintains them: it recomputes whole hours from sales_lines (one row per
-- key, whatever Connect redelivered) and replaces them in one transaction, so they stay exact. Hours
-- at or after rollup_state.closed_before are read from sales_lines itself.

CREATE TABLE sales_hourly_markets (
  hour timestamptz NOT NULL,
  channel varchar(16) NOT NULL,
  country char(2) NOT NULL,
  revenue numeric(18,2) NOT NULL,
  orders bigint NOT NULL,
  units bigint NOT NULL,
  lines bigint NOT NULL,
  CONSTRAINT sales_hourly_markets_pk PRIMARY KEY (hour, channel, country)
);

CREATE TABLE sales_hourly_products (
  hour timestamptz NOT NULL,
  product_id varchar(64) NOT NULL,
  product_name varchar(200) NOT NULL,
  category varchar(100) NOT NULL,
  revenue numeric(18,2) NOT NULL,
  units bigint NOT NULL,
  lines bigint NOT NULL,
  CONSTRAINT sales_hourly_products_pk PRIMARY KEY (hour, product_id, product_name, category)
);

CREATE TABLE sales_hourly_customers (
  hour timestamptz NOT NULL,
  customer_id varchar(64) NOT NULL,
  CONSTRAINT sales_hourly_customers_pk PRIMARY KEY (hour, customer_id)
);

CREATE TABLE rollup_state (
  name varchar(32) NOT NULL,
  closed_before timestamptz NOT NULL,
  watermark timestamptz NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rollup_state_pk PRIMARY KEY (name)
);

-- Finds the hours that received rows since the last refresh (late arrivals).
CREATE INDEX sales_lines_ingested_at_brin ON sales_lines USING brin (ingested_at);
