using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>A feature whose activation steering changed, as the page lists it.</summary>
public sealed record CodeChange(int Feature, float Before, float After);

/// <summary>An image steered: the result, and the biggest changes between its code and the code that came out.</summary>
public sealed record SteeredImage(SteeringResult Result, IReadOnlyList<CodeChange> Changes, bool KeepError);

/// <summary>Applies an edit list to an image page's code through the workspace's SAE (Core <see cref="Steerer"/>).</summary>
public sealed class ImageSteering(SaeModelCache models)
{
    public const int ChangesShown = 10;

    /// <exception cref="SteeringEditException">An edit the SAE cannot apply (e.g. a feature it does not have).</exception>
    public SteeredImage Steer(WorkspaceContext workspace, InspectedImage image, SparseCode code, EditList edits, bool keepError)
    {
        var embedding = image.Embedding ?? throw new InvalidOperationException($"image {image.Key} has no embedding");
        var result = Steerer.Apply(models.Sae(workspace), embedding, code, edits, keepError);
        return new SteeredImage(result, Changes(code, result.Reencoded), keepError);
    }

    /// <summary>The features whose activation moved most between the original code and the re-encoded one.</summary>
    public static IReadOnlyList<CodeChange> Changes(SparseCode before, SparseCode after, int take = ChangesShown)
    {
        var values = new Dictionary<int, (float Before, float After)>();
        for (var i = 0; i < before.Count; i++) values[before.Indices[i]] = (before.Values[i], 0f);
        for (var i = 0; i < after.Count; i++)
            values[after.Indices[i]] = (values.GetValueOrDefault(after.Indices[i]).Before, after.Values[i]);
        return [.. values
            .Select(v => new CodeChange(v.Key, v.Value.Before, v.Value.After))
            .Where(c => c.Before != c.After)
            .OrderByDescending(c => Math.Abs(c.After - c.Before)).ThenBy(c => c.Feature)
            .Take(take)];
    }
}
