using System.Diagnostics;

namespace Cxmpute.Testing.Cluster;

/// <summary>POSIX signals by process id (System.Diagnostics.Process only sends SIGKILL).</summary>
public static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
    }

    /// <summary>True while the process exists and is not a zombie (Linux: /proc/PID/stat).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
            return state.Length > 0 && state[0] != 'Z' && state[0] != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
