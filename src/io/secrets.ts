/**
 * Where secrets come from: --secret (repeatable), --secret-env NAME, --secret-file PATH (one
 * secret per line) or TELEMATICS_SECRET. Every secret found is registered with the Output for
 * redaction before anything else can print it. Errors name the source, never the value.
 */
import { decode } from "../core/signing/hmac.js";
import { readFileSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import type { Output } from "./output.js";

export interface SecretFlags {
  secret?: string[];
  secretEnv?: string;
  secretFile?: string;
}

export function resolveSecrets(flags: SecretFlags, env: Readonly<Record<string, string | undefined>>, out: Output): string[] {
  const secrets: string[] = [...(flags.secret ?? [])];
  if (flags.secretEnv !== undefined) {
    const value = env[flags.secretEnv];
    if (value === undefined || value === "") throw new UsageError(`--secret-env ${flags.secretEnv}: the environment variable is not set or empty`);
    secrets.push(value);
  }
  if (flags.secretFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.secretFile, "utf8");
    } catch (e) {
      throw new UsageError(`--secret-file ${flags.secretFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
    if (lines.length === 0) throw new UsageError(`--secret-file ${flags.secretFile}: the file holds no secret`);
    secrets.push(...lines);
  }
  if (secrets.length === 0 && env.TELEMATICS_SECRET) secrets.push(env.TELEMATICS_SECRET);
  for (const s of secrets) {
    if (s === "") throw new UsageError("--secret: the secret is empty");
    out.addSecret(s);
    // A whsec_ secret is base64 after its prefix (the Standard Webhooks libraries refuse anything
    // else); a bad one would otherwise sign and verify with a garbled key, silently.
    if (s.startsWith("whsec_") && decode(s.slice(6).trim(), "base64") === undefined) {
      throw new UsageError("a whsec_ secret must be base64 after the prefix (as the Standard Webhooks dashboard shows it); this one is not");
    }
  }
  return secrets;
}

/** The usage error for a command that needs a secret and got none. */
export function noSecret(what: string): UsageError {
  return new UsageError(`no ${what} given: use --secret, --secret-env NAME, --secret-file PATH or TELEMATICS_SECRET`);
}
