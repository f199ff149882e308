using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using SaeExplorer.Web.Components.Pages.Images.Steering;
using SaeExplorer.Web.Services.Steering;

namespace SaeExplorer.Web.Tests.Steering;

/// <summary>
/// A knob over features 3 and 4, with the panel's part played by the test: what the knob reports is handed back to it,
/// as the panel does. The slider's value is written only when the knobs change from elsewhere, never back at the
/// slider that moved it (a value written back behind key repeats already taken would undo them).
/// </summary>
public sealed class KnobControlTests : IAsyncDisposable
{
    private static readonly int[] Features = [3, 4];
    private readonly BunitContext _ctx = new();
    private readonly List<SteeringKnobs> _reported = [];
    private readonly IRenderedComponent<KnobControl> _knob;

    public KnobControlTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _knob = _ctx.Render<KnobControl>(p => p.Add(c => c.Features, Features).Add(c => c.Knobs, SteeringKnobs.Empty)
            .Add(c => c.KnobsChanged, EventCallback.Factory.Create<SteeringKnobs>(this, k => _reported.Add(k))));
    }

    private string Slider => _knob.Find("input.knob-slider").GetAttribute("value")!;
    private string Shown => _knob.Find(".knob-value").TextContent.Trim();

    private async Task SlideAsync(string value)
    {
        await _knob.InputOn("input.knob-slider", value);
        _knob.Render(p => p.Add(c => c.Knobs, _reported[^1])); // the panel hands the knobs back
    }

    [Fact]
    public async Task SlidingReportsEachStepAndNeverWritesTheSlidersOwnValueBack()
    {
        Assert.Equal(("1", "×1.00"), (Slider, Shown));
        await SlideAsync("1.05");
        await SlideAsync("1.1");
        await SlideAsync("1.15");

        Assert.Equal([1.05f, 1.1f, 1.15f], _reported.Select(k => k.For(Features).Factor));
        Assert.Equal("×1.15", Shown);
        Assert.Equal("1", Slider); // as drawn: the browser's input holds where the user put it
    }

    [Fact]
    public async Task AChangeFromElsewhereDrawsTheSliderAtItsValue()
    {
        await SlideAsync("1.5");
        _knob.Render(p => p.Add(c => c.Knobs, SteeringKnobs.Empty.Removed(Features)));
        Assert.Equal(("0", "removed"), (Slider, Shown));

        // Reset to 1 after a slide: 1 is where the slider was first drawn, yet the input has moved since, so it is drawn again.
        await SlideAsync("0.4");
        _knob.Render(p => p.Add(c => c.Knobs, SteeringKnobs.Empty));
        Assert.Equal(("1", "×1.00"), (Slider, Shown));

        _knob.Render(p => p.Add(c => c.Knobs, SteeringKnobs.Empty.WithFactor(Features, 1.35f)));
        Assert.Equal(("1.35", "×1.35"), (Slider, Shown));
    }

    [Theory]
    [InlineData("7", 2f)]       // past the end: clamped to 2x
    [InlineData("-1", 0f)]
    [InlineData("1.0300", 1.05f)] // between steps: the nearest step
    public async Task OutOfRangeOrOffStepValuesAreClampedToTheSteps(string value, float factor)
    {
        await _knob.InputOn("input.knob-slider", value);
        Assert.Equal(factor, _reported.Single().For(Features).Factor, 1e-6);
    }

    [Fact]
    public async Task ANonNumberIsIgnored()
    {
        await _knob.InputOn("input.knob-slider", "1e400x");
        Assert.Empty(_reported);
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
