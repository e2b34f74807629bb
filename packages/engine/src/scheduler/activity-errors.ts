import { SluiceError, type ErrorCode, type ErrorLocation } from '../errors/index.js';
import type { ActivityError, ActivityRunState } from './types.js';

/**
 * Building `ActivityError`s (ADF's `{errorCode, message, failureType, target}`) for the failures the
 * scheduler decides itself: expression errors, bad control-activity settings, inner failures of
 * containers. Sluice-raised errors keep their structured form in `details` so a client can still branch
 * on the code and jump to the location.
 */

/** A user error raised by the scheduler, located by a JSON pointer into the pipeline document. */
export function userError(code: ErrorCode, message: string, target: string, location: ErrorLocation = {}): ActivityError {
  return { errorCode: code, message, failureType: 'UserError', target, details: new SluiceError(code, message, location).toJSON() };
}

/**
 * Turns anything thrown while evaluating an activity's properties into its error. A `SluiceError`
 * (expression syntax, type, scope …) keeps its code and gains the pointer of the property being resolved.
 */
export function errorFromThrown(thrown: unknown, target: string, pointer: string): ActivityError {
  if (thrown instanceof SluiceError) {
    const located = new SluiceError(thrown.code, thrown.message, { pointer, ...thrown.location }, thrown.details);
    return { errorCode: thrown.code, message: thrown.message, failureType: 'UserError', target, details: located.toJSON() };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return userError('EXPRESSION_EVALUATION', message, target, { pointer });
}

/** The error of a failed (or cancelled) activity run, with a generic one when the run has none. */
export function failureOf(record: ActivityRunState): ActivityError {
  if (record.error) return record.error;
  if (record.container?.inactive === true) {
    return { errorCode: 'ACTIVITY_FAILED', message: `Activity '${record.activityName}' is inactive and marked as Failed.`, failureType: 'UserError', target: record.activityName };
  }
  if (record.status === 'Cancelled') {
    return { errorCode: 'ACTIVITY_CANCELLED', message: `Activity '${record.activityName}' was cancelled.`, failureType: 'UserError', target: record.activityName };
  }
  return { errorCode: 'ACTIVITY_FAILED', message: `Activity '${record.activityName}' failed.`, failureType: 'UserError', target: record.activityName };
}

/**
 * The error of a container whose inner activity failed, in ADF's words ("Activity failed because an
 * inner activity failed; Inner activity name: X, Error: …"). The inner error code is kept, so a Fail
 * activity's `errorCode` reaches the run even when it is nested.
 */
export function innerFailure(containerName: string, inner: ActivityRunState): ActivityError {
  const e = failureOf(inner);
  const error: ActivityError = {
    errorCode: e.errorCode,
    message: `Activity failed because an inner activity failed; Inner activity name: ${inner.activityName}, Error: ${e.message}`,
    failureType: e.failureType,
    target: containerName,
  };
  if (e.details) error.details = e.details;
  return error;
}
