using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae;
using Spectre.Console;

namespace SaeExplorer.Cli;

/// <summary>Turns the errors a user can cause (bad files, missing paths) into one red line and exit code 2.</summary>
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
}
