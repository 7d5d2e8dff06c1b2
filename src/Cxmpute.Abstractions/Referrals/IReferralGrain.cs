namespace Cxmpute.Abstractions;

/// <summary>
/// The referral graph of one kind of account (key "user" or "provider"). Every referral of that kind is applied
/// here, one after another, so that two applies that would close a cycle cannot both succeed.
/// </summary>
[Alias("cx.IReferralGrain")]
public interface IReferralGrain : IGrainWithStringKey
{
    const string Users = "user";
    const string Providers = "provider";

    static string KeyFor(string accountId) => AccountIds.IsProvider(accountId) ? Providers : Users;

    [Alias("Apply")]
    Task<ReferralOutcome> ApplyAsync(string accountId, string referralCode);
}
