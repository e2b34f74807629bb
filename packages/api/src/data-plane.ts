import { previewDataFlow, previewDataset, testLinkedService, type SluiceDataFlowDocument } from '@sluice/activities';
import type { DataPlane } from './server/context.js';

/**
 * The data-plane operations of `@sluice/activities` behind "test connection", "preview data" and the
 * data-flow step preview. The server takes them injected (it does not know which connectors exist);
 * `sluice server`/`start` and the end-to-end harnesses pass this one.
 */
export const builtinDataPlane: DataPlane = {
  testLinkedService,
  previewDataset,
  previewDataFlow: (doc, options) => previewDataFlow(doc as unknown as SluiceDataFlowDocument, options),
};
