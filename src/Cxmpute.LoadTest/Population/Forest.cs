namespace Cxmpute.LoadTest.Population;

/// <summary>
/// A referral forest over <c>n</c> accounts of one kind: <see cref="Parent"/>[i] is the referrer's index or -1.
/// Account i can only be referred by an earlier account, so the graph is acyclic by construction; a parent that is already
/// at the deepest level is replaced by its own ancestor, so chains stay within <c>maxDepth</c>.
/// </summary>
internal sealed class Forest
{
    public Forest(int count, double referredShare, int maxDepth, long seed, long stream)
    {
        Parent = new int[count];
        Depth = new byte[count];
        var random = SplitMix.For(seed, stream, 0);
        for (var i = 0; i < count; i++)
        {
            var parent = -1;
            if (i >= 10 && random.NextDouble() < referredShare)
            {
                parent = random.NextInt(i);
                while (Depth[parent] >= maxDepth)
                {
                    parent = Parent[parent];
                }
            }

            Parent[i] = parent;
            Depth[i] = parent < 0 ? (byte)0 : (byte)(Depth[parent] + 1);
        }

        HasChildren = new bool[count];
        foreach (var p in Parent)
        {
            if (p >= 0)
            {
                HasChildren[p] = true;
            }
        }
    }

    public int[] Parent { get; }

    public byte[] Depth { get; }

    public bool[] HasChildren { get; }

    public int Count => Parent.Length;

    public int MaxDepth => Depth.Length == 0 ? 0 : Depth.Max();

    public int Referred => Parent.Count(p => p >= 0);

    /// <summary>The ancestor at <paramref name="level"/> (1 = the referrer), or -1.</summary>
    public int Ancestor(int index, int level)
    {
        var current = index;
        for (var i = 0; i < level && current >= 0; i++)
        {
            current = Parent[current];
        }

        return current;
    }
}
