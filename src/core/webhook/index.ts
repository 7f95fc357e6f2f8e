/** Webhook handling, pure: see handler.ts. */
export { handleWebhook, warmUp, firstBadUtf8 } from "./handler.js";
export { handleClientProblem } from "./client-problem.js";
export { forwardPlan, withForwardResult } from "./forward.js";
export { normalizePath, redactHeaders, served } from "./identify.js";
export type { Check } from "./verify.js";
export {
  ACK_BODY,
  WebhookState,
  type WebhookConfig,
  type RouteConfig,
  type RouteKeys,
  type WebhookRequest,
  type Decision,
  type Tally,
  type ForwardPlan,
  type ForwardResult,
  type ClientProblem,
} from "./types.js";
export { RecentDeliveries } from "./recent.js";
