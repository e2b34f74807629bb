import type { FastifyRequest } from 'fastify';
import { errorSchema } from './errors.js';

/** The ETag header value of a stored etag. */
export const quoteEtag = (etag: string): string => `"${etag}"`;

/** The etag an `If-Match` header names (quotes and `W/` removed; `*` kept), or undefined. */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['if-match'];
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const first = raw.split(',')[0]?.trim() ?? '';
  return first === '*' ? '*' : first.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Error responses every route may give (documented once, serialised by the same schema). */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

/** Any JSON object (documents, run records): passed through as it is. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** A `{value: [...]}` list of `item`. */
export const listOf = (item: object): object => ({ type: 'object', required: ['value'], properties: { value: { type: 'array', items: item } } });
