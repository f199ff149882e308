using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Tests.Imaging;
using Xunit.Abstractions;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Every hostile weight file (<see cref="HostileWeights"/>) through <see cref="SaeLoader"/>, format detected as an import
/// does: it loads, or is refused with a <see cref="SaeFormatException"/> that names the file (a SAELens folder's errors
/// name the file in it: cfg.json or sae_weights.safetensors). Any other exception (a
/// JSON value of the wrong type, an overflowing shape, a tensor the native library cannot make) is a bug.
/// </summary>
public sealed class HostileWeightTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryHostileWeightFileLoadsOrIsRefusedWithAReason()
    {
        using var dir = new TempDirectory();
        var cases = HostileWeights.Write(dir.Path);
        output.WriteLine($"seed {HostileSeed.Value}: {cases.Count} weight-file cases");
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        foreach (var (name, path) in cases)
        {
            try
            {
                using var sae = SaeLoader.Load(path);
                loaded++;
            }
            catch (SaeFormatException e) when (NamesTheFile(e.Message, name))
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{loaded} loaded, {refused} refused with a reason");
        Assert.True(failures.Count == 0, $"seed {HostileSeed.Value}:\n{string.Join("\n", failures)}");
        Assert.True(cases.Count >= 240 && loaded >= 3, $"{cases.Count} cases, {loaded} loaded");
    }

    private static bool NamesTheFile(string message, string name) =>
        message.Contains(name, StringComparison.Ordinal) || message.Contains(SaeLensLoader.ConfigFile, StringComparison.Ordinal)
        || message.Contains(SaeLensLoader.WeightsFile, StringComparison.Ordinal);
}
