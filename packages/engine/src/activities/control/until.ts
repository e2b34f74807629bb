import { TIMESPAN_PATTERN } from '../../model/common.js';
import { expressionSchema } from '../../model/values.js';
import { defineControlActivity } from '../contract.js';
import { ITERATION_AND_CONDITIONALS, activityListSchema } from './categories.js';

/**
 * Until: runs its inner activities, then evaluates `expression`, again and again until it is true
 * (a do-while loop), or fails when `timeout` is reached.
 */
export const untilActivity = defineControlActivity({
  type: 'Until',
  version: 1,
  category: ITERATION_AND_CONDITIONALS,
  title: 'Until',
  description: 'Repeats the inner activities until an expression is true or the timeout is reached.',
  typeProperties: {
    type: 'object',
    properties: {
      expression: { ...expressionSchema, title: 'Expression', description: 'Evaluated after each iteration; the loop ends when it is true.' },
      timeout: {
        type: 'string',
        title: 'Timeout',
        description: 'd.hh:mm:ss or hh:mm:ss for the whole loop (ADF default 7 days, at most 90).',
        pattern: TIMESPAN_PATTERN,
      },
      activities: activityListSchema,
    },
    required: ['expression', 'activities'],
    additionalProperties: false,
  },
  uiHints: { '/expression': { widget: 'code', order: 1 }, '/timeout': { widget: 'text', order: 2, placeholder: '0.12:00:00' } },
});
