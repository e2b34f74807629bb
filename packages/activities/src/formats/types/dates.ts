/**
 * Dates and timestamps as text: ISO 8601 (what files written by programs hold) and, when a column gives
 * one, a .NET format string (what ADF's `format` of a mapping or a dataset column holds). The .NET parser
 * is the engine's own (`parseDateTime` of the expression language), so `ddMMyyyy` means the same thing in
 * a Copy as in an expression.
 */
import { defaultFunctions, type CallSite } from '@sluice/engine';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS[month - 1] ?? 0;
}

/**
 * Parses an ISO 8601 date or timestamp (`2024-05-01`, `2024-05-01T10:20:30.123Z`, `2024-05-01 10:20`,
 * `…+02:00`). A timestamp without an offset is taken as UTC (ADF's "unspecified" kind, written back
 * without an offset). Fractions beyond milliseconds are truncated. Undefined when the text is not one.
 */
export function parseIsoTimestamp(text: string): Date | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || 0);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999: shift back to the year written.
  if (year < 100) {
    const fix = new Date(time);
    fix.setUTCFullYear(year);
    time = fix.getTime();
  }
  const date = new Date(time - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses an ISO date `YYYY-MM-DD` (checked: no 30 February); undefined otherwise. */
export function parseIsoDate(text: string): string | undefined {
  const m = DATE_ONLY.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(m[1]), month)) return undefined;
  return text;
}

/** `YYYY-MM-DD` of a Date, in UTC. */
export function dateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const parseDateTime = defaultFunctions.get('parseDateTime');

function callSite(): CallSite {
  return {
    name: 'parseDateTime',
    position: 0,
    end: 0,
    context: {},
    now: () => new Date(),
    fail(message: string): never {
      throw new Error(message);
    },
  };
}

/**
 * Parses `text` against a .NET custom or standard format (`dd/MM/yyyy HH:mm`, `yyyyMMdd`, `o` …) in a
 * culture (default `en-US`), as `parseDateTime(text, locale, format)` does. Undefined when it does not match.
 */
export function parseWithFormat(text: string, format: string, culture = 'en-US'): Date | undefined {
  if (!parseDateTime) return undefined;
  try {
    const out = parseDateTime.impl([text, culture, format], callSite());
    return typeof out === 'string' ? parseIsoTimestamp(out.replace(/(\.\d{3})\d+/, '$1')) : undefined;
  } catch {
    return undefined;
  }
}
