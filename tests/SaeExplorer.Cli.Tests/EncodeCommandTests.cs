using System.Buffers.Binary;
using System.CommandLine;
using System.Text;
using SaeExplorer.Testing;

namespace SaeExplorer.Cli.Tests;

public sealed class EncodeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-cli-").FullName;

    [Fact]
    public async Task EncodingAFolderOfTenImagesWritesATenBy512NpyThatNumpyWouldLoad()
    {
        var pack = TinyPack.Write(Path.Combine(_dir, "pack"), 10);
        var npy = Path.Combine(_dir, "out.npy");

        var (code, output) = await CliRunner.RunAsync("encode", "--images", Path.Combine(pack, "images"), "--out", npy);

        Assert.Equal(0, code);
        Assert.Contains("wrote 10 x 512", output);
        var bytes = await File.ReadAllBytesAsync(npy);
        // numpy's own reader: magic, version 1.0, header length, dict, then rows x cols little-endian f4.
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }, bytes[..6]);
        Assert.Equal((byte)1, bytes[6]);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'fortran_order': False", header);
        Assert.Contains("'shape': (10, 512)", header);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal(10 + headerLength + 10 * 512 * 4, bytes.Length);
        Assert.Equal(10, (await File.ReadAllLinesAsync(Path.Combine(_dir, "out.ids.txt"))).Length);
    }

    [Fact]
    public async Task BadFilesInAManifestAreListedAsSkippedWithReasons()
    {
        var pack = TinyPack.Write(Path.Combine(_dir, "pack"), 3, new Dictionary<string, byte[]>
        {
            ["zero.jpg"] = [],
            ["words.png"] = "hello"u8.ToArray(),
        });
        File.AppendAllLines(Path.Combine(pack, "manifest.csv"), ["missing,images/missing.jpg,,,,,", "passwd,/etc/passwd,,,,,"]);

        var (code, output) = await CliRunner.RunAsync("encode", "--manifest", Path.Combine(pack, "manifest.csv"), "--out", Path.Combine(_dir, "m.npy"), "--dtype", "f16");

        Assert.Equal(0, code);
        Assert.Contains("wrote 3 x 512 float16", output);
        Assert.Contains("file is empty", output);
        Assert.Contains("not an image (unknown format)", output);
        Assert.Contains("file not found", output);
        Assert.Equal(2, output.Split("not an image").Length - 1); // words.png, and /etc/passwd read by its absolute path
    }

    [Fact]
    public async Task AManifestMayNameItsImagesByAbsolutePathAnywhere()
    {
        // The CLI runs as the files' owner: a manifest made elsewhere names images by absolute path outside its folder.
        var images = TinyPack.Write(Path.Combine(_dir, "elsewhere"), 2);
        var manifest = Path.Combine(_dir, "lists", "manifest.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllLines(manifest,
        [
            "id,file,category,subcategory,description,source,licence",
            $"a,{Path.Combine(images, "images", "00000.jpg")},,,,,",
            $"b,../elsewhere/images/00001.jpg,,,,,",
        ]);

        var (code, output) = await CliRunner.RunAsync("encode", "--manifest", manifest, "--out", Path.Combine(_dir, "abs.npy"));

        Assert.True(code == 0, output);
        Assert.Contains("wrote 2 x 512", output);
        Assert.Equal(["a", "b"], await File.ReadAllLinesAsync(Path.Combine(_dir, "abs.ids.txt")));
    }

    [Fact]
    public async Task WritingNoRowsFromANonEmptyInputIsAnErrorAndLeavesNoFile()
    {
        var manifest = Path.Combine(_dir, "gone", "manifest.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllLines(manifest, ["id,file,category,subcategory,description,source,licence", "x,images/x.jpg,,,,,", "y,/nowhere/y.jpg,,,,,"]);
        var npy = Path.Combine(_dir, "none.npy");

        var (code, output) = await CliRunner.RunAsync("encode", "--manifest", manifest, "--out", npy);

        Assert.Equal(2, code);
        Assert.Contains("none of the 2 images could be encoded (first reason: file not found)", output);
        Assert.Empty(Directory.GetFiles(_dir, "none*"));
    }

    [Fact]
    public async Task GivingBothOrNeitherSourceIsAUsageError()
    {
        var (code, output) = await CliRunner.RunAsync("encode", "--out", Path.Combine(_dir, "x.npy"));
        Assert.NotEqual(0, code);
        Assert.Contains("exactly one of --images DIR or --manifest CSV", output);
    }

    [Fact]
    public async Task AMissingModelFileIsAClearErrorNotADownload()
    {
        var pack = TinyPack.Write(Path.Combine(_dir, "pack"), 1);
        var (code, output) = await CliRunner.RunAsync("encode", "--images", pack, "--model", "clip-vit-bigg-14",
            "--model-path", Path.Combine(_dir, "nope", "clip.onnx"), "--out", Path.Combine(_dir, "c.npy"));
        Assert.Equal(2, code);
        Assert.Contains("clip.onnx", output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
