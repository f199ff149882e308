using System.Diagnostics.Metrics;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// Preparation progress per workspace and stage, read when scraped from the snapshots the home page shows:
/// "saex.preparation.done", "saex.preparation.total" and "saex.preparation.rate" (items a second in the stage so far), on
/// the meter "SaeExplorer.Preparation".
/// </summary>
public sealed class PreparationGauges
{
    public const string MeterName = "SaeExplorer.Preparation";

    public PreparationGauges(IMeterFactory meters, PreparationState preparation)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("saex.preparation.done", () => preparation.All.Select(s => new Measurement<long>(s.Done, Tags(s))),
            description: "Items the current stage has done");
        meter.CreateObservableGauge("saex.preparation.total", () => preparation.All.Select(s => new Measurement<long>(s.Total, Tags(s))),
            description: "Items the current stage has to do (0 while not known)");
        meter.CreateObservableGauge("saex.preparation.rate",
            () => preparation.All.Where(s => s.PerSecond is not null).Select(s => new Measurement<double>(s.PerSecond!.Value, Tags(s))),
            description: "Items a second in the current stage so far");
    }

    private static KeyValuePair<string, object?>[] Tags(PreparationSnapshot s) =>
        [new("workspace", s.Workspace), new("stage", s.Stage ?? "none"), new("state", s.State.ToString())];
}
