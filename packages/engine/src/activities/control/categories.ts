/**
 * Palette groups of ADF Studio's activity pane that the control-flow activities belong to, shared so
 * the designer groups Sluice's activities as ADF users expect.
 */

/** ADF Studio's "Iteration & conditionals" group: Filter, ForEach, If Condition, Switch, Until. */
export const ITERATION_AND_CONDITIONALS = 'Iteration & conditionals';

/** ADF Studio's "General" group: Append Variable, Execute Pipeline, Fail, Set Variable, Wait … */
export const GENERAL = 'General';

/**
 * Schema of a nested activity list (ForEach's `activities`, If's branches …). Only "an array of
 * objects" here: the structural validator walks the lists and checks each activity on its own.
 */
export const activityListSchema = {
  type: 'array',
  title: 'Activities',
  items: { type: 'object' },
} as const;
