using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `dotnet run -c Release -- --filter '*Npy*' --job short`.
// In-process by default: BenchmarkDotNet's generated child project does not import
// Directory.Build.targets, so its copy of libLibTorchSharp.so would miss the GLIBCXX step
// (README, "Why the TorchSharp patch") and fail to load on Debian 12.
var arguments = args.Any(a => a.Equals("--inProcess", StringComparison.OrdinalIgnoreCase)) ? args : ["--inProcess", .. args];
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(arguments);
