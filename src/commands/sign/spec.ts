import { int, text } from "../../core/options.js";
import { SCHEME_OPTIONS, SECRET_OPTIONS } from "../shared.js";
import { command } from "../spec.js";

export const providerOption = text("--provider <name>", "the provider (telematics config lists those of the project)", { env: "TELEMATICS_PROVIDER", config: false, complete: "provider" });

export const SIGN_OPTIONS = {
  provider: providerOption,
  payload: text("--payload <file>", "payload file, or - for stdin (default: stdin when piped)", { config: false, complete: "file" }),
  id: text("--id <id>", "standard-webhooks: webhook-id (default: a new msg_ id)", { config: false }),
  timestamp: int("--timestamp <seconds>", "standard-webhooks, samsara: the timestamp (default: now)", { config: false }),
  ...SCHEME_OPTIONS,
  ...SECRET_OPTIONS,
} as const;

export const signSpec = command({
  name: "sign",
  summary: "print the headers a provider would send with a payload (for curl and tests)",
  options: SIGN_OPTIONS,
  section: false,
  examples: [
    "telematics sign --provider zubie --secret-env ZUBIE_SECRET --payload fixtures/zubie/trip_end.json",
    'mapfile -t H < <(telematics sign --provider uber --secret-env UBER_SECRET --payload body.json); curl --data-binary @body.json "${H[@]/#/-H}" http://127.0.0.1:4000/',
    "telematics sign --provider standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --payload body.json --json",
    'telematics sign --provider hmac --signature-header X-Hub-Signature-256 --prefix "sha256=" --secret s --payload body.json',
  ],
  load: () => import("./index.js"),
});
