using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SaeExplorer.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SaexDbContext>
{
    public SaexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SaexDbContext>().UseSqlite("Data Source=design.db").Options);
}
