/**
 * `telematics secrets`: the project's dev secrets. `show` is the only command that prints a secret,
 * and only when asked: for the user's own app, which must verify what `send` signs locally.
 */
import { UsageError } from "../../core/errors.js";
import type { Table } from "../../core/options.js";
import type { Context } from "../../context.js";
import { devSecret, devSecretProviders, DEV_SECRETS_FILE, rotateDevSecrets } from "../../io/dev-secrets.js";
import { chooseProvider, knownProviders } from "../provider-choice.js";
import type { CommandInput } from "../spec.js";

export async function run(_input: CommandInput<Table>, ctx: Context): Promise<number> {
  const names = devSecretProviders(ctx.project.root);
  if (ctx.out.json) {
    for (const name of names) ctx.out.record({ provider: name, file: DEV_SECRETS_FILE });
    return 0;
  }
  if (names.length === 0) ctx.out.info(`no dev secrets yet in ${ctx.project.root}: telematics listen makes them on first use (or telematics secrets show PROVIDER)`);
  for (const name of names) ctx.out.data(name);
  if (names.length) ctx.out.info(`in ${DEV_SECRETS_FILE}; print one with: telematics secrets show PROVIDER`);
  return 0;
}

export async function runShow(input: CommandInput<Table>, ctx: Context): Promise<number> {
  const label = input.args[0]!;
  const chosen = chooseProvider(label, "secrets show", ctx.project);
  if (chosen.provider.auth === "unsigned") throw new UsageError(`${label}: ${chosen.provider.title} webhooks are unsigned; there is no secret`);
  const secret = devSecret(ctx.project.root, label, chosen.provider, true)!;
  const env = (input.values as { env?: boolean }).env === true;
  const name = `${label.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${chosen.provider.auth === "bearer" ? "TOKEN" : "SECRET"}`;
  if (ctx.out.json) ctx.out.record({ provider: label, secret, env: name });
  else ctx.out.data(env ? `${name}=${secret}` : secret);
  ctx.out.info(`the dev secret of ${label} in this project (${DEV_SECRETS_FILE}); telematics send signs with it towards this machine only`);
  return 0;
}

export async function runRotate(input: CommandInput<Table>, ctx: Context): Promise<number> {
  const names = input.args.length ? input.args : devSecretProviders(ctx.project.root);
  if (names.length === 0) throw new UsageError(`no dev secrets to rotate (name a provider: ${knownProviders(ctx.project).join(", ")})`);
  const rotated = rotateDevSecrets(ctx.project.root, names.map((n) => ({ name: n, provider: chooseProvider(n, "secrets rotate", ctx.project).provider })));
  if (ctx.out.json) for (const name of rotated) ctx.out.record({ provider: name, rotated: true });
  else ctx.out.info(`new dev secret${rotated.length === 1 ? "" : "s"} for ${rotated.join(", ")}; a running listen keeps the old one until restarted`);
  return 0;
}
