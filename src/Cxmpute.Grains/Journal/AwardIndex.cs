using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// A journal's award ids of the retention period, for idempotency, without keeping the ids themselves: an id is
/// found by its 128-bit xxHash, so an entry is one 32-byte dictionary slot (no object per id; the id string and its
/// body's fingerprint are not held). A hash match is a <em>candidate</em>: the caller reads the journaled entry
/// and compares the id. Ids whose hash is already taken by another id (possible, if never expected) are kept by
/// their text beside it, so every id is found whatever the hashes do.
/// </summary>
internal sealed class AwardIndex
{
    private readonly Dictionary<IdHash, AwardLocation> _byHash = [];
    private readonly Func<string, IdHash> _hash;
    private Dictionary<string, AwardLocation>? _collided;

    public AwardIndex()
        : this(Hash)
    {
    }

    /// <summary>With another hash function: tests force collisions with it.</summary>
    internal AwardIndex(Func<string, IdHash> hash) => _hash = hash;

    public int Count => _byHash.Count + (_collided?.Count ?? 0);

    /// <summary>
    /// Where <paramref name="awardId"/> may have been journaled. <paramref name="verified"/> is true when the location
    /// is certainly this id's; otherwise the entry there must be read and its id compared. False when the id is new.
    /// </summary>
    public bool TryFind(string awardId, out AwardLocation location, out bool verified)
    {
        if (_collided is not null && _collided.TryGetValue(awardId, out location))
        {
            verified = true;
            return true;
        }

        verified = false;
        return _byHash.TryGetValue(_hash(awardId), out location);
    }

    /// <summary>Adds an id known not to be in the index yet (a fresh award, or an entry read while loading the journal).</summary>
    public void Add(string awardId, AwardLocation location)
    {
        if (!_byHash.TryAdd(_hash(awardId), location))
        {
            (_collided ??= new(StringComparer.Ordinal))[awardId] = location;
        }
    }

    private static IdHash Hash(string awardId)
    {
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(awardId.AsSpan()));
        return new IdHash((ulong)hash, (ulong)(hash >> 64));
    }
}

/// <summary>
/// A 128-bit hash as two 64-bit halves: <see cref="UInt128"/> is 16-byte aligned, which would pad every dictionary
/// slot to 48 bytes; with this key and a packed <see cref="AwardLocation"/> a slot is 32.
/// </summary>
internal readonly record struct IdHash(ulong Low, ulong High);
