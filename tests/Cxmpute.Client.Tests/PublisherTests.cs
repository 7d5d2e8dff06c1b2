using Cxmpute.Client.Tests.Infrastructure;

namespace Cxmpute.Client.Tests;

/// <summary><see cref="AwardPublisher"/> against the real host in process: coalescing, per-item errors, flush on dispose, metrics.</summary>
[Collection(InProcessCollection.Name)]
public sealed class PublisherTests(InProcessApi api)
{
    private readonly CxmputeClient _client = api.NewClient();

    [Fact]
    public async Task Concurrent_awards_are_coalesced_into_batches_and_each_caller_gets_its_own_result()
    {
        using var meters = new TestMeterFactory();
        using var meter = new PublisherMeter(meters);
        var users = Enumerable.Range(0, 8).Select(_ => Ids.User()).ToArray();
        var awards = Enumerable.Range(0, 400).Select(i => new Award(Ids.Award(), "chat") { UserId = users[i % users.Length], Tokens = 100 + i }).ToArray();

        await using (var publisher = new AwardPublisher(_client, new AwardPublisherOptions { Linger = TimeSpan.FromMilliseconds(20) }, meters))
        {
            var results = await Task.WhenAll(awards.Select(award => Task.Run(() => publisher.PublishAsync(award))));
            Assert.Equal(awards.Select(a => a.AwardId), results.Select(r => r.AwardId));
            Assert.All(results, r => Assert.False(r.Duplicate));
        }

        var batches = meter.Of("cxmpute.publisher.batch.size");
        Assert.Equal(awards.Length, batches.Sum());
        Assert.True(batches.Count < awards.Length / 4, $"{batches.Count} batches for {awards.Length} awards: not coalesced");
        Assert.Equal(awards.Length, meter.Of("cxmpute.publisher.latency").Count);
        Assert.Equal(awards.Length, meter.Of("cxmpute.publisher.awards").Sum());
        Assert.Empty(meter.Of("cxmpute.publisher.retries"));
        foreach (var user in users)
        {
            var expected = awards.Where(a => a.UserId == user).Select(a => a.AwardId).Order().ToArray();
            var entries = (await _client.GetUserRewardsAsync(user, limit: 1000)).Entries;
            Assert.Equal(expected, entries.Select(e => e.AwardId).Order().ToArray());
        }
    }

    [Fact]
    public async Task Each_items_error_reaches_the_caller_of_that_item_and_no_other()
    {
        var (user, provider) = (Ids.User(), Ids.Provider());
        await _client.RegisterProviderAsync(provider, 4m); // tide-pool: not eligible for Llama3-70B
        var conflicted = new Award(Ids.Award(), "chat") { UserId = user, Tokens = 1 };
        await _client.PostAwardAsync(conflicted);

        await using var publisher = new AwardPublisher(_client, new AwardPublisherOptions { Linger = TimeSpan.FromMilliseconds(200) });
        var good = Enumerable.Range(0, 20).Select(i => publisher.PublishAsync(new Award(Ids.Award(), "chat") { UserId = user, Tokens = i })).ToList();
        var tier = publisher.PublishAsync(new Award(Ids.Award(), "chat") { ProviderId = provider, Model = "Llama3-70B", Tokens = 1 });
        var conflict = publisher.PublishAsync(conflicted with { Tokens = 2 });
        var invalid = publisher.PublishAsync(new Award(Ids.Award(), "teleport") { UserId = user });
        var duplicate = publisher.PublishAsync(conflicted);

        Assert.Equal((422, CxmputeErrorCodes.TierNotEligible), Of(await Assert.ThrowsAsync<CxmputeApiException>(() => tier)));
        Assert.Equal((409, CxmputeErrorCodes.AwardIdConflict), Of(await Assert.ThrowsAsync<CxmputeApiException>(() => conflict)));
        var validation = await Assert.ThrowsAsync<CxmputeApiException>(() => invalid);
        Assert.Equal((400, CxmputeErrorCodes.ValidationFailed), Of(validation));
        Assert.NotEmpty(validation.Errors);
        Assert.True((await duplicate).Duplicate);
        Assert.All(await Task.WhenAll(good), r => Assert.False(r.Duplicate));
        Assert.Equal(21, (await _client.GetUserRewardsAsync(user, limit: 1000)).Entries.Count); // the 20 and the conflicted id once
    }

    [Fact]
    public async Task Dispose_sends_everything_queued_before_it_returns()
    {
        var user = Ids.User();
        var publisher = new AwardPublisher(_client, new AwardPublisherOptions { Linger = TimeSpan.FromSeconds(30), MaxBatchSize = 1000 });
        var pending = Enumerable.Range(0, 250).Select(i => publisher.PublishAsync(new Award(Ids.Award(), "chat") { UserId = user, Tokens = i })).ToList();
        Assert.All(pending, task => Assert.False(task.IsCompleted)); // a 30 s linger: nothing sent yet

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await publisher.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"dispose waited for the linger ({clock.Elapsed})");
        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(250, (await _client.GetUserRewardsAsync(user, limit: 1000)).Entries.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.PublishAsync(new Award(Ids.Award(), "chat") { UserId = user }));
    }

    private static (int, string) Of(CxmputeApiException e) => (e.Status, e.Code);
}
