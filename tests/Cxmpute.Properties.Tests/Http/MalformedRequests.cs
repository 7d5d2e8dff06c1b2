using System.Globalization;
using System.Text;
using CsCheck;

namespace Cxmpute.Properties.Tests.Http;

/// <summary>
/// Generators of requests that must all be refused: bad JSON, wrong types, huge numbers, unicode, oversized strings, bad
/// ids, missing or unknown members, unknown paths and methods, codes naming nobody, writes without a valid key. None of
/// them may change anything. Every id a request names is fresh (random), so afterwards none of them may exist.
/// </summary>
internal static class MalformedRequests
{
    private const string IdChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    private static readonly Gen<string> Token = Gen.Char[IdChars].Array[6, 14].Select(c => new string(c));

    public static readonly Gen<string> FreshUser = Token.Select(t => "usr_fz" + t);

    public static readonly Gen<string> FreshProvider = Token.Select(t => "prov_fz" + t);

    private static readonly Gen<string> FreshAwardId = Token.Select(t => "fz-" + t);

    /// <summary>Strings that are no account id of either kind (or of the other kind, where the route needs one).</summary>
    private static readonly Gen<string> BadId = Gen.OneOf(
        Gen.OneOf(Gen.Const(""), Gen.Const("usr_"), Gen.Const("prov_"), Gen.Const("user_x"), Gen.Const("USR_abc"), Gen.Const("usr_a.b"),
            Gen.Const("usr_ü"), Gen.Const("prov_a b"), Gen.Const("usr_\u0000"), Gen.Const("usr_\uFEFFx"), Gen.Const("prov_x\u202E"), Gen.Const("usr_😀")),
        Token.Select(t => "usr_" + new string('a', 65) + t),
        Token.Select(t => "prov_" + t + "!"),
        Token.Select(t => "x" + t));

    private static readonly Gen<string> BadAwardId = Gen.OneOf(
        Gen.OneOf(Gen.Const(""), Gen.Const("a b"), Gen.Const("a/b"), Gen.Const("ünï"), Gen.Const("a\u0000b"), Gen.Const("a?b"), Gen.Const("💥")),
        Token.Select(t => new string('x', 129) + t));

    /// <summary>Strange but well-formed text: unicode planes, controls, bidi marks, huge lengths.</summary>
    private static readonly Gen<string> StrangeText = Gen.OneOf(
        Gen.String,
        Gen.OneOf(Gen.Const("\u0001"), Gen.Const("\u202Egnp.exe"), Gen.Const("𝕏𝕏𝕏"), Gen.Const("\uFFFF"), Gen.Const("null"), Gen.Const("'; DROP TABLE x;--")),
        Gen.Int[1000, 70_000].Select(n => new string('z', n)));

    /// <summary>JSON strings whose escapes encode a lone UTF-16 surrogate: well-formed JSON, but no valid text.</summary>
    private static Gen<string> LoneSurrogates => Gen.OneOf(Gen.Const("\"\\ud800x\""), Gen.Const("\"\\udc00\""), Gen.Const("\"usr_a\\ud83d\""));

    /// <summary>JSON values of the wrong type or out of range for an integer or an id.</summary>
    private static readonly Gen<string> BadNumberJson = Gen.OneOf(
        Gen.Const("-1"), Gen.Const("2147483648"), Gen.Const("1.5"), Gen.Const("1e3"), Gen.Const("\"1000\""), Gen.Const("true"),
        Gen.Const("1e400"), Gen.Const("-1e400"), Gen.Const("99999999999999999999999999999999999999"), Gen.Const("[]"), Gen.Const("{}"),
        Gen.Const("-0.5"), Gen.Const("0.0000000000000000000000000000000001"), Gen.Long[long.MinValue, -1].Select(l => l.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> BadTimestampJson = Gen.OneOf(
        Gen.Const("\"yesterday\""), Gen.Const("\"2026-11-27T10:00:00\""), Gen.Const("\"2026-13-45T99:00:00Z\""), Gen.Const("12345"), Gen.Const("\"\""),
        Gen.Const("\"0001-01-01T00:00:00Z\""), Gen.Const("\"9999-12-31T23:59:59Z\""),
        Gen.Int[31, 5000].Select(d => Json(DateTimeOffset.UtcNow.AddDays(-d).ToString("O", CultureInfo.InvariantCulture))),
        Gen.Int[10, 100_000].Select(m => Json(DateTimeOffset.UtcNow.AddMinutes(m).ToString("O", CultureInfo.InvariantCulture))));

    /// <summary>Bodies that are not a JSON object (or not JSON at all): refused by every route.</summary>
    private static readonly Gen<string> NotAnObject = Gen.OneOf(
        Gen.OneOf(Gen.Const("{"), Gen.Const("}"), Gen.Const("[]"), Gen.Const("null"), Gen.Const("true"), Gen.Const("5"), Gen.Const("\"x\""),
            Gen.Const("{\"awardId\":"), Gen.Const("{'awardId': 'x'}"), Gen.Const("{\"a\" 1}"), Gen.Const("{\"a\":1,}"), Gen.Const("/* c */ {}"),
            Gen.Const("\uFEFF{\"a\""), Gen.Const("{\"a\":\"\\ud800\"}x"), Gen.Const("NaN"), Gen.Const("{\"vramGb\": NaN}"), Gen.Const("\u0000"), Gen.Const("{\"\\ud800\": 1,")),
        Gen.Int[33, 200].Select(n => new string('[', n)),
        Gen.Int[33, 100].Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n))),
        StrangeText.Select(s => "#" + s));

    /// <summary>Raw bytes that are not UTF-8.</summary>
    private static readonly Gen<byte[]> NotUtf8 = Gen.Byte.Array[1, 64].Select(b => (byte[])[0xC3, 0x28, .. b, 0xFF]);

    /// <summary>The mix: about 30 % awards, the rest spread over the other routes; one in a thousand is oversized.</summary>
    public static readonly Gen<FuzzRequest> Request = Gen.Frequency(
        (300, InvalidAward()),
        (60, InvalidBatch()),
        (80, InvalidRegistration()),
        (50, InvalidUser()),
        (100, InvalidReferral()),
        (100, Unauthorized()),
        (100, BadReads()),
        (100, RandomPaths()),
        (50, RawBodies()),
        (1, Oversized()));

    private static Gen<FuzzRequest> InvalidAward() =>
        AwardBody().Select(body => new FuzzRequest("award", "POST", "/api/awards", Encoding.UTF8.GetBytes(body), KeyShape.Valid));

    /// <summary>A JSON award that a valid one was turned into by at least one change that makes it invalid.</summary>
    public static Gen<string> AwardBody() => Gen.Select(FreshAwardId, FreshUser, FreshProvider, Gen.Int[0, 3], Gen.Int[0, 100_000], AwardBreak.Array[1, 3], StrangeText,
        (id, user, provider, sides, tokens, breaks, text) =>
        {
            var members = new List<(string Name, string Json)> { ("awardId", Json(id)), ("service", Json("chat")) };
            if (sides is 0 or 2)
            {
                members.Add(("userId", Json(user)));
            }

            if (sides is 1 or 2)
            {
                members.Add(("providerId", Json(provider)));
                members.Add(("model", Json("Llama3-70B")));
            }

            if (sides == 3)
            {
                members.Add(("userId", Json(user)));
                members.Add(("model", Json(text.Length > 128 ? text[..128] : text))); // harmless alone: a user award may name any model
            }

            members.Add(("tokens", tokens.ToString(CultureInfo.InvariantCulture)));
            foreach (var apply in breaks)
            {
                members = apply(members, provider);
            }

            return Render(members);
        });

    /// <summary>Changes that each make an award invalid (or, for a fresh provider, refused with 404).</summary>
    private static Gen<Func<List<(string Name, string Json)>, string, List<(string Name, string Json)>>> AwardBreak => Gen.OneOf(
        BadAwardId.Select(Break("awardId")),
        Gen.OneOf(Gen.Const("5"), Gen.Const("true"), Gen.Const("null"), Gen.Const("[]"), Gen.Const("{}")).Select(RawBreak("awardId")),
        Gen.Const(Remove("awardId")),
        Gen.OneOf(Gen.Const("chatx"), Gen.Const(""), Gen.Const("chat "), Gen.Const("/chat"), Gen.Const("dall-e"), Gen.Const("ＣＨＡＴ")).Select(Break("service")),
        Gen.OneOf(Gen.Const("1"), Gen.Const("null"), Gen.Const("[\"chat\"]")).Select(RawBreak("service")),
        Gen.Const(Remove("userId", "providerId")),
        BadId.Select(Break("userId")),
        FreshProvider.Select(Break("userId")),
        BadId.Select(Break("providerId")),
        FreshUser.Select(Break("providerId")),
        Gen.Const<Func<List<(string, string)>, string, List<(string, string)>>>((m, provider) => [.. Without(m, "providerId", "model"), ("providerId", Json(provider))]),
        Gen.Const<Func<List<(string, string)>, string, List<(string, string)>>>((m, provider) => [.. Without(m, "providerId", "model"), ("providerId", Json(provider)), ("model", Json("Mistral-7B"))]),
        Gen.OneOf(Gen.Const(new string('m', 129)), Gen.Const("a\u0001b"), Gen.Const("")).Select(m => Replace(("model", Json(m)), ("providerId", Json("prov_fzmodel" + m.Length)))),
        BadNumberJson.Select(RawBreak("tokens")),
        BadNumberJson.Select(RawBreak("latencyMs")),
        BadTimestampJson.Select(RawBreak("occurredAt")),
        Gen.OneOf(Gen.Const("bonus"), Gen.Const("Tokens"), Gen.Const(""), Gen.Const("awardid"), Gen.Const("__proto__")).Select(n => Add((n, "5"))),
        Gen.Const(Duplicate("tokens")),
        Gen.Const(Duplicate("awardId")),
        LoneSurrogates.Select(RawBreak("awardId")),
        LoneSurrogates.Select(RawBreak("service")),
        LoneSurrogates.Select(RawBreak("userId")),
        LoneSurrogates.Select(name => Add(name)));

    private static Gen<FuzzRequest> InvalidBatch() => Gen.OneOf(
        Gen.OneOf(Gen.Const("{\"awards\": 5}"), Gen.Const("{\"awards\": {}}"), Gen.Const("{}"), Gen.Const("{\"awards\": null}"), Gen.Const("{\"awards\": [], \"x\": 1}"),
                Gen.Const("{\"Awards\": []}"), Gen.Const("{\"awards\": [] , \"awards\": []}"))
            .Select(b => Batch(b)),
        Gen.Int[1001, 1200].Select(n => Batch("{\"awards\": [" + string.Join(',', Enumerable.Repeat("{}", n)) + "]}")),
        NotAnObject.Select(b => Batch(b)),
        Gen.OneOf(AwardBody(), Gen.OneOf(Gen.Const("5"), Gen.Const("null"), Gen.Const("\"x\""), Gen.Const("[]"), Gen.Const("{}"))).Array[1, 6]
            .Select(items => Batch("{\"awards\": [" + string.Join(',', items) + "]}", allItemsFail: true)));

    private static FuzzRequest Batch(string body, bool allItemsFail = false) =>
        new(allItemsFail ? "batch-items" : "batch", "POST", "/api/awards/batch", Encoding.UTF8.GetBytes(body), KeyShape.Valid);

    private static Gen<FuzzRequest> InvalidRegistration() => Gen.OneOf(
        BadId.Select(id => Send("register-bad-id", "PUT", "/api/providers/" + Uri.EscapeDataString(id), "{\"vramGb\": 24}")),
        FreshUser.Select(id => Send("register-user-id", "PUT", "/api/providers/" + id, "{\"vramGb\": 24}")),
        Gen.Select(FreshProvider, Gen.OneOf(
                Gen.Const("{\"vramGb\": 0}"), Gen.Const("{\"vramGb\": -1}"), Gen.Const("{\"vramGb\": 1000000.0001}"), Gen.Const("{\"vramGb\": 1e400}"),
                Gen.Const("{\"vramGb\": \"24\"}"), Gen.Const("{\"vramGb\": null}"), Gen.Const("{\"vramGb\": true}"), Gen.Const("{\"vramGb\": []}"), Gen.Const("{}"),
                Gen.Const("{\"vramGb\": 24, \"x\": 1}"), Gen.Const("{\"vramGb\": 24, \"vramGb\": 24}"), Gen.Const("{\"VramGb\": 24}"), Gen.Const("{\"vramGb\": -0.0}"),
                Gen.Const("{\"vramGb\": 99999999999999999999999999999999}"), Gen.Const(""), NotAnObject),
            (id, body) => Send("register-bad-body", "PUT", "/api/providers/" + id, body)));

    private static Gen<FuzzRequest> InvalidUser() => Gen.OneOf(
        BadId.Select(id => Send("user-bad-id", "PUT", "/api/user/" + Uri.EscapeDataString(id), "{}")),
        FreshProvider.Select(id => Send("user-provider-id", "PUT", "/api/user/" + id, "{}")),
        Gen.Select(FreshUser, Gen.OneOf(Gen.Const("{\"x\": 1}"), Gen.Const("{\"userId\": \"usr_a\"}"), NotAnObject), (id, body) => Send("user-bad-body", "PUT", "/api/user/" + id, body)));

    private static Gen<FuzzRequest> InvalidReferral() => Gen.Select(Gen.Bool, FreshUser, FreshProvider, BadId, Gen.Int[0, 7], StrangeText,
        (providers, user, provider, bad, shape, text) =>
        {
            var (self, other, route) = providers ? (provider, user, "/api/providers/") : (user, provider, "/api/user/");
            var code = providers ? provider.Replace("prov_fz", "prov_fc", StringComparison.Ordinal) : user.Replace("usr_fz", "usr_fc", StringComparison.Ordinal);
            return shape switch
            {
                0 => Send("refer-bad-id", "POST", route + Uri.EscapeDataString(bad) + "/referral", $$"""{"referralCode": {{Json(code)}}}"""),
                1 => Send("refer-self", "POST", route + self + "/referral", $$"""{"referralCode": {{Json(self)}}}"""),
                2 => Send("refer-kind", "POST", route + self + "/referral", $$"""{"referralCode": {{Json(other)}}}"""),
                3 => Send("refer-nobody", "POST", route + self + "/referral", $$"""{"referralCode": {{Json(code)}}}"""),
                4 => Send("refer-bad-code", "POST", route + self + "/referral", $$"""{"referralCode": {{Json(bad)}}}"""),
                5 => Send("refer-strange-code", "POST", route + self + "/referral", $$"""{"referralCode": {{Json(text)}}}"""),
                6 => Send("refer-bad-body", "POST", route + self + "/referral", text.Length % 2 == 0 ? "{\"referralCode\": 5, \"x\": null}" : "{\"referralCode\": \"\\udfff\"}"),
                _ => Send("refer-no-code", "POST", route + self + "/referral", "{}"),
            };
        });

    /// <summary>Writes that would succeed with the key, sent without a valid one: 401, and nothing changes.</summary>
    private static Gen<FuzzRequest> Unauthorized() => Gen.Select(FreshUser, FreshProvider, FreshAwardId, Gen.Int[0, 5],
        Gen.OneOf(Gen.Const(KeyShape.Missing), Gen.Const(KeyShape.Wrong), Gen.Const(KeyShape.Empty), Gen.Const(KeyShape.Twice)),
        (user, provider, id, route, key) => route switch
        {
            0 => new FuzzRequest("unauthorized-award", "POST", "/api/awards", Utf8($$"""{"awardId": "{{id}}", "service": "chat", "userId": "{{user}}", "tokens": 10}"""), key),
            1 => new FuzzRequest("unauthorized-batch", "POST", "/api/awards/batch", Utf8($$"""{"awards": [{"awardId": "{{id}}", "service": "tts", "userId": "{{user}}"}]}"""), key),
            2 => new FuzzRequest("unauthorized-register", "PUT", "/api/providers/" + provider, Utf8("{\"vramGb\": 24}"), key),
            3 => new FuzzRequest("unauthorized-user", "PUT", "/api/user/" + user, Utf8("{}"), key),
            4 => new FuzzRequest("unauthorized-refer", "POST", "/api/user/" + user + "/referral", Utf8($$"""{"referralCode": "{{user}}x"}"""), key),
            _ => new FuzzRequest("unauthorized-refer-provider", "POST", "/api/providers/" + provider + "/referral", Utf8($$"""{"referralCode": "{{provider}}x"}"""), key),
        });

    private static Gen<FuzzRequest> BadReads() => Gen.Select(Gen.Bool, Gen.Bool, FreshUser, BadId, Gen.OneOf(
            Gen.Const("?limit=0"), Gen.Const("?limit=1001"), Gen.Const("?limit=-1"), Gen.Const("?limit=abc"), Gen.Const("?limit=1.5"), Gen.Const("?limit=99999999999999999999"),
            Gen.Const("?cursor=%00"), Gen.Const("?cursor=" + new string('c', 1025)), Gen.Const("?cursor=djE6LTU"), Gen.Const("?cursor=djE6OTk5OTk5OTk5OQ"),
            Gen.Const("?cursor=%F0%9F%92%A5"), Gen.Const("?limit=5&limit=6"), Gen.Const("?cursor=a&cursor=b"), Gen.Const("?cursor=")),
        (stats, providers, fresh, bad, query) =>
        {
            var root = providers ? "/api/providers/" : "/api/user/";
            var id = stats ? Uri.EscapeDataString(bad) : fresh.Replace("usr_", providers ? "prov_" : "usr_", StringComparison.Ordinal);
            return stats
                ? Send("read-bad-id", "GET", root + id + "/referral-stats", null)
                : Send("read-history", "GET", root + id + "/rewards" + query, null);
        });

    /// <summary>
    /// Random paths under /api with random methods; bodies are never a JSON object, so no route can accept them.
    /// No ".." segment: clients resolve it before sending, so "/api/.." is a request for "/" (the dashboard page).
    /// </summary>
    private static Gen<FuzzRequest> RandomPaths() => Gen.Select(
        Gen.OneOf(Gen.Const("GET"), Gen.Const("POST"), Gen.Const("PUT"), Gen.Const("DELETE"), Gen.Const("PATCH"), Gen.Const("OPTIONS"), Gen.Const("HEAD"),
            Gen.Const("PROPFIND"), Gen.Const("FOO")),
        Gen.OneOf(
            Gen.OneOf(Gen.Const("user"), Gen.Const("providers"), Gen.Const("awards"), Gen.Const("batch"), Gen.Const("referral"), Gen.Const("rewards"),
                Gen.Const("referral-stats"), Gen.Const("%00"), Gen.Const("%2F"), Gen.Const("."), Gen.Const("%ZZ"), Gen.Const("%E2%80%AE"),
                Gen.Const("%F0%9F%92%A5"), Gen.Const(";"), Gen.Const("~"), Gen.Const("%25")),
            FreshUser, FreshProvider, Token, Gen.Int[300, 3000].Select(n => new string('s', n))).Array[0, 4],
        NotAnObject,
        (method, segments, body) => Send("random-path", method, "/api/" + string.Join('/', segments), method is "GET" or "HEAD" or "OPTIONS" ? null : body));

    private static Gen<FuzzRequest> RawBodies() => Gen.Select(
        Gen.OneOf(Gen.Const(("POST", "/api/awards")), Gen.Const(("POST", "/api/awards/batch")), Gen.Const(("PUT", "/api/providers/prov_fzraw")),
            Gen.Const(("PUT", "/api/user/usr_fzraw")), Gen.Const(("POST", "/api/user/usr_fzraw/referral")), Gen.Const(("POST", "/api/providers/prov_fzraw/referral"))),
        Gen.Bool, NotAnObject, NotUtf8,
        (route, utf8, text, bytes) => new FuzzRequest("raw-body", route.Item1, route.Item2, utf8 ? Utf8(text) : bytes, KeyShape.Valid));

    private static Gen<FuzzRequest> Oversized() => Gen.Select(Gen.Bool, FreshUser,
        (batch, user) => batch
            ? new FuzzRequest("oversized-batch", "POST", "/api/awards/batch", Utf8("{\"awards\": [{\"awardId\": \"" + new string('a', (8 * 1024 * 1024) + 1) + "\"}]}"), KeyShape.Valid)
            : new FuzzRequest("oversized", "POST", "/api/awards", Utf8($$"""{"awardId": "x", "service": "chat", "userId": "{{user}}", "model": "{{new string('m', (1024 * 1024) + 1)}}"}"""), KeyShape.Valid));

    private static FuzzRequest Send(string label, string method, string path, string? body) =>
        new(label, method, path, body is null ? null : Utf8(body), KeyShape.Valid);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private const string RawName = "\u0001raw:";

    private static string Render(List<(string Name, string Json)> members) =>
        "{" + string.Join(", ", members.Select(m => (m.Name.StartsWith(RawName, StringComparison.Ordinal) ? m.Name[RawName.Length..] : Json(m.Name)) + ": " + m.Json)) + "}";

    private static IEnumerable<(string, string)> Without(List<(string Name, string Json)> members, params string[] names) => members.Where(m => !names.Contains(m.Name));

    private static Func<string, Func<List<(string, string)>, string, List<(string, string)>>> Break(string name) => value => RawBreak(name)(Json(value));

    private static Func<string, Func<List<(string, string)>, string, List<(string, string)>>> RawBreak(string name) =>
        json => (members, _) => [.. Without(members, name), (name, json)];

    private static Func<List<(string, string)>, string, List<(string, string)>> Remove(params string[] names) => (members, _) => [.. Without(members, names)];

    private static Func<List<(string, string)>, string, List<(string, string)>> Add((string, string) member) => (members, _) => [.. members, member];

    /// <summary>An extra member whose name is the given raw JSON string (e.g. a lone surrogate escape).</summary>
    private static Func<List<(string, string)>, string, List<(string, string)>> Add(string rawName) => (members, _) => [.. members, (RawName + rawName, "1")];

    private static Func<List<(string, string)>, string, List<(string, string)>> Replace(params (string Name, string Json)[] replacements) =>
        (members, _) => [.. Without(members, [.. replacements.Select(r => r.Name)]), .. replacements];

    private static Func<List<(string Name, string Json)>, string, List<(string, string)>> Duplicate(string name) =>
        (members, _) => members.FirstOrDefault(m => m.Name == name) is { Name: not null } m ? [.. members, m] : [.. members, (name, "1")];
}
