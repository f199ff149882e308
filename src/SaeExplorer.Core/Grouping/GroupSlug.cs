using SaeExplorer.Core.Permalink;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// The content hash of a shared group (see <see cref="ContentSlug"/> for its slug): workspace, source image, k, tau,
/// sweep settings, group position, features with their exact activations, SAE id and weights fingerprint, so the
/// same group always gets the same hash.
/// </summary>
public static class GroupSlug
{
    /// <summary>The SHA-256 of the canonical content, hex.</summary>
    public static string ContentHash(GroupContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Features.Length != c.Activations.Length) throw new ArgumentException("features and activations differ in length");
        var content = new CanonicalContent("saex-group-v1")
            .Text(c.Workspace).Text(c.Source).Int(c.K).Text(c.Tau).Int(c.KMax).Int(c.Restarts).Int(c.GroupIndex)
            .Int(c.Features.Length);
        for (var i = 0; i < c.Features.Length; i++)
            content.Int(c.Features[i]).Float(c.Activations[i]);
        return content.Int(c.SaeId).Text(c.SaeFingerprint).Hash();
    }
}

/// <summary>What a shared group is made of; two equal contents are the same group.</summary>
public sealed record GroupContent(string Workspace, string Source, int K, string Tau, int KMax, int Restarts, int GroupIndex,
    int[] Features, float[] Activations, int SaeId, string SaeFingerprint);
