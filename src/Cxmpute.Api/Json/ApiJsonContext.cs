using System.Text.Json;
using System.Text.Json.Serialization;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Requests;
using Cxmpute.Api.Responses;

namespace Cxmpute.Api.Json;

/// <summary>
/// Source-generated serialization of every body the API writes: camelCase, decimals as exact JSON numbers, nulls written
/// unless a member says otherwise. The request shapes are listed for the OpenAPI document only; requests are read by hand.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(AwardResponse))]
[JsonSerializable(typeof(AwardBatchResponse))]
[JsonSerializable(typeof(ProviderRegisteredResponse))]
[JsonSerializable(typeof(UserRegisteredResponse))]
[JsonSerializable(typeof(ReferralAppliedResponse))]
[JsonSerializable(typeof(UserStatsResponse))]
[JsonSerializable(typeof(ProviderStatsResponse))]
[JsonSerializable(typeof(LedgerPageResponse))]
[JsonSerializable(typeof(AwardBody))]
[JsonSerializable(typeof(AwardBatchBody))]
[JsonSerializable(typeof(RegisterProviderBody))]
[JsonSerializable(typeof(RegisterUserBody))]
[JsonSerializable(typeof(ApplyReferralBody))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
