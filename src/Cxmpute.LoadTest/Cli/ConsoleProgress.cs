namespace Cxmpute.LoadTest.Cli;

/// <summary>
/// Writes to standard error: log lines as they come, and the live progress line, redrawn in place on a terminal or
/// printed every few seconds when the output goes to a file.
/// </summary>
internal sealed class ConsoleProgress
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly object _gate = new();
    private bool _lineOpen;
    private long _count;

    public void Log(string text)
    {
        lock (_gate)
        {
            if (_lineOpen)
            {
                Console.Error.WriteLine();
                _lineOpen = false;
            }

            Console.Error.WriteLine(text);
        }
    }

    public void Progress(string text)
    {
        lock (_gate)
        {
            if (_interactive)
            {
                Console.Error.Write("\r" + text.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 120, 160)));
                _lineOpen = true;
            }
            else if (_count++ % 5 == 0)
            {
                Console.Error.WriteLine(text);
            }
        }
    }
}
