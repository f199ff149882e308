using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Web.Components.Labels;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>Importing labels and lists files from a page: a labeller's file goes in whole or not at all; others are told who may.</summary>
public sealed class ImportFilesTests : SeededPageTests
{
    private async Task<List<string>> LabelTextsAsync(int feature)
    {
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        return await db.Labels.Where(l => l.SaeId == Seeded.SaeId && l.Feature == feature).Select(l => l.Text).ToListAsync();
    }

    /// <summary>The import box as a labeller, with <paramref name="text"/> uploaded as <paramref name="file"/> to its
    /// labels (0) or lists (1) button.</summary>
    private async Task<(BunitContext Ctx, IRenderedComponent<ImportFiles> Box)> UploadAsync(int button, string text, string file)
    {
        var ctx = (await SignedInAsync("lara", SaexRoles.Labeller)).Ctx;
        var box = ctx.Render<ImportFiles>();
        box.FindComponents<InputFile>()[button].UploadFiles(InputFileContent.CreateFromText(text, file));
        return (ctx, box);
    }

    [Fact]
    public async Task ALabellersCsvFileIsImportedAndSaysHowMany()
    {
        var (ctx, box) = await UploadAsync(0, "workspace,feature,text\ndemo,4,<b>stripes</b>\ndemo,4,zebra\n", "mine.csv");
        await using var _ = ctx;

        box.WaitForAssertion(() => Assert.Equal("Imported 2 labels from 'mine.csv'.", box.Find(".import-result").TextContent.Trim()), Wait);
        Assert.Equal(["<b>stripes</b>", "zebra"], (await LabelTextsAsync(4)).Order());
        Assert.Empty(box.FindAll(".import-result b")); // markup in a file is text
    }

    [Fact]
    public async Task AFileWithABadLineImportsNothingAndNamesTheLine()
    {
        var (ctx, box) = await UploadAsync(0, "workspace,feature,text\ndemo,5,fine\ndemo,99,no such feature\n", "bad.csv");
        await using var _ = ctx;

        box.WaitForAssertion(() => Assert.Contains("Nothing was imported from 'bad.csv'", box.Find(".import-result").TextContent), Wait);
        Assert.Contains("line 3", box.Find(".import-result").TextContent);
        Assert.Empty(await LabelTextsAsync(5));
    }

    [Fact]
    public async Task AFileThatIsNeitherJsonNorCsvIsRefused()
    {
        var (ctx, box) = await UploadAsync(1, "list,name\na,b\n", "lists.txt");
        await using var _ = ctx;

        box.WaitForAssertion(() => Assert.Contains("The format is json or csv, got 'txt'", box.Find(".import-result").TextContent), Wait);
    }

    [Fact]
    public async Task AListsFileMakesTheLists()
    {
        var (ctx, box) = await UploadAsync(1,
            "[{\"list\":\"a\",\"name\":\"reds\",\"workspace\":\"demo\",\"feature\":0},{\"list\":\"a\",\"name\":\"reds\",\"workspace\":\"demo\",\"feature\":3}]", "lists.json");
        await using var _ = ctx;

        box.WaitForAssertion(() => Assert.Equal("Imported 1 lists from 'lists.json'.", box.Find(".import-result").TextContent.Trim()), Wait);
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.ListItems.CountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("vera")]
    public async Task NobodyAndViewersAreToldWhoMayImport(string? name)
    {
        await using var ctx = (await SignedInAsync(name)).Ctx; // a viewer has no role
        var box = ctx.Render<ImportFiles>();

        box.WaitForAssertion(() => Assert.Equal("Labellers can import labels and lists files here (or through the API with a token: POST /api/labels/import, POST /api/lists/import).",
            box.Find(".import-sign-in").TextContent.Trim()), Wait);
        Assert.Empty(box.FindComponents<InputFile>());
    }
}
