using System.Collections.Concurrent;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Icons;

/// <summary>A workspace's icons as pages read them: by feature, with the renderer that drew them (empty: none yet).</summary>
public sealed record IconLookup(string Renderer, IReadOnlyDictionary<int, FeatureIcon> ByFeature)
{
    public static IconLookup None { get; } = new("", new Dictionary<int, FeatureIcon>());

    public FeatureIcon? Of(int feature) => ByFeature.GetValueOrDefault(feature);

    /// <summary>The icon's tooltip: what it is and how it was made.</summary>
    public string Tooltip(FeatureIcon icon) => icon.Describe(Renderer);
}

/// <summary>
/// The icon sets the icons stage wrote, one per SAE, read once per version of the file (the stage rewrites it as it
/// goes, so a page sees new icons on its next load). A set drawn for other weights than the SAE's current ones is none.
/// </summary>
public sealed class FeatureIcons(SaeModelCache models)
{
    private readonly ConcurrentDictionary<string, ((DateTime, long) Version, FeatureIconSet? Set, IconLookup Lookup)> _sets = new();

    /// <summary>The icons of the SAE the context shows.</summary>
    public static IconFolder Folder(WorkspaceContext context) =>
        new(new SaeFiles(context.SaeFolder ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE")).Icons);

    /// <summary><see cref="For"/> off the page's thread: the first look at an SAE hashes its weights file.</summary>
    public Task<IconLookup> ForAsync(WorkspaceContext context) => Task.Run(() => For(context));

    public IconLookup For(WorkspaceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HasSae) return IconLookup.None;
        var folder = Folder(context);
        // Write time and length: file times can be as coarse as a clock tick, and the set grows as icons are drawn.
        var file = new FileInfo(folder.SetPath);
        var version = file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1L);
        var (_, set, lookup) = _sets.AddOrUpdate(folder.SetPath, _ => Read(folder, version),
            (_, known) => known.Version == version ? known : Read(folder, version));
        return set is not null && set.Sae == models.Fingerprint(context) ? lookup : IconLookup.None;
    }

    private static ((DateTime, long), FeatureIconSet?, IconLookup) Read(IconFolder folder, (DateTime, long) version)
    {
        var set = folder.Load();
        return (version, set, set is null ? IconLookup.None : new IconLookup(set.Renderer, set.Icons.ToDictionary(i => i.Feature)));
    }
}
