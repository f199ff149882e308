using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Transfer;

/// <summary>One table's rows on both sides of a copy.</summary>
public sealed record TableCount(string Table, long Source, long Target)
{
    public bool Matches => Source == Target;
}

/// <summary>
/// Moves a whole workspace database to another provider (`saex db copy`, e.g. a lab's SQLite file into the team's
/// PostgreSQL): both brought to the current schema by their migrations, every table copied through the model in
/// dependency order with its ids, in batches, then the target's identity sequences and search indexes brought in
/// step (<see cref="ISqlDialect.AfterCopyAsync"/>), and the rows of each table counted on both sides.
/// </summary>
public static class DatabaseCopy
{
    private const int Batch = 5000;

    /// <param name="progress">Told each table's name and the rows copied so far.</param>
    /// <exception cref="InvalidOperationException">The target already holds rows: a copy goes into an empty database.</exception>
    public static async Task<IReadOnlyList<TableCount>> CopyAsync(DatabaseTarget from, DatabaseTarget to, Action<string, long> progress, CancellationToken ct = default)
    {
        var (source, target) = (new SaexContextFactory(from), new SaexContextFactory(to));
        await using (var db = source.CreateDbContext()) await SaexDatabase.MigrateAsync(db, ct);
        await using (var db = target.CreateDbContext()) await SaexDatabase.MigrateAsync(db, ct);
        var tables = Tables(source);
        foreach (var table in tables)
            if (await CountAsync(target, table, ct) > 0)
                throw new InvalidOperationException($"the {to} already holds rows ({table.GetTableName()}): copy into an empty database");
        foreach (var table in tables)
            await (Task)CopyTableMethod.MakeGenericMethod(table.ClrType).Invoke(null, [source, target, table.GetTableName()!, progress, ct])!;
        await using (var db = target.CreateDbContext()) await db.Dialect.AfterCopyAsync(ct);
        var counts = new List<TableCount>();
        foreach (var table in tables) counts.Add(new(table.GetTableName()!, await CountAsync(source, table, ct), await CountAsync(target, table, ct)));
        return counts;
    }

    /// <summary>Every table of the model, each after the tables its foreign keys point at.</summary>
    private static List<IEntityType> Tables(SaexContextFactory factory)
    {
        using var db = factory.CreateDbContext();
        var all = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned() && !e.HasSharedClrType).ToList();
        var ordered = new List<IEntityType>();
        void Visit(IEntityType e, HashSet<IEntityType> seen)
        {
            if (ordered.Contains(e) || !seen.Add(e)) return;
            foreach (var fk in e.GetForeignKeys().Where(fk => fk.PrincipalEntityType != e)) Visit(fk.PrincipalEntityType, seen);
            ordered.Add(e);
        }
        foreach (var e in all.OrderBy(e => e.GetTableName(), StringComparer.Ordinal)) Visit(e, []);
        return ordered;
    }

    private static readonly MethodInfo CopyTableMethod = typeof(DatabaseCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task CopyTableAsync<T>(SaexContextFactory source, SaexContextFactory target, string table, Action<string, long> progress,
        CancellationToken ct) where T : class
    {
        var instants = typeof(T).GetProperties().Where(p => p.CanWrite && (p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?))).ToList();
        await using var from = source.CreateDbContext();
        var copied = 0L;
        var batch = new List<T>(Batch);
        await foreach (var row in from.Set<T>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            // PostgreSQL keeps instants in UTC.
            foreach (var p in instants)
                if (p.GetValue(row) is DateTimeOffset t) p.SetValue(row, t.ToUniversalTime());
            batch.Add(row);
            if (batch.Count == Batch) copied = await SaveAsync(target, batch, table, copied, progress, ct);
        }
        await SaveAsync(target, batch, table, copied, progress, ct);
    }

    private static async Task<long> SaveAsync<T>(SaexContextFactory target, List<T> batch, string table, long copied, Action<string, long> progress,
        CancellationToken ct) where T : class
    {
        await using var to = target.CreateDbContext();
        to.ChangeTracker.AutoDetectChangesEnabled = false;
        to.Set<T>().AddRange(batch);
        await to.SaveChangesAsync(ct);
        copied += batch.Count;
        batch.Clear();
        progress(table, copied);
        return copied;
    }

    private static async Task<long> CountAsync(SaexContextFactory factory, IEntityType table, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await (Task<long>)CountMethod.MakeGenericMethod(table.ClrType).Invoke(null, [db, ct])!;
    }

    private static readonly MethodInfo CountMethod = typeof(DatabaseCopy).GetMethod(nameof(CountRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<long> CountRowsAsync<T>(SaexDbContext db, CancellationToken ct) where T : class => db.Set<T>().LongCountAsync(ct);
}
