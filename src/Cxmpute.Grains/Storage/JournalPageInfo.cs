namespace Cxmpute.Grains.Storage;

/// <summary>What is known of a journal page without reading its entries.</summary>
public sealed record JournalPageInfo(long PageNo, int Count, long FirstSeq, long LastSeq, DateTimeOffset LastAt);

/// <summary>A journal page with its entries (compressed) and version tag.</summary>
public sealed record StoredJournalPage(JournalPageInfo Info, byte[] Data, string ETag);
