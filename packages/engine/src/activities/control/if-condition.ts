import { expressionSchema } from '../../model/values.js';
import { defineControlActivity } from '../contract.js';
import { ITERATION_AND_CONDITIONALS, activityListSchema } from './categories.js';

/** If Condition: evaluates a boolean expression and runs one of two activity lists. */
export const ifConditionActivity = defineControlActivity({
  type: 'IfCondition',
  version: 1,
  category: ITERATION_AND_CONDITIONALS,
  title: 'If Condition',
  description: 'Runs the true or the false activities, depending on a boolean expression.',
  typeProperties: {
    type: 'object',
    properties: {
      expression: { ...expressionSchema, title: 'Expression', description: 'Must evaluate to true or false.' },
      ifTrueActivities: { ...activityListSchema, title: 'True activities' },
      ifFalseActivities: { ...activityListSchema, title: 'False activities' },
    },
    required: ['expression'],
    additionalProperties: false,
  },
  uiHints: { '/expression': { widget: 'code', order: 1 } },
});
