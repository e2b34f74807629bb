/** The trigger service and trigger administration (Node, Redis, brokers). */
export { TriggerAdmin, type DeadLetterRecord, type TriggerStatus, type WebhookRequest, type WindowView } from './admin.js';
export { scaledClock, systemClock, type TriggerClock } from './clock.js';
export type { TriggerLog } from './driver.js';
export { localFolderLister, localListerFactory, type ObjectLister, type ObjectListerFactory } from './object-lister.js';
export { startTriggerService, TriggerService, type TriggerServiceOptions } from './service.js';
export type { QueueDriverStats } from './queue/queue-driver.js';
export { TriggerStore, type PendingRun, type TriggerRun, type TriggerRuntimeState } from './trigger-store.js';
export { openPublisher, type MessagePublisher, type PublishOptions } from './queue/publisher.js';
export { MQTT_MAX_CONNECTIONS, mqttSessionIds } from './queue/mqtt-source.js';
