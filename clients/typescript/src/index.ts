export { CxmputeClient, operationIds } from "./client.js";
export type {
  AccountEvent,
  Award,
  AwardBatchItem,
  AwardBatchResult,
  AwardResult,
  CallOptions,
  CxmputeClientOptions,
  LedgerEntry,
  LedgerPage,
  ProviderRegistration,
  ProviderStats,
  ReferralApplied,
  UserRegistration,
  UserStats,
} from "./client.js";
export { AwardQueueFullError, CxmputeApiError, ErrorCodes } from "./errors.js";
export type { Problem } from "./errors.js";
export { AwardPublisher } from "./publisher.js";
export type { AwardPublisherOptions, PublisherMetrics } from "./publisher.js";
export type { components, operations, paths } from "./schema.js";
