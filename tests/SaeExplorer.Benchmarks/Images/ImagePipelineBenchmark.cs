using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Images;

/// <summary>
/// An upload taken apart, stage by stage: decode (a 512 x 384 JPEG), encode (the packaged ResNet18), the SAE (a
/// 4,096-feature SAE on ResNet18's 512-d, and a synthetic 81,920-feature SAE on CLIP's 1280-d, both with biases set so
/// about 150 / 300 features fire, as trained SAEs do), the sweep (k 1..20, 8 restarts) on each code, and the image page
/// served for the upload (4,096-feature workspace, in-process Kestrel). The baseline is the whole upload path
/// (decode + encode + SAE + sweep, 4,096 features), so each stage reads as its share.
/// </summary>
public class ImagePipelineBenchmark
{
    private byte[] _jpeg = null!;
    private ImageLoader _loader = null!;
    private OnnxImageEncoder _encoder = null!;
    private Image<Rgb24> _decoded = null!;
    private float[] _resnet = null!, _clip = null!;
    private SparseAutoencoder _small = null!, _large = null!;
    private SparseCode _smallCode = null!, _largeCode = null!;
    private string _dir = null!;
    private WebApplicationFactory<SaeExplorer.Web.Components.App> _app = null!;
    private HttpClient _client = null!;
    private string _page = null!;

    [GlobalSetup]
    public void Setup()
    {
        _loader = new ImageLoader();
        using (var image = new Image<Rgb24>(512, 384))
        {
            var random = new Random(5);
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++) row[x] = new Rgb24((byte)(x / 2), (byte)y, (byte)random.Next(256));
                }
            });
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream);
            _jpeg = stream.ToArray();
        }
        _encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });
        _decoded = _loader.Load(_jpeg, "bench.jpg");
        _resnet = _encoder.Encode(_decoded);
        _small = Sparse(512, 4096, _resnet, firing: 150);
        _clip = Enumerable.Range(0, 1280).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        _large = Sparse(1280, 81_920, _clip, firing: 300);
        _smallCode = _small.EncodeSparse(_resnet);
        _largeCode = _large.EncodeSparse(_clip);
        Console.WriteLine($"// L0: {_smallCode.Count} of 4,096; {_largeCode.Count} of 81,920");
        StartApp();
    }

    /// <summary>A random SAE whose encoder bias lets about <paramref name="firing"/> features fire on <paramref name="x"/>.</summary>
    private static SparseAutoencoder Sparse(int dIn, int dSae, float[] x, int firing)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(11);
        var wEnc = randn(dIn, dSae, generator: g) / MathF.Sqrt(dIn);
        var wDec = randn(dSae, dIn, generator: g);
        wDec.div_(wDec.norm(1, keepdim: true));
        var pre = matmul(tensor(x).unsqueeze(0), wEnc).squeeze(0);
        var cut = pre.sort(descending: true).Values[firing].item<float>();
        var bEnc = full(dSae, -cut);
        return new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, dIn, dSae) { ApplyBDecToInput = false }, wEnc, bEnc, wDec, zeros(dIn));
    }

    /// <summary>A workspace around the 4,096-feature SAE, an upload of the JPEG, and its page's address.</summary>
    private void StartApp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "saex-bench-image", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var sae = Path.Combine(_dir, "sae");
        SaeLensSaver.Save(_small, sae);
        var npy = Path.Combine(_dir, "embeddings.npy");
        using (var writer = NpyWriter.Create(npy, 512, withRowIds: true))
        {
            var random = new Random(3);
            for (var r = 0; r < 2000; r++) writer.WriteRow(_resnet.Select(v => v * (float)(0.5 + random.NextDouble())).ToArray(), $"r{r}");
            writer.Complete();
        }
        _app = new WebApplicationFactory<SaeExplorer.Web.Components.App>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(SaeExplorer.Core.Settings.SaexPaths.Root);
            b.UseSetting("Saex:DataDirectory", _dir);
            b.UseSetting("Saex:Database", Path.Combine(_dir, "saex.db"));
            b.UseSetting("Saex:DemoPack", "");
            b.UseSetting("Encoder:Device", "cpu");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.CreateClient();
        using (var db = _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContext())
        {
            var fingerprint = ModelFingerprint.Of(EncoderOptions.PackagedResNet18Path);
            db.Database.ExecuteSql($"""
                INSERT INTO Workspaces (Name, SpacePreset, SpaceModel, SpaceFingerprint, SpaceNormalization, EmbeddingDimension, CorpusPath, ImportedFrom, EmbeddingsPath, State, CreatedAt, UpdatedAt)
                VALUES ('bench', 'resnet18', 'ResNet18.onnx', {fingerprint}, 'none', 512, {_dir}, {_dir}, {npy}, 'Ready', 0, 0);
                INSERT INTO Saes (WorkspaceId, Name, Origin, Path, Architecture, DIn, DSae, IsActive, TrainingSteps, TrainingSeconds, CreatedAt)
                VALUES (1, 'bench', 'saelens', {sae}, 'standard', 512, 4096, 1, 0, 0, 0);
                """);
        }
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(_jpeg);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/jpeg");
        form.Add(file, "file", "bench.jpg");
        var response = _client.PostAsync("/api/workspaces/bench/images", form).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        _page = response.Headers.Location!.OriginalString;
    }

    [Benchmark(Baseline = true)]
    public GroupingSweep UploadPath4096()
    {
        using var image = _loader.Load(_jpeg, "bench.jpg");
        var code = _small.EncodeSparse(_encoder.Encode(image));
        return IteratedGrouping.Sweep(code, new SaeDecoderRows(_small));
    }

    [Benchmark]
    public Image<Rgb24> Decode() => _loader.Load(_jpeg, "bench.jpg");

    [Benchmark]
    public float[] EncodeResNet18() => _encoder.Encode(_decoded);

    [Benchmark]
    public SparseCode Sae4096() => _small.EncodeSparse(_resnet);

    [Benchmark]
    public GroupingSweep Sweep4096() => IteratedGrouping.Sweep(_smallCode, new SaeDecoderRows(_small));

    [Benchmark]
    public SparseCode Sae81920() => _large.EncodeSparse(_clip);

    [Benchmark]
    public GroupingSweep Sweep81920() => IteratedGrouping.Sweep(_largeCode, new SaeDecoderRows(_large));

    /// <summary>The upload's page as the server renders it (its sweep cached after the first request, as for a reader).</summary>
    [Benchmark]
    public Task<string> PageRender4096() => _client.GetStringAsync(_page);

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.Dispose();
        _encoder.Dispose();
        _decoded.Dispose();
        _small.Dispose();
        _large.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
