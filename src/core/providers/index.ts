/**
 * The provider registry: one file per provider, one line here. Adding a provider is a new file
 * and a new line; the contract tests loop over this object.
 */
import { getHeader, type HeaderBag } from "../headers.js";
import { automatic } from "./automatic.js";
import { eventsPush } from "./events-push.js";
import { hmac } from "./hmac.js";
import { standardWebhooks } from "./standard-webhooks.js";
import type { Provider } from "./types.js";
import { uber } from "./uber.js";
import { zubie } from "./zubie.js";

export const providers = {
  zubie,
  uber,
  "events-push": eventsPush,
  automatic,
  "standard-webhooks": standardWebhooks,
  hmac,
} as const satisfies Record<string, Provider>;

export type ProviderName = keyof typeof providers;
export const providerNames = Object.keys(providers) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providers, name);
}

export function getProvider(name: string): Provider | undefined {
  return isProviderName(name) ? providers[name] : undefined;
}

/**
 * The provider whose authentication headers a request carries, if any: Zubie-Signature,
 * X-Uber-Signature, webhook-signature. A bearer token alone says nothing (any sender may use one).
 */
export function providerFromHeaders(headers: HeaderBag): ProviderName | undefined {
  for (const name of providerNames) {
    if (providers[name].authHeaders.some((h) => getHeader(headers, h) !== undefined)) return name;
  }
  return undefined;
}

export type { Provider, SchemeOptions, SignInput, VerifyInput, AuthKind } from "./types.js";
