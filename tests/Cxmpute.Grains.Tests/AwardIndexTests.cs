using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A journal finds award ids by hash. A hash match is only a candidate; ids that share a hash must each still be
/// found, and a new id that shares one must not be taken for the other.
/// </summary>
public sealed class AwardIndexTests
{
    [Fact]
    public void Ids_are_found_at_their_location_and_new_ids_are_not()
    {
        var index = new AwardIndex();
        for (var i = 0; i < 10_000; i++)
        {
            index.Add($"req-{i}", new AwardLocation(i / 128, i % 128));
        }

        Assert.Equal(10_000, index.Count);
        for (var i = 0; i < 10_000; i += 97)
        {
            Assert.True(index.TryFind($"req-{i}", out var location, out _));
            Assert.Equal(new AwardLocation(i / 128, i % 128), location);
        }

        Assert.False(index.TryFind("req-10000", out _, out _));
        Assert.False(index.TryFind("REQ-1", out _, out _));
    }

    [Fact]
    public void Ids_sharing_a_hash_are_each_found_and_a_new_one_is_only_a_candidate()
    {
        var index = new AwardIndex(_ => new IdHash(42, 7)); // every id collides
        index.Add("a", new AwardLocation(0, 1));
        index.Add("b", new AwardLocation(0, 2));
        index.Add("c", new AwardLocation(3, 0));
        Assert.Equal(3, index.Count);

        // The first id holds the hash slot: found, but the caller must compare the entry there.
        Assert.True(index.TryFind("a", out var a, out var aVerified));
        Assert.Equal(new AwardLocation(0, 1), a);
        Assert.False(aVerified);

        // The others are kept by their text: found where they are, and certain.
        Assert.True(index.TryFind("b", out var b, out var bVerified));
        Assert.Equal(new AwardLocation(0, 2), b);
        Assert.True(bVerified);
        Assert.True(index.TryFind("c", out var c, out var cVerified));
        Assert.Equal(new AwardLocation(3, 0), c);
        Assert.True(cVerified);

        // A new id with the same hash points at "a"'s entry, unverified: the journal reads it, sees another id, and
        // takes the award as new.
        Assert.True(index.TryFind("d", out var d, out var dVerified));
        Assert.Equal(a, d);
        Assert.False(dVerified);
    }

    [Fact]
    public void A_location_keeps_page_and_position_exactly_within_its_bounds()
    {
        foreach (var (page, index) in new[] { (0L, 0), (1L, 127), (1L << 38, (1 << 24) - 1), (123_456_789L, 800) })
        {
            var location = new AwardLocation(page, index);
            Assert.Equal(page, location.PageNo);
            Assert.Equal(index, location.Index);
        }

        Assert.NotEqual(new AwardLocation(1, 0), new AwardLocation(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AwardLocation(0, 1 << 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AwardLocation(-1, 0));
    }
}
