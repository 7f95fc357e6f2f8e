import type { Provider } from "./types.js";

/**
 * Automatic (seed 000): webhooks carried the event objects unsigned. The real-time websocket
 * feed authenticates with `token=<client_id>:<client_secret>` in the URL (used by `tail`).
 */
export const automatic: Provider = {
  name: "automatic",
  title: "Automatic",
  auth: "unsigned",
  secretName: "client_id:client_secret",
  authHeaders: [],
  signatureHeader: () => undefined,
  describe: () => "webhooks unsigned; websocket feed authenticates with ?token=client_id:client_secret",
  sign: () => ({ "Content-Type": "application/json" }),
  verify: () => {
    const message = "Automatic webhooks are not signed: there is nothing to verify (its websocket feed authenticates with client_id:client_secret, see `telematics tail`)";
    return { provider: "automatic", verdict: "unsigned", valid: false, reason: "unsigned", message, diagnoses: [{ code: "unsigned", message }] };
  },
};
