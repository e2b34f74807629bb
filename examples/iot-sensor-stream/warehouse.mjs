// The PostgreSQL side of the example: the table the pipeline upserts into, and the view of per-device,
// per-hour statistics built from it.
//
// Why a table of partial statistics plus a view, rather than one table of final statistics: a batch holds
// only part of an hour's readings, and Copy's upsert replaces a row, it does not add to it. Each batch
// therefore upserts its own statistics keyed by (batch_id, device_id, hour) — a batch loaded twice replaces
// its own rows, so a retry never counts a reading twice — and the view adds the batches up:
// count = Σ readings, min = min of mins, max = max of maxes, avg = Σ sums / Σ counts. Exact, and each batch
// costs the same however much history the table holds.

/** Quotes a PostgreSQL identifier. */
export const ident = (name) => `"${String(name).replace(/"/g, '""')}"`;

/** The DDL of the example's schema (idempotent). */
export function warehouseSql(schema) {
  const s = ident(schema);
  const metrics = ['temperature', 'humidity', 'vibration'];
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.device_hour_partials (
      batch_id text NOT NULL,
      device_id text NOT NULL,
      hour timestamptz NOT NULL,
      readings integer NOT NULL,
      ${metrics.map((m) => `${m}_min double precision, ${m}_max double precision, ${m}_sum double precision`).join(',\n      ')},
      first_ts timestamptz,
      last_ts timestamptz,
      loaded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (batch_id, device_id, hour))`,
    `CREATE OR REPLACE VIEW ${s}.device_hour_stats AS
      SELECT device_id, hour, sum(readings)::integer AS readings,
        ${metrics.map((m) => `min(${m}_min) AS ${m}_min, max(${m}_max) AS ${m}_max, sum(${m}_sum) / sum(readings) AS ${m}_avg`).join(',\n        ')},
        min(first_ts) AS first_ts, max(last_ts) AS last_ts, max(loaded_at) AS loaded_at
      FROM ${s}.device_hour_partials GROUP BY device_id, hour`,
  ];
}

/** Creates the schema, table and view. `client` is a connected pg.Client. */
export async function createWarehouse(client, schema) {
  for (const sql of warehouseSql(schema)) await client.query(sql);
}

/** Drops the schema and everything in it. */
export async function dropWarehouse(client, schema) {
  await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
}
