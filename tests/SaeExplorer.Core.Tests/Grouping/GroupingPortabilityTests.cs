using System.Globalization;
using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>
/// The same input gives the same groups on every machine: the sweep below was recorded on an AVX-512 machine, and
/// test.sh runs this class again with DOTNET_EnableAVX512=0 (AVX2) and DOTNET_EnableHWIntrinsic=0 (no SIMD), which
/// must reproduce it bit for bit (Vector256 with fused multiply-adds and fixed-order sums, a portable generator).
/// The input is made with seeded System.Random and plain arithmetic only (no libm), so it is the same everywhere too.
/// </summary>
public class GroupingPortabilityTests
{
    [Fact]
    public void ASweepIsTheRecordedOneOnEveryInstructionSet()
    {
        var random = new Random(21);
        var centres = Enumerable.Range(0, 4).Select(_ => Uniform(random, 100)).ToArray();
        var rows = Enumerable.Range(0, 24).Select(i => centres[i % 4].Zip(Uniform(random, 100), (c, e) => c + 0.8f * e).ToArray()).ToArray();
        var activations = rows.Select(_ => 0.1f + 3 * (float)random.NextDouble()).ToArray();

        var sweep = GroupingInput.Sweep(rows, activations, new GroupingOptions { KMax = 8 });

        Assert.Equal(RecordedObjectives, sweep.Steps.Select(s => s.Objective.ToString("R", CultureInfo.InvariantCulture)));
        Assert.Equal(RecordedGroupsAtK4, GroupingInput.Partition(sweep.Steps[3]).Select(m => string.Join(",", m)));
    }

    private static float[] Uniform(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static readonly string[] RecordedObjectives =
    [
        "15.697440383550457", "23.15819043539853", "27.873268246895012", "30.904417919019636",
        "31.402871632801904", "31.973026193548378", "32.46192001740885", "32.91718385399446",
    ];

    private static readonly string[] RecordedGroupsAtK4 = ["0,4,8,12,16,20", "1,5,9,13,17,21", "2,6,10,14,18,22", "3,7,11,15,19,23"];
}
