using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// Every environment but Development refuses to start with public reads on, without a gateway key, with the Development
/// key or with a key shorter than <see cref="ApiSecurityOptions.MinimumKeyLength"/> characters. Each refusal names the
/// setting and never the key.
/// </summary>
public sealed class ApiSecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var where = $"The {environment.EnvironmentName} environment";
        var failures = new List<string>();
        if (options.PublicReads)
        {
            failures.Add($"{ApiSecurityOptions.PublicReadsSetting} is true. {where} refuses public reads: set it to false.");
        }

        var keys = options.ConfiguredKeys().ToList();
        if (keys.Count == 0)
        {
            failures.Add($"No API key is configured. {where} needs one: set {ApiSecurityOptions.KeysSetting} to a secret key.");
        }

        if (keys.Any(key => string.Equals(key.Trim(), ApiSecurityOptions.DevelopmentKey, StringComparison.Ordinal)))
        {
            failures.Add($"The development API key '{ApiSecurityOptions.DevelopmentKey}' is configured, and {where} refuses it. "
                + $"Set {ApiSecurityOptions.KeysSetting} to a secret key.");
        }
        else if (keys.Any(key => key.Trim().Length < ApiSecurityOptions.MinimumKeyLength))
        {
            failures.Add($"An API key in {ApiSecurityOptions.KeysSetting} is shorter than {ApiSecurityOptions.MinimumKeyLength} characters, "
                + $"and {where} refuses it. Use a long random key (e.g. openssl rand -hex 32).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
