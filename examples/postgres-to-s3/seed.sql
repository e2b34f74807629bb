-- Synthetic shop data for examples/postgres-to-s3: every value is computed from generate_series with fixed
-- formulas (no random()), so the same script always produces the same rows. Nothing here describes real
-- people or businesses.
--
-- The tables are created unqualified: run the script with the target schema first on the search_path, e.g.
--   psql -d test -c 'CREATE SCHEMA shop' && PGOPTIONS='-c search_path=shop' psql -d test -f seed.sql
-- (run.mjs does the same for the schema it is given).

CREATE TABLE customers (
  customer_id  integer PRIMARY KEY,
  email        text NOT NULL,
  full_name    text NOT NULL,
  country      char(2) NOT NULL,
  signed_up    date NOT NULL,
  is_business  boolean NOT NULL,
  credit_limit numeric(10, 2)
);
INSERT INTO customers
SELECT g,
       'customer' || g || '@example.com',
       (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'])[g % 8 + 1] || ' '
         || (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Ritchie'])[g % 9 + 1],
       (ARRAY['FR', 'DE', 'US', 'GB', 'NL', 'ES', 'IT'])[g % 7 + 1],
       date '2020-01-01' + (g * 7) % 1500,
       g % 5 = 0,
       CASE WHEN g % 11 = 0 THEN NULL ELSE round((500 + (g * 37) % 9500)::numeric, 2) END
FROM generate_series(1, 2000) AS g;

CREATE TABLE products (
  product_id   integer PRIMARY KEY,
  sku          text NOT NULL UNIQUE,
  name         text NOT NULL,
  category     text NOT NULL,
  unit_price   numeric(10, 2) NOT NULL,
  weight_kg    double precision,
  discontinued boolean NOT NULL DEFAULT false
);
INSERT INTO products
SELECT g,
       'SKU-' || lpad(g::text, 5, '0'),
       (ARRAY['Kettle', 'Lamp', 'Chair', 'Desk', 'Mug', 'Backpack', 'Notebook', 'Headphones'])[g % 8 + 1] || ' model ' || g,
       (ARRAY['kitchen', 'living', 'office', 'travel', 'audio'])[g % 5 + 1],
       round((3.5 + (g * 13) % 400 + (g % 100) / 100.0)::numeric, 2),
       CASE WHEN g % 13 = 0 THEN NULL ELSE round(((g * 17) % 2500 / 100.0)::numeric, 2)::double precision END,
       g % 17 = 0
FROM generate_series(1, 300) AS g;

CREATE TABLE orders (
  order_id     bigint PRIMARY KEY,
  customer_id  integer NOT NULL REFERENCES customers,
  ordered_at   timestamptz NOT NULL,
  status       text NOT NULL,
  shipping_fee numeric(8, 2) NOT NULL,
  note         text
);
INSERT INTO orders
SELECT g,
       (g * 7919) % 2000 + 1,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes',
       (ARRAY['placed', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'returned'])[g % 7 + 1],
       CASE WHEN g % 4 = 0 THEN 0 ELSE 4.90 END,
       CASE WHEN g % 50 = 0 THEN 'gift, please wrap' WHEN g % 97 = 0 THEN 'leave at the "back" door' END
FROM generate_series(1, 6000) AS g;

CREATE TABLE order_lines (
  order_id   bigint NOT NULL REFERENCES orders,
  line_no    smallint NOT NULL,
  product_id integer NOT NULL REFERENCES products,
  quantity   integer NOT NULL,
  unit_price numeric(10, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
INSERT INTO order_lines
SELECT o, l, (o * 31 + l * 17) % 300 + 1, 1 + (o + l) % 4, round((3.5 + ((o * 31 + l * 17) % 300 * 13) % 400)::numeric, 2)
FROM generate_series(1, 6000) AS o, generate_series(1, 3) AS l
WHERE l <= 1 + o % 3;
