import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { AwardPublisher, AwardQueueFullError, CxmputeApiError, CxmputeClient, ErrorCodes } from "../src/index.js";
import { ids, newClient } from "./instance.js";

const client = newClient();

async function entries(user: string): Promise<string[]> {
  return (await client.getUserRewards(user, { limit: 1000 })).entries.map((e) => e.awardId).sort();
}

async function codeOf(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(
    () => assert.fail("expected an error"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CxmputeApiError, String(error));
  return [error.status, error.code];
}

/** A loopback port nobody listens on: a stopped service. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("AwardPublisher", () => {
  it("coalesces concurrent awards into batches and gives each caller its own result", async () => {
    const users = Array.from({ length: 8 }, ids.user);
    const awards = Array.from({ length: 400 }, (_, i) => ({ awardId: ids.award(), service: "chat", userId: users[i % 8]!, tokens: 100 + i }));
    const publisher = new AwardPublisher(client, { lingerMs: 20 });
    const results = await Promise.all(awards.map((a) => publisher.publish(a)));
    await publisher.close();

    assert.deepEqual(results.map((r) => r.awardId), awards.map((a) => a.awardId));
    assert.ok(results.every((r) => !r.duplicate));
    const metrics = publisher.metrics();
    assert.equal(metrics.batchedAwards, awards.length);
    assert.ok(metrics.batches < awards.length / 4, `${metrics.batches} batches for ${awards.length} awards: not coalesced`);
    assert.equal(metrics.succeeded, awards.length);
    assert.equal(metrics.retries, 0);
    for (const user of users) {
      assert.deepEqual(await entries(user), awards.filter((a) => a.userId === user).map((a) => a.awardId).sort());
    }
  });

  it("rejects each item's error to the caller of that item and no other", async () => {
    const [user, provider] = [ids.user(), ids.provider()];
    await client.registerProvider(provider, 4); // tide-pool: not eligible for Llama3-70B
    const conflicted = { awardId: ids.award(), service: "chat", userId: user, tokens: 1 };
    await client.postAward(conflicted);

    const publisher = new AwardPublisher(client, { lingerMs: 200 });
    const good = Array.from({ length: 20 }, (_, i) => publisher.publish({ awardId: ids.award(), service: "chat", userId: user, tokens: i }));
    const tier = publisher.publish({ awardId: ids.award(), service: "chat", providerId: provider, model: "Llama3-70B", tokens: 1 });
    const conflict = publisher.publish({ ...conflicted, tokens: 2 });
    const invalid = publisher.publish({ awardId: ids.award(), service: "teleport", userId: user });
    const duplicate = publisher.publish(conflicted);

    assert.deepEqual(await codeOf(tier), [422, ErrorCodes.tierNotEligible]);
    assert.deepEqual(await codeOf(conflict), [409, ErrorCodes.awardIdConflict]);
    assert.deepEqual(await codeOf(invalid), [400, ErrorCodes.validationFailed]);
    assert.equal((await duplicate).duplicate, true);
    assert.ok((await Promise.all(good)).every((r) => !r.duplicate));
    await publisher.close();
    assert.equal((await entries(user)).length, 21); // the 20 and the conflicted id once
  });

  it("sends everything queued when closed, without waiting for the linger", async () => {
    const user = ids.user();
    const publisher = new AwardPublisher(client, { lingerMs: 30_000 });
    let settled = 0;
    const pending = Array.from({ length: 250 }, (_, i) =>
      publisher.publish({ awardId: ids.award(), service: "chat", userId: user, tokens: i }).finally(() => settled++),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(settled, 0); // a 30 s linger: nothing sent yet

    const started = performance.now();
    await publisher.close();
    assert.ok(performance.now() - started < 20_000);
    await Promise.all(pending);
    assert.equal((await entries(user)).length, 250);
    await assert.rejects(publisher.publish({ awardId: ids.award(), service: "chat", userId: user }), /closed/);
  });

  it("holds callers back when the service is stopped: they wait for room, or fail fast, and get not_confirmed at the deadline", async () => {
    const stopped = new CxmputeClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: "k" });
    const publisher = new AwardPublisher(stopped, { queueCapacity: 5, maxBatchSize: 2, maxBatchesInFlight: 1, lingerMs: 0, retryDeadlineMs: 1500, retryBaseDelayMs: 50, retryMaxDelayMs: 200 });
    let entered = 0;
    const all = Array.from({ length: 12 }, (_, i) => publisher.publish({ awardId: `stopped-${i}`, service: "chat", userId: "usr_x" }).catch((e: unknown) => e).finally(() => entered++));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(publisher.queueLength, 5); // full: 2 in flight, 5 queued, 5 callers waiting for room
    assert.equal(entered, 0);

    const failFast = new AwardPublisher(stopped, { queueCapacity: 1, maxBatchSize: 1, maxBatchesInFlight: 1, lingerMs: 0, failFastWhenFull: true, retryDeadlineMs: 500 });
    const first = failFast.publish({ awardId: "ff-0", service: "chat", userId: "usr_x" }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = failFast.publish({ awardId: "ff-1", service: "chat", userId: "usr_x" }).catch((e: unknown) => e);
    await assert.rejects(failFast.publish({ awardId: "ff-2", service: "chat", userId: "usr_x" }), AwardQueueFullError);

    for (const outcome of [...(await Promise.all(all)), await first, await second]) {
      assert.ok(outcome instanceof CxmputeApiError, String(outcome));
      assert.equal(outcome.code, ErrorCodes.notConfirmed);
    }
    assert.ok(publisher.metrics().retries > 0);
    await Promise.all([publisher.close(), failFast.close()]);
  });
});
