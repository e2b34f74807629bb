import { builtinActivities, dataFlowProblems, describeStepTypes } from '@sluice/activities';
import {
  ActivityRegistry,
  builtinDatasetTypes,
  builtinLinkedServiceTypes,
  controlActivities,
  TypeCatalog,
  type ValidationCatalog,
} from '@sluice/engine';
import type { DataFlowStepType } from './server/context.js';

/**
 * The catalog of types this installation knows: the engine's control-flow activities, the built-in work
 * activities, the built-in dataset and linked-service types, and the data-flow step types. This is the
 * one place that joins the engine and the activities packages (plugins will be added here too).
 */
export function createCatalog(): ValidationCatalog & { readonly dataFlowStepTypes: readonly DataFlowStepType[]; readonly dataFlowChecks: NonNullable<ValidationCatalog['dataFlowChecks']> } {
  return {
    activities: new ActivityRegistry([...controlActivities, ...builtinActivities]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
    dataFlowStepTypes: describeStepTypes(),
    // Saving or validating a SluiceDataFlow checks its steps (names, inputs, settings), not only its envelope.
    dataFlowChecks: { SluiceDataFlow: dataFlowProblems },
  };
}
