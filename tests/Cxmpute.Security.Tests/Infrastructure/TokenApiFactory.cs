using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>A host as every environment but Development must run: public reads off, user tokens on (<see cref="TestTokens"/>).</summary>
public sealed class TokenApiFactory : CxmputeApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TestTokens.Settings();
}
