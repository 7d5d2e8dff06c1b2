namespace Cxmpute.Api.Requests;

/// <summary>The shape of <c>PUT /api/user/{userId}</c>: an empty object (or no body at all).</summary>
public sealed record RegisterUserBody;
