import { pipelineReferenceSchema } from '../../model/references.js';
import { defineControlActivity } from '../contract.js';
import { GENERAL } from './categories.js';

/**
 * Execute Pipeline: starts another pipeline of the factory with parameter values; when
 * `waitOnCompletion` (ADF default false when omitted), its outcome becomes this activity's.
 */
export const executePipelineActivity = defineControlActivity({
  type: 'ExecutePipeline',
  version: 1,
  category: GENERAL,
  title: 'Execute pipeline',
  description: 'Runs another pipeline, optionally waiting for it to finish.',
  typeProperties: {
    type: 'object',
    properties: {
      pipeline: pipelineReferenceSchema,
      parameters: { type: 'object', title: 'Parameters', description: 'Values for the invoked pipeline’s parameters, by name.' },
      waitOnCompletion: { type: 'boolean', title: 'Wait on completion', description: 'Wait for the invoked run and take its outcome (default false).' },
    },
    required: ['pipeline'],
    additionalProperties: false,
  },
  uiHints: { '/pipeline': { widget: 'pipeline', order: 1 }, '/parameters': { widget: 'keyValue', order: 2 }, '/waitOnCompletion': { widget: 'checkbox', order: 3 } },
  output: {
    type: 'object',
    properties: {
      pipelineRunId: { type: 'string', description: 'Run id of the invoked pipeline.' },
      pipelineName: { type: 'string', description: 'Name of the invoked pipeline.' },
      pipelineReturnValue: { type: 'object', description: 'The invoked pipeline’s return value, when it sets one and this activity waits.' },
    },
    required: ['pipelineRunId', 'pipelineName'],
  },
});
