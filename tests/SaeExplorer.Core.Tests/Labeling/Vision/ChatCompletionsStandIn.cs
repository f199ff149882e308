using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>
/// A local stand-in for an OpenAI-compatible server (HttpListener on 127.0.0.1): answers POST /v1/chat/completions with
/// a fixed reply in the chat-completions format and keeps every request body for the test to inspect.
/// </summary>
internal sealed class ChatCompletionsStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _reply;
    private readonly HttpStatusCode _status;

    public ChatCompletionsStandIn(string reply, HttpStatusCode status = HttpStatusCode.OK)
    {
        _reply = reply;
        _status = status;
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public List<(string Path, string? Authorization, JsonDocument Body)> Requests { get; } = [];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync());
            lock (Requests) Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            var model = body.RootElement.GetProperty("model").GetString();
            var json = _status == HttpStatusCode.OK
                ? JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = _reply }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 3, total_tokens = 13 },
                })
                : """{"error": {"message": "model not loaded", "type": "invalid_request_error"}}""";
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = (int)_status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
