import { expressionSchema } from '../../model/values.js';
import { defineControlActivity } from '../contract.js';
import { ITERATION_AND_CONDITIONALS } from './categories.js';

/**
 * Filter: keeps the items of an array for which `condition` (with `@item()`) is true. The output uses
 * ADF's casing (`Value`, `ItemsCount`, `FilteredItemsCount`); expressions read it case-insensitively,
 * so `@activity('Filter').output.value` works as in ADF.
 */
export const filterActivity = defineControlActivity({
  type: 'Filter',
  version: 1,
  category: ITERATION_AND_CONDITIONALS,
  title: 'Filter',
  description: 'Keeps the items of an array that satisfy a condition.',
  typeProperties: {
    type: 'object',
    properties: {
      items: { ...expressionSchema, title: 'Items', description: 'An expression giving the input array.' },
      condition: { ...expressionSchema, title: 'Condition', description: 'Evaluated for each item (@item()); true keeps it.' },
    },
    required: ['items', 'condition'],
    additionalProperties: false,
  },
  uiHints: { '/items': { widget: 'code', order: 1 }, '/condition': { widget: 'code', order: 2 } },
  output: {
    type: 'object',
    properties: {
      ItemsCount: { type: 'integer', description: 'Items in the input.' },
      FilteredItemsCount: { type: 'integer', description: 'Items kept.' },
      Value: { type: 'array', description: 'The items kept.' },
    },
    required: ['ItemsCount', 'FilteredItemsCount', 'Value'],
  },
});
