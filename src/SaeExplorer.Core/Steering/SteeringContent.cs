using SaeExplorer.Core.Permalink;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// What a shared steering state is made of: the image (corpus id or "u/" + upload hash), the grouping its page showed
/// (so the same knobs come back), the edits, the error switch, and the SAE by id and weights fingerprint. Two equal
/// contents are the same state and get the same slug.
/// </summary>
public sealed record SteeringContent(string Workspace, string Source, int KMax, int Restarts, string Tau, int? K,
    EditList Edits, bool KeepError, int SaeId, string SaeFingerprint)
{
    /// <summary>SHA-256 (hex) of the canonical content; the edits enter in their JSON form, which is canonical.</summary>
    public string ContentHash() => new CanonicalContent("saex-steering-v1")
        .Text(Workspace).Text(Source).Int(KMax).Int(Restarts).Text(Tau).Int(K ?? 0)
        .Text(SteeringJson.Write(Edits)).Int(KeepError ? 1 : 0).Int(SaeId).Text(SaeFingerprint)
        .Hash();
}
