using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Training;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex autointerp`: names every alive feature of an SAE from the corpus's own vocabulary (or a CLIP text vocabulary),
/// chosen on the training images and scored on the held-out ones of the trainer's split; or, with --method vision, asks
/// a vision-language model about each feature's top training images (<see cref="AutointerpVision"/>).
/// </summary>
public static class AutointerpCommand
{
    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy) of the corpus.", Required = true };
        var manifest = new Option<FileInfo>("--manifest") { Description = "The corpus's manifest.csv (id, file, category, subcategory, description).", Required = true };
        var ids = new Option<FileInfo?>("--ids") { Description = "Row ids of the embeddings (default: FILE.ids.txt beside them)." };
        var heldOut = new Option<double?>("--held-out-fraction") { Description = "Share of images held out for scoring (default: Training:HeldOutFraction)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the split (default: Training:Seed, so the held-out images are the trainer's)." };
        var method = new Option<string>("--method") { Description = "decoder-direction (default), top-images or vision.", DefaultValueFactory = _ => FeatureNamer.DecoderDirectionMethod };
        var candidates = new Option<int>("--candidates") { Description = "Terms kept per feature by decoder cosine, to choose from on training images.", DefaultValueFactory = _ => new AutointerpOptions().Candidates };
        var kinds = new Option<string>("--kinds") { Description = "Vocabulary term kinds, comma-separated: category, subcategory, word.", DefaultValueFactory = _ => "category,subcategory,word" };
        var minCount = new Option<int>("--min-count") { Description = "Training images a vocabulary term needs.", DefaultValueFactory = _ => new VocabularyOptions().MinimumCount };
        var topImages = new Option<int>("--top-images") { Description = "Top activating images for top-image naming and the agreement figure.", DefaultValueFactory = _ => new AutointerpOptions().TopImages };
        var vocabulary = new Option<FileInfo?>("--vocabulary") { Description = "Text embeddings (.npy, terms x d) of --vocabulary-words made elsewhere, row t for line t." };
        var vocabularyWords = new Option<FileInfo?>("--vocabulary-words") { Description = "A word list, one term per line, to name features with instead of the manifest's vocabulary: embedded with the CLIP text tower (Encoder:TextModelPath or --text-model) unless --vocabulary gives its vectors." };
        var textModel = new Option<FileInfo?>("--text-model") { Description = "The CLIP text tower (.onnx, with vocab.json and merges.txt beside it) that embeds --vocabulary-words (default: Encoder:TextModelPath)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document: {\"features\": [...], \"report\": {...}}." };
        var endpoint = new Option<string?>("--endpoint") { Description = "vision: the OpenAI-compatible endpoint, e.g. http://gpu-box:8000/v1 (default: Autointerp:Vision:Endpoint)." };
        var model = new Option<string?>("--model") { Description = "vision: the chat model's name (default: Autointerp:Vision:Model)." };
        var answers = new Option<FileInfo?>("--answers") { Description = "vision: JSON lines of the model's answers, appended as they come; features it already labels are skipped, so a stopped run resumes." };
        var maxRows = new Option<int?>("--max-rows") { Description = "Corpus rows read at most: a larger corpus is labelled on a seeded sample of this many (default: Autointerp:MaxRows)." };
        var maxFeatures = new Option<int?>("--max-features") { Description = "vision: features asked about in this run (default: Autointerp:Vision:MaxFeaturesPerRun)." };
        var command = new Command("autointerp", "Label every alive SAE feature and score each label's detection AUROC on held-out images.")
        {
            embeddings, manifest, ids, heldOut, seed, method, candidates, kinds, minCount, topImages, vocabulary, vocabularyWords, textModel, json,
            endpoint, model, answers, maxFeatures, maxRows,
        };
        sae.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var config = CliSettings.Load();
            var training = CliSettings.Get<TrainerOptions>(config);
            var fraction = parse.GetValue(heldOut) ?? training.HeldOutFraction;
            if (fraction is <= 0 or >= 1 || double.IsNaN(fraction))
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"--held-out-fraction must be above 0 and below 1 (labels are scored on held-out images), got {fraction}"));
            var splitSeed = parse.GetValue(seed) ?? training.Seed;
            var methodName = parse.GetValue(method)!.Trim().ToLowerInvariant();
            var options = Core.Settings.OptionsCheck.Checked(new AutointerpOptions
            {
                Candidates = parse.GetValue(candidates), TopImages = parse.GetValue(topImages),
                MaxRows = parse.GetValue(maxRows) ?? CliSettings.Get<AutointerpOptions>(config).MaxRows,
            });
            var vocabularyOptions = ParseKinds(parse.GetValue(kinds)!) with { MinimumCount = AtLeastOne(parse.GetValue(minCount), "--min-count") };
            var embeddingsPath = parse.GetRequiredValue(embeddings).FullName;
            var manifestPath = parse.GetRequiredValue(manifest).FullName;
            if (!File.Exists(manifestPath)) throw new FileNotFoundException($"manifest not found: '{manifestPath}'", manifestPath);

            var vision = methodName == FeatureNamer.VisionMethod ? VisionOptions(config, parse.GetValue(endpoint), parse.GetValue(model), parse.GetValue(maxFeatures)) : null;
            var naming = vision is null ? ParseMethod(methodName) : default;

            using var corpus = NpyFile.Open(embeddingsPath);
            var data = LabelingRows.Of(corpus, options.MaxRows, splitSeed);
            var rowIds = data.Ids(ReadIds(parse.GetValue(ids)?.FullName, corpus));
            var entries = CorpusManifest.Read(manifestPath);
            var concepts = CorpusConcepts.Join(entries, rowIds, manifestPath, parse.GetValue(ids)?.FullName ?? RowIdMap.PathFor(embeddingsPath), data.CorpusRows);
            using var saeModel = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), corpus.Columns);
            var split = data.Split(fraction, splitSeed);
            if (data.IsSample) Console.Error.WriteLine($"labelling a seeded sample of {data.Rows:N0} of the corpus's {data.CorpusRows:N0} rows (--max-rows)");
            AutointerpResult result;
            if (vision is not null)
            {
                var byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
                result = AutointerpVision.Run(vision, saeModel, data, concepts, [.. rowIds.Select(id => byId[id])], manifestPath, split, options,
                    CliSettings.ImageLoader(config), parse.GetValue(answers)?.FullName, ct);
            }
            else
            {
                var textVocabulary = TextVocabulary(parse.GetValue(vocabulary), parse.GetValue(vocabularyWords), parse.GetValue(textModel), config, saeModel.DIn);
                result = Autointerp.Run(saeModel, data, concepts, split, naming, options, vocabularyOptions, textVocabulary);
            }

            if (parse.GetValue(json))
                AnsiConsole.Profile.Out.Writer.WriteLine(AutointerpJson.Write(result, new AutointerpJson.Run(fraction, splitSeed, concepts.ManifestEntriesWithoutRows))); // stdout, unwrapped
            else AutointerpTable.Write(result, fraction, splitSeed);
            return 0;
        })));
        return command;
    }

    internal static NamingMethod ParseMethod(string value) => value.Trim().ToLowerInvariant() switch
    {
        FeatureNamer.DecoderDirectionMethod or "direction" => NamingMethod.DecoderDirection,
        FeatureNamer.TopImagesMethod => NamingMethod.TopImages,
        _ => throw new FormatException($"--method must be {FeatureNamer.DecoderDirectionMethod}, {FeatureNamer.TopImagesMethod} or {FeatureNamer.VisionMethod}, got '{value}'"),
    };

    /// <summary>Autointerp:Vision with the command's --endpoint, --model and --max-features on top, checked.</summary>
    private static VisionLabelOptions VisionOptions(IConfiguration config, string? endpoint, string? model, int? maxFeatures)
    {
        var options = config.GetSection(VisionLabelOptions.Section).Get<VisionLabelOptions>() ?? new VisionLabelOptions();
        options = Core.Settings.OptionsCheck.Checked(options with
        {
            Endpoint = endpoint ?? options.Endpoint,
            Model = model ?? options.Model,
            MaxFeaturesPerRun = maxFeatures ?? options.MaxFeaturesPerRun,
        });
        return options.IsConfigured
            ? options
            : throw new FormatException($"--method vision needs a chat endpoint: --endpoint, or {VisionLabelOptions.Section}:Endpoint in appsettings.json (docs/autointerp.md says how to serve one)");
    }

    internal static VocabularyOptions ParseKinds(string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToArray();
        string[] known = [TermKind.Category.Name(), TermKind.Subcategory.Name(), TermKind.Word.Name()];
        var unknown = names.Where(n => !known.Contains(n)).ToArray();
        if (names.Length == 0 || unknown.Length > 0)
            throw new FormatException($"--kinds takes category, subcategory and word, comma-separated; got '{value}'");
        return new VocabularyOptions
        {
            Categories = names.Contains(known[0]), Subcategories = names.Contains(known[1]), CaptionWords = names.Contains(known[2]),
        };
    }

    private static string[] ReadIds(string? idsPath, NpyFile data)
    {
        if (idsPath is null) return RowIdMap.Read(data);
        if (!File.Exists(idsPath)) throw new FileNotFoundException($"row id file not found: '{idsPath}'", idsPath);
        var ids = File.ReadAllLines(idsPath, Encoding.UTF8);
        return ids.LongLength == data.Rows
            ? ids
            : throw new InvalidDataException($"'{idsPath}' has {ids.Length} ids but '{data.Path}' has {data.Rows} rows");
    }

    /// <summary>None (the manifest's vocabulary), the word list's embeddings from a .npy, or the word list embedded by the text tower.</summary>
    private static LabelVocabulary? TextVocabulary(FileInfo? vectors, FileInfo? words, FileInfo? textModel, IConfiguration config, int dimension)
    {
        if (words is null)
            return vectors is null ? null : throw new FormatException("--vocabulary needs --vocabulary-words: the terms its rows stand for");
        if (vectors is not null) return ClipTextVocabulary.Load(vectors.FullName, words.FullName, dimension);
        var encoder = CliSettings.Get<Core.Encoders.EncoderOptions>(config);
        try
        {
            using var text = Core.Encoders.Text.ClipTextEncoder.Open(encoder with { TextModelPath = textModel?.FullName ?? encoder.TextModelPath });
            return ClipTextVocabulary.Embed(text, words.FullName, dimension);
        }
        catch (InvalidOperationException e) // not configured, or a graph that does not fit: a setting to fix
        {
            throw new FormatException($"{e.Message}; --vocabulary-words without --vocabulary embeds the words with it (or pass --text-model)", e);
        }
    }

    private static int AtLeastOne(int value, string option) => value >= 1
        ? value
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{option} must be at least 1, got {value}"));
}
