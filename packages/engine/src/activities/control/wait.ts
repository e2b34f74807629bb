import { defineControlActivity } from '../contract.js';
import { GENERAL } from './categories.js';

/** Wait: does nothing for a number of seconds (decided by the scheduler with a timer, not a worker). */
export const waitActivity = defineControlActivity({
  type: 'Wait',
  version: 1,
  category: GENERAL,
  title: 'Wait',
  description: 'Waits for the given number of seconds.',
  typeProperties: {
    type: 'object',
    properties: {
      waitTimeInSeconds: { type: 'integer', title: 'Wait time (seconds)', minimum: 0 },
    },
    required: ['waitTimeInSeconds'],
    additionalProperties: false,
  },
  uiHints: { '/waitTimeInSeconds': { widget: 'number', order: 1 } },
});
