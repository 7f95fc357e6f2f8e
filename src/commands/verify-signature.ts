import { UsageError } from "../core/errors.js";
import type { Context, GlobalOptions } from "../context.js";
import { readPayload } from "../io/input.js";
import { noSecret, resolveSecrets, type SecretFlags } from "../io/secrets.js";
import { headerFlags, integer } from "./options.js";
import { requireProvider, schemeOptions, type SchemeFlags } from "./scheme-options.js";

export interface VerifyFlags extends GlobalOptions, SecretFlags, SchemeFlags {
  provider?: string;
  payload?: string;
  signature?: string;
  header?: string[];
  id?: string;
  timestamp?: string;
}

export async function run(flags: VerifyFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  const provider = requireProvider(flags.provider, ctx.env);
  const options = schemeOptions(flags);
  if (provider.auth === "unsigned") {
    throw new UsageError(provider.verify({ body: Buffer.alloc(0), headers: {}, secrets: [], now: ctx.now() }).message);
  }
  const secrets = resolveSecrets(flags, ctx.env, out);
  if (secrets.length === 0) throw noSecret(provider.secretName);
  if (flags.payload === undefined) throw new UsageError("--payload is required: a file, or - to read stdin");

  const headers = headerFlags(flags.header);
  if (flags.signature !== undefined) {
    const name = provider.signatureHeader(options)!;
    headers[name] = provider.auth === "bearer" && !/^\S+\s/.test(flags.signature) ? `Bearer ${flags.signature}` : flags.signature;
  }
  if (flags.id !== undefined) headers["webhook-id"] = flags.id;
  // Checked as an integer, passed on as given: the signed text is the header exactly as received.
  if (flags.timestamp !== undefined && integer("--timestamp", flags.timestamp) !== undefined) headers["webhook-timestamp"] = flags.timestamp.trim();
  if (Object.keys(headers).length === 0) {
    throw new UsageError(`give the signature with --signature VALUE or --header "${provider.signatureHeader(options)}: VALUE"`);
  }

  const body = await readPayload(flags.payload, ctx.stdin);
  const result = provider.verify({ body, headers, secrets, now: ctx.now(), options });

  if (out.json) {
    out.record({
      valid: result.valid,
      verdict: result.verdict,
      provider: result.provider,
      ...(result.scheme && { scheme: result.scheme }),
      ...(result.matchedSecret !== undefined && { matchedSecret: result.matchedSecret + 1, secrets: secrets.length }),
      ...(result.reason && { reason: result.reason }),
      message: result.message,
      diagnoses: result.diagnoses,
      bytes: body.byteLength,
    });
  } else if (result.valid) {
    out.info(`${out.chalk.green("✓ valid")} ${provider.name}: ${result.message}`);
  } else {
    out.info(`${out.chalk.red("✗ invalid")} ${provider.name}: ${result.message}`);
    for (const d of result.diagnoses.slice(1)) out.info(`  also: ${d.message}`);
  }
  return result.valid ? 0 : 1;
}
