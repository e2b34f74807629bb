/**
 * Sluice data flows: a JSON graph of named steps compiled to DuckDB SQL. Exports the activity, the
 * runner, the preview (for the API and CLI), and the static checks (for validation and the designer).
 */
export { executeDataFlowActivity } from './execute-dataflow.activity.js';
export { runDataFlow, type RunDataFlowOptions, type DataFlowRunResult, type StepOutcome, type StepPreview, type DatasetResolver } from './runner.js';
export { previewDataFlow, type PreviewOptions, type DataFlowPreview, type PreviewStep } from './preview.js';
export { dataFlowProblems, planDataFlow, stepPointer } from './graph.js';
export { sluiceDataFlowSchema, STEP_TYPES } from './schema.js';
export { REJECT_REASONS } from './steps/route.js';
export type { SluiceDataFlowDocument, SluiceDataFlowProperties, DataFlowStep, DataFlowParameter } from './types.js';
export { describeStepTypes, type DataFlowStepTypeInfo, type StepUiHint } from './step-types.js';
