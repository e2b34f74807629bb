import type { WorkActivityDefinition } from '@sluice/engine';
import { copyActivity } from './copy/copy.activity.js';
import { executeDataFlowActivity } from './dataflow/execute-dataflow.activity.js';
import { deleteActivity } from './delete/delete.activity.js';
import { getMetadataActivity } from './get-metadata/get-metadata.activity.js';
import { lookupActivity } from './lookup/lookup.activity.js';
import { evaluateActivity, predictActivity } from './ml/activities/predict.activity.js';
import { promoteModelActivity } from './ml/activities/promote.activity.js';
import { trainActivity } from './ml/activities/train.activity.js';
import { validationActivity } from './validation/validation.activity.js';
import { webActivity } from './web/web.activity.js';

type AnyWorkActivity = WorkActivityDefinition<never, Record<string, unknown>>;

/**
 * Widens a definition to the registry's element type. Written out because TypeScript, asked to compare a
 * `FromSchema` props type with `never` structurally, gives up ("excessively deep"); `run` receives props
 * the engine checked against the same schema, so the widening is sound.
 */
function registered<P, O extends Record<string, unknown>>(definition: WorkActivityDefinition<P, O>): AnyWorkActivity {
  return definition as unknown as AnyWorkActivity;
}

/**
 * Sluice's built-in work activities (Copy, Lookup, Web …), one folder each. The engine's control-flow
 * activities (ForEach, If, Switch …) are declared by the engine itself; the API and every worker register
 * this list, so a pipeline validates against exactly what the workers can run.
 */
export const builtinActivities: ReadonlyArray<AnyWorkActivity> = [
  registered(copyActivity),
  registered(executeDataFlowActivity),
  registered(deleteActivity),
  registered(getMetadataActivity),
  registered(lookupActivity),
  registered(validationActivity),
  registered(webActivity),
  registered(trainActivity),
  registered(predictActivity),
  registered(evaluateActivity),
  registered(promoteModelActivity),
];

/**
 * The data plane's connectors: file and table stores, the REST row source, path helpers, and the two
 * operations the API offers the designer (`testLinkedService`, `previewDataset`).
 */
export * from './connectors/index.js';
export * from './dataflow/index.js';

/**
 * Machine learning without I/O: training on rows, scoring rows with a model artifact (the API's serving
 * route uses these), and the artifact formats.
 */
export { checkFeatures, evaluateModel, predictRows, trainModel, type ModelArtifact, type Prediction, type TrainingResult, type TrainingSpec } from './ml/training.js';
export { predictSequences, trainSequenceModel, type SequenceArtifact } from './ml/models/lstm.js';
