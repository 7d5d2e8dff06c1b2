import type { components } from "./schema.js";

/** An RFC 9457 problem document as the API writes it, with the contract's machine-readable `code`. */
export type Problem = components["schemas"]["ApiProblem"];

/** The contract's error codes (`CxmputeApiError.code`). */
export const ErrorCodes = {
  validationFailed: "validation_failed",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  accountNotFound: "account_not_found",
  referrerAlreadySet: "referrer_already_set",
  awardIdConflict: "award_id_conflict",
  selfReferral: "self_referral",
  referralKindMismatch: "referral_kind_mismatch",
  referralCycle: "referral_cycle",
  tierNotEligible: "tier_not_eligible",
  payloadTooLarge: "payload_too_large",
  rateLimited: "rate_limited",
  unavailable: "unavailable",
  /** The publisher gave up on an award: no confirmed outcome before its retry deadline. Publishing it again with the same id is safe. */
  notConfirmed: "not_confirmed",
} as const;

/** An error answer of the API (or, from the publisher, an award whose outcome could not be confirmed). */
export class CxmputeApiError extends Error {
  /** The HTTP status (for an item of a batch: that item's status; 0 when no answer was received). */
  readonly status: number;
  /** One of `ErrorCodes` (`http_<status>` when the answer was not a problem document). */
  readonly code: string;
  /** The problem's `detail`. */
  readonly detail: string | undefined;
  /** For `validation_failed`: each bad field and its messages. */
  readonly errors: Record<string, string[]>;
  /** The `Retry-After` of a 429 or 503, in milliseconds, when given. */
  readonly retryAfterMs: number | undefined;
  /** The whole problem document (when there was one). */
  readonly problem: Partial<Problem> | undefined;

  constructor(status: number, problem: Partial<Problem> | undefined, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(`${status} ${problem?.code ?? `http_${status}`}: ${problem?.detail ?? problem?.title ?? ""}`, options);
    this.name = "CxmputeApiError";
    this.status = status;
    this.code = problem?.code ?? `http_${status}`;
    this.detail = problem?.detail;
    this.errors = problem?.errors ?? {};
    this.retryAfterMs = retryAfterMs;
    this.problem = problem;
  }

  /** True when sending the same request again may succeed (503, 429, 408, other 5xx, or no confirmed answer). */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Thrown by `AwardPublisher.publish` when the queue is full and `failFastWhenFull` is set; the award was not queued. */
export class AwardQueueFullError extends Error {
  constructor() {
    super("The award publisher's queue is full; the award was not queued.");
    this.name = "AwardQueueFullError";
  }
}

/** Reads an error answer into a `CxmputeApiError`. */
export async function errorFrom(response: Response, body?: unknown): Promise<CxmputeApiError> {
  let problem: Partial<Problem> | undefined;
  if (body !== undefined && body !== null && typeof body === "object") {
    problem = body as Partial<Problem>;
  } else {
    const text = body === undefined ? await response.text().catch(() => "") : String(body ?? "");
    try {
      problem = text ? (JSON.parse(text) as Partial<Problem>) : undefined;
    } catch {
      problem = { title: response.statusText, detail: text.slice(0, 500) };
    }
  }

  return new CxmputeApiError(response.status, problem, retryAfterMs(response));
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
