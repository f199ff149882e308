namespace SaeExplorer.Web;

/// <summary>
/// A workspace as an address names it: its name and, for any SAE but its first, the SAE's name (?sae=). Links built
/// from it carry the SAE along, so every page reached from a feature of one SAE stays on that SAE. A plain name converts
/// to it (the workspace's first SAE), and it prints as the workspace's name.
/// </summary>
public readonly record struct WorkspaceRef(string Name, string? Sae = null)
{
    /// <summary>The query parameter that names the SAE.</summary>
    public const string SaeParameter = "sae";

    public static implicit operator WorkspaceRef(string name) => new(name);

    /// <summary>The workspace's address for the SAE of <paramref name="context"/> (no ?sae= for its first).</summary>
    public static WorkspaceRef Of(Data.Workspaces.WorkspaceContext context) => new(context.Name, context.SaeQuery);

    public override string ToString() => Name;
}
