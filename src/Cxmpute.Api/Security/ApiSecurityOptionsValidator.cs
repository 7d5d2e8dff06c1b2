using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>In the Production environment, refuses to start with no API key or with the development key.</summary>
public sealed class ApiSecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!environment.IsProduction())
        {
            return ValidateOptionsResult.Success;
        }

        var keys = options.ConfiguredKeys().ToList();
        if (keys.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "No API key is configured. In Production set CXMPUTE_API_KEY (or Cxmpute:ApiKeys) to a secret key.");
        }

        if (keys.Any(key => string.Equals(key.Trim(), ApiSecurityOptions.DevelopmentKey, StringComparison.Ordinal)))
        {
            return ValidateOptionsResult.Fail(
                $"The development API key '{ApiSecurityOptions.DevelopmentKey}' is configured, and the Production environment refuses it. "
                + "Set CXMPUTE_API_KEY (or Cxmpute:ApiKeys) to a secret key.");
        }

        return ValidateOptionsResult.Success;
    }
}
