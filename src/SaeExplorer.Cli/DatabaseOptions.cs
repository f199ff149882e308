using System.CommandLine;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Cli;

/// <summary>
/// `--db FILE|CONNECTION` and `--provider sqlite|postgres`, taken by every command that opens the app's database;
/// each defaults to the app's own setting (Saex:Database, Saex:DatabaseProvider in appsettings.json or the environment).
/// </summary>
public sealed class DatabaseOptions
{
    private readonly Option<string?> _db = new("--db")
    {
        Description = "The app's database: a SQLite file, or a PostgreSQL connection string (default: Saex:Database).",
    };

    private readonly Option<string?> _provider = new("--provider") { Description = "sqlite or postgres (default: Saex:DatabaseProvider)." };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public Command On(Command command)
    {
        command.Options.Add(_db);
        command.Options.Add(_provider);
        return command;
    }

    /// <summary>The database the command line names, the settings filling in what it leaves out.</summary>
    /// <exception cref="ArgumentException">An unknown provider, or a connection string that does not parse.</exception>
    public DatabaseTarget Target(ParseResult parse)
    {
        var saex = CliSettings.Get<SaexOptions>(CliSettings.Load());
        return DatabaseTarget.Of(parse.GetValue(_provider) ?? saex.DatabaseProvider, parse.GetValue(_db) ?? saex.Database);
    }
}
