using System.CommandLine;
using System.Globalization;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Loading;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex group`: the iterated grouping of Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP
/// With Sparse Autoencoders", 2024, of one embedding row's active features (every k, and the chosen one).</summary>
public static class GroupCommand
{
    private static readonly GroupingOptions Defaults = new();

    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy).", Required = true };
        var row = new Option<long>("--row") { Description = "The row (image) to group, 0-based.", Required = true };
        var kMax = new Option<int>("--kmax") { Description = "Largest k tried (capped by the number of active features).", DefaultValueFactory = _ => Defaults.KMax };
        var tau = new Option<string?>("--tau") { Description = "Smallest group mass of the chosen k: an activation mass (5) or a share (10%). Default 10%." };
        var tauShare = new Option<string?>("--tau-share") { Description = "Tau as a share of the row's total activation mass, in percent (10 or 10%)." };
        var restarts = new Option<int>("--restarts") { Description = "k-means++ restarts per k.", DefaultValueFactory = _ => Defaults.Restarts };
        var seed = new Option<int>("--seed") { Description = "Random seed (the same seed gives the same groups).", DefaultValueFactory = _ => Defaults.Seed };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (sweep, chosen_k, groups)." };
        var command = new Command("group", "Group the active SAE features of one embedding row by decoder direction (spherical k-means for k = 1..kmax).")
        {
            embeddings, row, kMax, tau, tauShare, restarts, seed, json,
        };
        sae.AddTo(command);
        command.SetAction((parse, _) => Task.FromResult(Cli.Guard(() =>
        {
            var options = new GroupingOptions
            {
                KMax = AtLeastOne(parse.GetValue(kMax), "--kmax"),
                Restarts = AtLeastOne(parse.GetValue(restarts), "--restarts"),
                Seed = parse.GetValue(seed),
            };
            var threshold = ParseTau(parse.GetValue(tau), parse.GetValue(tauShare));
            using var data = NpyFile.Open(parse.GetRequiredValue(embeddings).FullName);
            var r = parse.GetValue(row);
            if (r < 0 || r >= data.Rows)
                throw new FormatException($"--row {r} is outside the file's {data.Rows} rows (0 to {data.Rows - 1})");
            using var model = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), data.Columns);
            var embedding = new float[data.Columns];
            data.ReadRow(r, embedding);
            var sweep = IteratedGrouping.Sweep(model.EncodeSparse(embedding), new SaeDecoderRows(model), options, threshold);
            if (parse.GetValue(json)) AnsiConsole.Profile.Out.Writer.WriteLine(GroupingJson.Write(r, sweep)); // stdout, unwrapped
            else GroupingTable.Write(r, sweep);
            return 0;
        })));
        return command;
    }

    /// <summary>--tau (a mass, or a share with %), or --tau-share (percent), never both; neither: the default share.</summary>
    internal static Tau ParseTau(string? tau, string? tauShare)
    {
        if (tau is not null && tauShare is not null)
            throw new FormatException("--tau and --tau-share exclude each other: give one of them");
        if (tauShare is not null) return Tau.Parse(tauShare.Trim().TrimEnd('%') + "%");
        return tau is null ? Tau.Default : Tau.Parse(tau);
    }

    private static int AtLeastOne(int value, string option) => value >= 1
        ? value
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{option} must be at least 1, got {value}"));
}
