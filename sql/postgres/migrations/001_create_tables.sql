-- Tables for the three event streams, keyed on the idempotency keys declared in schemas/.
-- Column types follow the schemas: exact money numeric(18,2), instants timestamptz (sessions run in UTC).
-- ingested_at is filled by the database. The sinks upsert on the primary keys: at-least-once
-- delivery, exactly-once rows.

CREATE TABLE sales_lines (
  event_id uuid NOT NULL,
  order_id varchar(64) NOT NULL,
  line_no integer NOT NULL,
  order_ts timestamptz NOT NULL,
  customer_id varchar(64) NOT NULL,
  is_returning_customer boolean NOT NULL,
  country char(2) NOT NULL,
  city varchar(100) NOT NULL,
  channel varchar(16) NOT NULL,
  device varchar(16) NOT NULL,
  payment_method varchar(32) NOT NULL,
  currency char(3) NOT NULL,
  product_id varchar(64) NOT NULL,
  sku varchar(32) NOT NULL,
  product_name varchar(200) NOT NULL,
  category varchar(100) NOT NULL,
  brand varchar(100) NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(18,2) NOT NULL,
  discount numeric(18,2) NOT NULL,
  line_total numeric(18,2) NOT NULL,
  utm_source varchar(100),
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sales_lines_pk PRIMARY KEY (order_id, line_no),
  CONSTRAINT sales_lines_line_no_ck CHECK (line_no BETWEEN 1 AND 100),
  CONSTRAINT sales_lines_quantity_ck CHECK (quantity > 0),
  CONSTRAINT sales_lines_money_ck CHECK (unit_price >= 0 AND discount >= 0 AND line_total >= 0)
);

-- BRIN: tiny and fast for time ranges over append-mostly data.
CREATE INDEX sales_lines_order_ts_brin ON sales_lines USING brin (order_ts);
CREATE INDEX sales_lines_product_ix ON sales_lines (product_id);

CREATE TABLE user_events (
  event_id uuid NOT NULL,
  session_id varchar(64) NOT NULL,
  party_id varchar(64) NOT NULL,
  customer_id varchar(64),
  event_type varchar(32) NOT NULL,
  ts timestamptz NOT NULL,
  page_url varchar(2000) NOT NULL,
  referrer varchar(2000),
  utm_source varchar(100),
  utm_medium varchar(100),
  utm_campaign varchar(100),
  product_id varchar(64),
  order_id varchar(64),
  user_agent varchar(500) NOT NULL,
  country char(2) NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_events_pk PRIMARY KEY (event_id)
);

CREATE INDEX user_events_ts_brin ON user_events USING brin (ts);
CREATE INDEX user_events_session_ix ON user_events (session_id);

CREATE TABLE feedback (
  feedback_id uuid NOT NULL,
  ts timestamptz NOT NULL,
  customer_id varchar(64),
  feature varchar(32) NOT NULL,
  rating integer NOT NULL,
  comment varchar(2000) NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feedback_pk PRIMARY KEY (feedback_id),
  CONSTRAINT feedback_rating_ck CHECK (rating BETWEEN 1 AND 5)
);

CREATE INDEX feedback_ts_brin ON feedback USING brin (ts);
