using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Data.Labels;

/// <summary>The mapping of the accounts, labels and lists tables (kept apart from SaexDbContext's own).</summary>
internal static class LabelModel
{
    public static void Configure(ModelBuilder model, ISqlDialect dialect)
    {
        var (sae, feature, group) = (dialect.Column("SaeId"), dialect.Column("Feature"), dialect.Column("GroupSlug"));
        var featureOrGroup =
            $"({sae} IS NOT NULL AND {feature} IS NOT NULL AND {group} IS NULL) OR ({sae} IS NULL AND {feature} IS NULL AND {group} IS NOT NULL)";
        model.Entity<ApiToken>(t =>
        {
            t.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            t.HasIndex(x => x.Hash).IsUnique();
            t.Property(x => x.Hash).HasMaxLength(64);
            t.Property(x => x.Name).HasMaxLength(ApiTokenStore.MaxName);
            t.Property(x => x.Hint).HasMaxLength(16);
        });
        model.Entity<LabelRecord>(l =>
        {
            l.ToTable("Labels", t => t.HasCheckConstraint("CK_Labels_Target", featureOrGroup));
            // Labels outlive a re-index of their SAE (Features rows are rewritten), so they hang off the SAE, not the row.
            l.HasOne<WorkspaceSae>().WithMany().HasForeignKey(x => x.SaeId).OnDelete(DeleteBehavior.Cascade);
            l.HasOne<GroupPermalink>().WithMany().HasForeignKey(x => x.GroupSlug).OnDelete(DeleteBehavior.Cascade);
            l.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.SetNull);
            l.HasIndex(x => new { x.SaeId, x.Feature });
            l.HasIndex(x => x.GroupSlug);
            l.Property(x => x.Text).HasMaxLength(LabelText.MaxLabel);
            l.Property(x => x.Source).HasMaxLength(64);
            l.Property(x => x.ScoreNote).HasMaxLength(300);
            l.Property(x => x.Version).IsConcurrencyToken();
            l.HasMany(x => x.Revisions).WithOne().HasForeignKey(r => r.LabelId).OnDelete(DeleteBehavior.Cascade);
            l.HasMany(x => x.Votes).WithOne().HasForeignKey(v => v.LabelId).OnDelete(DeleteBehavior.Cascade);
            l.HasMany(x => x.Comments).WithOne().HasForeignKey(c => c.LabelId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<LabelRevision>(r =>
        {
            r.ToTable("LabelRevisions");
            r.HasIndex(x => new { x.LabelId, x.Version }).IsUnique();
            r.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.EditorId).OnDelete(DeleteBehavior.SetNull);
            r.Property(x => x.Text).HasMaxLength(LabelText.MaxLabel);
        });
        model.Entity<LabelVote>(v =>
        {
            v.ToTable("LabelVotes", t => t.HasCheckConstraint("CK_LabelVotes_Value", $"{dialect.Column("Value")} IN (-1, 1)"));
            v.HasKey(x => new { x.LabelId, x.UserId });
            v.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<LabelComment>(c =>
        {
            c.ToTable("LabelComments");
            c.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.SetNull);
            c.Property(x => x.Text).HasMaxLength(LabelText.MaxComment);
        });
        model.Entity<CuratedList>(l =>
        {
            l.ToTable("Lists");
            l.HasIndex(x => x.Slug).IsUnique();
            l.Property(x => x.Slug).HasMaxLength(ListSlug.Length);
            l.Property(x => x.Name).HasMaxLength(ListStore.MaxName);
            l.Property(x => x.Notes).HasMaxLength(ListStore.MaxNotes);
            l.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
            l.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
            l.HasMany(x => x.Editors).WithOne().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CuratedListItem>(i =>
        {
            i.ToTable("ListItems", t => t.HasCheckConstraint("CK_ListItems_Target", featureOrGroup));
            i.HasOne<WorkspaceSae>().WithMany().HasForeignKey(x => x.SaeId).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<GroupPermalink>().WithMany().HasForeignKey(x => x.GroupSlug).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.AddedById).OnDelete(DeleteBehavior.SetNull);
            i.Property(x => x.Note).HasMaxLength(ListStore.MaxItemNote);
        });
        model.Entity<CuratedListEditor>(e =>
        {
            e.ToTable("ListEditors");
            e.HasKey(x => new { x.ListId, x.UserId });
            e.HasOne<SaexUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
