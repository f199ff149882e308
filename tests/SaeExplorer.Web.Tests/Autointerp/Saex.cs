extern alias saex;
using System.CommandLine;
using System.Text.Json;

namespace SaeExplorer.Web.Tests.Autointerp;

/// <summary>Runs the real `saex` in-process and parses the JSON document it prints.</summary>
internal static class Saex
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1); // Spectre's console is process-wide

    public static async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var (code, output) = await RunAsync(args);
        Assert.True(code == 0, $"saex {string.Join(' ', args)} exited {code}: {output}");
        return JsonDocument.Parse(output);
    }

    /// <summary>The exit code and everything printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        await OneAtATime.WaitAsync();
        try
        {
            var output = new StringWriter();
            Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(output), Interactive = Spectre.Console.InteractionSupport.No,
                Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            });
            var code = await saex::SaeExplorer.Cli.SaexCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
            return (code, output.ToString());
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
