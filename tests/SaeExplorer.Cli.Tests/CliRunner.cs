using System.CommandLine;

namespace SaeExplorer.Cli.Tests;

/// <summary>Runs `saex` in-process with Spectre's and System.CommandLine's output captured as plain text.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = output };
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output), Interactive = Spectre.Console.InteractionSupport.No,
            Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        var code = await SaexCli.Create().Parse(args).InvokeAsync(config);
        return (code, output.ToString());
    }
}
