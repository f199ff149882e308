using System.Globalization;
using System.Text;
using System.Text.Json;
using Sylvan.Data.Csv;

namespace SaeExplorer.Data.Transfer;

public enum TransferFormat
{
    Json,
    Csv,
}

/// <summary>An import file that cannot be taken as a whole: the message names the line (or item) that is wrong.</summary>
public sealed class TransferException(string message) : Exception(message);

/// <summary>One row of an import file by column name, with the line it starts on (for messages).</summary>
public sealed class TransferRecord(int line, IReadOnlyDictionary<string, string?> fields)
{
    public int Line { get; } = line;

    public string? this[string column] => fields.GetValueOrDefault(column) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public TransferException Error(string what) => new($"line {Line}: {what}");

    /// <summary>Runs the store's own check of a value (label text, a name, a note): its refusal is this line's error.</summary>
    public T Checked<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Labels.LabelInputException bad)
        {
            throw Error(bad.Message);
        }
    }

    public string Required(string column) => this[column] ?? throw Error($"'{column}' is missing.");

    public int? Int(string column) => this[column] is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
        : throw Error($"'{column}' must be a whole number of 0 or more, got '{text}'.");

    public double? Double(string column) => this[column] is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw Error($"'{column}' must be a finite number, got '{text}'.");
}

/// <summary>
/// Label and list files as CSV (a header row, then one row per record) or JSON (an array of flat objects, written one
/// per line), with the same column names either way. Reading checks the columns; each record keeps its line.
/// </summary>
public static class TransferTable
{
    public static TransferFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => TransferFormat.Json,
        "csv" => TransferFormat.Csv,
        _ => throw new TransferException($"The format is json or csv, got '{text}'."),
    };

    public static string ContentType(TransferFormat format) => format == TransferFormat.Csv ? "text/csv" : "application/json";

    public static void Write(Stream stream, TransferFormat format, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        if (format == TransferFormat.Csv)
        {
            using var csv = CsvDataWriter.Create(text);
            var table = new System.Data.DataTable();
            foreach (var c in columns) table.Columns.Add(c, typeof(string));
            foreach (var row in rows) table.Rows.Add(row.Select(Invariant).ToArray<object?>());
            using var reader = table.CreateDataReader();
            csv.Write(reader);
            return;
        }
        text.Write('[');
        var first = true;
        foreach (var row in rows)
        {
            text.Write(first ? "\n" : ",\n");
            first = false;
            var item = new Dictionary<string, object?>();
            for (var i = 0; i < columns.Count; i++) item[columns[i]] = row[i];
            text.Write(JsonSerializer.Serialize(item));
        }
        text.Write("\n]\n");
    }

    /// <exception cref="TransferException">The file is not of the format, or has a column it should not.</exception>
    public static IReadOnlyList<TransferRecord> Read(string content, TransferFormat format, IReadOnlyCollection<string> columns)
    {
        var records = format == TransferFormat.Csv ? ReadCsv(content) : ReadJson(content);
        return records.Select(r => Checked(r, columns)).ToList();

        static TransferRecord Checked((int Line, Dictionary<string, string?> Fields) r, IReadOnlyCollection<string> known)
        {
            var unknown = r.Fields.Keys.FirstOrDefault(k => !known.Contains(k));
            if (unknown is not null)
                throw new TransferException($"line {r.Line}: unknown column '{unknown}' (the columns are {string.Join(", ", known)}).");
            return new TransferRecord(r.Line, r.Fields);
        }
    }

    private static List<(int, Dictionary<string, string?>)> ReadCsv(string content)
    {
        try
        {
            return ReadCsvRows(content);
        }
        catch (CsvFormatException e) // an unclosed quote or a stray character: the reader's reason, by line
        {
            throw new TransferException($"line {e.RowNumber + 1}: not valid CSV ({e.Message.TrimEnd('.')}).");
        }
    }

    private static List<(int, Dictionary<string, string?>)> ReadCsvRows(string content)
    {
        using var csv = CsvDataReader.Create(new StringReader(content));
        var names = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim().ToLowerInvariant()).ToArray();
        var rows = new List<(int, Dictionary<string, string?>)>();
        var line = 1;
        while (csv.Read())
        {
            line++;
            if (csv.RowFieldCount > names.Length)
                throw new TransferException($"line {line}: {csv.RowFieldCount} fields, but the header names {names.Length} columns.");
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < csv.RowFieldCount; i++) fields[names[i]] = csv.GetString(i);
            if (fields.Values.All(string.IsNullOrWhiteSpace)) continue; // a blank line
            rows.Add((line, fields));
        }
        return rows;
    }

    private static List<(int, Dictionary<string, string?>)> ReadJson(string content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new TransferException($"line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" LineNumber", 2)[0]}).");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new TransferException("line 1: the file must be a JSON array of objects, one per record.");
            var lines = ElementLines(content);
            var rows = new List<(int, Dictionary<string, string?>)>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 1;
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                    throw new TransferException($"line {line}: record {index} is {element.ValueKind.ToString().ToLowerInvariant()}, not an object.");
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                    fields[p.Name.ToLowerInvariant()] = p.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                        _ => throw new TransferException($"line {line}: '{p.Name}' must be text or a number, not {p.Value.ValueKind.ToString().ToLowerInvariant()}."),
                    };
                rows.Add((line, fields));
            }
            return rows;
        }
    }

    /// <summary>The line each element of the top-level array starts on (a scan that skips strings).</summary>
    private static List<int> ElementLines(string content)
    {
        var lines = new List<int>();
        int line = 1, depth = 0;
        bool inString = false, escaped = false, expectElement = false;
        foreach (var c in content)
        {
            if (c == '\n') line++;
            if (inString)
            {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                continue;
            }
            if (depth == 1 && expectElement && !char.IsWhiteSpace(c) && c != ']')
            {
                lines.Add(line);
                expectElement = false;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '[' or '{':
                    depth++;
                    if (depth == 1) expectElement = true;
                    break;
                case ']' or '}': depth--; break;
                case ',' when depth == 1: expectElement = true; break;
            }
        }
        return lines;
    }

    private static object? Invariant(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
