/** `telematics verify-signature`: exit 0 valid, 1 invalid (with the likely cause), 2 usage error. */
import { UsageError } from "../../core/errors.js";
import type { Context } from "../../context.js";
import { readPayload } from "../../io/input.js";
import { givenSecrets, keysFor, noSecret } from "../../io/secrets.js";
import { chooseProvider } from "../provider-choice.js";
import type { CommandInput } from "../spec.js";
import type { VERIFY_OPTIONS } from "./spec.js";

export async function run(input: CommandInput<typeof VERIFY_OPTIONS>, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  if (v.provider === undefined) throw new UsageError("--provider is required (telematics config lists the providers of the project)");
  const chosen = chooseProvider(v.provider, "--provider", ctx.project, v);
  const { provider, scheme: options } = chosen;
  if (provider.auth === "unsigned") throw new UsageError(provider.verify({ body: Buffer.alloc(0), headers: {}, secrets: [], now: ctx.now() }).message);
  const keys = keysFor({ label: chosen.label, provider, given: givenSecrets(v, input.sources, ctx), dev: false }, ctx);
  if (!keys) throw noSecret(provider.secretName);
  if (v.payload === undefined) throw new UsageError("--payload is required: a file, or - to read stdin");

  const headers: Record<string, string> = {};
  for (const line of v.header ?? []) {
    const at = line.indexOf(":");
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  if (v.signature !== undefined) {
    const name = provider.signatureHeader(options)!;
    headers[name] = provider.auth === "bearer" && !/^\S+\s/.test(v.signature) ? `Bearer ${v.signature}` : v.signature;
  }
  if (v.id !== undefined) {
    if (!provider.deliveryIdHeader) throw new UsageError(`--id: ${chosen.label} sends no delivery id header`);
    headers[provider.deliveryIdHeader] = v.id;
  }
  if (v.timestamp !== undefined) {
    if (!provider.timestampHeader) throw new UsageError(`--timestamp: ${chosen.label} signs no timestamp`);
    // Checked as an integer, passed on as given: the signed text is the header exactly as received.
    if (!/^\s*\d+\s*$/.test(v.timestamp)) throw new UsageError(`--timestamp ${v.timestamp}: expected an integer of 0 or more`);
    headers[provider.timestampHeader] = v.timestamp.trim();
  }
  if (Object.keys(headers).length === 0) throw new UsageError(`give the signature with --signature VALUE or --header "${provider.signatureHeader(options)}: VALUE"`);

  const body = await readPayload(v.payload, ctx, "--payload");
  const result = provider.verify({ body, headers, secrets: keys.keys, now: ctx.now(), options });

  if (out.json) {
    out.record({
      valid: result.valid,
      verdict: result.verdict,
      provider: chosen.label,
      ...(result.scheme && { scheme: result.scheme }),
      ...(result.matchedSecret !== undefined && { matched_secret: result.matchedSecret, secrets: keys.keys.length }),
      ...(result.reason && { reason: result.reason }),
      message: result.message,
      diagnoses: result.diagnoses,
      bytes: body.byteLength,
    });
  } else if (result.valid) {
    out.info(`${out.chalk.green("✓ valid")} ${chosen.label}: ${result.message}`);
  } else {
    out.info(`${out.chalk.red("✗ invalid")} ${chosen.label}: ${result.message}`);
    for (const d of result.diagnoses.slice(1)) out.info(`  also: ${d.message}`);
  }
  return result.valid ? 0 : 1;
}
