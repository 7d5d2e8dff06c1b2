namespace Cxmpute.Client;

/// <summary>The user account that now exists.</summary>
/// <param name="UserId">The user.</param>
public sealed record UserRegistration(string UserId);
