using SaeExplorer.Core.IO;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AWriteThatFailsHalfwayLeavesTheOldFileWhole()
    {
        var path = _dir.File("deep/er/state.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new IOException("disk full");
        }));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void ACommittedWriteLeavesNoPartialFileBehind()
    {
        var path = _dir.File("cfg.json");
        AtomicFile.WriteAllText(path, "{\"a\": 1}");
        Assert.Equal("{\"a\": 1}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task ConcurrentWritersOfOnePathEachLeaveAWholeFile()
    {
        var path = _dir.File("thumb.jpg");
        var payloads = Enumerable.Range(0, 16).Select(i => Enumerable.Repeat((byte)i, 100_000).ToArray()).ToList();

        await Task.WhenAll(payloads.Select(p => Task.Run(() => AtomicFile.WriteAllBytesAsync(path, p))));

        var final = File.ReadAllBytes(path);
        Assert.Contains(payloads, p => p.SequenceEqual(final)); // one writer's bytes, never a mix
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }
}
