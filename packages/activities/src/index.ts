import type { WorkActivityDefinition } from '@sluice/engine';

/**
 * Sluice's built-in work activities (Copy, Lookup, Web …), one folder each. The engine's control-flow
 * activities (ForEach, If, Switch …) are declared by the engine itself. The data activities arrive with
 * the data-plane work; until then this list is empty and pipelines using them are reported as using an
 * unsupported activity type.
 */
export const builtinActivities: ReadonlyArray<WorkActivityDefinition<never, Record<string, unknown>>> = [];
