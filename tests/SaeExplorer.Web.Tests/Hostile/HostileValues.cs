namespace SaeExplorer.Web.Tests.Hostile;

/// <summary>
/// The values hostile requests are made of: route and query values (markup, SQL and full-text syntax, path traversal,
/// numbers out of every range, broken percent-encoding, control characters, huge strings, other scripts), JSON values
/// of every wrong type, and label texts with markup and scripts.
/// </summary>
public static class HostileValues
{
    /// <summary>Values for a route or query value; "raw:" ones go into the URL as they are (broken escapes), the rest escaped.</summary>
    public static readonly string[] Text =
    [
        "", " ", "0", "-1", "2147483648", "-2147483649", "99999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1.5", "true",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "' OR 1=1 --", "'; DROP TABLE Labels; --",
        "\"", "'", "NEAR(a b)", "a* OR b*", "^a", "col:word", "{0}", "%s%n%x", "${7*7}", "{{7*7}}", "@(1+1)", "../../etc/passwd",
        "..\\..\\windows\\win.ini", "u/../../x", "con", "\u0000", "\u0007\u001b[31m", "\t\n\r", "\u202Eevil", "\u200B", "日本語のテキスト",
        "مرحبا", "🙂🙃", "e\u0301\u0301\u0301\u0301\u0301", new string('a', 5000), new string('%', 300), "a b", "a+b", "a&b=c", "#frag",
        "raw:%zz", "raw:%", "raw:%00", "raw:%C0%AE%C0%AE", "raw:..%2F..%2Fetc%2Fpasswd", "raw:%E2%80%AE", "raw:%FF%FE",
    ];

    /// <summary>Query parameter names beyond an endpoint's own: the pages' and random ones.</summary>
    public static readonly string[] QueryNames =
    [
        "q", "a", "b", "kmax", "tau", "k", "restarts", "edits", "error", "returnUrl", "ReturnUrl", "page", "sort", "desc", "take", "skip",
        "search", "minScore", "format", "workspace", "size", "alive", "minLog10Frequency", "maxLog10Frequency", "modelId", "layer", "x",
    ];

    /// <summary>JSON values of every type, for a field that wants another.</summary>
    public static readonly string[] Json =
    [
        "null", "true", "false", "0", "-1", "2147483648", "1e400", "-1e400", "1.5", "\"\"", "\"x\"", "[]", "[1,2]", "{}", "{\"a\":1}",
        "\"NaN\"", "\"Infinity\"", "\"sideways\"", "\"up\"", "9223372036854775808", "\"\\u0000\"",
    ];

    /// <summary>Label, comment and list texts with markup and scripts: stored as text, shown escaped.</summary>
    public static readonly string[] Markup =
    [
        "<script>alert('label')</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">click</a>",
        "<svg onload=alert(1)>", "<iframe src=//evil.example></iframe>", "<style>body{display:none}</style>", "\"><script>alert(2)</script>",
        "</textarea><script>alert(3)</script>", "&lt;script&gt; already escaped", "&amp;&#60;&#x3C;", "<b>bold</b> and <i>italic</i>",
        "{{constructor.constructor('alert(4)')()}}", "@((1+1))", "${alert(5)}", "[click](javascript:alert(6))", "<!-- comment -->visible",
        "<meta http-equiv=refresh content=0;url=//evil.example>", "<base href=//evil.example/>", "<form action=//evil.example><input></form>",
        "' OR '1'='1", "\u202Ereversed", "zero\u200Bwidth", "emoji 🙂 <script>x</script>", "<<script>>alert(7)<</script>>",
        "<scr<script>ipt>alert(8)</scr</script>ipt>", "<math><mi xlink:href=\"javascript:alert(9)\">x</mi></math>",
    ];

    /// <summary>A value from <paramref name="values"/>.</summary>
    public static string Pick(Random r, IReadOnlyList<string> values) => values[r.Next(values.Count)];

    /// <summary>The value as it goes into a URL: escaped, unless it is a "raw:" one.</summary>
    public static string InUrl(string value) => value.StartsWith("raw:", StringComparison.Ordinal) ? value[4..] : Uri.EscapeDataString(value);
}
