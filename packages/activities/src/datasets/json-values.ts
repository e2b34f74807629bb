/**
 * Row values as plain JSON, for activity outputs (Lookup's rows, GetMetadata): an output crosses Redis
 * and HTTP as JSON, so dates become ISO strings, 64-bit integers numbers (strings beyond 2^53) and bytes
 * base64.
 */
import type { Row } from '../connectors/contract.js';

/** One value as JSON. */
export function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}

/** A row as a JSON object. */
export function jsonRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = jsonValue(v);
  return out;
}
