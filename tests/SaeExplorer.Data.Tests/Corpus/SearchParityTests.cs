using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests.Corpus;

/// <summary>
/// The same captions, labels and comments on SQLite (FTS5, bm25) and on PostgreSQL (tsvector, ts_rank): every query
/// finds the same rows on both, stems, prefixes, several words, punctuation, accents and hostile text alike, and the
/// ranking agrees where it is clear-cut (one row matches more of the query, or as much in fewer words).
/// </summary>
public sealed class SearchParityTests(SearchParityTests.Seeded seeded) : IClassFixture<SearchParityTests.Seeded>
{
    private static readonly int RankedMatches = new Core.Settings.SaexOptions().RankedCaptionMatches;

    private static readonly string[] Captions =
    [
        "A brown dog running on the beach at sunset",
        "Two dogs playing with a red frisbee in the park",
        "a cat sleeping on a sofa",
        "Cats asleep in a cardboard box",
        "A man riding a horse through a field of flowers",
        "horses grazing near a wooden fence",
        "A red double-decker bus on a busy London street",
        "Yellow taxi cabs waiting at a traffic light in New York",
        "A plate of spaghetti with tomato sauce and basil",
        "Fresh fruit: apples, oranges and bananas on a table",
        "A child's drawing of a house with a red roof",
        "Snow-covered mountains under a clear blue sky",
        "A surfer riding a large wave",
        "People walking across a crowded city crossing",
        "A close-up of a bee on a sunflower",
        "An old steam train crossing a stone bridge",
        "A bowl of ramen with a boiled egg and green onions",
        "Café au lait and a croissant on a marble counter",
        "A T-shirt with a printed logo hanging on a rail",
        "A dog's bowl full of water next to a door",
        "The Eiffel Tower lit up at night",
        "Runners crossing the finish line of a marathon",
        "A laptop, a notebook and a cup of coffee on a desk",
        "Birds flying over a lake at dawn",
        "A vintage 1960s car parked outside a diner",
        "Aerial view of a harbour with sailing boats",
        "A knitted wool hat and scarf",
        "Close up of rusty metal with peeling blue paint",
        "Sunlight through the leaves of a tall oak tree",
        "A 3D rendering of a chrome sphere",
        "Children playing football in a dusty street",
        "A black and white photograph of a jazz musician",
        "Neon signs reflected in a wet street at night",
        "An elephant spraying water with its trunk",
        "A pizza with mushrooms, olives and peppers",
        "Waves crashing against rocks near a lighthouse",
        "A woman reading a book in a library",
        "Ice cream cones in many flavours",
        "A kitten playing with a ball of yarn",
        "Rows of solar panels in a desert",
    ];

    private static readonly string[] LabelTexts =
    [
        "dogs and puppies", "running animals", "red objects", "blue sky and water", "text and logos", "night scenes with lights",
        "food on plates", "horses", "close-up textures", "people crossing streets", "café scenes", "T-shirts and clothing",
    ];

    private static readonly string[] CommentTexts =
    [
        "Mostly fires on dog faces, not bodies", "also catches horses running", "I think this is about the colour red",
        "fires on sky at dusk and dawn", "the logo detector", "too broad: any lit street at night",
    ];

    public static TheoryData<string> Queries => new()
    {
        "dog", "dogs", "DOG", "run", "running", "runner", "hors", "cat", "sleeping", "asleep",
        "red", "red bus", "blue sky", "sky blue", "street night", "crossing", "cross", "play", "playing football",
        "cafe", "café", "t-shirt", "T-Shirt", "shirt", "dog's", "1960s", "3d", "new york", "fruit: apples",
        "as", "is", "at", "a", "the", "of a", "on the", "ice-cream", "colour", "lights",
        "\"", "\"dog", "*", "dog*", "NEAR(dog cat, 2)", "dog OR cat", "dog AND cat", "NOT dog", "-", "- ' -- ''",
        "^dog", "Description:dog", "{Body}: red", "(dog", "dog)", "'; DROP TABLE CorpusImages; --", "dog -", "%", "_",
        "\u202e\U0001F600 \u0301 日本語", "\0", "", "   ", "zebra", "x",
    };

    private TestDatabase Sqlite => seeded.Sqlite;
    private TestDatabase Postgres => seeded.Postgres;

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task CaptionSearchFindsTheSameImagesOnBoth(string query)
    {
        var (sqlite, postgres) = (await CaptionsAsync(Sqlite, query), await CaptionsAsync(Postgres, query));
        Assert.Equal(sqlite.Total, postgres.Total);
        Assert.Equal(sqlite.Ids.Order(), postgres.Ids.Order());
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task LabelAndCommentSearchFindsTheSameOnBoth(string query)
    {
        var (sqlite, postgres) = (await LabelHitsAsync(Sqlite, query), await LabelHitsAsync(Postgres, query));
        Assert.Equal(sqlite.Select(h => h.Key).Order(), postgres.Select(h => h.Key).Order());
        // The marked words are the same words (ts_headline and FTS5's highlight mark by the same stems).
        Assert.Equal(sqlite.ToDictionary(h => h.Key, h => h.Marked), postgres.ToDictionary(h => h.Key, h => h.Marked));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task FeatureLabelSearchFindsTheSameFeaturesOnBoth(string query)
    {
        var (sqlite, postgres) = (await FeaturesAsync(Sqlite, query), await FeaturesAsync(Postgres, query));
        Assert.Equal(sqlite.Order(), postgres.Order());
    }

    [Theory]
    [InlineData("dog", "0")]          // "dog" twice over ("dogs"), the shortest caption holding it wins: same on both
    [InlineData("cat", "2")]          // the shorter of two one-match captions
    [InlineData("red bus", "6")]      // the one caption with both words
    [InlineData("playing", "30")]     // children playing football: 7 words against 8 and 10
    public async Task TheBestMatchIsTheSameOnBoth(string query, string best)
    {
        foreach (var database in new[] { Sqlite, Postgres })
        {
            await using var db = database.NewContext();
            var result = await ImageSearch.SearchAsync(db, seeded.Workspace[database.Target.Provider], query, 1, 50, RankedMatches);
            Assert.Equal(best, result.Images[0].Id);
        }
    }

    private async Task<(int Total, List<string> Ids)> CaptionsAsync(TestDatabase database, string query)
    {
        await using var db = database.NewContext();
        var result = await ImageSearch.SearchAsync(db, seeded.Workspace[database.Target.Provider], query, 1, 100, RankedMatches);
        return (result.Total, result.Images.Select(i => i.Id).ToList());
    }

    private static async Task<List<(string Key, string Marked)>> LabelHitsAsync(TestDatabase database, string query)
    {
        var hits = await new LabelSearchQueries(database.Factory).SearchAsync(query, 200);
        // Label and comment ids differ between the databases' sequences only if their inserts did: key by text instead.
        return hits.Select(h => (h.InComment ? "comment:" + string.Concat(h.Spans.Select(s => s.Text)) : "label:" + h.LabelText,
            string.Concat(h.Spans.Select(s => s.Match ? $"[{s.Text}]" : s.Text)))).ToList();
    }

    private static async Task<List<int>> FeaturesAsync(TestDatabase database, string query)
    {
        await using var db = database.NewContext();
        return (await db.Dialect.MatchFeatureLabelsAsync(db.Saes.Single().Id, query, CancellationToken.None)).ToList();
    }

    /// <summary>Both databases, seeded once for every case of the class.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public TestDatabase Sqlite { get; } = new(DatabaseProvider.Sqlite);
        public TestDatabase Postgres { get; } = new(DatabaseProvider.Postgres);
        public Dictionary<DatabaseProvider, int> Workspace { get; } = [];

        public async Task InitializeAsync()
        {
            foreach (var database in new[] { Sqlite, Postgres })
            {
                await using var db = await database.MigratedAsync();
                var ws = TestDatabase.WorkspaceWith("parity", Captions);
                ws.Images[8].Category = "food";
                ws.Images[9].Category = "food";
                ws.Images[9].Subcategory = "fruit";
                db.Workspaces.Add(ws);
                await db.SaveChangesAsync();
                Workspace[database.Target.Provider] = ws.Id;
                var sae = new WorkspaceSae
                {
                    WorkspaceId = ws.Id, Name = "sae", Origin = "trained", Path = "sae", Architecture = "standard", DIn = 4, DSae = LabelTexts.Length,
                    IsActive = true, CreatedAt = DateTimeOffset.UtcNow,
                };
                db.Saes.Add(sae);
                await db.SaveChangesAsync();
                for (var f = 0; f < LabelTexts.Length; f++)
                    db.Features.Add(new Data.Features.FeatureRecord
                    {
                        SaeId = sae.Id, Feature = f, Histogram = [], TopRows = [], TopActivations = [], Samples = [], BandBounds = [], NeighbourIds = [], NeighbourCosines = [],
                    });
                await db.SaveChangesAsync();
                var labels = new LabelStore(database.Factory);
                var author = await TestUsers.AddAsync(database.Factory, "lara", Accounts.SaexRoles.Labeller);
                for (var f = 0; f < LabelTexts.Length; f++)
                {
                    var id = await labels.AddAsync(new LabelTarget.OfFeature(sae.Id, f), LabelTexts[f], author);
                    if (f < CommentTexts.Length) await labels.CommentAsync(id, author, CommentTexts[f]);
                }
            }
        }

        public Task DisposeAsync()
        {
            Sqlite.Dispose();
            Postgres.Dispose();
            return Task.CompletedTask;
        }
    }
}
