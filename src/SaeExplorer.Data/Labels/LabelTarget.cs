namespace SaeExplorer.Data.Labels;

/// <summary>What a label is on: a feature of an SAE, or a shared group. <see cref="Topic"/> names it for live updates.</summary>
public abstract record LabelTarget
{
    public abstract string Topic { get; }

    public sealed record OfFeature(int SaeId, int Feature) : LabelTarget
    {
        public override string Topic => $"feature/{SaeId}/{Feature}";
    }

    public sealed record OfGroup(string Slug) : LabelTarget
    {
        public override string Topic => $"group/{Slug}";
    }

    /// <summary>Any feature label of the SAE changed: what pages listing many features (the features list, image pages)
    /// follow, since a write may change a top label.</summary>
    public static string SaeTopic(int saeId) => $"sae/{saeId}/labels";

    public static LabelTarget Of(int? saeId, int? feature, string? groupSlug) =>
        groupSlug is not null ? new OfGroup(groupSlug) : new OfFeature(saeId!.Value, feature!.Value);
}
