using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;
using Spectre.Console;

namespace SaeExplorer.Cli;

/// <summary>Turns the errors a user can cause (bad files, missing paths, an unreachable database) into one red line and exit code 2.</summary>
public static class Cli
{
    public static int Guard(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is SaeFormatException or NpyFormatException or IOException or InvalidDataException
                                      or ArgumentException or UnauthorizedAccessException or FormatException
                                      or Core.Labeling.Vision.VisionRequestException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// <see cref="Guard"/> for commands that open the app's database: also a database that refuses the statement or
    /// cannot be reached (the message names it, never its password), and refused input.
    /// </summary>
    public static async Task<int> GuardAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or InvalidOperationException
                                      or System.Data.Common.DbException or DatabaseUnavailableException or LabelInputException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }
}
