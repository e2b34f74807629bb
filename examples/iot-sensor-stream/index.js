// The example's activity plugin: Sluice loads the modules named in SLUICE_PLUGINS and registers `activities`.
import { stageMessagesActivity } from './stage-messages.activity.js';

export { stageMessagesActivity, localTarget, messageText } from './stage-messages.activity.js';

/** Every activity this example provides. */
export const activities = [stageMessagesActivity];
