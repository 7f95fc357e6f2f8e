export type DiagnosisCode =
  | "missing-header"
  | "malformed-header"
  | "wrong-encoding"
  | "wrong-length"
  | "wrong-algorithm"
  | "body-modified"
  | "other-secret"
  | "secret-format"
  | "timestamp-out-of-tolerance"
  /** The signature covers other content than the scheme's (Samsara: the body alone, not v1:timestamp:body). */
  | "signed-content"
  | "missing-key"
  | "mismatch"
  | "unsigned"
  /** listen: the request is signed for another provider than the route's. */
  | "other-provider"
  /** listen: it was checked against the project's dev secret, not the provider's real one. */
  | "dev-secret";

export interface Diagnosis {
  code: DiagnosisCode;
  /** One line a person can act on. Never contains a secret. */
  message: string;
}

export interface VerifyResult {
  provider: string;
  /** `unsigned`: the provider does not sign its requests (Automatic webhooks). */
  verdict: "valid" | "invalid" | "unsigned";
  valid: boolean;
  /** The header the signature or token was read from. */
  header?: string;
  /** Index into the secrets given, of the one that matched (rotation). */
  matchedSecret?: number;
  /** Standard Webhooks: which signature scheme matched. */
  scheme?: "v1" | "v1a";
  /** The first diagnosis when invalid; what matched when valid. */
  reason?: DiagnosisCode;
  message: string;
  diagnoses: Diagnosis[];
}
