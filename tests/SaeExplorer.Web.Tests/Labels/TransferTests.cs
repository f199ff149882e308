using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>Labels and lists out and back in as JSON and CSV, Neuronpedia explanations, and imports refused whole at the wrong line.</summary>
public sealed class TransferTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private LabelTransferStore _labels = null!;
    private ListTransferStore _lists = null!;
    private string _lara = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        (_labels, _lists) = (new LabelTransferStore(_seeded.Factory), new ListTransferStore(_seeded.Factory));
        _lara = await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller);
        var id = await new LabelStore(_seeded.Factory).AddAsync(new LabelTarget.OfFeature(_seeded.SaeId, 1), "green, \"quoted\"", _lara);
        await new AutoLabelStore(_seeded.Factory).SetScoreAsync(id, new LabelScore(0.625, 0.5, null));
    }

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private static string Text(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<int> LabelCountAsync()
    {
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        return await db.Labels.CountAsync();
    }

    [Theory]
    [InlineData(TransferFormat.Json)]
    [InlineData(TransferFormat.Csv)]
    public async Task LabelsGoOutAndComeBackTheSame(TransferFormat format)
    {
        var exported = await _labels.ExportAsync("demo");
        Assert.Equal([("red things", "autointerp:decoder-direction", 0.9, (string?)null), ("blue sky", "autointerp:decoder-direction", 0.9, null),
            ("green, \"quoted\"", "human", 0.625, "lara")], exported.Select(r => (r.Text, r.Source, r.Score!.Value, r.Author)));
        var file = Text(s => LabelTransferStore.Write(s, format, exported));

        Assert.Equal(3, (await _labels.ImportAsync(file, format, _lara)).Count);
        var again = (await _labels.ExportAsync("demo")).Skip(3).ToList();
        Assert.Equal(exported.Select(r => r with { Author = r.Source == "human" ? "lara" : null }), again);
        Assert.Equal(6, await LabelCountAsync());
    }

    [Theory]
    [InlineData(TransferFormat.Csv, "workspace,feature,text\ndemo,0,fine\ndemo,1,also fine\ndemo,2,   \n", "line 4: A label cannot be empty")]
    [InlineData(TransferFormat.Csv, "workspace,feature,text\ndemo,0,fine\ndemo,99,no such feature\n", "line 3: workspace 'demo' has no feature #99")]
    [InlineData(TransferFormat.Csv, "workspace,feature,text\ndemo,x,bad number\n", "line 2: 'feature' must be a whole number")]
    [InlineData(TransferFormat.Csv, "workspace,feature,text,colour\ndemo,1,a,red\n", "line 2: unknown column 'colour'")]
    [InlineData(TransferFormat.Csv, "workspace,feature,text\ndemo,0,fine\ndemo,1,\"never closed\n", "line 3: not valid CSV")]
    [InlineData(TransferFormat.Csv, "workspace,feature,text\nnowhere,1,a\n", "line 2: there is no workspace named 'nowhere'")]
    [InlineData(TransferFormat.Json, "[\n{\"workspace\": \"demo\", \"feature\": 0, \"text\": \"ok\"},\n{\"workspace\": \"demo\", \"feature\": 1, \"text\": \"ok\", \"source\": \"robot\"}\n]",
        "line 3: A label's source is 'human' or 'autointerp:<method>'")]
    [InlineData(TransferFormat.Json, "[\n{\"workspace\": \"demo\", \"feature\": 0, \"text\": \"ok\"},\n{\"workspace\": \"demo\", \"feature\": 1, \"group\": \"g\", \"text\": \"[both]\"}\n]",
        "line 3: a label is on a feature")]
    [InlineData(TransferFormat.Json, "[\n{\"workspace\": \"demo\", \"feature\": 0, \"text\": \"ok\"},\n{\"workspace\": \"demo\" \"feature\": 1}\n]", "line 3: not valid JSON")]
    [InlineData(TransferFormat.Json, "{\"labels\": []}", "line 1: the file must be a JSON array")]
    [InlineData(TransferFormat.Json, "[]", "the file holds no label")]
    public async Task AMalformedImportIsRefusedWholeNamingTheLineAndNothingIsImported(TransferFormat format, string file, string message)
    {
        var before = await LabelCountAsync();
        var refused = await Assert.ThrowsAsync<TransferException>(() => _labels.ImportAsync(file, format, _lara));
        Assert.Contains(message, refused.Message);
        Assert.Equal(before, await LabelCountAsync());
    }

    [Theory]
    [InlineData(TransferFormat.Json)]
    [InlineData(TransferFormat.Csv)]
    public async Task ListsGoOutAndComeBackAsNewListsOfTheImporter(TransferFormat format)
    {
        var store = new ListStore(_seeded.Factory);
        var slug = await store.CreateAsync(_lara, "reds", "warm colours");
        await store.AddFeatureAsync(slug, _lara, _seeded.SaeId, 0, "the red one");
        await store.AddFeatureAsync(slug, _lara, _seeded.SaeId, 3, null);
        await store.CreateAsync(_lara, "empty", null);
        var exported = await _lists.ExportAsync();
        Assert.Equal([("reds", "demo", (int?)0, "the red one"), ("reds", "demo", 3, ""), ("empty", null, null, null)],
            exported.Select(r => (r.Name, r.Workspace, r.Feature, r.Note)));

        var slugs = await _lists.ImportAsync(Text(s => ListTransferStore.Write(s, format, exported)), format, _lara);
        Assert.Equal(2, slugs.Count);
        var copy = (await store.FindAsync(slugs[0]))!;
        Assert.Equal(("reds", "warm colours", 2), (copy.Name, copy.Notes, copy.Items.Count));
        Assert.Empty((await store.FindAsync(slugs[1]))!.Items);

        var refused = await Assert.ThrowsAsync<TransferException>(() => _lists.ImportAsync(
            "list,name,workspace,feature\na,new list,demo,1\na,new list,demo,42\n", TransferFormat.Csv, _lara));
        Assert.Contains("line 3: workspace 'demo' has no feature #42", refused.Message);
        Assert.Equal(4, (await store.AllAsync()).Count); // the refused file made no list
    }

    [Fact]
    public async Task ExplanationsAreNeuronpediaShapedGzipJsonLines()
    {
        using var buffer = new MemoryStream();
        Explanations.Write(buffer, Explanations.Of(await _labels.ExportAsync("demo"), modelId: "resnet18", layer: "0-saex"));
        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        var lines = new StreamReader(gzip).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var last = JsonDocument.Parse(lines[2]);
        var row = last.RootElement;
        Assert.Equal(["modelId", "layer", "index", "description", "authorName", "score", "typeName"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("resnet18", "0-saex", "1", "green, \"quoted\"", "lara", 0.625, "human"), (row.GetProperty("modelId").GetString(),
            row.GetProperty("layer").GetString(), row.GetProperty("index").GetString(), row.GetProperty("description").GetString(),
            row.GetProperty("authorName").GetString(), row.GetProperty("score").GetDouble(), row.GetProperty("typeName").GetString()));
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("autointerp", first.RootElement.GetProperty("authorName").GetString());
    }
}

/// <summary>The import endpoints: a labeller's bad file is a 400 naming the line; a form-like body is 415; neither imports anything.</summary>
public abstract class TransferApiTests(LabelsAppFixture fixture)
{
    [Fact]
    public async Task ABadFileIsA400NamingTheLineAndAnUnknownContentTypeA415()
    {
        using var client = fixture.TokenClient(Role.Labeller);
        using var bad = await client.PostAsync("/api/labels/import",
            new StringContent("workspace,feature,text\ndemo,1,ok\ndemo,1,\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Nothing was imported: line 3", await bad.Content.ReadAsStringAsync());

        using var form = await client.PostAsync("/api/labels/import", new StringContent("workspace,feature,text\ndemo,1,ok\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        using var csv = await client.GetAsync("/api/labels/export?workspace=demo&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("demo,1,ok", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnImportTellsTheOpenPagesOfItsFeatures()
    {
        var live = fixture.App.Services.GetRequiredService<SaeExplorer.Web.Services.Live.LiveUpdates>();
        var feature = new TaskCompletionSource();
        var sae = new TaskCompletionSource();
        using var onFeature = live.Subscribe(new LabelTarget.OfFeature(fixture.Seeded.SaeId, 5).Topic, () => Task.FromResult(feature.TrySetResult()));
        using var onSae = live.Subscribe(LabelTarget.SaeTopic(fixture.Seeded.SaeId), () => Task.FromResult(sae.TrySetResult()));
        using var client = fixture.TokenClient(Role.Labeller);

        using var imported = await client.PostAsync("/api/labels/import", new StringContent("workspace,feature,text\ndemo,5,imported sky\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        await Task.WhenAll(feature.Task, sae.Task).WaitAsync(TimeSpan.FromSeconds(15));
    }
}

public sealed class TransferApiTestsOnSqlite(LabelsAppFixture fixture) : TransferApiTests(fixture), IClassFixture<LabelsAppFixture>;

public sealed class TransferApiTestsOnPostgres(LabelsAppFixtureOnPostgres fixture) : TransferApiTests(fixture), IClassFixture<LabelsAppFixtureOnPostgres>;

/// <summary>`saex labels export|import --db`: the same files, on the database file itself.</summary>
public sealed class LabelsCommandTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller);
    }

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private string Db => _seeded.Options.Database;

    [Fact]
    public async Task ExportThenImportDoublesTheLabelsAndABadFileImportsNothingAndSaysTheLine()
    {
        var csv = Path.Combine(_seeded.Directory, "labels.csv");
        var (code, output) = await Autointerp.Saex.RunAsync("labels", "export", "--db", Db, "--format", "csv", "--out", csv);
        Assert.True(code == 0, output);
        Assert.Contains("wrote 2 labels", output);
        Assert.StartsWith("workspace,feature,group,text,source,score,balanced_accuracy,author", await File.ReadAllTextAsync(csv));

        (code, output) = await Autointerp.Saex.RunAsync("labels", "import", "--db", Db, "--file", csv, "--as", "lara");
        Assert.True(code == 0, output);
        Assert.Contains("imported 2 labels", output);

        var bad = Path.Combine(_seeded.Directory, "bad.json");
        await File.WriteAllTextAsync(bad, "[\n{\"workspace\": \"demo\", \"feature\": 1, \"text\": \"fine\"},\n{\"workspace\": \"demo\", \"feature\": 77, \"text\": \"no\"}\n]");
        (code, output) = await Autointerp.Saex.RunAsync("labels", "import", "--db", Db, "--file", bad, "--as", "lara");
        Assert.Equal(2, code);
        Assert.Contains("nothing was imported: line 3: workspace 'demo' has no feature #77", output);
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        Assert.Equal(4, await db.Labels.CountAsync());

        var dir = Path.Combine(_seeded.Directory, "np");
        (code, output) = await Autointerp.Saex.RunAsync("labels", "export", "--db", Db, "--workspace", "demo", "--format", "neuronpedia", "--out", dir);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(dir, "explanations", "demo.jsonl.gz")));
    }
}
