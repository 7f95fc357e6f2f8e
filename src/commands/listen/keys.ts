/**
 * The keys each route checks requests with, per provider that may send to it: the secrets or tokens
 * given, else the route's or the provider's in the config file, else the project's dev secret.
 */
import { providers, type Provider } from "../../core/providers/index.js";
import type { Context } from "../../context.js";
import { givenSecrets, keysFor, type Keys } from "../../io/secrets.js";
import type { ListenInput, PlannedRoute } from "./plan.js";

export interface RouteKey extends Keys {
  /** How to give the real secret, for a dev secret's diagnosis. */
  hint?: string;
}

function hint(label: string, provider: Provider): string {
  const env = `${label.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${provider.auth === "bearer" ? "TOKEN" : "SECRET"}`;
  return provider.auth === "bearer" ? `--token, or "tokenEnv": "${env}" under providers.${label} in telematics.config.json` : `--secret-env ${env}, or "secretEnv": "${env}" under providers.${label} in telematics.config.json`;
}

/** The providers a route receives: its own, or (auto) every one that signs. */
function receivable(route: PlannedRoute): { label: string; provider: Provider }[] {
  if (route.provider !== "auto") return [{ label: route.provider.label, provider: route.provider.provider }];
  return Object.values(providers)
    .filter((p) => p.auth !== "unsigned")
    .map((p) => ({ label: p.name, provider: p as Provider }));
}

export function routeKeys(route: PlannedRoute, input: ListenInput, ctx: Context): Record<string, RouteKey> {
  const { values, sources } = input;
  const secrets = givenSecrets(values, sources, ctx);
  const tokenValues = values.token ?? [];
  for (const t of tokenValues) ctx.out.addSecret(t);
  const tokens: Keys | undefined = tokenValues.length
    ? { keys: tokenValues, from: sources.token?.kind === "env" ? "$TELEMATICS_TOKEN" : "--token", kind: sources.token?.kind === "env" ? "env" : "flag", sendFlags: '--token "$TOKEN"' }
    : undefined;
  const out: Record<string, RouteKey> = {};
  for (const { label, provider } of receivable(route)) {
    const bearer = provider.auth === "bearer";
    // A secret given for a route of Events Push alone serves as its token; in auto mode it is a signing secret.
    const given = bearer ? (tokens ?? (route.provider !== "auto" ? secrets : undefined)) : secrets;
    const keys = keysFor({ label, provider, given, route: route.settings, dev: true }, ctx);
    if (keys) out[provider.name] = { ...keys, ...(keys.kind === "dev" && { hint: hint(label, provider) }) };
  }
  return out;
}
