namespace SaeExplorer.Data.Labels;

/// <summary>One person's vote on one label (+1 or -1); the key (label, user) makes a repeat replace it.</summary>
public class LabelVote
{
    public int LabelId { get; set; }
    public required string UserId { get; set; }
    public int Value { get; set; }
    public DateTimeOffset CastAt { get; set; }
}
