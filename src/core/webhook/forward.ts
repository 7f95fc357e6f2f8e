/**
 * `listen --forward-to`: the request to send to the user's app (the raw body and the received
 * headers, or re-signed), and the decision completed with the app's answer, which the provider gets.
 */
import { formatDuration } from "../duration.js";
import type { EventRecord } from "../events/record.js";
import { getHeader } from "../headers.js";
import { getProvider, type ProviderName } from "../providers/index.js";
import { finish } from "./respond.js";
import { errorBody, JSON_TYPE, sha256, type Decision, type ForwardPlan, type ForwardResult, type RouteConfig, type WebhookRequest, type WebhookState } from "./types.js";

/** Headers that belong to one connection, not to the message: never forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect", "http2-settings"]);

/**
 * The request to send to the app: the raw body and the received headers unchanged (less the
 * hop-by-hop ones), or re-signed with the route's `forwardSecret` the provider's way.
 */
export function forwardPlan(req: WebhookRequest, providerName: ProviderName | undefined, route: RouteConfig): ForwardPlan {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(req.headers)) {
    const v = req.headers[key];
    if (v === undefined || HOP_BY_HOP.has(key.toLowerCase())) continue;
    headers[key.toLowerCase()] = typeof v === "string" ? v : v.join(", ");
  }
  if (route.forwardAuthorization && headers.authorization === undefined) headers.authorization = route.forwardAuthorization;
  const plan: ForwardPlan = { url: route.forwardTo!, method: "POST", headers, body: req.body, resigned: false };
  if (route.forwardSecret === undefined) return plan;
  const provider = providerName ? getProvider(providerName) : undefined;
  if (!provider) {
    plan.warning = "not re-signed: the sender's provider is unknown (use --provider)";
    return plan;
  }
  if (provider.auth === "unsigned") {
    plan.warning = `not re-signed: ${provider.title} webhooks are unsigned`;
    return plan;
  }
  // The delivery's own id (a retry of it is re-signed with the same one), or one made from its body.
  const deliveryId = provider.deliveryIdHeader ? getHeader(req.headers, provider.deliveryIdHeader)?.trim() || `msg_${sha256(req.body, "hex").slice(0, 24)}` : undefined;
  const signed = provider.sign({ body: req.body, secret: route.forwardSecret, ...(deliveryId && { id: deliveryId }), timestamp: Math.floor(req.receivedAt / 1000), ...(route.scheme && { options: route.scheme }) });
  for (const [name, value] of Object.entries(signed)) {
    if (name.toLowerCase() === "content-type" && headers["content-type"] !== undefined) continue;
    headers[name.toLowerCase()] = value;
  }
  plan.resigned = true;
  return plan;
}

/** Clips the app's response to one line for the log and the screen. */
function responseStart(body: string, max = 200): string {
  const one = body.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

/** Completes a forwarded request's decision with the app's answer: the provider gets the app's status. */
export function withForwardResult(decision: Decision, result: ForwardResult, state: WebhookState): Decision {
  const plan = decision.forward!;
  const f: NonNullable<EventRecord["forward"]> = { url: plan.url, latency_ms: Math.round(result.latencyMs), ...(plan.resigned && { resigned: true }) };
  const notes = (decision.view.notes ??= []);
  if (plan.warning) notes.push(`forward: ${plan.warning}`);
  if (result.status === undefined) {
    const status = result.timedOut ? 504 : 502;
    const message = `could not deliver to the app at ${plan.url}: ${result.error ?? "no answer"}`;
    f.error = result.error ?? "no answer";
    decision.record.forward = f;
    decision.record.error = message;
    decision.view.errors = [...(decision.view.errors ?? []), message];
    decision.tally.failed = true;
    decision.headers = JSON_TYPE;
    return finish(decision, status, errorBody(message), state);
  }
  f.status = result.status;
  const start = result.body !== undefined && result.body !== "" ? responseStart(result.body) : undefined;
  if (start !== undefined) f.response = start;
  decision.record.forward = f;
  notes.push(`forwarded to ${plan.url}${plan.resigned ? " (re-signed)" : ""}: ${result.status} in ${formatDuration(result.latencyMs)}${start !== undefined ? ` ${start}` : ""}`);
  decision.headers = result.headers ?? (result.contentType ? { "Content-Type": result.contentType } : {});
  return finish(decision, result.status, result.raw ?? result.body ?? "", state);
}
