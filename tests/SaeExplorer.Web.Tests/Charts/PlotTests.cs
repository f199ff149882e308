using Bunit;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using SaeExplorer.Web.Components.UI;

namespace SaeExplorer.Web.Tests.Charts;

/// <summary>
/// Plotly.Blazor draws a chart once; the app's Plot redraws it (Plotly.react) when what it shows changes, so a page that
/// stays open (another feature, k or tau) never keeps showing the old chart, and does not redraw when a parent merely
/// renders again with the same content.
/// </summary>
public sealed class PlotTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public PlotTests() => _ctx.JSInterop.Mode = JSRuntimeMode.Loose;

    private static IList<ITrace> Bars(params int[] counts) =>
        [new Bar { X = counts.Select((_, i) => (object)i).ToList(), Y = counts.Select(c => (object)c).ToList() }];

    private static Layout Titled(string title) => new() { Height = 260, Title = new Plotly.Blazor.LayoutLib.Title { Text = title } };

    private int Reacts => _ctx.JSInterop.Invocations.Count(i => i.Identifier == "react");

    [Fact]
    public void FirstDrawIsANewPlotAndNoRedraw()
    {
        _ctx.Render<Plot>(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("a")));

        Assert.Contains(_ctx.JSInterop.Invocations, i => i.Identifier == "newPlot");
        Assert.Equal(0, Reacts);
    }

    [Fact]
    public void SameContentInNewListsIsNotRedrawn()
    {
        var plot = _ctx.Render<Plot>(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("a")));

        plot.Render(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("a")));

        Assert.Equal(0, Reacts);
    }

    [Fact]
    public void NewDataIsRedrawnOnceWithTheNewCounts()
    {
        var plot = _ctx.Render<Plot>(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("a")));

        plot.Render(p => p.Add(c => c.Data, Bars(1, 7)).Add(c => c.Layout, Titled("a")));
        plot.Render(p => p.Add(c => c.Data, Bars(1, 7)).Add(c => c.Layout, Titled("a")));

        var react = Assert.Single(_ctx.JSInterop.Invocations, i => i.Identifier == "react");
        var traces = Assert.IsAssignableFrom<IEnumerable<object>>(react.Arguments[1]).ToList();
        Assert.Contains("7", System.Text.Json.JsonSerializer.Serialize(traces));
    }

    [Fact]
    public void NewLayoutAloneIsRedrawn()
    {
        var plot = _ctx.Render<Plot>(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("a")));

        plot.Render(p => p.Add(c => c.Data, Bars(2, 1, 2)).Add(c => c.Layout, Titled("b")));

        Assert.Equal(1, Reacts);
    }

    [Fact]
    public void TheBasicBundleIsLoaded()
    {
        _ctx.Render<Plot>(p => p.Add(c => c.Data, Bars(1)).Add(c => c.Layout, Titled("a")));

        var script = Assert.Single(_ctx.JSInterop.Invocations, i => i.Identifier == "importScript");
        Assert.Contains("plotly-basic", script.Arguments[1]?.ToString());
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
