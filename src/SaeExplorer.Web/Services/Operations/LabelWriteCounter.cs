using System.Diagnostics.Metrics;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>Label writes saved, by kind (label, edit, vote, comment, import): the counter "saex.label.writes" of the
/// meter "SaeExplorer.Labels", scraped as saex_label_writes_total.</summary>
public sealed class LabelWriteCounter
{
    public const string MeterName = "SaeExplorer.Labels";

    private readonly Counter<long> _writes;

    public LabelWriteCounter(IMeterFactory meters) =>
        _writes = meters.Create(MeterName).CreateCounter<long>("saex.label.writes", description: "Label, vote and comment writes saved, by kind");

    public void Add(string kind, int count = 1) => _writes.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
