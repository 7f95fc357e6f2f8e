import { bool, list, text } from "../../core/options.js";
import { command } from "../spec.js";

export const configSpec = command({
  name: "config",
  summary: "print the resolved settings of the project (config file, profile, environment, defaults) and where each came from",
  args: [{ name: "[commands...]", description: "only these commands' settings (default: all)", complete: ["listen", "send", "tail", "feed", "validate"] }],
  options: {},
  section: false,
  notes: "Secrets are never shown, only where they come from. Precedence: flag > environment variable > config file (profile, then base; .telematics/local.json first) > default.",
  examples: ["telematics config", "telematics config listen --profile staging", "telematics config --json | jq 'select(.source == \"file\")'", "telematics config schema > telematics.config.schema.json"],
  load: () => import("./index.js"),
  subcommands: [
    command({
      name: "schema",
      summary: "print the JSON Schema of telematics.config.json (the package ships it as dist/config.schema.json)",
      options: { out: text("--out <file>", "write it to this file instead of stdout", { config: false, complete: "file" }) },
      section: false,
      load: () => import("./index.js").then((m) => ({ run: m.runSchema })),
    }),
  ],
});

export const INIT_OPTIONS = {
  provider: list("--provider <name>", "a provider to configure (repeatable; on a terminal you are asked)", { config: false, complete: "provider", commas: true }),
  force: bool("--force", "replace an existing telematics.config.json", { config: false }),
} as const;

export const initSpec = command({
  name: "init",
  summary: "write a starting telematics.config.json for the providers you pick, and keep .telematics/ out of git",
  options: INIT_OPTIONS,
  section: false,
  examples: ["telematics init", "telematics init --provider zubie --provider uber", "telematics init --provider zubie,events-push --force"],
  load: () => import("./init.js"),
});
