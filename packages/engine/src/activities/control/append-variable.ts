import { defineControlActivity } from '../contract.js';
import { GENERAL } from './categories.js';

/** Append Variable: appends a value to an Array variable (the scheduler serialises appends). */
export const appendVariableActivity = defineControlActivity({
  type: 'AppendVariable',
  version: 1,
  category: GENERAL,
  title: 'Append variable',
  description: 'Appends a value to an array variable.',
  typeProperties: {
    type: 'object',
    properties: {
      variableName: { type: 'string', title: 'Name', minLength: 1 },
      value: { title: 'Value' },
    },
    required: ['variableName', 'value'],
    additionalProperties: false,
  },
  uiHints: { '/variableName': { order: 1 }, '/value': { widget: 'code', order: 2 } },
});
