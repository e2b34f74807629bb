import { defineActivity } from '@sluice/engine';
import { registryOf } from './rows.js';

const typeProperties = {
  type: 'object',
  required: ['modelName', 'version', 'stage'],
  properties: {
    modelName: { type: 'string', minLength: 1 },
    version: { type: 'integer', minimum: 1, description: "Usually @activity('Train').output.modelVersion" },
    stage: { enum: ['none', 'staging', 'production', 'archived'] },
  },
  additionalProperties: false,
} as const;

/**
 * Moves a model version to a stage (MLflow's transition): promoting to `production` archives the version
 * that was there, so Predict with `stage: production` always finds exactly one.
 */
export const promoteModelActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'PromoteModel',
  version: 1,
  category: 'Machine learning',
  title: 'Promote model',
  description: 'Moves a registered model version to a stage (staging, production, archived).',
  typeProperties,
  uiHints: { '/modelName': { order: 1 }, '/version': { order: 2 }, '/stage': { widget: 'select', order: 3 } },
  output: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' }, stage: { type: 'string' } } },
  async run(ctx, props) {
    const updated = await registryOf(ctx).setStage(props.modelName, props.version, props.stage);
    ctx.log.info(`Model ${updated.name} v${updated.version} is now in stage ${updated.stage}`);
    return { name: updated.name, version: updated.version, stage: updated.stage };
  },
});
