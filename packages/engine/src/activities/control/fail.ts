import { defineControlActivity } from '../contract.js';
import { GENERAL } from './categories.js';

/**
 * Fail: fails on purpose with a message and an error code, which become the activity's (and, at the
 * top level, the pipeline's) error, readable with `@activity('X').error.message`.
 */
export const failActivity = defineControlActivity({
  type: 'Fail',
  version: 1,
  category: GENERAL,
  title: 'Fail',
  description: 'Fails the pipeline with a custom message and error code.',
  typeProperties: {
    type: 'object',
    properties: {
      message: { type: 'string', title: 'Fail message', minLength: 1 },
      errorCode: { type: 'string', title: 'Error code', minLength: 1 },
    },
    required: ['message', 'errorCode'],
    additionalProperties: false,
  },
  uiHints: { '/message': { widget: 'textarea', order: 1 }, '/errorCode': { order: 2 } },
});
