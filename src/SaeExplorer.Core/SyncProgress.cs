namespace SaeExplorer.Core;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread. Progress&lt;T&gt; posts each
/// report to the thread pool, so reports can arrive late and out of order (and a test or a
/// cancellation hook would see them after the work moved on).
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
