/** Webhook handling, pure: see handler.ts. */
export {
  ACK_BODY,
  WebhookState,
  handleWebhook,
  warmUp,
  handleClientProblem,
  withForwardResult,
  forwardPlan,
  normalizePath,
  redactHeaders,
  firstBadUtf8,
  type WebhookConfig,
  type WebhookRequest,
  type Decision,
  type Tally,
  type ForwardPlan,
  type ForwardResult,
  type ClientProblem,
} from "./handler.js";
export { RecentDeliveries } from "./recent.js";
