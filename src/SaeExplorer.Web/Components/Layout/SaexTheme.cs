using MudBlazor;

namespace SaeExplorer.Web.Components.Layout;

/// <summary>The app's palette: calm neutrals, one accent for activations.</summary>
public static class SaexTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b5bdb",
            Secondary = "#e8590c",
            AppbarBackground = "#1f2937",
            Background = "#f7f7f9",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
