export { createCatalog } from './catalog.js';
export { main } from './cli/main.js';
export type { CommandIO } from './cli/output.js';
