namespace Cxmpute.Client;

/// <summary>The <c>operationId</c> of <c>/openapi/v1.json</c> that a client method calls.</summary>
/// <param name="operationId">The operation's id.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OperationIdAttribute(string operationId) : Attribute
{
    /// <summary>The operation's id.</summary>
    public string OperationId { get; } = operationId;
}
