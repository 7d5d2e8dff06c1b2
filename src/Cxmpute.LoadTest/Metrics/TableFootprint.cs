using System.Diagnostics;

namespace Cxmpute.LoadTest.Metrics;

/// <summary>
/// The size on disk of Azurite's table database: the files of its <c>--location</c> folder whose name starts with
/// <c>__azurite_db_table</c> (LokiJS keeps the whole database in memory and saves it there, every 5 s when it changed).
/// A reading waits for a save that began after the moment asked for, so that it holds every write made before it.
/// </summary>
internal static class TableFootprint
{
    public const string FilePrefix = "__azurite_db_table";

    public static long Bytes(string folder) =>
        Files(folder).Sum(f => f.Length);

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until the database files were written after <paramref name="since"/> and
    /// have kept their size for a second, then returns their size. Azurite saves only a database that changed, within
    /// 5 s of the change: when no save comes within the limit, nothing was left unsaved at <paramref name="since"/> and the
    /// files are current too. The reading is flagged (false) only when saves kept changing the size until the limit.
    /// </summary>
    public static async Task<(long Bytes, bool Saved)> AfterSaveAsync(string folder, DateTime since, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var saved = false;
        while (clock.Elapsed < limit)
        {
            var files = Files(folder);
            if (files.Count > 0 && files.Max(f => f.LastWriteTimeUtc) > since)
            {
                var size = files.Sum(f => f.Length);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                if (Bytes(folder) == size)
                {
                    return (size, true);
                }

                saved = true;
                continue;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        // No save at all: the database had nothing unsaved. Saves that never settled: the size is approximate.
        return (Bytes(folder), !saved);
    }

    private static List<FileInfo> Files(string folder) =>
        Directory.Exists(folder)
            ? [.. new DirectoryInfo(folder).EnumerateFiles(FilePrefix + "*").Select(f => { f.Refresh(); return f; })]
            : [];
}

/// <summary>One reading of the table database's size, with the awards acknowledged before it.</summary>
internal sealed record FootprintPoint(string Label, DateTimeOffset At, long Bytes, long AwardsBefore, bool Saved);
