namespace SaeExplorer.Web.Services.Steering;

/// <summary>An image page's steering state from its query: ?edits= (<see cref="EditsQuery"/>) and ?error=pure.</summary>
public static class SteeringQuery
{
    public const string Pure = "pure";

    public static (SteeringKnobs Knobs, bool KeepError, IReadOnlyList<string> Problems) Parse(string? edits, string? error)
    {
        var problems = new List<string>();
        var (list, problem) = EditsQuery.Parse(edits);
        if (problem is not null) problems.Add(problem);
        var (knobs, clamped) = SteeringKnobs.From(list);
        problems.AddRange(clamped);
        var keepError = true;
        if (!string.IsNullOrEmpty(error))
        {
            if (error == Pure) keepError = false;
            else problems.Add($"error = '{(error.Length > 20 ? error[..20] + "…" : error)}' is not understood (only 'pure', for decode(f') alone); keeping the SAE's error.");
        }
        return (knobs, keepError, problems);
    }
}
