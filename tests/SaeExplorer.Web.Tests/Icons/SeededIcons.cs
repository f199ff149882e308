using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Icons;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>An icon set written by hand into the seeded workspace: features 0 (img-5, cos 0.83) and 2 (img-4, cos 0.5).</summary>
internal static class SeededIcons
{
    /// <param name="sae">The SAE fingerprint the set claims; null: the seeded SAE's own.</param>
    public static async Task WriteAsync(IServiceProvider services, string? sae = null)
    {
        var workspace = (await services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        FeatureIcons.Folder(workspace).Save(new FeatureIconSet
        {
            Renderer = "retrieval", Source = "embeddings.npy", Parameters = new RenderParameters { Top = 1 },
            Sae = sae ?? services.GetRequiredService<SaeModelCache>().Fingerprint(workspace),
            Icons = [new FeatureIcon(0, 3f, Row: 5, Cosine: 0.83f), new FeatureIcon(2, 4f, Row: 4, Cosine: 0.5f)],
        });
    }
}
