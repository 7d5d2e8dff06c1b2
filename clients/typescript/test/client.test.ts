import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CxmputeApiError, ErrorCodes, operationIds } from "../src/index.js";
import { apiKey, baseUrl, ids, newClient } from "./instance.js";

const client = newClient();

async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<CxmputeApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CxmputeApiError, `expected CxmputeApiError, got ${String(error)}`);
    assert.deepEqual([error.status, error.code], [status, code]);
    return error;
  }
  assert.fail(`expected ${status} ${code}, the call succeeded`);
}

describe("CxmputeClient", () => {
  it("has a method for every operation of the served document, and none for an operation it lacks", async () => {
    const document = (await (await fetch(`${baseUrl}/openapi/v1.json`, { headers: { "X-Api-Key": apiKey } })).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const served = Object.values(document.paths).flatMap((path) => Object.values(path).map((op) => op.operationId)).sort();
    assert.deepEqual([...Object.values(operationIds)].sort(), served);
    for (const method of Object.keys(operationIds)) {
      assert.equal(typeof (client as unknown as Record<string, unknown>)[method], "function", method);
    }
  });

  it("registers, awards, reads stats and history, with the amounts the award reported", async () => {
    const [user, provider] = [ids.user(), ids.provider()];
    assert.equal((await client.registerProvider(provider, 24.5)).tier, "mariana-depth");
    assert.equal((await client.registerUser(user)).userId, user);
    const award = { awardId: ids.award(), service: "chat", userId: user, providerId: provider, model: "Llama3-8B", tokens: 1000, latencyMs: 1500 };
    const result = await client.postAward(award);
    assert.equal(result.duplicate, false);
    assert.ok(result.user && result.provider);
    assert.equal((await client.postAward(award)).duplicate, true);

    const stats = await client.getProviderReferralStats(provider);
    assert.equal(stats.lifetime.earned, result.provider.amount);
    assert.equal(stats.history.length, 30);
    assert.equal((await client.getUserReferralStats(user)).lifetime.earned, result.user.amount);
    const page = await client.getUserRewards(user, { limit: 10 });
    assert.deepEqual(page.entries.map((e) => [e.awardId, e.amount]), [[award.awardId, result.user.amount]]);
    assert.equal(page.cursor, null);
    assert.equal((await client.getProviderRewards(provider)).entries.length, 1);
  });

  it("answers each item of a batch on its own", async () => {
    const user = ids.user();
    const answer = await client.postAwardBatch([
      { awardId: ids.award(), service: "chat", userId: user, tokens: 10 },
      { awardId: ids.award(), service: "no-such-service", userId: user },
    ]);
    assert.deepEqual(answer.results.map((r) => r.status), [200, 400]);
    assert.equal(answer.results[1]?.error?.code, ErrorCodes.validationFailed);
  });

  it("rejects with typed errors carrying the contract's code, status, detail and field errors", async () => {
    const invalid = await rejectsWith(client.registerProvider(ids.provider(), -1), 400, ErrorCodes.validationFailed);
    assert.ok("vramGb" in invalid.errors);
    assert.equal(invalid.isTransient, false);
    const missing = await rejectsWith(client.getUserReferralStats(ids.user()), 404, ErrorCodes.accountNotFound);
    assert.ok(missing.detail);

    const [parent, child] = [ids.user(), ids.user()];
    await client.registerUser(parent);
    assert.equal((await client.applyUserReferral(child, parent)).directBonus, 25);
    await rejectsWith(client.applyUserReferral(child, parent), 409, ErrorCodes.referrerAlreadySet);
    await rejectsWith(client.applyUserReferral(parent, parent), 422, ErrorCodes.selfReferral);
    const provider = ids.provider();
    await client.registerProvider(provider, 4);
    await rejectsWith(client.applyProviderReferral(provider, ids.provider()), 404, ErrorCodes.accountNotFound);
    await rejectsWith(
      client.postAward({ awardId: ids.award(), service: "chat", providerId: provider, model: "Llama3-70B", tokens: 1 }),
      422,
      ErrorCodes.tierNotEligible,
    );
    await rejectsWith(newClient("wrong-key").registerUser(ids.user()), 401, ErrorCodes.unauthorized);
  });

  it("streams an account's events: ready, then changed when the account changes", async () => {
    const user = ids.user();
    const abort = new AbortController();
    const events = client.getUserEvents(user, { signal: abort.signal })[Symbol.asyncIterator]();
    try {
      assert.equal((await events.next()).value?.event, "ready");
      await client.postAward({ awardId: ids.award(), service: "chat", userId: user, tokens: 5 });
      assert.equal((await events.next()).value?.event, "changed");
    } finally {
      abort.abort();
      await events.return?.(undefined).catch(() => undefined);
    }
  });
});
