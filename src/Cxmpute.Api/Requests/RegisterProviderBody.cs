using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Cxmpute.Api.Requests;

/// <summary>The shape of <c>PUT /api/providers/{providerId}</c>.</summary>
public sealed record RegisterProviderBody(
    [property: Required, Description("GPU memory in GB, greater than 0; decimals allowed (7.5).")] decimal VramGb);
