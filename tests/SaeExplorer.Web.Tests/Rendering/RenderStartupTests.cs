using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Rendering;

/// <summary>The Render and Kandinsky sections are checked at start like every other.</summary>
public sealed class RenderStartupTests
{
    private sealed class BadSetting(string key, string value) : SaexAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }

    [Theory]
    [InlineData("Render:Renderer", "dall-e", "Render:Renderer: must be retrieval or kandinsky")]
    [InlineData("Render:PerUserQueued", "0", "Render:PerUserQueued:")]
    [InlineData("Kandinsky:MaxSide", "100", "Kandinsky:MaxSide must be a positive multiple of 64")]
    public void ABadValueStopsTheAppAtStartNamingTheKey(string key, string value, string expected)
    {
        using var app = new BadSetting(key, value);
        var e = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(expected, e.Message);
    }
}
