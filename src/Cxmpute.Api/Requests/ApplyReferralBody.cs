using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Cxmpute.Api.Requests;

/// <summary>The shape of <c>POST /api/{user|providers}/{id}/referral</c>.</summary>
public sealed record ApplyReferralBody(
    [property: Required, RegularExpression("^(usr|prov)_[A-Za-z0-9_-]{1,64}$"), Description("The referrer's id, of the same kind as the account.")] string ReferralCode);
