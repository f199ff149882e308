namespace SaeExplorer.Data.Labels;

/// <summary>One text a label had, from <see cref="Version"/> on. Never updated or deleted while the label lives.</summary>
public class LabelRevision
{
    public int Id { get; set; }
    public int LabelId { get; set; }
    public int Version { get; set; }
    public required string Text { get; set; }
    public string? EditorId { get; set; }
    public DateTimeOffset EditedAt { get; set; }
}
