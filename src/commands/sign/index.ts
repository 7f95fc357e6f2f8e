/** `telematics sign`: the headers a provider would send with a payload (for curl and tests). */
import { UsageError } from "../../core/errors.js";
import { randomBytes } from "node:crypto";
import type { Context } from "../../context.js";
import { readPayload } from "../../io/input.js";
import { givenSecrets, keysFor, noSecret } from "../../io/secrets.js";
import { chooseProvider } from "../provider-choice.js";
import type { CommandInput } from "../spec.js";
import type { SIGN_OPTIONS } from "./spec.js";

export async function run(input: CommandInput<typeof SIGN_OPTIONS>, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  if (v.provider === undefined) throw new UsageError("--provider is required (telematics config lists the providers of the project)");
  const chosen = chooseProvider(v.provider, "--provider", ctx.project, v);
  const { provider } = chosen;
  // With nothing given or configured, the project's dev secret: the headers are for curl towards
  // the local listener (a signature reveals nothing of its secret).
  const keys = keysFor({ label: chosen.label, provider, given: givenSecrets(v, input.sources, ctx), dev: provider.auth !== "unsigned" }, ctx);
  if (!keys && provider.auth !== "unsigned") throw noSecret(provider.secretName);
  if (keys?.kind === "dev") out.info(`note: signed with the project's dev secret (${keys.from.replace(/^the dev secret \(|\)$/g, "")}), which telematics listen checks here; give the real secret for anything else`);
  const payload = v.payload ?? (ctx.stdin.isTTY ? undefined : "-");
  if (payload === undefined) throw new UsageError("--payload is required: a file, or - to read stdin");
  const body = await readPayload(payload, ctx, "--payload");

  const id = v.id ?? provider.newDeliveryId?.(randomBytes);
  const headers = provider.sign({ body, secret: keys?.keys[0] ?? "", ...(id !== undefined && { id }), timestamp: v.timestamp ?? Math.floor(ctx.now() / 1000), options: chosen.scheme });
  if (out.json) out.record({ provider: chosen.label, bytes: body.byteLength, headers });
  else for (const [name, value] of Object.entries(headers)) out.data(`${name}: ${value}`);
  if (provider.auth === "bearer") out.info(`note: the bearer token is the secret itself, so it is printed as [redacted]; send it with -H "Authorization: Bearer $TOKEN"`);
  if (provider.auth === "unsigned") out.info(`note: ${provider.title} webhooks are not signed; only Content-Type is sent`);
  return 0;
}
