/**
 * ADF's schedule-trigger recurrence as pure arithmetic: given a recurrence and an instant, the next fire
 * times. No clock is read: the trigger service passes "now", tests pass any instant. Wall-clock units (Day,
 * Week, Month) are counted in the recurrence's time zone, so "every day at 08:00 W. Europe Standard Time"
 * stays at 08:00 across daylight-saving changes; Minute and Hour count elapsed time, as ADF does.
 */
import { SluiceError } from '../errors/index.js';
import type { ScheduleTriggerTypeProperties } from '../model/trigger-types.js';
import { WEEK_DAYS } from '../model/trigger-types.js';
import { daysInMonth, fromLocal, parseTriggerTime, toLocal, triggerZone, wallMs } from './zoned-time.js';

/** A schedule trigger's `recurrence`. */
export type Recurrence = ScheduleTriggerTypeProperties['recurrence'];

const DAY_MS = 86_400_000;
const POINTER = '/properties/typeProperties/recurrence';

type Frequency = 'minute' | 'hour' | 'day' | 'week' | 'month';

function frequencyOf(r: Recurrence): Frequency {
  const f = String(r.frequency).toLowerCase();
  if (f === 'minute' || f === 'hour' || f === 'day' || f === 'week' || f === 'month') return f;
  throw new SluiceError('TRIGGER_INVALID', `${POINTER}/frequency: '${r.frequency}' is not one of Minute, Hour, Day, Week, Month.`, { pointer: `${POINTER}/frequency` });
}

function weekDayIndex(name: string): number {
  const i = WEEK_DAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new SluiceError('TRIGGER_INVALID', `${POINTER}/schedule: '${name}' is not a week day.`, { pointer: `${POINTER}/schedule` });
  return i;
}

/** The days of a month a schedule selects (monthDays, negative from the end, and monthlyOccurrences). */
export function monthDaysOf(year: number, month: number, schedule: NonNullable<Recurrence['schedule']>, defaultDay: number): number[] {
  const dim = daysInMonth(year, month);
  const days = new Set<number>();
  const explicit = (schedule.monthDays?.length ?? 0) > 0 || (schedule.monthlyOccurrences?.length ?? 0) > 0;
  for (const d of schedule.monthDays ?? []) {
    const day = d > 0 ? d : dim + d + 1;
    if (day >= 1 && day <= dim) days.add(day); // the 31st does not exist in a 30-day month: no run that month
  }
  for (const o of schedule.monthlyOccurrences ?? []) {
    const wd = weekDayIndex(o.day);
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const matching: number[] = [];
    for (let day = 1 + ((wd - first + 7) % 7); day <= dim; day += 7) matching.push(day);
    if (o.occurrence === undefined) matching.forEach((d) => days.add(d));
    else {
      const picked = o.occurrence > 0 ? matching[o.occurrence - 1] : matching[matching.length + o.occurrence];
      if (picked !== undefined) days.add(picked);
    }
  }
  if (!explicit) days.add(Math.min(defaultDay, dim)); // a plain monthly recurrence started on the 31st runs on each month's last day
  return [...days].sort((a, b) => a - b);
}

/** A compiled recurrence: start, end and the candidates of period k. */
interface Plan {
  start: number;
  end: number;
  /** Fire times of period k (sorted), or undefined past the last period that can fire. */
  period(k: number): number[] | undefined;
  /** A period index at or before the one containing `t`. */
  periodAtOrBefore(t: number): number;
}

function plan(r: Recurrence): Plan {
  const zone = triggerZone(r.timeZone, `${POINTER}/timeZone`);
  const start = parseTriggerTime(r.startTime, zone, `${POINTER}/startTime`);
  const end = r.endTime ? parseTriggerTime(r.endTime, zone, `${POINTER}/endTime`) : Number.POSITIVE_INFINITY;
  const interval = r.interval;
  if (!Number.isInteger(interval) || interval < 1) throw new SluiceError('TRIGGER_INVALID', `${POINTER}/interval: must be a whole number ≥ 1.`, { pointer: `${POINTER}/interval` });
  const frequency = frequencyOf(r);
  const schedule = r.schedule ?? {};
  const s = toLocal(start, zone);

  if (frequency === 'minute' || (frequency === 'hour' && !schedule.minutes?.length)) {
    const step = interval * (frequency === 'minute' ? 60_000 : 3_600_000);
    return {
      start, end,
      period: (k) => [start + k * step],
      periodAtOrBefore: (t) => Math.max(0, Math.floor((t - start) / step)),
    };
  }
  if (frequency === 'hour') {
    const step = interval * 3_600_000;
    const slot0 = start - ((start % 3_600_000) + 3_600_000) % 3_600_000;
    const minutes = [...new Set(schedule.minutes)].sort((a, b) => a - b);
    return {
      start, end,
      period: (k) => minutes.map((m) => slot0 + k * step + m * 60_000),
      periodAtOrBefore: (t) => Math.max(0, Math.floor((t - slot0) / step) - 1),
    };
  }

  const hours = schedule.hours?.length ? [...new Set(schedule.hours)].sort((a, b) => a - b) : [s.hour];
  const minutes = schedule.minutes?.length ? [...new Set(schedule.minutes)].sort((a, b) => a - b) : [s.minute];
  const second = schedule.hours?.length || schedule.minutes?.length ? 0 : s.second;
  const startDay = Math.floor(wallMs(s.year, s.month, s.day) / DAY_MS);
  const timesOn = (dayNumber: number): number[] => {
    const out: number[] = [];
    for (const h of hours) for (const m of minutes) out.push(fromLocal(dayNumber * DAY_MS + ((h * 60 + m) * 60 + second) * 1000, zone));
    return out;
  };
  const localDay = (t: number): number => {
    const l = toLocal(t, zone);
    return Math.floor(wallMs(l.year, l.month, l.day) / DAY_MS);
  };

  if (frequency === 'day') {
    return {
      start, end,
      period: (k) => timesOn(startDay + k * interval),
      periodAtOrBefore: (t) => Math.max(0, Math.floor((localDay(t) - startDay) / interval) - 1),
    };
  }
  if (frequency === 'week') {
    const week0 = startDay - s.weekDay;
    const weekDays = schedule.weekDays?.length ? [...new Set(schedule.weekDays.map(weekDayIndex))].sort((a, b) => a - b) : [s.weekDay];
    return {
      start, end,
      period: (k) => weekDays.flatMap((wd) => timesOn(week0 + k * 7 * interval + wd)),
      periodAtOrBefore: (t) => Math.max(0, Math.floor((localDay(t) - week0) / (7 * interval)) - 1),
    };
  }
  const month0 = s.year * 12 + (s.month - 1);
  return {
    start, end,
    period: (k) => {
      const m = month0 + k * interval;
      const year = Math.floor(m / 12);
      const month = (m % 12) + 1;
      const first = Math.floor(wallMs(year, month, 1) / DAY_MS);
      return monthDaysOf(year, month, schedule, s.day).flatMap((d) => timesOn(first + d - 1));
    },
    periodAtOrBefore: (t) => {
      const l = toLocal(t, zone);
      return Math.max(0, Math.floor((l.year * 12 + l.month - 1 - month0) / interval) - 1);
    },
  };
}

/**
 * The next `count` fire times (epoch ms, ascending) strictly after `after`, within startTime … endTime.
 * Fewer when the recurrence ends. Throws TRIGGER_INVALID for an unknown zone, a malformed time or frequency.
 *
 * @example nextFireTimes({ frequency: 'Day', interval: 1, startTime: '2024-03-01T08:00:00', timeZone: 'W. Europe Standard Time' }, Date.parse('2024-03-30T12:00:00Z'), 2)
 * // 2024-03-31T06:00:00Z (08:00 CEST), 2024-04-01T06:00:00Z
 */
export function nextFireTimes(recurrence: Recurrence, after: number, count: number): number[] {
  const p = plan(recurrence);
  const out: number[] = [];
  const from = Math.max(after, p.start - 1);
  let empty = 0;
  for (let k = p.periodAtOrBefore(from); out.length < count; k++) {
    const times = p.period(k);
    if (!times || times.length === 0) {
      if (++empty > 10_000) break; // a schedule that selects nothing (the 31st, every 12 months from April)
      continue;
    }
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    if (sorted[0]! > p.end) break;
    let any = false;
    for (const t of sorted) {
      if (t > from && t >= p.start && t <= p.end) {
        out.push(t);
        any = true;
        if (out.length === count) break;
      }
    }
    empty = any ? 0 : empty + 1;
    if (empty > 10_000) break;
  }
  return out;
}

/** The next fire time after `after`, or undefined when the recurrence has ended. */
export function nextFireTime(recurrence: Recurrence, after: number): number | undefined {
  return nextFireTimes(recurrence, after, 1)[0];
}
