using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// <see cref="SaexDbContext"/> on PostgreSQL. The same model; its own type only so that EF Core keeps a second set of
/// migrations for it (Migrations/Postgres, found by this type), while the SQLite migrations stay <see
/// cref="SaexDbContext"/>'s. Stores never see it: <see cref="SaexContextFactory"/> hands it out as a SaexDbContext.
/// </summary>
public sealed class PostgresSaexDbContext(DbContextOptions<SaexDbContext> options) : SaexDbContext(options);
