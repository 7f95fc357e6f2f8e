/**
 * Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp and webhook-signature
 * over `${id}.${timestamp}.${body}`. Carries any JSON (here: other providers' events), so it has no
 * catalogue of its own: validation, facts and fresh sends follow the payload's own provider.
 * Receivers dedupe on webhook-id; retries follow the specification's schedule.
 */
import { randomBase64 } from "../common/random.js";
import type { Provider } from "../types.js";
import { standardWebhooksSigning } from "./signing.js";

export { DEFAULT_TOLERANCE_SECONDS, ed25519PrivateKey, ed25519PublicKey, publicKeyOf, v1Key } from "./signing.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

export const standardWebhooks: Provider = {
  name: "standard-webhooks",
  title: "Standard Webhooks",
  ...standardWebhooksSigning,
  /** whsec_ + base64 of 24 random bytes, as the reference libraries make them. */
  devSecret: (randomBytes) => "whsec_" + randomBase64(randomBytes, 24),
  deliveryIdHeader: "webhook-id",
  timestampHeader: "webhook-timestamp",
  newDeliveryId: (randomBytes) => "msg_" + randomBase64(randomBytes, 18, true).replace(/[-_]/g, "x"),
  retrySchedule: [5_000, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  exampleFixture: "zubie/trip_end",
};
