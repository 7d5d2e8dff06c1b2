using System.Net.Sockets;
using Orleans.Runtime;

namespace Cxmpute.Api.Problems;

/// <summary>
/// Recognises failures of the cluster or of storage surfacing from a grain call: timeouts, Orleans runtime errors
/// (silo unavailable, message rejected, inconsistent state), I/O and socket errors, and Azure storage errors.
/// They become <c>503 unavailable</c>.
/// </summary>
public static class TransientFailures
{
    private const string AzureRequestFailed = "Azure.RequestFailedException";

    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OrleansException or IOException or SocketException || IsAzureRequestFailure(e.GetType()))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }

        return false;
    }

    // Matched by name so that the front end needs no Azure package to recognise storage failures.
    private static bool IsAzureRequestFailure(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == AzureRequestFailed)
            {
                return true;
            }
        }

        return false;
    }
}
