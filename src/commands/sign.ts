import { randomBytes } from "node:crypto";
import { UsageError } from "../core/errors.js";
import type { Context, GlobalOptions } from "../context.js";
import { readPayload } from "../io/input.js";
import { noSecret, resolveSecrets, type SecretFlags } from "../io/secrets.js";
import { integer } from "./options.js";
import { requireProvider, schemeOptions, type SchemeFlags } from "./scheme-options.js";

export interface SignFlags extends GlobalOptions, SecretFlags, SchemeFlags {
  provider?: string;
  payload?: string;
  id?: string;
  timestamp?: string;
}

/** A Standard Webhooks message id in the usual `msg_` + base62-ish form. */
export function newMessageId(): string {
  return "msg_" + randomBytes(18).toString("base64url").replace(/[-_]/g, "x");
}

export async function run(flags: SignFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  const provider = requireProvider(flags.provider, ctx.env);
  const options = schemeOptions(flags);
  const secrets = resolveSecrets(flags, ctx.env, out);
  if (secrets.length === 0 && provider.auth !== "unsigned") throw noSecret(provider.secretName);
  const payload = flags.payload ?? (ctx.stdin.isTTY ? undefined : "-");
  if (payload === undefined) throw new UsageError("--payload is required: a file, or - to read stdin");
  const body = await readPayload(payload, ctx.stdin);

  const headers = provider.sign({
    body,
    secret: secrets[0] ?? "",
    id: flags.id ?? newMessageId(),
    timestamp: integer("--timestamp", flags.timestamp) ?? Math.floor(ctx.now() / 1000),
    options,
  });
  if (out.json) {
    out.record({ provider: provider.name, bytes: body.byteLength, headers });
  } else {
    for (const [name, value] of Object.entries(headers)) out.data(`${name}: ${value}`);
  }
  if (provider.auth === "bearer") {
    out.info(`note: the bearer token is the secret itself, so it is printed as [redacted]; send it with -H "Authorization: Bearer $TOKEN"`);
  }
  if (provider.auth === "unsigned") out.info(`note: ${provider.title} webhooks are not signed; only Content-Type is sent`);
  return 0;
}
