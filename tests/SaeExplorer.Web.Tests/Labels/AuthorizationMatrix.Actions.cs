using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Steering;
using SaeExplorer.Web.Services.Uploads;
using SaeExplorer.Web.Services.Workspaces;
using static SaeExplorer.Web.Tests.Labels.Role;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// The matrix's page actions: what interactive components call with the circuit's user (labels panel, lists pages,
/// workspace cards and the New workspace page), and the actions anyone may take (share a group or a steering state,
/// upload an image), which take no user. A revoked token never opens a circuit, so it has no column here.
/// </summary>
public static partial class AuthorizationMatrix
{
    /// <summary>Open actions, by service and method: they take no user, so the matrix test finds them by this list.</summary>
    public static readonly IReadOnlyList<(Type Service, string Method)> OpenActions =
    [
        (typeof(GroupPermalinks), nameof(GroupPermalinks.CreateAsync)),
        (typeof(SteeringPermalinks), nameof(SteeringPermalinks.CreateAsync)),
        (typeof(UploadService), nameof(UploadService.AddAsync)),
    ];

    private static readonly IReadOnlyList<MatrixEntry> PageActions =
    [
        // The labels panel and the lists pages.
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.LabellerAsync), Allowed.Labellers, (f, u) => W(f).LabellerAsync(u)),
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.AddLabelAsync), Allowed.Labellers,
            (f, u) => W(f).AddLabelAsync(u, new LabelTarget.OfFeature(f.Seeded.SaeId, 2), "from the panel")),
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.EditLabelAsync), Allowed.Labellers, async (f, u) => await W(f).EditLabelAsync(u, await f.NewLabelAsync(), 1, "edited")),
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.VoteAsync), Allowed.Labellers, async (f, u) => await W(f).VoteAsync(u, await f.NewLabelAsync(), -1)),
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.CommentAsync), Allowed.Labellers, async (f, u) => await W(f).CommentAsync(u, await f.NewLabelAsync(), "hm")),
        new PageAction(typeof(ListWrites), nameof(ListWrites.CreateListAsync), Allowed.Labellers, (f, u) => L(f).CreateListAsync(u, "panel list", null)),
        new PageAction(typeof(ListWrites), nameof(ListWrites.UpdateListAsync), Allowed.OwnerAndEditor, async (f, u) => await L(f).UpdateListAsync(u, await f.NewListAsync(), "r", null)),
        new PageAction(typeof(ListWrites), nameof(ListWrites.DeleteListAsync), Allowed.OwnerOnly, async (f, u) => await L(f).DeleteListAsync(u, await f.NewListAsync())),
        new PageAction(typeof(ListWrites), nameof(ListWrites.AddFeatureToListAsync), Allowed.OwnerAndEditor,
            async (f, u) => await L(f).AddFeatureToListAsync(u, await f.NewListAsync(), f.Seeded.SaeId, 0, null)),
        new PageAction(typeof(ListWrites), nameof(ListWrites.AddGroupToListAsync), Allowed.OwnerAndEditor,
            async (f, u) => await L(f).AddGroupToListAsync(u, await f.NewListAsync(), f.GroupSlug, "see this")),
        new PageAction(typeof(ListWrites), nameof(ListWrites.RemoveListItemAsync), Allowed.OwnerAndEditor, async (f, u) =>
        {
            var slug = await f.NewListAsync();
            var item = await f.App.Services.GetRequiredService<ListStore>().AddGroupAsync(slug, f.UserId(ListOwner), f.GroupSlug, null);
            await L(f).RemoveListItemAsync(u, slug, item);
        }),
        new PageAction(typeof(ListWrites), nameof(ListWrites.AddListEditorAsync), Allowed.OwnerOnly, async (f, u) => await L(f).AddListEditorAsync(u, await f.NewListAsync(), "vera")),
        new PageAction(typeof(ListWrites), nameof(ListWrites.RemoveListEditorAsync), Allowed.OwnerOnly, async (f, u) => await L(f).RemoveListEditorAsync(u, await f.NewListAsync(), "eddie")),
        new PageAction(typeof(LabelWrites), nameof(LabelWrites.ImportLabelsAsync), Allowed.Labellers,
            (f, u) => W(f).ImportLabelsAsync(u, "workspace,feature,text\ndemo,1,from a page's file\n", TransferFormat.Csv)),
        new PageAction(typeof(ListWrites), nameof(ListWrites.ImportListsAsync), Allowed.Labellers,
            (f, u) => L(f).ImportListsAsync(u, "list,name,workspace,feature\na,a page's file,demo,1\n", TransferFormat.Csv)),

        // Workspace actions: the New workspace page and the home cards. Each checks the role before anything else, so an
        // admin's call that goes through is refused only on its merits (no such folder, no such workspace).
        new PageAction(typeof(WorkspaceImports), nameof(WorkspaceImports.CreateAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().CreateAsync(u, "from-the-matrix", "/no/such/folder", null)),
        new PageAction(typeof(WorkspaceImports), nameof(WorkspaceImports.AddSaeAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().AddSaeAsync(u, "demo", "/no/such/sae.pth")),
        new PageAction(typeof(WorkspaceImports), nameof(WorkspaceImports.RetryAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().RetryAsync(u, f.Seeded.WorkspaceId)),
        new PageAction(typeof(WorkspaceRemoval), nameof(WorkspaceRemoval.DeleteAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceRemoval>().DeleteAsync(u, "no-such-workspace")),

        // Open actions: the image page's Share buttons and its upload box.
        new PageAction(typeof(GroupPermalinks), nameof(GroupPermalinks.CreateAsync), Allowed.Anyone, async (f, _) =>
        {
            var (context, grouping) = await GroupingAsync(f);
            Assert.NotNull(await f.App.Services.GetRequiredService<GroupPermalinks>().CreateAsync(context, grouping, grouping.Groups[0]));
        }),
        new PageAction(typeof(SteeringPermalinks), nameof(SteeringPermalinks.CreateAsync), Allowed.Anyone, async (f, _) =>
        {
            var (context, grouping) = await GroupingAsync(f);
            Assert.NotNull(await f.App.Services.GetRequiredService<SteeringPermalinks>().CreateAsync(context, grouping, Core.Steering.EditList.Empty, true));
        }),
        new PageAction(typeof(UploadService), nameof(UploadService.AddAsync), Allowed.Anyone, async (f, _) =>
        {
            var context = (await f.App.Services.GetRequiredService<Data.Workspaces.WorkspaceQueries>().FindAsync("demo"))!;
            using var bytes = new MemoryStream("not an image"u8.ToArray());
            Assert.NotNull((await f.App.Services.GetRequiredService<UploadService>().AddAsync(context, bytes, "x.png", "image/png")).Problem); // refused as input only
        }),
    ];

    private static LabelWrites W(LabelsAppFixture f) => f.App.Services.GetRequiredService<LabelWrites>();

    private static ListWrites L(LabelsAppFixture f) => f.App.Services.GetRequiredService<ListWrites>();

    /// <summary>The seeded image img-0 taken apart as its page shows it.</summary>
    private static async Task<(Data.Workspaces.WorkspaceContext, ImageGrouping)> GroupingAsync(LabelsAppFixture f)
    {
        var opened = await f.App.Services.GetRequiredService<ImageGroupings>().OpenAsync("demo", "img-0", GroupingSettings.Default, null, []);
        return (opened.Workspace!, opened.Grouping!);
    }
}
