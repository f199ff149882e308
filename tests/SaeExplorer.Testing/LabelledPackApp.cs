using Microsoft.AspNetCore.Hosting;

namespace SaeExplorer.Testing;

/// <summary>
/// The real app on a 48-image pack (4 colour categories, captions): enough images per term for the label stage's
/// vocabulary, half of them held out and k 16, so units fire on the 5 held-out images purity needs.
/// </summary>
public sealed class LabelledPackApp : SaexAppFactory
{
    protected override int PackImages => 48;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Training:HeldOutFraction", "0.5");
        builder.UseSetting("Training:K", "16");
    }
}
