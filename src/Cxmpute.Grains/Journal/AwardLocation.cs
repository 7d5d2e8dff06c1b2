namespace Cxmpute.Grains.Journal;

/// <summary>Where an accepted award id was journaled, with the fingerprint of its body.</summary>
internal readonly record struct AwardLocation(UInt128 Fingerprint, long PageNo, int Index);
