using System.CommandLine;
using SaeExplorer.Core.Sae.Loading;

namespace SaeExplorer.Cli.Commands;

/// <summary>The --sae / --format pair shared by the commands that load an SAE.</summary>
public sealed class SaeOptions
{
    public Option<string> Path { get; } = new("--sae") { Description = "SAE: SAELens folder, a .pth as published with Daujotas, \"Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse Autoencoders\", 2024, or saev sae.pt.", Required = true };

    public Option<SaeFormat> Format { get; } = new("--format") { Description = "auto (default), saelens, pth or saev.", DefaultValueFactory = _ => SaeFormat.Auto };

    public void AddTo(Command command)
    {
        command.Options.Add(Path);
        command.Options.Add(Format);
    }
}
