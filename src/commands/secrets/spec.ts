import { bool } from "../../core/options.js";
import { command } from "../spec.js";

export const secretsSpec = command({
  name: "secrets",
  summary: "the project's dev secrets (.telematics/dev-secrets.json): list them, print one for your own app, rotate them",
  options: {},
  section: false,
  examples: ["telematics secrets", "telematics secrets show zubie", "telematics secrets show zubie --env >> .env", "telematics secrets rotate uber"],
  load: () => import("./index.js"),
  subcommands: [
    command({
      name: "show",
      summary: "print a provider's dev secret (made if there is none yet), for your own app to verify with",
      args: [{ name: "<provider>", description: "the provider", complete: "provider" }],
      options: { env: bool("--env", "print it as a dotenv line, e.g. ZUBIE_SECRET=…", { config: false }) },
      section: false,
      load: () => import("./index.js").then((m) => ({ run: m.runShow })),
    }),
    command({
      name: "rotate",
      summary: "replace dev secrets with new ones (all of them when no provider is named)",
      args: [{ name: "[providers...]", description: "the providers", complete: "provider" }],
      options: {},
      section: false,
      load: () => import("./index.js").then((m) => ({ run: m.runRotate })),
    }),
  ],
});
