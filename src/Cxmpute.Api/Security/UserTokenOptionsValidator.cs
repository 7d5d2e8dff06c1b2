using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// When end-user access is configured, every environment but Development refuses to start without a signing key of at
/// least <see cref="UserTokenOptions.MinimumSigningKeyLength"/> characters, an issuer and an audience. Names the setting,
/// never the key.
/// </summary>
public sealed class UserTokenOptionsValidator(IHostEnvironment environment) : IValidateOptions<UserTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, UserTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var where = $"End-user access is configured ({UserTokenOptions.SectionName}), and the {environment.EnvironmentName} environment";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            failures.Add($"{where} needs a token signing key: set {UserTokenOptions.SectionName}:SigningKey (CXMPUTE_TOKEN_SIGNING_KEY).");
        }
        else if (options.SigningKey.Length < UserTokenOptions.MinimumSigningKeyLength)
        {
            failures.Add($"{UserTokenOptions.SectionName}:SigningKey is shorter than {UserTokenOptions.MinimumSigningKeyLength} characters, and {where} refuses it.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{where} needs {UserTokenOptions.SectionName}:Issuer.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{where} needs {UserTokenOptions.SectionName}:Audience.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
