using System.Text;
using System.Text.Json;
using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex group --json`: one document, snake_case, numbers in round-trip form; "groups" is the chosen step's.</summary>
public static class GroupingJson
{
    public static string Write(long row, GroupingSweep sweep)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("row", row);
            json.WriteNumber("total_mass", sweep.TotalMass);
            json.WriteNumber("tau", sweep.Threshold);
            json.WriteString("tau_setting", sweep.Tau.ToString());
            json.WriteStartArray("sweep");
            foreach (var step in sweep.Steps)
            {
                json.WriteStartObject();
                json.WriteNumber("k", step.K);
                json.WriteNumber("min_mass", step.MinMass);
                json.WriteBoolean("passes", step.Passes);
                json.WriteNumber("objective", step.Objective);
                Groups(json, step.Clusters);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("chosen_k", sweep.ChosenK);
            if (sweep.Note is null) json.WriteNull("note");
            else json.WriteString("note", sweep.Note);
            json.WriteStartArray("undirected");
            foreach (var f in sweep.Undirected) json.WriteNumberValue(f);
            json.WriteEndArray();
            Groups(json, sweep.Chosen?.Clusters ?? []);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Groups(Utf8JsonWriter json, IReadOnlyList<GroupCluster> clusters)
    {
        json.WriteStartArray("groups");
        foreach (var group in clusters)
        {
            json.WriteStartObject();
            json.WriteStartArray("features");
            foreach (var f in group.Features) json.WriteNumberValue(f);
            json.WriteEndArray();
            json.WriteNumber("mass", group.Mass);
            json.WriteNumber("share", group.Share);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
