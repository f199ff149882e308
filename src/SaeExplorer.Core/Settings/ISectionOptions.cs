namespace SaeExplorer.Core.Settings;

/// <summary>
/// An options record bound from one appsettings.json section. The section name lives on the type, so the web app,
/// the CLI and every error message say the same key ("Training:Expansion").
/// </summary>
public interface ISectionOptions
{
    static abstract string Section { get; }
}
