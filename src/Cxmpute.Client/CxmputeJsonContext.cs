using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cxmpute.Client;

/// <summary>Source-generated JSON of the contract: camelCase, decimals as exact JSON numbers, absent members left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Award))]
[JsonSerializable(typeof(AwardBatchRequest))]
[JsonSerializable(typeof(AwardResult))]
[JsonSerializable(typeof(AwardBatchResult))]
[JsonSerializable(typeof(CxmputeProblem))]
[JsonSerializable(typeof(ProviderRegistrationRequest))]
[JsonSerializable(typeof(ProviderRegistration))]
[JsonSerializable(typeof(UserRegistration))]
[JsonSerializable(typeof(ReferralRequest))]
[JsonSerializable(typeof(ReferralApplied))]
[JsonSerializable(typeof(UserStats))]
[JsonSerializable(typeof(ProviderStats))]
[JsonSerializable(typeof(LedgerPage))]
[JsonSerializable(typeof(EmptyRequest))]
internal sealed partial class CxmputeJsonContext : JsonSerializerContext;

/// <summary>The body of <c>POST /api/awards/batch</c>.</summary>
internal sealed record AwardBatchRequest(IReadOnlyList<Award> Awards);

/// <summary>The body of <c>PUT /api/providers/{providerId}</c>.</summary>
internal sealed record ProviderRegistrationRequest(decimal VramGb);

/// <summary>The body of the referral routes.</summary>
internal sealed record ReferralRequest(string ReferralCode);

/// <summary>The body of <c>PUT /api/user/{userId}</c>.</summary>
internal sealed record EmptyRequest;
