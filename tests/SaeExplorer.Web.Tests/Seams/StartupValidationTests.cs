using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Seams;

/// <summary>A bad value in appsettings stops the app at start, with a message naming the key, before any stage runs.</summary>
public sealed class StartupValidationTests
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
    [InlineData("Training:Expansion", "0", "Training:Expansion:")]
    [InlineData("Indexing:TopK", "-3", "Indexing:TopK: The field TopK must be between")]
    [InlineData("Encoder:Device", "tpu", "Encoder:Device: must be auto, cuda or cpu")]
    [InlineData("Images:MaxPixels", "0", "Images:MaxPixels:")]
    [InlineData("RemoteImages:TimeoutSeconds", "0", "RemoteImages:TimeoutSeconds:")]
    [InlineData("Saex:DemoWorkspace", "Not A Name", "Saex:DemoWorkspace:")]
    public void ABadValueStopsTheAppAtStartNamingTheKey(string key, string value, string expected)
    {
        using var app = new BadSetting(key, value);
        var e = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AValueThatIsNotEvenANumberNamesTheKeyToo()
    {
        using var app = new BadSetting("Training:Steps", "lots");
        var e = Assert.ThrowsAny<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("Training:Steps", e.Message);
    }
}
