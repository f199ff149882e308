namespace SaeExplorer.Web.Components.UI;

/// <summary>One hue per group colour (d3's category10, then category20's lighter tones), the same on every chart and card of a page.</summary>
public static class GroupColours
{
    private static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    public const string Ungrouped = "#d0d4da";

    public static string Of(int colour) => colour < 0 ? Ungrouped : Palette[colour % Palette.Length];
}
