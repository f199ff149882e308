using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Tests.Labeling.Vision;
using SaeExplorer.Data;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Autointerp;

/// <summary>
/// The optional "ask the vision model" stage on the real preparation path, against a local chat stand-in that names
/// the colour of the first top image it is shown (the 48-image pack's categories: red, green, blue, stripes): it runs
/// last, asks about at most MaxFeaturesPerRun features, writes each answer as a scored autointerp:vision label, and a
/// second run goes on with the features the first did not reach.
/// </summary>
public sealed class VisionLabelStageTests
{
    private sealed class VisionPackApp(string endpoint) : SaexAppFactory
    {
        protected override int PackImages => 48;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Training:HeldOutFraction", "0.5");
            builder.UseSetting("Training:K", "16");
            builder.UseSetting("Autointerp:Vision:Endpoint", endpoint);
            builder.UseSetting("Autointerp:Vision:Model", "qwen2-vl-stand-in");
            builder.UseSetting("Autointerp:Vision:MaxFeaturesPerRun", "4");
        }
    }

    private static StandInReply NameTheColour(ChatRequest request) =>
        new StandInReply.Text(TinyPack.CategoryOf(ChatRequest.Bytes(request.ImagesAfter(VisionLabeler.TopHeading)[0])));

    [Fact]
    public async Task TheStageAsksAboutABoundedShareOfFeaturesAndTheNextRunGoesOn()
    {
        await using var server = await ChatStandIn.StartAsync(NameTheColour);
        using var app = new VisionPackApp(server.Endpoint);
        using var _ = await app.ReadyClientAsync();

        Assert.EndsWith(",icons,label-vision", await app.CompletedStagesAsync("demo")); // last, after the icons
        Assert.Equal(4, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("qwen2-vl-stand-in", r.Model);
            Assert.InRange(r.ImagesAfter(VisionLabeler.TopHeading).Length, 1, 8);
            Assert.Equal(4, r.ImagesAfter(VisionLabeler.ContrastHeading).Length);
        });
        var factory = app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var job = await db.Jobs.AsNoTracking().Where(j => j.Stage == VisionLabelStage.StageKey).SingleAsync();
            Assert.Equal((JobState.Succeeded, 4, 4), (job.State, job.Done, job.Total));
        }
        var first = await VisionLabelsAsync(factory);
        Assert.Equal(4, first.Count);
        Assert.All(first, l => Assert.Contains(l.Text, TinyPack.Categories));
        Assert.All(first, l => Assert.True(l.Score is not null || l.ScoreNote is not null, $"feature {l.Feature}: neither a score nor why not"));

        var context = (await app.Services.GetRequiredService<WorkspaceQueries>().FindAsync("demo"))!;
        var summary = await app.Services.GetRequiredService<VisionLabelling>().RunAsync(context, (_, _) => { }, CancellationToken.None);

        Assert.Equal((4, 4, (string?)null), (summary.Asked, summary.Labelled + summary.Refused, summary.Stopped));
        var both = await VisionLabelsAsync(factory);
        Assert.Equal(8, both.Count);
        Assert.Equal(8, server.Requests.Count);
        Assert.Empty(both.Select(l => l.Feature).Take(4).Intersect(both.Select(l => l.Feature).Skip(4)));
    }

    private static async Task<List<Data.Labels.LabelRecord>> VisionLabelsAsync(IDbContextFactory<SaexDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Labels.AsNoTracking().Where(l => l.Source == VisionLabelling.Source).OrderBy(l => l.Id).ToListAsync();
    }
}
