using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Preparation;

/// <summary>Which stages a workspace still runs, from the keys of the jobs it completed (PreparationWorker.Pending).</summary>
public sealed class PendingStagesTests
{
    private sealed record Stage(string Key, int Order) : IPreparationStage
    {
        public string Title => Key;
        public StageScope Scope => StageScope.Sae;
        public Task RunAsync(PreparationContext context, CancellationToken ct) => Task.CompletedTask;
    }

    // The app's stages, in a shuffled order (Pending orders them), with the label stage under its current key.
    private static readonly Stage[] Stages =
        [new("icons", 50), new("import", 10), new(LabelFeaturesStage.StageKey, 40), new("train", 20), new("index", 30)];

    private static string[] Pending(params string[] completed) =>
        PreparationWorker.Pending(Stages, completed.ToHashSet()).Select(s => s.Key).ToArray();

    [Fact]
    public void AReadyWorkspaceRunsNothingAndANewOneEverything()
    {
        Assert.Empty(Pending("import", "train", "index", LabelFeaturesStage.StageKey, "icons"));
        Assert.Equal(["import", "train", "index", LabelFeaturesStage.StageKey, "icons"], Pending());
    }

    [Fact]
    public void AWorkspaceLabelledByTheFirstVersionRunsTheLabelStageAndWhatFollowsAgain()
    {
        Assert.NotEqual("label", LabelFeaturesStage.StageKey); // v2 keeps purity's chance and the scores' caveats
        Assert.Equal([LabelFeaturesStage.StageKey, "icons"], Pending("import", "train", "index", "label", "icons"));
    }

    [Fact]
    public void AStageThatRunsAgainRebuildsEverythingAfterIt()
    {
        // Training ran again (a new SAE) and the old index and labels were built on the old one: from train on.
        Assert.Equal(["train", "index", LabelFeaturesStage.StageKey, "icons"], Pending("import", "index", LabelFeaturesStage.StageKey, "icons"));
    }

    [Fact]
    public void AWorkspacePreparedBeforeTheNearestImagesStageRunsItAndWhatFollows()
    {
        Stage[] withNearest = [.. Stages, new("nearest-images", 35)];
        Assert.Equal(["nearest-images", LabelFeaturesStage.StageKey, "icons"],
            PreparationWorker.Pending(withNearest, new HashSet<string> { "import", "train", "index", LabelFeaturesStage.StageKey, "icons" }).Select(s => s.Key));
    }
}
