using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>
/// A local stand-in for an OpenAI-compatible chat server (vLLM, llama.cpp's server, Ollama): a tiny Kestrel app on
/// 127.0.0.1, port 0, that answers POST /v1/chat/completions in the chat-completions format with whatever the test's
/// <c>answer</c> says (a reply, an HTTP error with or without Retry-After, or a hang until the client gives up) and
/// keeps every request for the test to inspect. Linked into the CLI and web tests too.
/// </summary>
internal sealed class ChatStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ChatRequest, StandInReply> _answer;
    private readonly List<ChatRequest> _requests = [];

    private ChatStandIn(WebApplication app, Func<ChatRequest, StandInReply> answer)
    {
        _app = app;
        _answer = answer;
    }

    /// <summary>The base address a client is configured with (it adds /chat/completions).</summary>
    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<ChatRequest> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public static async Task<ChatStandIn> StartAsync(Func<ChatRequest, StandInReply> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ChatStandIn(app, answer);
        app.MapPost("/v1/chat/completions", standIn.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        standIn.Endpoint = address.TrimEnd('/') + "/v1";
        return standIn;
    }

    /// <summary>Always the same reply.</summary>
    public static Task<ChatStandIn> StartAsync(string reply) => StartAsync(_ => new StandInReply.Text(reply));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = JsonDocument.Parse(await reader.ReadToEndAsync());
        ChatRequest request;
        lock (_requests)
        {
            request = new ChatRequest(_requests.Count + 1, context.Request.Path, context.Request.Headers.Authorization.ToString(), body.RootElement.Clone());
            _requests.Add(request);
        }
        var response = context.Response;
        switch (_answer(request))
        {
            case StandInReply.Text(var content):
                await response.WriteAsJsonAsync(new
                {
                    id = $"chatcmpl-{request.Number}", @object = "chat.completion", created = 1_700_000_000, model = request.Model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 3, total_tokens = 13 },
                });
                break;
            case StandInReply.Error(var status, var retryAfter):
                response.StatusCode = status;
                if (retryAfter is not null) response.Headers.RetryAfter = retryAfter;
                await response.WriteAsJsonAsync(new { error = new { message = $"stand-in error {status}", type = "server_error" } });
                break;
            case StandInReply.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the stand-in answers one request with.</summary>
internal abstract record StandInReply
{
    private StandInReply() { }

    public sealed record Text(string Content) : StandInReply;

    public sealed record Error(int Status, string? RetryAfter = null) : StandInReply;

    /// <summary>No answer until the client hangs up.</summary>
    public sealed record Hang : StandInReply;
}

/// <summary>One request as the stand-in saw it, with readers for the parts a vision label request holds.</summary>
internal sealed record ChatRequest(int Number, string Path, string Authorization, JsonElement Body)
{
    public string? Model => Body.GetProperty("model").GetString();

    public JsonElement[] Messages => [.. Body.GetProperty("messages").EnumerateArray()];

    /// <summary>The content parts of the one user message.</summary>
    public JsonElement[] Parts => [.. Messages.Single().GetProperty("content").EnumerateArray()];

    public string[] Texts => [.. Parts.Where(p => p.GetProperty("type").GetString() == "text").Select(p => p.GetProperty("text").GetString()!)];

    /// <summary>The data URLs of the images after the text part <paramref name="heading"/>, up to the next text part.</summary>
    public string[] ImagesAfter(string heading) =>
    [
        .. Parts.SkipWhile(p => p.GetProperty("type").GetString() != "text" || p.GetProperty("text").GetString() != heading).Skip(1)
            .TakeWhile(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!),
    ];

    /// <summary>The bytes of a data URL.</summary>
    public static byte[] Bytes(string dataUrl) => Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]);
}
