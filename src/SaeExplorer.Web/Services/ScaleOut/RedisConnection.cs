using SaeExplorer.Core.Settings;
using StackExchange.Redis;

namespace SaeExplorer.Web.Services.ScaleOut;

/// <summary>
/// This instance's one connection to Redis (Saex:Redis), shared by live notices, presence, the SignalR backplane and the
/// data protection key ring. It never stops the app: an unreachable Redis is retried in the background (every few
/// seconds), commands fail at once meanwhile instead of queueing, and <see cref="Lost"/> and <see cref="Restored"/> say
/// when it goes and comes back.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    /// <summary>Prefix of every key and channel the app uses (one Redis per deployment: channels ignore the database number).</summary>
    public const string Prefix = "saex:";

    private readonly Lazy<ConnectionMultiplexer> _multiplexer;
    private readonly ILogger<RedisConnection> _log;
    private string? _problem;
    private int _lost;

    public RedisConnection(SaexOptions options, ILogger<RedisConnection> log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Redis, "Saex:Redis");
        _log = log;
        var config = ConfigurationOptions.Parse(options.Redis);
        config.AbortOnConnectFail = false; // start without Redis, connect when it comes
        config.BacklogPolicy = BacklogPolicy.FailFast; // a command while it is gone fails now, not minutes later
        config.ReconnectRetryPolicy = new ExponentialRetry(500, 5_000);
        config.ClientName = $"saex-{InstanceId}";
        Endpoint = string.Join(",", config.EndPoints.Select(e => e.ToString()));
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => Connect(config));
    }

    /// <summary>This app instance among those sharing the Redis: host, process and a random part.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The Redis endpoints, for messages (never the password).</summary>
    public string Endpoint { get; }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public bool IsConnected => Multiplexer.IsConnected;

    /// <summary>Why Redis cannot be used now; null while it is connected.</summary>
    public string? Problem => IsConnected ? null : _problem ?? $"Redis at {Endpoint} has not answered yet";

    /// <summary>The connection broke (the reason is in <see cref="Problem"/>).</summary>
    public event Action? Lost;

    /// <summary>The connection is back (subscriptions are restored by the client).</summary>
    public event Action? Restored;

    public IDatabase Database() => Multiplexer.GetDatabase();

    private ConnectionMultiplexer Connect(ConfigurationOptions config)
    {
        var multiplexer = ConnectionMultiplexer.Connect(config);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            _problem = $"Redis at {Endpoint} is unreachable ({e.FailureType})";
            if (Interlocked.Exchange(ref _lost, 1) == 1) return; // the command and the subscription connection both break
            _log.LogWarning("{Problem}: live updates from other instances are paused until it is back.", _problem);
            Lost?.Invoke();
        };
        // Back once the subscription connection is: the client has subscribed again by then.
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription || Interlocked.Exchange(ref _lost, 0) == 0) return;
            _log.LogInformation("Redis at {Endpoint} is back: live updates from other instances resume.", Endpoint);
            Restored?.Invoke();
        };
        if (multiplexer.IsConnected) return multiplexer;
        _lost = 1;
        _log.LogWarning("Redis at {Endpoint} did not answer at start; retrying in the background.", Endpoint);
        return multiplexer;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Dispose();
    }
}
