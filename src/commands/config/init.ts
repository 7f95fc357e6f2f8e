/**
 * `telematics init`: a commented starting `telematics.config.json` for the providers picked (asked
 * on a terminal, --provider otherwise), and `.telematics/` added to `.gitignore`.
 */
import { existsSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError } from "../../core/errors.js";
import { getProvider, providerNames, providers } from "../../core/providers/index.js";
import type { Context } from "../../context.js";
import { fileProblem } from "../../io/files.js";
import { CONFIG_FILE } from "../../io/project.js";
import type { CommandInput } from "../spec.js";
import type { INIT_OPTIONS } from "./spec.js";

type InitInput = CommandInput<typeof INIT_OPTIONS>;

const envName = (provider: string, kind: "SECRET" | "TOKEN") => `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${kind}`;

/** The file's text: JSON with comments (the tool reads // and /* *\/ comments, as tsconfig does). */
export function configTemplate(picked: readonly string[]): string {
  const lines: string[] = [];
  lines.push("{");
  lines.push("  // Editors check this file against its JSON Schema (shipped in the package).");
  lines.push('  "$schema": "./node_modules/telematics/dist/config.schema.json",');
  lines.push("");
  lines.push("  // Where each provider's secret is: an environment variable (secretEnv) or a file (secretFile),");
  lines.push("  // several for a rotation. Never the secret itself: this file is committed. Without them, listen");
  lines.push("  // and send use the project's dev secrets (.telematics/dev-secrets.json) towards this machine.");
  lines.push('  "providers": {');
  const entries = picked.map((name) => {
    const p = getProvider(name)!;
    if (p.auth === "unsigned") return `    // "${name}": its webhooks are unsigned: nothing to configure`;
    if (p.auth === "bearer") return `    "${name}": { "tokenEnv": "${envName(name, "TOKEN")}" }`;
    return `    "${name}": { "secretEnv": "${envName(name, "SECRET")}" }`;
  });
  const real = entries.filter((e) => !e.trimStart().startsWith("//"));
  let n = 0;
  for (const e of entries) lines.push(e.trimStart().startsWith("//") ? e : `${e}${++n < real.length ? "," : ""}`);
  lines.push('    // A provider of your own: generic HMAC, e.g. "github": { "type": "hmac", "header": "X-Hub-Signature-256", "prefix": "sha256=", "secretEnv": "GITHUB_SECRET" }');
  lines.push("  },");
  lines.push("");
  lines.push("  // listen serves one path per provider: paste each URL into that provider's dashboard.");
  lines.push('  "routes": {');
  picked.forEach((name, i) => lines.push(`    "/${name}": "${name}"${i < picked.length - 1 ? "," : ""}`));
  lines.push("  },");
  lines.push('  "listen": { "port": 4000, "lateAfter": "5m" },');
  lines.push("");
  lines.push("  // Profiles override any of the above: telematics --profile staging … (or TELEMATICS_PROFILE).");
  lines.push('  "profiles": {');
  lines.push('    "local": {},');
  lines.push('    "staging": { "send": { "to": "https://staging.example.com/webhooks" } }');
  lines.push("  }");
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Adds `.telematics/` to the .gitignore of `dir` (made if there is none); false when it was there. */
export function ignoreStateDir(dir: string): boolean {
  const path = join(dir, ".gitignore");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (text.split(/\r?\n/).some((l) => /^\/?\.telematics\/?$/.test(l.trim()))) return false;
  appendFileSync(path, `${text === "" || text.endsWith("\n") ? "" : "\n"}# telematics: event log, dev secrets, local overrides\n.telematics/\n`);
  return true;
}

export async function run(input: InitInput, ctx: Context): Promise<number> {
  const { out } = ctx;
  const file = join(ctx.cwd, CONFIG_FILE);
  if (existsSync(file) && !input.values.force) throw new UsageError(`${CONFIG_FILE} already exists here (--force to replace it)`);
  let picked: string[] = input.values.provider ?? [];
  const selectable = providerNames.filter((n) => n !== "hmac");
  for (const p of picked) if (!(selectable as string[]).includes(p)) throw new UsageError(`--provider ${p}: unknown provider (one of: ${selectable.join(", ")})`);
  if (picked.length === 0) {
    const canPrompt = ctx.stdin.isTTY === true && out.stderrIsTTY && !out.json && !ctx.env.CI;
    if (!canPrompt) throw new UsageError(`give the providers with --provider NAME (repeatable; one of: ${selectable.join(", ")})`);
    const { checkbox } = await import("@inquirer/prompts");
    picked = await checkbox(
      { message: "Which providers send you events?", choices: selectable.map((n) => ({ name: `${n}  (${providers[n].title})`, value: n })), required: true },
      { input: ctx.stdin, output: ctx.stderr },
    );
  }
  try {
    writeFileSync(file, configTemplate([...new Set(picked)]));
  } catch (e) {
    throw new UsageError(`cannot write ${CONFIG_FILE}: ${fileProblem(e)}`);
  }
  const ignored = ignoreStateDir(ctx.cwd);
  const shown = relative(ctx.cwd, file) || file;
  if (out.json) out.record({ file: shown, providers: picked, gitignore: ignored });
  else {
    out.info(`wrote ${shown} for ${picked.join(", ")}${ignored ? "; added .telematics/ to .gitignore" : ""}`);
    out.info("next: telematics listen   (then, in another terminal: telematics send --fixture NAME)");
  }
  return 0;
}
