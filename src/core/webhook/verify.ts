/**
 * The signature or token of a request, checked on the raw bytes with the route's keys, and — when
 * it fails — the causes only the listener can see: the request is signed for another provider (and
 * which route receives that one), or it was checked against the project's dev secret.
 */
import type { HeaderBag } from "../headers.js";
import { getProvider, identifyingHeaders, providerFromHeaders, type ProviderName } from "../providers/index.js";
import type { Diagnosis, VerifyResult } from "../signing/types.js";
import { normalizePath, routeOf } from "./identify.js";
import type { RouteConfig, WebhookRequest } from "./types.js";

/** A verification outcome: the provider's VerifyResult, or `skipped` when there was nothing to verify with. */
export type Check = Pick<VerifyResult, "message" | "matchedSecret" | "diagnoses"> & { verdict: VerifyResult["verdict"] | "skipped"; reason?: string };

/** Why a request failed on this route, beyond what the provider's verifier can know. */
function listenerDiagnoses(route: RouteConfig, routes: readonly RouteConfig[], provider: ProviderName, headers: HeaderBag): Diagnosis[] {
  const out: Diagnosis[] = [];
  const other = providerFromHeaders(headers);
  if (other && other !== provider) {
    const header = getProvider(other)?.signatureHeader() ?? other;
    const there = routeOf(routes, other);
    out.push({
      code: "other-provider",
      message: there
        ? `the request is signed for ${other} (${header}), which this listener receives at ${normalizePath(there.path)}: the sender's URL points at the wrong route`
        : `the request is signed for ${other} (${header}), but this route (${normalizePath(route.path)}) receives ${route.label ?? provider}; serve ${other} with --route /${other}=${other}`,
    });
  }
  const keys = route.keys[provider];
  if (keys?.dev) {
    const name = getProvider(provider)?.secretName ?? "secret";
    out.push({ code: "dev-secret", message: `checked against this project's dev secret for ${provider}, which telematics send and telematics sign use here: real deliveries need the real ${name}${keys.hint ? ` (${keys.hint})` : ""}` });
  }
  return out;
}

/** Verifies a request that came to `route` from `provider` (undefined: nobody could tell). */
export function verifyRequest(req: WebhookRequest, route: RouteConfig, routes: readonly RouteConfig[], providerName: ProviderName | undefined): Check {
  const provider = providerName ? getProvider(providerName) : undefined;
  if (!provider) {
    const anyKeys = Object.values(route.keys).some((k) => k && k.keys.length > 0 && !k.dev);
    if (!anyKeys) return { verdict: "skipped", message: "not verified: no known signature header, and the body is not a known provider's event", diagnoses: [] };
    const seen = Object.keys(req.headers).map((h) => h.toLowerCase()).sort();
    return {
      verdict: "invalid",
      reason: "missing-header",
      message: `cannot tell who sent this: no ${identifyingHeaders().join(", ")} header, and the body is not a known provider's event (headers seen: ${seen.join(", ") || "none"}); use --provider or a route`,
      diagnoses: [],
    };
  }
  if (provider.auth === "unsigned") return provider.verify({ body: req.body, headers: req.headers, secrets: [], now: req.receivedAt });
  const keys = route.keys[provider.name];
  if (!keys || keys.keys.length === 0) {
    const flag = provider.auth === "bearer" ? "--token" : "--secret";
    return { verdict: "skipped", message: `not verified: no ${provider.secretName} given (${flag})`, diagnoses: [] };
  }
  const result = provider.verify({ body: req.body, headers: req.headers, secrets: keys.keys, now: req.receivedAt, ...(route.scheme && { options: route.scheme }) });
  if (result.valid) return result;
  const extra = listenerDiagnoses(route, routes, provider.name as ProviderName, req.headers);
  if (extra.length === 0) return result;
  // Another provider's signature explains the complaint; the dev secret explains a mismatch (the
  // sender signed with the real secret), and is context for anything else (a missing header).
  const other = extra.filter((d) => d.code === "other-provider");
  const dev = extra.filter((d) => d.code === "dev-secret");
  const diagnoses = result.reason === "mismatch" ? [...other, ...dev, ...result.diagnoses] : [...other, ...result.diagnoses, ...dev];
  return { ...result, reason: diagnoses[0]!.code, message: diagnoses[0]!.message, diagnoses };
}
