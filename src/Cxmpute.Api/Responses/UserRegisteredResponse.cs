namespace Cxmpute.Api.Responses;

/// <summary>The user account that now exists.</summary>
public sealed record UserRegisteredResponse(string UserId);
