/**
 * The re-signing most embedding commands want: an edited body signed the way its record's provider
 * signs, with the secret the embedding command has for that provider, the old signature headers replaced.
 */
import { randomBytes } from "node:crypto";
import { getProvider, type SchemeOptions } from "../../core/providers/index.js";
import type { Resign } from "./replay.js";

export interface ResignOptions {
  /** The secret that signs a provider's events (undefined: none), and the replay target's URL. */
  secretFor: (provider: string, target: string) => string | undefined;
  /** The generic `hmac` scheme (header, algorithm, encoding, prefix), as listen takes it. */
  scheme?: SchemeOptions;
  /** ms since the epoch (Standard Webhooks timestamps). */
  now: () => number;
}

export function providerResign(options: ResignOptions): Resign {
  return ({ record, body, headers, target }) => {
    const provider = record.provider ? getProvider(record.provider) : undefined;
    if (!provider) throw new Error(record.provider ? `unknown provider ${record.provider}` : "the record names no provider, so it is not known how to sign it");
    if (provider.auth === "unsigned") return { headers, resigned: false, note: `${provider.title} webhooks are unsigned: sent as edited` };
    const secret = options.secretFor(provider.name, target);
    if (secret === undefined) throw new Error(`no ${provider.secretName} to sign with: give --secret, --secret-env or --secret-file`);
    // An edited body is a new message: a new webhook-id, so the receiver does not take it for a retry.
    const id = provider.newDeliveryId?.(randomBytes);
    const signed = provider.sign({ body, secret, ...(id !== undefined && { id }), timestamp: Math.floor(options.now() / 1000), ...(options.scheme && { options: options.scheme }) });
    const out: Record<string, string> = {};
    const replaced = new Set([...provider.authHeaders, ...Object.keys(signed)].map((h) => h.toLowerCase()));
    const sigHeader = provider.signatureHeader(options.scheme)?.toLowerCase();
    if (sigHeader) replaced.add(sigHeader);
    for (const [name, value] of Object.entries(headers)) if (!replaced.has(name.toLowerCase()) || name.toLowerCase() === "content-type") out[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(signed)) if (name.toLowerCase() !== "content-type" || out["content-type"] === undefined) out[name.toLowerCase()] = value;
    return { headers: out };
  };
}
