using System.IO.Hashing;
using System.Text;

namespace Cxmpute.Grains.Journal;

/// <summary>Routes an award id to its journal with a hash that is stable across processes and versions.</summary>
public static class JournalRouting
{
    public static int PartitionOf(string awardId, int partitions) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(awardId)) % (uint)partitions);
}
