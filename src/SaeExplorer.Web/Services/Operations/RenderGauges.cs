using System.Diagnostics.Metrics;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>Each device's render queue, read when scraped: "saex.render.queue.length" (renders waiting, by device) and
/// "saex.render.queue.capacity" (Render:QueueCapacity), on the meter "SaeExplorer.Rendering".</summary>
public sealed class RenderGauges
{
    public const string MeterName = "SaeExplorer.Rendering";

    public RenderGauges(IMeterFactory meters, RenderWorkers workers, RenderOptions render)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("saex.render.queue.length",
            () => workers.Started.Select(w => new Measurement<int>(w.Queued, new KeyValuePair<string, object?>("device", w.Device))),
            description: "Renders waiting on a device (not the one running)");
        meter.CreateObservableGauge("saex.render.queue.capacity", () => render.QueueCapacity,
            description: "Renders that may wait on one device (Render:QueueCapacity)");
    }
}
