using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace SaeExplorer.Web.Tests;

/// <summary>
/// Finds an element and fires its event in one step on the renderer's thread. A page that renders by itself (a render
/// result, a live update, a progress tick) can otherwise replace the element's handler between Find and Click, which
/// bUnit reports as an unknown event handler. Each returns once the handler has run to its end.
/// </summary>
public static class Act
{
    public static Task ClickOn<T>(this IRenderedComponent<T> page, string selector) where T : IComponent =>
        On(page, selector, e => e.ClickAsync(new MouseEventArgs()));

    public static Task ChangeOn<T>(this IRenderedComponent<T> page, string selector, string value) where T : IComponent =>
        On(page, selector, e => e.ChangeAsync(new ChangeEventArgs { Value = value }));

    public static Task InputOn<T>(this IRenderedComponent<T> page, string selector, string value) where T : IComponent =>
        On(page, selector, e => e.InputAsync(new ChangeEventArgs { Value = value }));

    /// <summary>The one element matching <paramref name="selector"/> that <paramref name="which"/> picks, clicked.</summary>
    public static Task ClickOn<T>(this IRenderedComponent<T> page, string selector, Func<IElement, bool> which) where T : IComponent =>
        page.InvokeAsync(() => page.FindAll(selector).Single(which).ClickAsync(new MouseEventArgs()));

    private static Task On<T>(IRenderedComponent<T> page, string selector, Func<IElement, Task> act) where T : IComponent =>
        page.InvokeAsync(() => act(page.Find(selector)));
}
