import type { Award, AwardResult, CxmputeClient } from "./client.js";
import { AwardQueueFullError, CxmputeApiError, ErrorCodes } from "./errors.js";

export interface AwardPublisherOptions {
  /** The most awards in one batch, 1–1000 (default 1000). */
  maxBatchSize?: number;
  /** How long a batch waits for more awards after its first one, in ms (default 5; 0: send what is queued at once). */
  lingerMs?: number;
  /** The most batches sent at once (default 4). */
  maxBatchesInFlight?: number;
  /** The most awards waiting to be sent (default 10000). */
  queueCapacity?: number;
  /** False (default): `publish` waits for room in a full queue. True: it rejects with `AwardQueueFullError` at once. */
  failFastWhenFull?: boolean;
  /** How long a batch is retried before its unconfirmed awards fail with `not_confirmed`, in ms (default 120000). */
  retryDeadlineMs?: number;
  /** The first retry's delay in ms; later ones grow exponentially with jitter (default 100). */
  retryBaseDelayMs?: number;
  /** The longest delay between retries in ms (default 5000). */
  retryMaxDelayMs?: number;
  /** How long one attempt may take before it is abandoned and retried, in ms (default 20000). */
  attemptTimeoutMs?: number;
}

/** Counters of a publisher (the same figures the .NET publisher reports as metrics). */
export interface PublisherMetrics {
  /** Awards queued, not yet in a batch. */
  queueLength: number;
  /** Batches sent (attempts included). */
  batches: number;
  /** Awards in those batches. */
  batchedAwards: number;
  /** Batch retries (503, 429, timeouts, connection errors). */
  retries: number;
  /** Awards completed successfully / with an error. */
  succeeded: number;
  failed: number;
  /** From `publish` to its outcome, per award, in ms: the latest 10,000. */
  latenciesMs: number[];
}

interface Pending {
  award: Award;
  queuedAt: number;
  resolve: (result: AwardResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns one award per served request into `POST /api/awards/batch` calls. `publish` resolves when the ledger has durably
 * credited the award, or rejects with that award's own `CxmputeApiError` (`tier_not_eligible`, `award_id_conflict`, ...).
 *
 * On 503, 429, timeouts and connection errors the unconfirmed awards are sent again with the same award ids, with jittered
 * exponential backoff, until the retry deadline; the API credits an award id once however often it is sent. `close()` stops
 * taking awards and sends everything queued.
 *
 * The queue is in memory: if the process dies, queued and in-flight awards are lost unless their callers publish them again.
 * An award counts as done only when its `publish` has resolved; publishing again with the same award id is always safe.
 */
export class AwardPublisher {
  private readonly options: Required<AwardPublisherOptions>;
  private readonly queue: Pending[] = [];
  private readonly roomWaiters: Array<() => void> = [];
  private readonly sends = new Set<Promise<void>>();
  private inFlight = 0;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private lingerStarted = false;
  private closed = false;
  private readonly counters: PublisherMetrics = { queueLength: 0, batches: 0, batchedAwards: 0, retries: 0, succeeded: 0, failed: 0, latenciesMs: [] };

  constructor(private readonly client: CxmputeClient, options: AwardPublisherOptions = {}) {
    this.options = {
      maxBatchSize: options.maxBatchSize ?? 1000,
      lingerMs: options.lingerMs ?? 5,
      maxBatchesInFlight: options.maxBatchesInFlight ?? 4,
      queueCapacity: options.queueCapacity ?? 10_000,
      failFastWhenFull: options.failFastWhenFull ?? false,
      retryDeadlineMs: options.retryDeadlineMs ?? 120_000,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 100,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 5_000,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 20_000,
    };
    const o = this.options;
    if (!(o.maxBatchSize >= 1 && o.maxBatchSize <= 1000)) throw new RangeError("maxBatchSize must be 1 to 1000 (the batch endpoint's limit).");
    if (!(o.lingerMs >= 0 && o.maxBatchesInFlight >= 1 && o.queueCapacity >= 1)) throw new RangeError("lingerMs must be >= 0, maxBatchesInFlight and queueCapacity >= 1.");
    if (!(o.retryDeadlineMs > 0 && o.retryBaseDelayMs > 0 && o.retryMaxDelayMs >= o.retryBaseDelayMs && o.attemptTimeoutMs > 0)) throw new RangeError("retry settings must be positive.");
  }

  /** Awards queued and not yet in a batch. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** A snapshot of the counters. */
  metrics(): PublisherMetrics {
    return { ...this.counters, queueLength: this.queue.length, latenciesMs: [...this.counters.latenciesMs] };
  }

  /** Queues the award; resolves when it is credited (durably), rejects with its own error. */
  async publish(award: Award): Promise<AwardResult> {
    if (this.closed) throw new Error("The award publisher is closed.");
    while (this.queue.length >= this.options.queueCapacity) {
      if (this.options.failFastWhenFull) throw new AwardQueueFullError();
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      if (this.closed) throw new Error("The award publisher is closed.");
    }

    return new Promise<AwardResult>((resolve, reject) => {
      this.queue.push({ award, queuedAt: performance.now(), resolve, reject });
      this.pump();
    });
  }

  /** Stops taking awards, sends everything queued (retrying until the deadline), and resolves when every award has an outcome. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.roomWaiters.splice(0)) wake();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.lingerStarted = false;
    while (this.sends.size > 0 || this.queue.length > 0) {
      this.pump(true);
      if (this.sends.size === 0) break;
      await Promise.race(this.sends);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Starts batches while there are awards and room in flight: full ones at once, a partial one after the linger. */
  private pump(flush = false): void {
    while (this.inFlight < this.options.maxBatchesInFlight && this.queue.length > 0) {
      const full = this.queue.length >= this.options.maxBatchSize;
      if (!full && !flush && !this.closed && this.options.lingerMs > 0) {
        if (!this.lingerStarted) {
          this.lingerStarted = true;
          this.lingerTimer = setTimeout(() => {
            this.lingerTimer = undefined;
            this.lingerStarted = false;
            this.pump(true);
          }, this.options.lingerMs);
        }
        return;
      }

      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      this.lingerStarted = false;
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      for (const wake of this.roomWaiters.splice(0, batch.length)) wake();
      this.inFlight++;
      const send: Promise<void> = this.send(batch).finally(() => {
        this.inFlight--;
        this.sends.delete(send);
        this.pump(this.closed);
      });
      this.sends.add(send);
      flush = this.closed; // after a linger-triggered batch, the rest waits for its own linger or a full batch
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const deadline = performance.now() + this.options.retryDeadlineMs;
    let remaining = batch;
    let attempt = 0;
    let lastError: unknown;
    while (remaining.length > 0) {
      if (attempt > 0) {
        // Jittered exponential backoff ("full jitter" over the exponential delay, at least the base).
        const ceiling = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** Math.min(attempt - 1, 20));
        const delay = Math.max(this.options.retryBaseDelayMs, Math.random() * ceiling);
        if (performance.now() + delay >= deadline) break;
        this.counters.retries++;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }

      attempt++;
      this.counters.batches++;
      this.counters.batchedAwards += remaining.length;
      try {
        const timeout = Math.max(1, Math.min(this.options.attemptTimeoutMs, deadline - performance.now()));
        const answer = await this.client.postAwardBatch(remaining.map((p) => p.award), { signal: AbortSignal.timeout(timeout) });
        const again: Pending[] = [];
        const settled = new Set<number>();
        for (const item of answer.results) {
          const pending = remaining[item.index];
          if (!pending || settled.has(item.index)) continue;
          if (item.status === 200 && item.result) {
            settled.add(item.index);
            this.succeed(pending, item.result);
          } else {
            const error = new CxmputeApiError(item.status, item.error ?? undefined);
            if (error.isTransient) {
              lastError = error;
            } else {
              settled.add(item.index);
              this.fail(pending, error);
            }
          }
        }

        remaining.forEach((pending, index) => {
          if (!settled.has(index)) again.push(pending);
        });
        remaining = again;
      } catch (error) {
        lastError = error;
        if (error instanceof CxmputeApiError && !error.isTransient) {
          for (const pending of remaining) this.fail(pending, error);
          return;
        }
        // a transient answer, a timeout or a connection error: the same awards again
      }
    }

    if (remaining.length > 0) {
      const error = new CxmputeApiError(
        0,
        {
          title: "Not confirmed",
          status: 0,
          code: ErrorCodes.notConfirmed,
          detail: `No outcome was confirmed within ${this.options.retryDeadlineMs} ms. Publishing the award again with the same id is safe.`,
        },
        undefined,
        { cause: lastError },
      );
      for (const pending of remaining) this.fail(pending, error);
    }
  }

  private succeed(pending: Pending, result: AwardResult): void {
    this.counters.succeeded++;
    this.record(pending);
    pending.resolve(result);
  }

  private fail(pending: Pending, error: unknown): void {
    this.counters.failed++;
    this.record(pending);
    pending.reject(error);
  }

  private record(pending: Pending): void {
    const latencies = this.counters.latenciesMs;
    latencies.push(performance.now() - pending.queuedAt);
    if (latencies.length > 10_000) latencies.splice(0, latencies.length - 10_000);
  }
}
