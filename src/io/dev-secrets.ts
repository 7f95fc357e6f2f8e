/**
 * Dev secrets: one random secret per provider and project, in `.telematics/dev-secrets.json`
 * (mode 0600; `.telematics/` holds a `.gitignore` of `*`). `listen` checks signatures with it when
 * it has no real secret for a provider, and `send` signs with it towards loopback URLs only, so that
 * `telematics listen` and `telematics send --fixture trip_end --to http://127.0.0.1:4000/` verify
 * from the first try. A dev secret is kept until `telematics secrets rotate`.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import { providers, type Provider } from "../core/providers/index.js";
import { fileProblem } from "./files.js";
import { STATE_DIR } from "./project.js";

export const DEV_SECRETS_FILE = ".telematics/dev-secrets.json";

interface DevSecretsFile {
  note?: string;
  secrets: Record<string, string>;
}

const NOTE = "Development secrets of this project (telematics): listen checks signatures with them when it has no real secret, and send signs with them towards this machine only. Never commit this file.";

/** Makes sure `.telematics/` exists and is ignored by git as a whole. */
export function ensureStateDir(root: string): string {
  const dir = join(root, STATE_DIR);
  try {
    mkdirSync(dir, { recursive: true });
    const ignore = join(dir, ".gitignore");
    if (!existsSync(ignore)) writeFileSync(ignore, "# telematics: local state (event log, dev secrets, local overrides), never committed\n*\n");
  } catch (e) {
    throw new UsageError(`cannot create ${dir}: ${fileProblem(e)}`);
  }
  return dir;
}

function read(path: string): DevSecretsFile {
  if (!existsSync(path)) return { secrets: {} };
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as DevSecretsFile;
    if (!value || typeof value !== "object" || typeof value.secrets !== "object" || value.secrets === null) throw new Error("expected {\"secrets\": {...}}");
    return value;
  } catch (e) {
    throw new UsageError(`${DEV_SECRETS_FILE}: cannot read it (${e instanceof SyntaxError ? "not JSON" : fileProblem(e)}); delete it to make new dev secrets`);
  }
}

/**
 * Writes the file whole (a reader never sees half of it). `create`: only if there is none yet —
 * of two commands starting at once, one makes the file and the other reads it (false).
 */
function write(root: string, file: DevSecretsFile, create = false): boolean {
  const dir = ensureStateDir(root);
  const path = join(dir, "dev-secrets.json");
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ note: NOTE, secrets: file.secrets }, null, 2) + "\n", { mode: 0o600 });
    chmodSync(tmp, 0o600);
    if (!create) {
      renameSync(tmp, path);
      return true;
    }
    try {
      linkSync(tmp, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
  } catch (e) {
    throw new UsageError(`cannot write ${DEV_SECRETS_FILE}: ${fileProblem(e)}`);
  }
}

/** A new secret in the provider's own format (a `whsec_` key for Standard Webhooks, …). */
export function newDevSecret(provider: Provider): string {
  const secret = provider.devSecret(randomBytes);
  if (secret === undefined) throw new Error(`${provider.name} signs nothing: it has no dev secret`);
  return secret;
}

/**
 * The project's dev secret for a provider; made (and saved) when there is none yet and `create`
 * is set. Undefined for providers that sign nothing.
 */
export function devSecret(root: string, name: string, provider: Provider, create: boolean): string | undefined {
  if (provider.auth === "unsigned") return undefined;
  const path = join(root, DEV_SECRETS_FILE);
  if (!existsSync(path)) {
    if (!create) return undefined;
    // The first time: one for every provider that signs, made together.
    const secrets: Record<string, string> = {};
    for (const p of Object.values(providers) as Provider[]) if (p.auth !== "unsigned") secrets[p.name] = newDevSecret(p);
    secrets[name] ??= newDevSecret(provider);
    write(root, { secrets }, true);
  }
  const file = read(path);
  const existing = file.secrets[name];
  if (existing) return existing;
  if (!create) return undefined;
  file.secrets[name] = newDevSecret(provider);
  write(root, file);
  return read(path).secrets[name];
}

/** Replaces the dev secrets of these providers (by the name the project calls them). */
export function rotateDevSecrets(root: string, providers: readonly { name: string; provider: Provider }[]): string[] {
  const path = join(root, DEV_SECRETS_FILE);
  const file = read(path);
  const rotated: string[] = [];
  for (const { name, provider } of providers) {
    if (provider.auth === "unsigned") continue;
    file.secrets[name] = newDevSecret(provider);
    rotated.push(name);
  }
  write(root, file);
  return rotated;
}

/** The providers that have a dev secret. */
export function devSecretProviders(root: string): string[] {
  return Object.keys(read(join(root, DEV_SECRETS_FILE)).secrets);
}
