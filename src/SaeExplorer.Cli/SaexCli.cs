using System.CommandLine;
using SaeExplorer.Cli.Commands;

namespace SaeExplorer.Cli;

/// <summary>The `saex` command tree (one command per file under Commands/).</summary>
public static class SaexCli
{
    public static RootCommand Create() => new("saex: the SAE Explorer command line.")
    {
        EncodeCommand.Create(),
        TrainCommand.Create(),
        ImportSaeCommand.Create(),
        EvalSaeCommand.Create(),
        EncodeSaeCommand.Create(),
        IndexCommand.Create(),
        NearestImagesCommand.Create(),
        ImportCorpusCommand.Create(),
        GroupCommand.Create(),
        SteerCommand.Create(),
        AutointerpCommand.Create(),
        LabelsCommand.Create(),
        WorkspaceCommand.Create(),
        UsersCommand.Create(),
        DbCommand.Create(),
    };
}
