using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;
using Xunit.Abstractions;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Every hostile .npy file and shard set (<see cref="HostileNpy"/>) opened as an import opens embeddings, and its first
/// row read: it opens and reads, or is refused with an <see cref="NpyFormatException"/>. Any other exception (an
/// overflowing size, an out-of-range read) is a bug.
/// </summary>
public sealed class HostileNpyTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryHostileNpyFileOpensOrIsRefusedWithAReason()
    {
        using var dir = new TempDirectory();
        var cases = HostileNpy.Cases();
        var sets = HostileNpy.ShardSets();
        output.WriteLine($"seed {HostileSeed.Value}: {cases.Count} .npy cases, {sets.Count} shard sets");
        var failures = new List<string>();
        int opened = 0, refused = 0;
        foreach (var c in cases)
            Check(c.ToString(), () =>
            {
                using var file = NpyFile.Open(dir.Write($"{c.Name}.npy", c.Bytes));
                if (file.Rows > 0) file.ReadRow(0, new float[file.Columns]);
            });
        foreach (var (name, shards) in sets)
            Check($"shards/{name}", () =>
            {
                using var matrix = ShardedNpy.Open(shards.Select(s => dir.Write($"{name}-{s.Name}.npy", s.Bytes)).ToList());
                if (matrix.Rows > 0) matrix.ReadRows(matrix.Rows - 1, 1, new float[matrix.Columns]);
            });
        output.WriteLine($"{opened} opened, {refused} refused with a reason");
        Assert.True(failures.Count == 0, $"seed {HostileSeed.Value}:\n{string.Join("\n", failures)}");
        Assert.True(cases.Count + sets.Count >= 150 && opened >= 2, $"{cases.Count + sets.Count} cases, {opened} opened");

        void Check(string what, Action open)
        {
            try
            {
                open();
                opened++;
            }
            catch (NpyFormatException e) when (e.Message.Length > 0)
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
