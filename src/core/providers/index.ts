/**
 * The provider registry: one folder per provider (src/core/providers/<name>/, its profile in
 * index.ts), one line here. Adding a provider is a new folder, its fixtures (fixtures/<name>/) and a
 * new line; detection, validation, facts, fresh sends, retries, scenarios and the contract tests
 * all loop over this object. Loading it never loads zod (see types.ts), nor the providers' facts,
 * schema builders and scenarios (loaded by the modules that use them), so that `sign` and
 * `verify-signature` start fast.
 */
import { getHeader, type HeaderBag } from "../headers.js";
import { automatic } from "./automatic/index.js";
import { eventsPush } from "./events-push/index.js";
import { fleetio } from "./fleetio/index.js";
import { hmac } from "./hmac/index.js";
import { motive } from "./motive/index.js";
import { samsara } from "./samsara/index.js";
import { smartcar } from "./smartcar/index.js";
import { standardWebhooks } from "./standard-webhooks/index.js";
import type { Scenario } from "../scenarios/kit.js";
import type { EventCatalogue, FactsReader, Provider, SchemaSet } from "./types.js";
import { traccar } from "./traccar/index.js";
import { uber } from "./uber/index.js";
import { zubie } from "./zubie/index.js";

export const providers = {
  zubie,
  uber,
  "events-push": eventsPush,
  automatic,
  smartcar,
  samsara,
  traccar,
  motive,
  fleetio,
  "standard-webhooks": standardWebhooks,
  hmac,
} as const satisfies Record<string, Provider>;

export type ProviderName = keyof typeof providers;
export const providerNames = Object.keys(providers) as ProviderName[];

/** The providers with an event catalogue of their own (the others carry any JSON). */
export type SchemaProvider = { [K in ProviderName]: (typeof providers)[K] extends { events: EventCatalogue } ? K : never }[ProviderName];

/** Providers with an event catalogue, in registry order: zubie, uber, events-push, automatic. */
export const schemaProviders = providerNames.filter((n) => providers[n].events !== undefined) as SchemaProvider[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providers, name);
}

export function getProvider(name: string): Provider | undefined {
  return isProviderName(name) ? providers[name] : undefined;
}

/** The event catalogue of a provider, if it has one. */
export function catalogueOf(name: string): EventCatalogue | undefined {
  return getProvider(name)?.events;
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

/** The headers that identify a provider, as the providers spell them: Zubie-Signature, X-Uber-Signature, webhook-signature. */
export function identifyingHeaders(): string[] {
  return providerNames.filter((n) => providers[n].authHeaders.length > 0).map((n) => providers[n].signatureHeader() ?? providers[n].authHeaders[0]!);
}

/** Every provider's scenarios, in registry order (loaded from the provider folders). */
export async function loadScenarios(): Promise<Scenario[]> {
  return (await Promise.all(providerNames.map((n) => providers[n].loadScenarios?.() ?? []))).flat();
}

/** Every provider's facts reader, by provider name (loaded from the provider folders). */
export async function loadFactsReaders(): Promise<Map<string, FactsReader>> {
  const named = providerNames.map(async (n) => [n, await providers[n].loadFacts?.()] as const);
  return new Map((await Promise.all(named)).filter((e): e is readonly [ProviderName, FactsReader] => e[1] !== undefined));
}

/** Every catalogue's schema builders, by provider (loaded from the provider folders; they import zod's types only). */
export async function loadSchemaSets(): Promise<Record<SchemaProvider, SchemaSet>> {
  const sets = await Promise.all(schemaProviders.map(async (n) => [n, await providers[n].events.loadSchemas()] as const));
  return Object.fromEntries(sets) as Record<SchemaProvider, SchemaSet>;
}

export type {
  Answer,
  AuthKind,
  CataloguedProvider,
  EventCatalogue,
  EventFacts,
  FactsReader,
  FieldPath,
  FreshRules,
  Position,
  Provider,
  RandomBytes,
  SchemaSet,
  SchemeOptions,
  SignInput,
  SigningProfile,
  VerifyInput,
} from "./types.js";
