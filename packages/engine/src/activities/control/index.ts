/**
 * The control-flow activities: declared here and decided by the scheduler (no worker runs them).
 * Register them with every registry that validates or runs pipelines.
 *
 * @example
 * const registry = new ActivityRegistry([...controlActivities, ...workActivities]);
 */
import type { ControlActivityDefinition } from '../contract.js';
import { appendVariableActivity } from './append-variable.js';
import { executePipelineActivity } from './execute-pipeline.js';
import { failActivity } from './fail.js';
import { filterActivity } from './filter.js';
import { forEachActivity } from './for-each.js';
import { ifConditionActivity } from './if-condition.js';
import { setVariableActivity } from './set-variable.js';
import { switchActivity } from './switch.js';
import { untilActivity } from './until.js';
import { waitActivity } from './wait.js';

export { GENERAL, ITERATION_AND_CONDITIONALS, activityListSchema } from './categories.js';
export { RETURN_VALUE_TYPES } from './set-variable.js';
export {
  appendVariableActivity,
  executePipelineActivity,
  failActivity,
  filterActivity,
  forEachActivity,
  ifConditionActivity,
  setVariableActivity,
  switchActivity,
  untilActivity,
  waitActivity,
};

/** Every control-flow activity type, version 1. */
export const controlActivities: readonly ControlActivityDefinition[] = [
  appendVariableActivity,
  executePipelineActivity,
  failActivity,
  filterActivity,
  forEachActivity,
  ifConditionActivity,
  setVariableActivity,
  switchActivity,
  untilActivity,
  waitActivity,
];
