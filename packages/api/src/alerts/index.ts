export { startAlertService, listFirings, type AlertService, type AlertServiceOptions, type AlertPayload, type AlertFiring } from './service.js';
export { AlertStore, alertRuleSchema, maskRule, HEADER_MASK, ALERT_STATUSES, type AlertRule } from './rules.js';
export { postWebhook, type Delivery, type WebhookOptions } from './webhook.js';
