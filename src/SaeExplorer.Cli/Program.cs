return await SaeExplorer.Cli.SaexCli.Create().Parse(args).InvokeAsync();
