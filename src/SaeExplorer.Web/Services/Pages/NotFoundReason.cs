namespace SaeExplorer.Web.Services.Pages;

/// <summary>
/// What a page found missing, for the not-found page that replaces it on a first request (scoped: one per request
/// or circuit). The page says it, then calls NavigationManager.NotFound(): the router renders its NotFoundPage with
/// HTTP 404, and that page shows this message instead of a generic one.
/// </summary>
public sealed class NotFoundReason
{
    public string? Message { get; private set; }
    public string BackHref { get; private set; } = Links.Home;
    public string BackText { get; private set; } = "Back to the home page";

    public void Set(string message, string backHref, string backText) => (Message, BackHref, BackText) = (message, backHref, backText);
}
