import { builtinActivities } from '@sluice/activities';
import {
  ActivityRegistry,
  builtinDatasetTypes,
  builtinLinkedServiceTypes,
  controlActivities,
  TypeCatalog,
  type ValidationCatalog,
} from '@sluice/engine';

/**
 * The catalog of types this installation knows: the engine's control-flow activities, the built-in work
 * activities, and the built-in dataset and linked-service types. This is the one place that joins the
 * engine and the activities packages (plugins will be added here too).
 */
export function createCatalog(): ValidationCatalog {
  return {
    activities: new ActivityRegistry([...controlActivities, ...builtinActivities]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
  };
}
