using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex users add NAME --role viewer|labeller|admin [--token]`: an account on the app's database (SQLite or
/// PostgreSQL) without the registration page, e.g. the first admin of a team server or a script's labeller. It prints
/// the account's password once, and with --token a personal API token (the only time either is shown).
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Accounts on the app's database.");
        command.Subcommands.Add(Add());
        return command;
    }

    private static Command Add()
    {
        var db = new DatabaseOptions();
        var name = new Argument<string>("NAME") { Description = "The user name (letters, digits, - . _ @ +)." };
        var role = new Option<string>("--role") { Description = "viewer, labeller or admin.", Required = true };
        var token = new Option<bool>("--token") { Description = "Also make a personal API token (Authorization: Bearer ...) and print it." };
        var add = db.On(new Command("add", "Add a user with a role; prints its password, and with --token an API token.") { name, role, token });
        add.SetAction((parse, ct) => Cli.GuardAsync(async () =>
        {
            var part = parse.GetRequiredValue(role).Trim().ToLowerInvariant();
            if (!AccountStore.Parts.Contains(part)) throw new ArgumentException($"--role is {string.Join(", ", AccountStore.Parts)}, got '{part}'");
            var target = db.Target(parse);
            await using var services = new ServiceCollection().AddSaexDatabase(target).BuildServiceProvider();
            // A team server's first account may come before the app's first start: the schema is made as the app makes it.
            await SaexDatabase.MigrateAsync(services, ct);
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
            var userName = parse.GetRequiredValue(name).Trim();
            var id = await services.GetRequiredService<AccountStore>().AddUserAsync(userName, part == "viewer" ? [] : [part], password, ct);
            AnsiConsole.MarkupLineInterpolated($"added {userName} ({part}) to the {target}");
            Console.WriteLine($"password: {password}");
            if (parse.GetValue(token)) Console.WriteLine($"token: {(await services.GetRequiredService<ApiTokenStore>().CreateAsync(id, "saex users add", ct)).Token}");
            return 0;
        }));
        return add;
    }
}
