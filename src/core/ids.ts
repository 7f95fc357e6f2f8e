/** Ids the tool makes up. */
import { randomBytes } from "node:crypto";

/** A Standard Webhooks message id in the usual `msg_` + base62-ish form. */
export function newMessageId(random: (n: number) => Uint8Array = randomBytes): string {
  return "msg_" + Buffer.from(random(18)).toString("base64url").replace(/[-_]/g, "x");
}
