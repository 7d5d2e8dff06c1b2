using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// Runs the key, public-read and token checks while the host is being composed, before anything connects to storage or
/// the cluster, so an unsafe setup stops the process at once with the setting's name (they run again on start, through
/// <c>ValidateOnStart</c>, for settings added later).
/// </summary>
public static class AccessSettingsCheck
{
    public static void Ensure(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new ApiSecurityOptions();
        configuration.GetSection(ApiSecurityOptions.SectionName).Bind(keys);
        var tokens = new UserTokenOptions();
        configuration.GetSection(UserTokenOptions.SectionName).Bind(tokens);
        var failures = new List<string>();
        failures.AddRange(new ApiSecurityOptionsValidator(environment).Validate(null, keys).Failures ?? []);
        failures.AddRange(new UserTokenOptionsValidator(environment).Validate(null, tokens).Failures ?? []);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ApiSecurityOptions), failures);
        }
    }
}
