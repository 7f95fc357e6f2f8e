/**
 * The answer to an accepted event: a simulated failure (--fail-first, --respond), forwarding to the
 * app (--forward-to), or the acknowledgement the provider expects.
 */
import { forwardPlan } from "./forward.js";
import { ACK_BODY, errorBody, JSON_TYPE, type Decision, type RouteConfig, type WebhookConfig, type WebhookRequest, type WebhookState } from "./types.js";
import { getProvider, type ProviderName } from "../providers/index.js";

/** Sets the answer, and remembers the delivery for dedupe when it was answered 2xx. */
export function finish(decision: Decision, status: number, body: string | Uint8Array, state: WebhookState): Decision {
  decision.status = status;
  decision.body = body;
  decision.record.status = status;
  decision.view.status = status;
  if (status >= 200 && status < 300 && decision.dedupeKey && decision.record.duplicate_of === undefined) {
    state.recent.remember(decision.dedupeKey, decision.record.received_at);
  }
  return decision;
}

/** What an accepted event is answered. */
export function respond(decision: Decision, req: WebhookRequest, route: RouteConfig, providerName: ProviderName | undefined, payload: unknown, config: WebhookConfig, state: WebhookState): Decision {
  state.accepted++;
  if (config.delayMs) decision.delayMs = config.delayMs;
  if (config.failFirst !== undefined && state.accepted <= config.failFirst) {
    const status = config.respond !== undefined && config.respond >= 400 ? config.respond : 500;
    const why = `simulated failure ${state.accepted} of ${config.failFirst} (--fail-first)`;
    decision.record.simulated = why;
    (decision.view.notes ??= []).push(`${why}: answered ${status}`);
    return finish(decision, status, errorBody(why), state);
  }
  if (config.respond !== undefined) {
    const why = `status set by --respond ${config.respond}`;
    decision.record.simulated = why;
    (decision.view.notes ??= []).push(why);
    const ok = config.respond >= 200 && config.respond < 300;
    return finish(decision, config.respond, config.respond === 204 || config.respond === 304 ? "" : ok ? ACK_BODY : errorBody(why), state);
  }
  if (route.forwardTo) {
    decision.forward = forwardPlan(req, providerName, route);
    decision.record.status = undefined;
    return decision;
  }
  // An acknowledgement computed from the event (Smartcar's VERIFY challenge), with the route's key.
  const provider = providerName ? getProvider(providerName) : undefined;
  const computed = provider?.answer && payload !== undefined && typeof payload === "object" && payload !== null && !Array.isArray(payload) ? provider.answer(decision.record.event ?? "", payload as Record<string, unknown>, route.keys[providerName!]?.keys[0]) : undefined;
  if (computed) {
    (decision.view.notes ??= []).push(`answered ${provider!.title}'s ${decision.record.event ?? "event"} with ${computed.body}`);
    decision.headers = { "Content-Type": computed.contentType ?? "application/json" };
    return finish(decision, computed.status, computed.body, state);
  }
  decision.headers = JSON_TYPE;
  return finish(decision, 200, ACK_BODY, state);
}
