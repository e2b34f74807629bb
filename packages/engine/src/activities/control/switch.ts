import { expressionSchema } from '../../model/values.js';
import { defineControlActivity } from '../contract.js';
import { ITERATION_AND_CONDITIONALS, activityListSchema } from './categories.js';

/**
 * Switch: evaluates `on` to a string and runs the activities of the case with that value (compared as
 * strings), or `defaultActivities` when no case matches.
 */
export const switchActivity = defineControlActivity({
  type: 'Switch',
  version: 1,
  category: ITERATION_AND_CONDITIONALS,
  title: 'Switch',
  description: 'Runs the activities of the case matching an expression’s value, or the default ones.',
  typeProperties: {
    type: 'object',
    properties: {
      on: { ...expressionSchema, title: 'Expression', description: 'Evaluated to a string, then compared with each case’s value.' },
      cases: {
        type: 'array',
        title: 'Cases',
        items: {
          type: 'object',
          properties: {
            value: { type: 'string', title: 'Value' },
            activities: activityListSchema,
          },
          required: ['value'],
          additionalProperties: false,
        },
      },
      defaultActivities: { ...activityListSchema, title: 'Default activities' },
    },
    required: ['on'],
    additionalProperties: false,
  },
  uiHints: { '/on': { widget: 'code', order: 1 } },
});
