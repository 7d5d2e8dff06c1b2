using System.Text;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>A non-seekable body of the given size, produced on demand (so it has no length and goes chunked).</summary>
public sealed class GeneratedJsonStream(long size) : Stream
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("{\"awardId\": \"");

    public long Produced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Produced;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, size - Produced);
        for (var i = 0; i < n; i++)
        {
            var at = Produced + i;
            buffer[offset + i] = at < Prefix.Length ? Prefix[at] : (byte)'a';
        }

        Produced += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
