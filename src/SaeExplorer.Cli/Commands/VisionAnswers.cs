using System.Text;
using System.Text.Json;
using SaeExplorer.Core.Labeling.Vision;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex autointerp --method vision --answers FILE`: the model's answers as JSON lines ({"feature", "label", "refused",
/// "reply"}), one appended and flushed as each arrives, so a stopped run resumes: features already labelled in the file
/// are not asked again (refused ones are). A last line cut off by a kill is dropped; any other bad line is an error
/// naming the file and line.
/// </summary>
public sealed class VisionAnswers : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly StreamWriter? _writer;
    private readonly Dictionary<int, Answer> _answers;

    /// <summary>One line of the file.</summary>
    public sealed record Answer(int Feature, string? Label, string? Refused, string? Reply);

    private VisionAnswers(string? path, Dictionary<int, Answer> answers)
    {
        _answers = answers;
        if (path is null) return;
        var endsCleanly = !File.Exists(path) || new FileInfo(path).Length == 0 || File.ReadAllBytes(path)[^1] == (byte)'\n';
        _writer = new StreamWriter(path, append: true, new UTF8Encoding(false));
        if (!endsCleanly) _writer.WriteLine(); // the cut-off line stays on its own and is dropped on the next read too
    }

    /// <summary>The file's answers (none if it does not exist yet); null keeps answers in memory only.</summary>
    /// <exception cref="InvalidDataException">A line other than the last is not an answer.</exception>
    public static VisionAnswers Open(string? path)
    {
        var answers = new Dictionary<int, Answer>();
        if (path is not null && File.Exists(path))
        {
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                Answer? answer;
                try
                {
                    answer = JsonSerializer.Deserialize<Answer>(lines[i], Json);
                }
                catch (JsonException) when (lines[(i + 1)..].All(string.IsNullOrWhiteSpace))
                {
                    continue; // the line a kill cut off
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"'{path}', line {i + 1}: not a vision answer ({e.Message})", e);
                }
                if (answer is null || answer.Feature < 0 || (answer.Label is null) == (answer.Refused is null))
                    throw new InvalidDataException($"'{path}', line {i + 1}: an answer has a feature and either a label or the reason it was refused");
                answers[answer.Feature] = answer;
            }
        }
        return new VisionAnswers(path, answers);
    }

    /// <summary>Every answer, the latest per feature, by feature.</summary>
    public IEnumerable<Answer> All => _answers.Values.OrderBy(a => a.Feature);

    /// <summary>Features the file already has a label for.</summary>
    public IReadOnlySet<int> Labelled => _answers.Values.Where(a => a.Label is not null).Select(a => a.Feature).ToHashSet();

    public void Add(VisionOutcome outcome)
    {
        var answer = new Answer(outcome.Feature, outcome.Label?.Term?.Text, outcome.Refused, outcome.Reply);
        _answers[outcome.Feature] = answer;
        if (_writer is null) return;
        _writer.WriteLine(JsonSerializer.Serialize(answer, Json));
        _writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();
}
