import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";
import { errorFrom } from "./errors.js";

type Schemas = components["schemas"];
type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** One served request to credit. `awardId` is the idempotency key: sending the same award again credits it once. */
export type Award = JsonBody<operations["PostAward"]>;
/** A credited award; `duplicate` is true when its id had been credited before. Amounts are JSON numbers (see README). */
export type AwardResult = Schemas["AwardResponse"];
/** The answer to a batch: one item per award, in order; each succeeded (`status` 200, `result`) or failed (`error`) on its own. */
export type AwardBatchResult = Schemas["AwardBatchResponse"];
export type AwardBatchItem = Schemas["AwardBatchItem"];
export type ProviderRegistration = Schemas["ProviderRegisteredResponse"];
export type UserRegistration = Schemas["UserRegisteredResponse"];
export type ReferralApplied = Schemas["ReferralAppliedResponse"];
export type UserStats = Schemas["UserStatsResponse"];
export type ProviderStats = Schemas["ProviderStatsResponse"];
export type LedgerPage = Schemas["LedgerPageResponse"];
export type LedgerEntry = Schemas["LedgerEntryResponse"];

/** A server-sent event of an account's stream: `ready` once subscribed, then `changed` on each change. */
export interface AccountEvent {
  event: string;
  data: string;
}

export interface CxmputeClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:5000` (the paths start with `/api`). */
  baseUrl: string;
  /** The gateway's key, sent as `X-Api-Key` on every request. */
  apiKey?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** Per call: an `AbortSignal` to cancel it (e.g. `AbortSignal.timeout(20_000)`). */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * A typed call for every operation of `/openapi/v1.json` (the method names are the camel-cased operation ids; see
 * `operationIds`). An error answer rejects with `CxmputeApiError` carrying the contract's `code`. Each call is sent once;
 * `AwardPublisher` retries awards.
 */
export class CxmputeClient {
  /** The underlying openapi-fetch client, typed by the generated `paths`. */
  readonly api: Client<paths>;

  constructor(options: CxmputeClientOptions) {
    this.api = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      headers: options.apiKey ? { "X-Api-Key": options.apiKey } : {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Credits one served request (`PostAward`). */
  async postAward(award: Award, options: CallOptions = {}): Promise<AwardResult> {
    return unwrap(await this.api.POST("/api/awards", { body: award, signal: options.signal }));
  }

  /** Credits up to 1,000 served requests; item errors are in the result, not thrown (`PostAwardBatch`). */
  async postAwardBatch(awards: Award[], options: CallOptions = {}): Promise<AwardBatchResult> {
    return unwrap(await this.api.POST("/api/awards/batch", { body: { awards }, signal: options.signal }));
  }

  /** Registers (or re-registers) a provider's hardware (`RegisterProvider`). */
  async registerProvider(providerId: string, vramGb: number, options: CallOptions = {}): Promise<ProviderRegistration> {
    return unwrap(await this.api.PUT("/api/providers/{providerId}", { params: { path: { providerId } }, body: { vramGb }, signal: options.signal }));
  }

  /** Creates a user account, idempotently (`RegisterUser`). */
  async registerUser(userId: string, options: CallOptions = {}): Promise<UserRegistration> {
    return unwrap(await this.api.PUT("/api/user/{userId}", { params: { path: { userId } }, body: {}, signal: options.signal }));
  }

  /** Applies a provider code to a provider, once and permanently (`ApplyProviderReferral`). */
  async applyProviderReferral(providerId: string, referralCode: string, options: CallOptions = {}): Promise<ReferralApplied> {
    return unwrap(await this.api.POST("/api/providers/{providerId}/referral", { params: { path: { providerId } }, body: { referralCode }, signal: options.signal }));
  }

  /** Applies a user code to a user, once and permanently (`ApplyUserReferral`). */
  async applyUserReferral(userId: string, referralCode: string, options: CallOptions = {}): Promise<ReferralApplied> {
    return unwrap(await this.api.POST("/api/user/{userId}/referral", { params: { path: { userId } }, body: { referralCode }, signal: options.signal }));
  }

  /** A provider's earnings, referral network and 30-day history (`GetProviderReferralStats`). */
  async getProviderReferralStats(providerId: string, options: CallOptions = {}): Promise<ProviderStats> {
    return unwrap(await this.api.GET("/api/providers/{providerId}/referral-stats", { params: { path: { providerId } }, signal: options.signal }));
  }

  /** A user's usage points, referral network and 30-day history (`GetUserReferralStats`). */
  async getUserReferralStats(userId: string, options: CallOptions = {}): Promise<UserStats> {
    return unwrap(await this.api.GET("/api/user/{userId}/referral-stats", { params: { path: { userId } }, signal: options.signal }));
  }

  /** A page of a provider's ledger, newest first (`GetProviderRewards`). */
  async getProviderRewards(providerId: string, page: { limit?: number; cursor?: string } = {}, options: CallOptions = {}): Promise<LedgerPage> {
    return unwrap(await this.api.GET("/api/providers/{providerId}/rewards", { params: { path: { providerId }, query: query(page) }, signal: options.signal }));
  }

  /** A page of a user's ledger, newest first (`GetUserRewards`). */
  async getUserRewards(userId: string, page: { limit?: number; cursor?: string } = {}, options: CallOptions = {}): Promise<LedgerPage> {
    return unwrap(await this.api.GET("/api/user/{userId}/rewards", { params: { path: { userId }, query: query(page) }, signal: options.signal }));
  }

  /** A provider's change events until `signal` aborts or the server closes the stream (`GetProviderEvents`). */
  async *getProviderEvents(providerId: string, options: CallOptions = {}): AsyncGenerator<AccountEvent> {
    const answer = await this.api.GET("/api/providers/{providerId}/events", { params: { path: { providerId } }, parseAs: "stream", signal: options.signal });
    yield* events(answer.response, answer.error);
  }

  /** A user's change events until `signal` aborts or the server closes the stream (`GetUserEvents`). */
  async *getUserEvents(userId: string, options: CallOptions = {}): AsyncGenerator<AccountEvent> {
    const answer = await this.api.GET("/api/user/{userId}/events", { params: { path: { userId } }, parseAs: "stream", signal: options.signal });
    yield* events(answer.response, answer.error);
  }
}

/** The operation id of the served document that each method calls. */
export const operationIds: Readonly<Record<string, keyof operations>> = {
  postAward: "PostAward",
  postAwardBatch: "PostAwardBatch",
  registerProvider: "RegisterProvider",
  registerUser: "RegisterUser",
  applyProviderReferral: "ApplyProviderReferral",
  applyUserReferral: "ApplyUserReferral",
  getProviderReferralStats: "GetProviderReferralStats",
  getUserReferralStats: "GetUserReferralStats",
  getProviderRewards: "GetProviderRewards",
  getUserRewards: "GetUserRewards",
  getProviderEvents: "GetProviderEvents",
  getUserEvents: "GetUserEvents",
};

function query(page: { limit?: number; cursor?: string }): { limit?: string; cursor?: string } {
  return {
    ...(page.limit !== undefined ? { limit: String(page.limit) } : {}),
    ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
  };
}

async function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): Promise<T> {
  if (!answer.response.ok || answer.data === undefined) {
    throw await errorFrom(answer.response, answer.error ?? null);
  }

  return answer.data;
}

async function* events(response: Response, error: unknown): AsyncGenerator<AccountEvent> {
  if (!response.ok || !response.body) {
    throw await errorFrom(response, error ?? null);
  }

  const decoder = new TextDecoder();
  let buffer = "";
  let name: string | undefined;
  let data: string[] = [];
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line === "") {
        if (name !== undefined || data.length > 0) yield { event: name ?? "message", data: data.join("\n") };
        name = undefined;
        data = [];
      } else if (line.startsWith("event:")) {
        name = line.slice(6).trimStart();
      } else if (line.startsWith("data:")) {
        data.push(line.slice(5).trimStart());
      }
    }
  }
}
