using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Saes;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Services.Preparation;
using Xunit.Abstractions;

namespace SaeExplorer.Web.Tests.Autointerp;

/// <summary>
/// The "label features" stage on the real preparation path: its labels are the ones `saex autointerp --method top-images --json` prints for
/// the workspace's files, re-running it replaces only its own labels, people's labels get a score (or the reason they
/// have none), and the report's purity is `saex eval-sae --held-out --manifest`'s.
/// </summary>
public sealed class LabelFeaturesStageTests(LabelledPackApp app, ITestOutputHelper output) : IClassFixture<LabelledPackApp>
{
    private const string Source = "autointerp:top-images"; // Autointerp:Method's default

    private sealed record Files(int WorkspaceId, int SaeId, string Sae, string Embeddings, string Manifest, string Corpus);

    private async Task<Files> ReadyAsync()
    {
        using var _ = await app.ReadyClientAsync();
        await using var db = await Db();
        var ws = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == "demo");
        var sae = await db.Saes.AsNoTracking().SingleAsync(s => s.WorkspaceId == ws.Id && s.IsActive);
        return new Files(ws.Id, sae.Id, sae.Path, ws.EmbeddingsPath!, Path.Combine(ws.CorpusPath, CorpusManifest.FileName), ws.CorpusPath);
    }

    private Task<SaexDbContext> Db() => app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();

    private TrainerOptions Training => app.Services.GetRequiredService<TrainerOptions>();

    private string[] SplitArgs => ["--held-out-fraction", Training.HeldOutFraction.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--seed", Training.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    [Fact]
    public async Task TheStageWritesTheLabelsSaexAutointerpPrintsWithTheirScores()
    {
        var files = await ReadyAsync();
        using var printed = await Saex.JsonAsync(["autointerp", "--sae", files.Sae, "--embeddings", files.Embeddings, "--manifest", files.Manifest, .. SplitArgs, "--method", "top-images", "--json"]);
        var expected = printed.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("label").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("feature").GetInt32(), f => (
                Text: f.GetProperty("label").GetString(), Score: Number(f.GetProperty("score")), Balanced: Number(f.GetProperty("balanced_accuracy"))));
        Assert.NotEmpty(expected);

        await using var db = await Db();
        var written = await db.Labels.AsNoTracking().Where(l => l.SaeId == files.SaeId && l.Source == Source).ToListAsync();
        Assert.Equal(expected.Count, written.Count);
        foreach (var label in written)
        {
            var want = expected[label.Feature!.Value];
            Assert.Equal((want.Text, want.Score, want.Balanced), (label.Text, label.Score, label.BalancedAccuracy));
            Assert.Null(label.AuthorId);
        }
        // Where no person labelled the feature, the automatic label is what the list, search and image bars show.
        var humanFeatures = await db.Labels.Where(l => l.SaeId == files.SaeId && l.Source == LabelSource.Human).Select(l => l.Feature).ToListAsync();
        var tops = await db.Features.AsNoTracking().Where(f => f.SaeId == files.SaeId).ToDictionaryAsync(f => f.Feature, f => (f.TopLabel, f.TopLabelScore));
        foreach (var (feature, want) in expected.Where(e => !humanFeatures.Contains(e.Key)))
            Assert.Equal((want.Text, want.Score), tops[feature]);

        var job = await db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == files.WorkspaceId && j.Stage == LabelFeaturesStage.StageKey).OrderBy(j => j.Id).LastAsync();
        Assert.Equal((JobState.Succeeded, 4, 4), (job.State, job.Done, job.Total));

        var report = printed.RootElement.GetProperty("report");
        var agreement = report.GetProperty("agreement");
        output.WriteLine($"48-image pack: {expected.Count} of {report.GetProperty("alive").GetInt32()} alive features labelled; agreement with the " +
                         $"top held-out images' category {agreement.GetProperty("matches")}/{agreement.GetProperty("compared")}; " +
                         $"held-out AUROC mean {report.GetProperty("held_out_auroc").GetProperty("mean")}, deciles {report.GetProperty("held_out_auroc").GetProperty("deciles")}");
    }

    [Fact]
    public async Task RunningAgainReplacesOnlyItsOwnLabelsAndScoresPeoplesLabelsAgainstTheVocabulary()
    {
        var files = await ReadyAsync();
        var store = app.Services.GetRequiredService<LabelStore>();
        int[] features;
        await using (var db = await Db())
            features = await db.Labels.Where(l => l.SaeId == files.SaeId && l.Source == Source).OrderBy(l => l.Feature).Select(l => l.Feature!.Value).Take(2).ToArrayAsync();
        Assert.Equal(2, features.Length);
        // A category some automatic label names that is a vocabulary term (top-image labels are categories, not all of
        // them terms); a person types it in capitals, with spaces.
        var vocabulary = (await app.Services.GetRequiredService<AutointerpRuns>().ForSaeAsync(files.SaeId))!.Result!.Vocabulary!;
        string category;
        await using (var db = await Db())
            category = (await db.Labels.Where(l => l.SaeId == files.SaeId && l.Source == Source).Select(l => l.Text).Distinct().ToListAsync())
                .First(t => TinyPack.Categories.Contains(t) && vocabulary.Find(t) is not null);
        var inVocabulary = await store.AddAsync(new LabelTarget.OfFeature(files.SaeId, features[0]), $"  {category.ToUpperInvariant()} ", null);
        var notInVocabulary = await store.AddAsync(new LabelTarget.OfFeature(files.SaeId, features[1]), "zebra crossing", null);
        var before = await AutoLabelsAsync(files.SaeId);
        var voter = await app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        await using (voter)
        {
            voter.Users.Add(new Data.Accounts.SaexUser { Id = "stage-voter", UserName = "stage-voter" });
            await voter.SaveChangesAsync();
        }
        await store.VoteAsync(before.Keys.First(), "stage-voter", +1);

        await RunStageAgainAsync(files);

        var after = await AutoLabelsAsync(files.SaeId);
        Assert.Equal(before, after); // same ids, texts and scores: nothing replaced needlessly, no twin
        var voted = await store.FindAsync(before.Keys.First(), null);
        Assert.Equal(1, voted!.Up); // the vote on an automatic label survives the re-run

        var red = (await store.FindAsync(inVocabulary, null))!;
        Assert.Equal(category.ToUpperInvariant(), red.Text);
        var (auroc, balanced) = await ReferenceScoreAsync(files, features[0], category);
        Assert.True(red.Score is not null, $"'{red.Text}' on feature {features[0]} has no score: {red.ScoreNote ?? "not scored"}");
        Assert.Equal(auroc, red.Score!.Value, 12);
        Assert.Equal(balanced, red.BalancedAccuracy!.Value, 12);

        var zebra = (await store.FindAsync(notInVocabulary, null))!;
        Assert.Null(zebra.Score);
        Assert.Contains("not in this workspace's vocabulary", zebra.ScoreNote);
    }

    [Fact]
    public async Task TheReportsPurityIsSaexEvalSaes()
    {
        var files = await ReadyAsync();
        using var printed = await Saex.JsonAsync(["eval-sae", "--sae", files.Sae, "--embeddings", files.Embeddings, "--held-out", .. SplitArgs,
            "--manifest", files.Manifest, "--json"]);
        await using var db = await Db();
        var stored = StoredReport.FromJson(await db.Saes.Where(s => s.Id == files.SaeId).Select(s => s.ReportJson).SingleAsync())!;
        var purity = printed.RootElement.GetProperty("purity");
        Assert.NotNull(stored.Purity);
        Assert.Equal(purity.GetProperty("images").GetInt32(), stored.Purity.Images);
        foreach (var (name, mine) in new[] { ("sae", stored.Purity.Sae), ("raw_dimensions", stored.Purity.RawDimensions) })
        {
            var theirs = purity.GetProperty(name);
            Assert.Equal(theirs.GetProperty("units").GetInt32(), mine.Units);
            Assert.Equal(theirs.GetProperty("candidates").GetInt32(), mine.Candidates);
            Assert.Equal(Number(theirs.GetProperty("purity")) ?? double.NaN, mine.Purity);
        }
        Assert.True(stored.Purity.Sae.Units > 0, "no SAE feature fired on 5 held-out images: the comparison would be empty");
    }

    private async Task<Dictionary<int, (int? Feature, string Text, double? Score, int Version)>> AutoLabelsAsync(int saeId)
    {
        await using var db = await Db();
        return (await db.Labels.AsNoTracking().Where(l => l.SaeId == saeId && l.Source == Source).ToListAsync())
            .ToDictionary(l => l.Id, l => (l.Feature, l.Text, l.Score, l.Version));
    }

    private async Task RunStageAgainAsync(Files files)
    {
        var stage = app.Services.GetServices<IPreparationStage>().OfType<LabelFeaturesStage>().Single();
        var workspaceFiles = WorkspaceFiles.For(app.Services.GetRequiredService<SaexOptions>(), "demo");
        var sae = SaeTarget.Of((await app.Services.GetRequiredService<SaeStore>().OfWorkspaceAsync(files.WorkspaceId))[0]);
        await stage.RunAsync(new PreparationContext(files.WorkspaceId, "demo", files.Corpus, null, files.Embeddings, workspaceFiles, sae, (_, _) => { }),
            CancellationToken.None);
    }

    /// <summary>
    /// AUROC (Mann-Whitney, ties one half, by counting every pair) and balanced accuracy ("fires" = activation &gt; 0) of
    /// the feature's activation against "the image's category is <paramref name="category"/>", over the held-out rows.
    /// </summary>
    private async Task<(double Auroc, double Balanced)> ReferenceScoreAsync(Files files, int feature, string category)
    {
        await Task.Yield();
        using var data = NpyFile.Open(files.Embeddings);
        var ids = RowIdMap.Read(data);
        var byId = CorpusManifest.Read(files.Manifest).ToDictionary(e => e.Id, e => e.Category);
        using var model = SaeLoader.Load(files.Sae);
        var row = new float[data.Columns];
        var scored = new List<(float Activation, bool Positive)>();
        foreach (var r in DataSplit.Create(data.Rows, Training.HeldOutFraction, Training.Seed).HeldOut)
        {
            data.ReadRows(r, 1, row);
            scored.Add((model.Encode(row)[feature], string.Equals(byId[ids[r]], category, StringComparison.OrdinalIgnoreCase)));
        }
        var positives = scored.Where(s => s.Positive).ToList();
        var negatives = scored.Where(s => !s.Positive).ToList();
        double won = 0;
        foreach (var p in positives)
            foreach (var n in negatives)
                won += p.Activation > n.Activation ? 1 : p.Activation == n.Activation ? 0.5 : 0;
        var balanced = 0.5 * (positives.Count(p => p.Activation > 0) / (double)positives.Count + negatives.Count(n => !(n.Activation > 0)) / (double)negatives.Count);
        return (won / (positives.Count * (double)negatives.Count), balanced);
    }

    private static double? Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
