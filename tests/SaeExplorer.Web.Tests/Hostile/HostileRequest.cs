using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Hostile;

/// <summary>
/// One hostile request: its family and a name saying how it was made (for the failure message), sent by
/// <paramref name="As"/> (with their API token); <paramref name="Writes"/> when it may change labels or lists, so the
/// runner checks that a refused one changed nothing.
/// </summary>
public sealed record HostileRequest(string Kind, string Name, HttpMethod Method, string Url, Func<HttpContent?> Content, Role As = Role.Anonymous,
    bool Writes = false)
{
    public static HostileRequest Get(string kind, string name, string url) => new(kind, name, HttpMethod.Get, url, () => null);

    public override string ToString() => $"{Kind}/{Name}: {Method} {(Url.Length > 160 ? Url[..160] + "…" : Url)} as {As}";
}
