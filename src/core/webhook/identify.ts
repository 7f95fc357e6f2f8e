/**
 * Which route a request came to, and who sent it: the route's provider, or (auto) the provider whose
 * signature headers the request carries, then the one whose payload shape it has.
 */
import { getHeader, type HeaderBag } from "../headers.js";
import { providerFromHeaders, type ProviderName } from "../providers/index.js";
import { detectEvent, type EventRef } from "../schemas/detect.js";
import type { RouteConfig } from "./types.js";

/** "/hooks/" and "/hooks" are the same path; the query string is not part of it. */
export function normalizePath(target: string): string {
  const q = target.search(/[?#]/);
  let p = q < 0 ? target : target.slice(0, q);
  if (!p.startsWith("/")) {
    // absolute-form target (a proxy request): keep its path
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(p);
    p = m ? (m[1] ?? "/") : "/" + p;
  }
  return p.length > 1 && p.endsWith("/") ? p.replace(/\/+$/, "") || "/" : p;
}

/** The routes at a path (one per method). */
export function routesAt(routes: readonly RouteConfig[], path: string): RouteConfig[] {
  return routes.filter((r) => normalizePath(r.path) === path);
}

/** "POST /zubie, POST /uber": what a listener serves, for the 404 message. */
export function served(routes: readonly RouteConfig[]): string {
  return routes.map((r) => `${r.method} ${normalizePath(r.path)}`).join(", ");
}

/** The route a request of another provider should have gone to, if the listener has one. */
export function routeOf(routes: readonly RouteConfig[], provider: string): RouteConfig | undefined {
  return routes.find((r) => r.provider === provider);
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

/**
 * The received headers for the log: names lower-cased, repeated values joined, credentials
 * redacted (`Authorization: Bearer [redacted]` keeps the scheme, so the log shows what was sent).
 */
export function redactHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    const raw = headers[key];
    if (raw === undefined) continue;
    const name = key.toLowerCase();
    const value = typeof raw === "string" ? raw : raw.join(", ");
    if (SECRET_HEADERS.has(name)) {
      const scheme = /^(Bearer|Basic|Token|Digest)\s/i.exec(value);
      out[name] = scheme ? `${scheme[1]} [redacted]` : "[redacted]";
    } else {
      out[name] = value;
    }
  }
  return out;
}

export interface Identity {
  provider?: ProviderName;
  /** The event found in the payload while identifying (auto), reused later. */
  ref?: EventRef;
}

/**
 * Who sent a request to `route`: its provider, or for "auto" the signature headers' provider, a
 * configured generic HMAC header, then the payload's shape (`parsed` reads the body only if needed).
 */
export function identify(route: RouteConfig, headers: HeaderBag, parsed: () => { ok: true; value: unknown } | { ok: false }): Identity {
  if (route.provider !== "auto") return { provider: route.provider };
  const byHeader = providerFromHeaders(headers);
  if (byHeader) return { provider: byHeader };
  if (route.scheme?.header && getHeader(headers, route.scheme.header) !== undefined) return { provider: "hmac" };
  const p = parsed();
  if (!p.ok) return {};
  const ref = detectEvent(p.value);
  return ref ? { provider: ref.provider, ref } : {};
}
