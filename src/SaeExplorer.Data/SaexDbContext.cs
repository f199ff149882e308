using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Steering;
using SaeExplorer.Data.Uploads;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Data;

/// <summary>
/// The one context over the app's database. It is also the ASP.NET Core Identity store (users, roles), so a label's
/// write, its author and the feature's TopLabel share one connection and one transaction. What the provider does
/// differently (raw SQL, full text, bulk inserts) is its <see cref="Dialect"/>'s.
/// </summary>
public class SaexDbContext(DbContextOptions<SaexDbContext> options) : IdentityDbContext<SaexUser>(options)
{
    private ISqlDialect? _dialect;

    /// <summary>The SQL of this context's provider (see <see cref="ISqlDialect"/>).</summary>
    internal ISqlDialect Dialect => _dialect ??= ISqlDialect.For(this);

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<CorpusImage> CorpusImages => Set<CorpusImage>();
    public DbSet<WorkspaceSae> Saes => Set<WorkspaceSae>();
    public DbSet<FeatureRecord> Features => Set<FeatureRecord>();
    public DbSet<PreparationJob> Jobs => Set<PreparationJob>();
    public DbSet<PreparationLease> Leases => Set<PreparationLease>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<GroupPermalink> GroupPermalinks => Set<GroupPermalink>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<LabelRecord> Labels => Set<LabelRecord>();
    public DbSet<LabelRevision> Revisions => Set<LabelRevision>();
    public DbSet<LabelVote> Votes => Set<LabelVote>();
    public DbSet<LabelComment> Comments => Set<LabelComment>();
    public DbSet<CuratedList> Lists => Set<CuratedList>();
    public DbSet<CuratedListItem> ListItems => Set<CuratedListItem>();
    public DbSet<CuratedListEditor> ListEditors => Set<CuratedListEditor>();
    public DbSet<SteeringPermalink> SteeringPermalinks => Set<SteeringPermalink>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        LabelModel.Configure(model, Dialect);
        model.Entity<Workspace>(w =>
        {
            w.HasIndex(x => x.Name).IsUnique();
            w.Property(x => x.Name).HasMaxLength(64);
            w.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            w.Property(x => x.ImportFormat).HasMaxLength(32);
            w.Property(x => x.SpacePreset).HasMaxLength(64);
            w.Property(x => x.SpaceNormalization).HasMaxLength(16);
            w.Ignore(x => x.Space);
            w.HasMany(x => x.Images).WithOne().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PreparationJob>(j =>
        {
            j.ToTable("Jobs");
            j.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            j.HasOne<WorkspaceSae>().WithMany().HasForeignKey(x => x.SaeId).OnDelete(DeleteBehavior.Cascade);
            j.Property(x => x.Stage).HasMaxLength(32);
            j.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            j.HasIndex(x => new { x.WorkspaceId, x.Stage });
        });
        model.Entity<PreparationLease>(l =>
        {
            l.ToTable("PreparationLeases");
            l.HasKey(x => x.WorkspaceId);
            l.HasOne<Workspace>().WithOne().HasForeignKey<PreparationLease>(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            l.Property(x => x.WorkspaceId).ValueGeneratedNever();
            l.Property(x => x.Owner).HasMaxLength(PreparationLeaseStore.MaxOwner);
        });
        model.Entity<Upload>(u =>
        {
            u.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            u.HasIndex(x => new { x.WorkspaceId, x.Hash }).IsUnique();
            u.Property(x => x.Hash).HasMaxLength(64);
            u.Property(x => x.FileName).HasMaxLength(255);
            u.Property(x => x.Format).HasMaxLength(8);
        });
        model.Entity<GroupPermalink>(g =>
        {
            g.ToTable("SharedGroups"); // the name it was made with: renaming it would rewrite every lab's database for nothing
            g.HasKey(x => x.Slug);
            g.Property(x => x.Slug).HasMaxLength(40);
            g.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            g.HasIndex(x => x.ContentHash).IsUnique();
        });
        model.Entity<SteeringPermalink>(s =>
        {
            s.ToTable("SharedSteerings"); // likewise
            s.HasKey(x => x.Slug);
            s.Property(x => x.Slug).HasMaxLength(52);
            s.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            s.HasIndex(x => x.ContentHash).IsUnique();
        });
        model.Entity<CorpusImage>(i =>
        {
            i.HasIndex(x => new { x.WorkspaceId, x.ExternalId }).IsUnique();
            i.HasIndex(x => new { x.WorkspaceId, x.EmbeddingRow });
            i.HasIndex(x => x.Hash);
            i.Property(x => x.Url).HasMaxLength(2048);
        });
        model.Entity<WorkspaceSae>(s =>
        {
            s.ToTable("Saes");
            s.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            s.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
            s.Property(x => x.Name).HasMaxLength(64);
            s.Property(x => x.Format).HasMaxLength(16);
            s.Property(x => x.Normalization).HasMaxLength(32);
            s.Property(x => x.Fingerprint).HasMaxLength(64);
            s.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            // At most one first (default) SAE per workspace.
            s.HasIndex(x => x.WorkspaceId).IsUnique().HasFilter(Dialect.ActiveSaeFilter).HasDatabaseName("IX_Saes_Active");
        });
        model.Entity<FeatureRecord>(f =>
        {
            f.ToTable("Features");
            f.HasKey(x => new { x.SaeId, x.Feature });
            f.HasOne<WorkspaceSae>().WithMany().HasForeignKey(x => x.SaeId).OnDelete(DeleteBehavior.Cascade);
            // The feature list walks one of these per sort, in its order with ties by number, to the page it shows
            // (FeatureQueries.Runs); each also holds the columns the list filters by, so a page reads no row.
            f.HasIndex(x => new { x.SaeId, x.TopLabelIsName, x.TopLabel, x.Feature, x.FiringCount, x.Log10Frequency, x.TopLabelScore })
                .HasDatabaseName("IX_Features_ByLabel");
            f.HasIndex(x => new { x.SaeId, x.Log10Frequency, x.Feature, x.FiringCount, x.TopLabelScore }).HasDatabaseName("IX_Features_ByFrequency");
            f.HasIndex(x => new { x.SaeId, x.TopLabelScore, x.Feature, x.FiringCount, x.Log10Frequency }).HasDatabaseName("IX_Features_ByScore");
            f.HasIndex(x => new { x.SaeId, x.MaxActivation, x.Feature, x.FiringCount, x.Log10Frequency, x.TopLabelScore })
                .HasDatabaseName("IX_Features_ByMaxActivation");
            f.HasIndex(x => new { x.SaeId, x.MeanActivation, x.Feature, x.FiringCount, x.Log10Frequency, x.TopLabelScore })
                .HasDatabaseName("IX_Features_ByMeanActivation");
            // Every column the feature list filters and sorts by, for the order by number under filters: choosing a page
            // reads this index alone, never the rows' blobs (at 81,920 features those reads took seconds a request).
            f.HasIndex(x => new
            {
                x.SaeId, x.Feature, x.TopLabelIsName, x.TopLabel, x.TopLabelScore, x.Log10Frequency, x.MaxActivation, x.MeanActivation, x.FiringCount,
            }).HasDatabaseName("IX_Features_List");
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) => Dialect.ConfigureConventions(conventions);
}
