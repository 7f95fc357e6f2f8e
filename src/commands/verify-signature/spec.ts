import { text } from "../../core/options.js";
import { headerOption, SCHEME_OPTIONS, SECRET_OPTIONS } from "../shared.js";
import { providerOption } from "../sign/spec.js";
import { command } from "../spec.js";

export const VERIFY_OPTIONS = {
  provider: providerOption,
  payload: text("--payload <file>", "payload file, or - for stdin (the exact bytes received)", { config: false, complete: "file" }),
  signature: text("--signature <value>", "the signature header's value (or the bearer token)", { config: false, allowEmpty: true }),
  header: headerOption('a received header, "Name: value" (repeatable)'),
  id: text("--id <id>", "the delivery id header as received (standard-webhooks webhook-id, samsara X-Samsara-Request)", { config: false }),
  timestamp: text("--timestamp <seconds>", "standard-webhooks, samsara: the timestamp header, exactly as received", { config: false }),
  ...SCHEME_OPTIONS,
  ...SECRET_OPTIONS,
} as const;

export const verifySpec = command({
  name: "verify-signature",
  summary: "check a payload's signature: exit 0 valid, 1 invalid (with the likely cause), 2 usage error",
  options: VERIFY_OPTIONS,
  section: false,
  examples: [
    'telematics verify-signature --provider zubie --secret-env ZUBIE_SECRET --signature "$SIG" --payload body.json',
    'cat body.json | telematics verify-signature --provider uber --secret "$OLD" --secret "$NEW" --signature "$SIG" --payload -',
    'telematics verify-signature --provider standard-webhooks --secret-file secrets.txt --header "webhook-id: msg_1" --header "webhook-timestamp: 1700000000" --header "webhook-signature: v1,..." --payload body.json --tolerance off',
    'telematics verify-signature --provider zubie --secret s --signature "$SIG" --payload body.json --json | jq .reason',
  ],
  load: () => import("./index.js"),
});
