import { expressionSchema } from '../../model/values.js';
import { defineControlActivity } from '../contract.js';
import { ITERATION_AND_CONDITIONALS, activityListSchema } from './categories.js';

/**
 * ForEach: runs its inner activities once per item of an array (`@item()` inside), in parallel batches
 * of `batchCount` (ADF: at most 50, default 20) or one after another when `isSequential`.
 */
export const forEachActivity = defineControlActivity({
  type: 'ForEach',
  version: 1,
  category: ITERATION_AND_CONDITIONALS,
  title: 'ForEach',
  description: 'Runs the inner activities once for each item of an array.',
  typeProperties: {
    type: 'object',
    properties: {
      items: { ...expressionSchema, title: 'Items', description: 'An expression giving the array to iterate over.' },
      isSequential: { type: 'boolean', title: 'Sequential', description: 'One item at a time, in order (default false).' },
      batchCount: { type: 'integer', title: 'Batch count', description: 'Items run in parallel (1–50, default 20).', minimum: 1, maximum: 50 },
      activities: activityListSchema,
    },
    required: ['items', 'activities'],
    additionalProperties: false,
  },
  uiHints: {
    '/items': { widget: 'code', order: 1, help: "For example @activity('LookupTables').output.value" },
    '/isSequential': { widget: 'checkbox', order: 2 },
    '/batchCount': { widget: 'number', order: 3 },
  },
});
