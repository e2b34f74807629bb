import { defineControlActivity } from '../contract.js';
import { GENERAL } from './categories.js';

/** The entry types of a pipeline return value (`setSystemVariable: true`), as ADF Studio writes them. */
export const RETURN_VALUE_TYPES = ['String', 'Int', 'Float', 'Boolean', 'Array', 'Object', 'Expression', 'Null'] as const;

/**
 * Set Variable: assigns a pipeline variable; or, with `setSystemVariable: true` and `variableName:
 * 'pipelineReturnValue'`, sets the pipeline's return value that a parent's Execute Pipeline reads
 * (`@activity('Run child').output.pipelineReturnValue.key`).
 */
export const setVariableActivity = defineControlActivity({
  type: 'SetVariable',
  version: 1,
  category: GENERAL,
  title: 'Set variable',
  description: 'Sets a pipeline variable, or the pipeline return value.',
  typeProperties: {
    type: 'object',
    properties: {
      variableName: { type: 'string', title: 'Name', minLength: 1 },
      value: { title: 'Value' },
      setSystemVariable: { type: 'boolean', title: 'Pipeline return value', description: 'Set the pipeline return value instead of a variable.' },
    },
    required: ['variableName'],
    additionalProperties: false,
    allOf: [
      {
        if: { properties: { setSystemVariable: { const: true } }, required: ['setSystemVariable'] },
        then: {
          properties: {
            variableName: { const: 'pipelineReturnValue' },
            value: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string', minLength: 1 },
                  value: {
                    type: 'object',
                    properties: { type: { type: 'string', enum: [...RETURN_VALUE_TYPES] }, content: {} },
                    required: ['type'],
                    additionalProperties: false,
                  },
                },
                required: ['key', 'value'],
                additionalProperties: false,
              },
            },
          },
          required: ['value'],
        },
      },
    ],
  },
  uiHints: { '/variableName': { order: 1 }, '/value': { widget: 'code', order: 2 } },
  output: {
    type: 'object',
    properties: { name: { type: 'string' }, value: {} },
  },
});
