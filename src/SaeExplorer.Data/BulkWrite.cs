using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data;

/// <summary>
/// Large writes straight on the context's SQLite connection, in one transaction: one prepared command reused per row
/// costs a fraction of EF change tracking at tens of thousands of rows.
/// </summary>
public sealed class BulkWrite : IAsyncDisposable
{
    private BulkWrite(SqliteConnection connection, SqliteTransaction transaction) => (Connection, Transaction) = (connection, transaction);

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    public static async Task<BulkWrite> BeginAsync(SaexDbContext db, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        return new BulkWrite(connection, (SqliteTransaction)await connection.BeginTransactionAsync(ct));
    }

    /// <summary>Runs one statement with one integer parameter, e.g. clearing what a rerun replaces.</summary>
    public async Task ExecuteAsync(string sql, string parameter, long value, CancellationToken ct)
    {
        await using var command = Command(sql);
        command.Parameters.AddWithValue(parameter, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A command in the transaction; prepare it once its parameters are added.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public ValueTask DisposeAsync() => Transaction.DisposeAsync();
}
