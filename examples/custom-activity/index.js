// The plugin's entry: Sluice loads the packages named in SLUICE_PLUGINS and registers their `activities`.
import { slugifyActivity } from './slugify.activity.js';

export { slugify, slugifyActivity } from './slugify.activity.js';

/** Every activity this package provides. */
export const activities = [slugifyActivity];
