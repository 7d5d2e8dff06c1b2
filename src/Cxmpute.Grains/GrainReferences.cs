namespace Cxmpute.Grains;

/// <summary>
/// Grain references without the per-call type resolution of <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c>, which maps the
/// interface type to its grain interface type by reflection (custom attributes, type-name formatting) on every call:
/// 11-15 % of the silo's CPU under award load. The grain type and interface type of <typeparamref name="T"/> are
/// resolved once, through <c>GetGrain</c> itself, and every later reference is built from them. For code running in a
/// silo, whose grain type map is complete from the start (a client may resolve a placeholder type before it has read the
/// cluster's manifest, so clients keep using <c>GetGrain</c>).
/// </summary>
public static class GrainReferences
{
    /// <summary>The same reference as <c>grains.GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T Grain<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var types = Resolved<T>.Types ??= Resolve(grains.GetGrain<T>(key));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    /// <summary>The same reference as <c>grains.GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T Grain<T>(this IGrainFactory grains, long key)
        where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Resolved<T>.Types ??= Resolve(grains.GetGrain<T>(key));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface);
    }

    private static ResolvedTypes Resolve(object reference)
    {
        var grain = (GrainReference)reference;
        return new ResolvedTypes(grain.GrainId.Type, grain.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    // One cache per interface type. Grain and interface types come from the grain type names and aliases compiled
    // into the assemblies, so they are the same for every silo of a process.
    private static class Resolved<T>
    {
        public static ResolvedTypes? Types;
    }
}
