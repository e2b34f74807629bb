/**
 * Triggers' pure part: schedule recurrences, tumbling windows, storage-event diffs, message filters and the
 * `@trigger()` context. Isomorphic (no I/O, no clock), so the designer can preview the next fire times of a
 * trigger with the same code the trigger service runs.
 */
export { nextFireTime, nextFireTimes, monthDaysOf, type Recurrence } from './schedule.js';
export {
  isFinalWindow, lastReadyIndex, parseDependency, planWindows, requiredWindows, windowBounds, windowGrid, windowIndexAt,
  windowIndexStartingAt, windowStart, type WindowBounds, type WindowDependency, type WindowGrid, type WindowPlan, type WindowState, type WindowStatus,
} from './tumbling.js';
export { diffSnapshots, filterKey, keyMatches, type ObjectSnapshot, type ObjectStamp, type StorageEvent } from './storage-events.js';
export { conditionHolds, messageMatches, messageType, valueAtPath, type FilterableMessage, type MessageCondition, type MessageFilter } from './message-filter.js';
export { eventFiring, scheduleFiring, triggerParameters, triggerSystemFields, windowFiring, type TriggerFiring } from './trigger-context.js';
export { parseTimespan } from './timespan.js';
export { fromLocal, parseTriggerTime, toLocal, triggerZone, UTC_ZONE, type LocalFields } from './zoned-time.js';
