// Commands write through Spectre's process-wide AnsiConsole.Console, which each test redirects to its own
// writer; running test classes in parallel would mix their outputs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
