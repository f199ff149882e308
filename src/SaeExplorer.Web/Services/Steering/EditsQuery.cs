using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>
/// An edit list as it travels in an image page's address (<c>?edits=</c>), short enough to paste and readable at a
/// glance: edits joined by ';', each "op:features" with its number, e.g.
/// <c>scale:4,9,12*0.5;set:3=2.5;remove:7;add:88=1.2,91=0.4@g-1a2b</c> (scale by a factor, set to a value,
/// remove, add feature=value pairs with an optional source). Values from an address are untrusted: anything
/// unreadable is refused whole with a message naming the edit, and the page shows the image unsteered.
/// </summary>
public static partial class EditsQuery
{
    /// <summary>More edits than anyone drags by hand; a longer list is a pasted accident or an attack.</summary>
    public const int MaxEdits = 256;

    public const int MaxLength = 16_384;

    public static string Write(EditList edits) => string.Join(';', edits.Edits.Select(Write));

    private static string Write(SteeringEdit edit) => edit switch
    {
        ScaleFeatures scale => $"scale:{Features(scale.Features)}*{Number(scale.Factor)}",
        SetFeatures set => $"set:{Features(set.Features)}={Number(set.Value)}",
        RemoveFeatures remove => $"remove:{Features(remove.Features)}",
        AddFeatures add => $"add:{string.Join(',', add.Features.Select(p => $"{p.Feature}={Number(p.Value)}"))}" +
                           (add.Source is { } source ? $"@{SafeSource(source)}" : ""),
        _ => throw new NotSupportedException($"no address form for edit {edit.GetType().Name}"),
    };

    /// <summary>The edits, or a message saying what is wrong; an empty or missing value is no edits.</summary>
    public static (EditList Edits, string? Problem) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (EditList.Empty, null);
        if (text.Length > MaxLength)
            return (EditList.Empty, $"The edits in the address are {text.Length:N0} characters long (at most {MaxLength:N0}); showing the image unsteered.");
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > MaxEdits)
            return (EditList.Empty, $"The address holds {parts.Length} edits (at most {MaxEdits}); showing the image unsteered.");
        var edits = new List<SteeringEdit>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (ParseOne(parts[i]) is { } edit)
                edits.Add(edit);
            else
                return (EditList.Empty, $"Edit {i + 1} in the address, '{Shorten(parts[i])}', is not one of scale:F,..*factor, set:F,..=value, remove:F,.. or add:F=value,..; showing the image unsteered.");
        }
        var list = new EditList(edits);
        try
        {
            list.Validate();
        }
        catch (SteeringEditException e)
        {
            return (EditList.Empty, $"The edits in the address were refused: {e.Message}; showing the image unsteered.");
        }
        return (list, null);
    }

    private static SteeringEdit? ParseOne(string text)
    {
        if (Scale().Match(text) is { Success: true } scale && Ints(scale.Groups[1].Value) is { } scaled && Float(scale.Groups[2].Value) is { } factor)
            return new ScaleFeatures(scaled, factor);
        if (Set().Match(text) is { Success: true } set && Ints(set.Groups[1].Value) is { } setFeatures && Float(set.Groups[2].Value) is { } value)
            return new SetFeatures(setFeatures, value);
        if (Remove().Match(text) is { Success: true } remove && Ints(remove.Groups[1].Value) is { } removed)
            return new RemoveFeatures(removed);
        if (Add().Match(text) is { Success: true } add)
        {
            var pairs = new List<FeatureValue>();
            foreach (var pair in add.Groups[1].Value.Split(','))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0 || Int(pair[..eq]) is not { } feature || Float(pair[(eq + 1)..]) is not { } v) return null;
                pairs.Add(new FeatureValue(feature, v));
            }
            return new AddFeatures(pairs, add.Groups[2].Success ? add.Groups[2].Value : null);
        }
        return null;
    }

    private static int[]? Ints(string text)
    {
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (Int(parts[i]) is { } v) values[i] = v;
            else return null;
        return values;
    }

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static float? Float(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) ? v : null;

    private static string Features(IReadOnlyList<int> features) => string.Join(',', features.Select(f => f.ToString(CultureInfo.InvariantCulture)));

    // "R" keeps every bit of a float, so a value read back from the address is the value written.
    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A source is a label for people (a group's slug, an image id); only address-safe characters travel.</summary>
    private static string SafeSource(string source)
    {
        var builder = new StringBuilder(Math.Min(source.Length, 80));
        foreach (var c in source.Take(80))
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' ? c : '-');
        return builder.ToString();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^scale:([0-9,]+)\*([-+0-9.eE]+)$")]
    private static partial Regex Scale();

    [GeneratedRegex(@"^set:([0-9,]+)=([-+0-9.eE]+)$")]
    private static partial Regex Set();

    [GeneratedRegex(@"^remove:([0-9,]+)$")]
    private static partial Regex Remove();

    [GeneratedRegex(@"^add:([0-9=,.eE+-]+?)(?:@([A-Za-z0-9_./-]{1,80}))?$")]
    private static partial Regex Add();
}
