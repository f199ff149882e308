using System.Net.Http.Headers;
using System.Text;
using SaeExplorer.Core.Tests.Hostile;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Hostile;

/// <summary>
/// Hostile bodies for every write that takes one: JSON with a field of the wrong type, missing or extra fields, deep
/// nesting, a huge string, broken or non-object JSON, the wrong Content-Type, keys given twice and invalid UTF-8; import
/// files (CSV and JSON) that are wrong in one line or all over; and multipart forms to the upload endpoint that break
/// the form itself (no file part, two, an empty one, filenames with paths and control characters, no boundary).
/// </summary>
public static class BodyCases
{
    private const string Ws = "/api/workspaces/demo";

    /// <summary>A JSON write: where it goes, who sends it, and its valid fields (JSON text each).</summary>
    private sealed record Template(string Name, HttpMethod Method, string Url, Role As, Dictionary<string, string> Fields);

    public static IReadOnlyList<HostileRequest> Json(RouteCases.Known known)
    {
        var r = HostileSeed.For("bodies");
        Template[] templates =
        [
            new("feature-label", HttpMethod.Post, $"{Ws}/features/{r.Next(0, 8)}/labels", Role.Labeller,
                new() { ["text"] = "\"ok\"", ["source"] = "\"human\"", ["score"] = "0.5" }),
            new("group-label", HttpMethod.Post, $"/api/groups/{known.GroupSlug}/labels", Role.OtherLabeller, new() { ["text"] = "\"ok\"" }),
            new("edit-label", HttpMethod.Put, $"/api/labels/{known.LabelId}", Role.Labeller, new() { ["text"] = "\"edited\"", ["version"] = "1" }),
            new("vote", HttpMethod.Post, $"/api/labels/{known.LabelId}/votes", Role.Admin, new() { ["vote"] = "\"up\"" }),
            new("comment", HttpMethod.Post, $"/api/labels/{known.LabelId}/comments", Role.ListEditor, new() { ["text"] = "\"hm\"" }),
            new("create-list", HttpMethod.Post, "/api/lists", Role.OtherLabeller, new() { ["name"] = "\"n\"", ["notes"] = "\"x\"" }),
            new("update-list", HttpMethod.Put, $"/api/lists/{known.ListSlug}", Role.ListOwner, new() { ["name"] = "\"n\"", ["notes"] = "\"x\"" }),
            new("list-item", HttpMethod.Post, $"/api/lists/{known.ListSlug}/items", Role.ListEditor,
                new() { ["workspace"] = "\"demo\"", ["feature"] = "2", ["note"] = "\"n\"" }),
            new("list-editor", HttpMethod.Post, $"/api/lists/{known.ListSlug}/editors", Role.ListOwner, new() { ["userName"] = "\"vera\"" }),
        ];
        var cases = new List<HostileRequest>();
        foreach (var t in templates)
        {
            HostileRequest Send(string name, Func<HttpContent?> content) => new("json", $"{t.Name} {name}", t.Method, t.Url, content, t.As, Writes: true);
            string Object(IEnumerable<KeyValuePair<string, string>> fields) => "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
            for (var i = 0; i < 6; i++)
            {
                var field = t.Fields.Keys.ElementAt(r.Next(t.Fields.Count));
                var fields = new Dictionary<string, string>(t.Fields) { [field] = HostileValues.Pick(r, HostileValues.Json) };
                var body = Object(fields);
                cases.Add(Send($"{field}={fields[field]}", () => JsonText(body)));
            }
            cases.Add(Send("empty-object", () => JsonText("{}")));
            cases.Add(Send("extra-fields", () => JsonText(Object(t.Fields.Append(new("__proto__", "{\"admin\":true}")).Append(new("id", "1"))))));
            cases.Add(Send("deep", () => JsonText(new string('[', 5000) + new string(']', 5000))));
            var field0 = t.Fields.Keys.First();
            cases.Add(Send("huge-string", () => JsonText(Object(new Dictionary<string, string>(t.Fields) { [field0] = $"\"{new string('x', 1_000_000)}\"" }))));
            cases.Add(Send("no-body", () => null));
            cases.Add(Send("broken", () => JsonText("{\"" + field0 + "\": ")));
            cases.Add(Send("not-an-object", () => JsonText(HostileValues.Pick(r, ["null", "[]", "\"x\"", "42", "true"]))));
            var plain = Object(t.Fields);
            cases.Add(Send("text-plain", () => new StringContent(plain, Encoding.UTF8, "text/plain")));
            cases.Add(Send("form-urlencoded", () => new FormUrlEncodedContent(t.Fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)))));
            cases.Add(Send("duplicate-keys", () => JsonText(Object(t.Fields.Concat(t.Fields)))));
            cases.Add(Send("invalid-utf8", () => Bytes([.. "{\""u8, .. Encoding.ASCII.GetBytes(field0), .. "\":\""u8, 0xFF, 0xFE, 0xC0, 0xAF, .. "\"}"u8], "application/json")));
        }
        return cases;
    }

    /// <summary>Import files, as a labeller sends them: all or nothing, so a refused one must change nothing.</summary>
    public static IReadOnlyList<HostileRequest> Imports()
    {
        var r = HostileSeed.For("imports");
        var good = Enumerable.Range(0, 5000).Select(i => $"demo,{i % 8},line {i}").ToList();
        string[] csv =
        [
            "", "workspace,feature,text", "text\nhello", "workspace,feature,text\ndemo,1,\"unbalanced", "workspace,feature,text\ndemo,99,out of range",
            "workspace,feature,text\nnowhere,1,no such workspace", "workspace,feature,text\ndemo,-1,negative", "workspace,feature,text\ndemo,x,not a number",
            $"workspace,feature,text\ndemo,1,{new string('y', 201)}", "workspace,feature,text\ndemo,1,=HYPERLINK(\"http://evil.example\";\"x\")",
            "\uFEFFworkspace,feature,text\r\ndemo,1,bom and crlf\r\n", "workspace,feature,text\ndemo,1,nul \0 byte",
            "workspace,feature,text\n" + string.Join("\n", good) + "\ndemo,1,", // 5,000 good lines, then one bad: none may be written
            "workspace,feature,text,source,score\ndemo,1,x,autointerp:evil,NaN", "workspace,feature,text,source,score\ndemo,1,x,human,1e400",
            "list,name,workspace,feature\na,n,demo,99", "list,name,workspace,feature,group\na,n,,,nosuchgroup",
        ];
        string[] json =
        [
            "", "{}", "null", "[null]", "[1,2]", "[{\"workspace\":5,\"feature\":\"1\",\"text\":[]}]", new string('[', 3000) + new string(']', 3000),
            "[{\"workspace\":\"demo\",\"feature\":1,\"text\":\"<script>alert(1)</script>\"},{\"workspace\":\"demo\",\"feature\":1}]",
            "[{\"workspace\":\"demo\",\"feature\":2147483648,\"text\":\"x\"}]", "[{\"list\":\"a\",\"name\":\"" + new string('n', 500) + "\",\"workspace\":\"demo\",\"feature\":1}]",
        ];
        var cases = new List<HostileRequest>();
        foreach (var route in new[] { "/api/labels/import", "/api/lists/import" })
        {
            foreach (var (body, i) in csv.Select((b, i) => (b, i)))
                cases.Add(new("import", $"{route} csv-{i}", HttpMethod.Post, route, () => new StringContent(body, Encoding.UTF8, "text/csv"), Role.Labeller, true));
            foreach (var (body, i) in json.Select((b, i) => (b, i)))
                cases.Add(new("import", $"{route} json-{i}", HttpMethod.Post, route, () => JsonText(body), Role.Labeller, true));
            cases.Add(new("import", $"{route} junk", HttpMethod.Post, route, () => Bytes(Mutate.Junk(r, 100_000), "text/csv"), Role.Labeller, true));
            cases.Add(new("import", $"{route} xml", HttpMethod.Post, route, () => new StringContent("<a/>", Encoding.UTF8, "application/xml"), Role.Labeller, true));
        }
        return cases;
    }

    /// <summary>Forms to the upload endpoint that break the form, not the image.</summary>
    public static IReadOnlyList<HostileRequest> Multipart()
    {
        var r = HostileSeed.For("multipart");
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        const string Boundary = "b0undary";
        HostileRequest Raw(string name, string body, string contentType) =>
            new("multipart", name, HttpMethod.Post, $"{Ws}/images", () => Bytes(Encoding.Latin1.GetBytes(body), contentType));
        HostileRequest Form(string name, Func<MultipartFormDataContent> form) => new("multipart", name, HttpMethod.Post, $"{Ws}/images", form);
        ByteArrayContent File(byte[] bytes, string? type)
        {
            var part = new ByteArrayContent(bytes);
            if (type is not null) part.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return part;
        }
        var cases = new List<HostileRequest>
        {
            Form("no-file-part", () => new() { { new StringContent("x"), "notfile" } }),
            Form("two-files", () => new() { { File(png, "image/png"), "file", "a.png" }, { File(png, "image/png"), "file", "b.png" } }),
            Form("empty-file", () => new() { { File([], "image/png"), "file", "empty.png" } }),
            Form("file-as-text-field", () => new() { { new StringContent("not a file"), "file" } }),
            Form("traversal-name", () => new() { { File(png, "image/png"), "file", "../../../../etc/passwd" } }),
            Form("long-name", () => new() { { File(png, "image/png"), "file", new string('n', 5000) + ".png" } }),
            Form("markup-name", () => new() { { File(png, "image/png"), "file", "<script>alert(1)</script>.png" } }),
            Form("control-name", () => new() { { File(png, "image/png"), "file", "a\u0001\u007f\u202e.png" } }),
            Form("odd-type", () => new() { { File(png, "image/png; charset=\"<script>\""), "file", "a.png" } }),
            Form("svg-type", () => new() { { File("<svg onload=alert(1)/>"u8.ToArray(), "image/svg+xml"), "file", "a.svg" } }),
            Form("html-type", () => new() { { File("<script>alert(1)</script>"u8.ToArray(), "text/html"), "file", "a.html" } }),
            Raw("no-boundary", "--x\r\n\r\n", "multipart/form-data"),
            Raw("wrong-boundary", $"--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nxx\r\n--other--\r\n", $"multipart/form-data; boundary={Boundary}"),
            Raw("unterminated", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG", $"multipart/form-data; boundary={Boundary}"),
            Raw("no-disposition", $"--{Boundary}\r\n\r\nxx\r\n--{Boundary}--\r\n", $"multipart/form-data; boundary={Boundary}"),
            Raw("huge-header", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('h', 20_000)}\"\r\n\r\nxx\r\n--{Boundary}--\r\n", $"multipart/form-data; boundary={Boundary}"),
            Raw("plain-text", "just text", "text/plain"),
            Raw("form-urlencoded", "file=abc", "application/x-www-form-urlencoded"),
            Raw("json", "{\"file\":\"abc\"}", "application/json"),
            Raw("empty", "", $"multipart/form-data; boundary={Boundary}"),
        };
        for (var i = 0; i < 6; i++)
        {
            var junk = Encoding.Latin1.GetString(Mutate.Junk(r, r.Next(1, 2000)));
            cases.Add(Raw($"junk-{i}", $"--{Boundary}\r\n{junk}\r\n--{Boundary}--\r\n", $"multipart/form-data; boundary={Boundary}"));
        }
        return cases;
    }

    private static StringContent JsonText(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
