using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using SaeExplorer.Core.Tests.Hostile;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Hostile;

/// <summary>
/// Hostile GETs generated from the app's endpoint table, so a new route is covered the day it is mapped: each route
/// value of each route replaced by hostile ones (the others kept valid, so the request reaches the code behind them), and
/// query strings of the endpoint's own parameters and the pages' with hostile values, repeated keys and values left off.
/// </summary>
public static partial class RouteCases
{
    /// <summary>Rows the routes can name: a shared group, a list, a label.</summary>
    public sealed record Known(string GroupSlug, string ListSlug, int LabelId);

    public const string NoUpload = "00000000000000000000000000000000000000000000000000000000000000aa";

    public static IReadOnlyList<HostileRequest> From(IEnumerable<RouteEndpoint> endpoints, Known known)
    {
        var r = HostileSeed.For("routes");
        var cases = new List<HostileRequest>();
        var gets = endpoints
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null
                        && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal);
        foreach (var endpoint in gets)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            foreach (var parameter in endpoint.RoutePattern.Parameters)
                for (var i = 0; i < 4; i++)
                {
                    var value = PathValue(r);
                    cases.Add(HostileRequest.Get("route", $"{pattern} {parameter.Name}#{i}", Fill(pattern, known, parameter.Name, value)));
                }
            var names = endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>().Select(p => p.Name).Concat(HostileValues.QueryNames).Distinct().ToList();
            for (var i = 0; i < 3; i++)
            {
                var pairs = Enumerable.Range(0, r.Next(1, 5)).Select(_ => $"{HostileValues.Pick(r, names)}={HostileValues.InUrl(HostileValues.Pick(r, HostileValues.Text))}");
                cases.Add(HostileRequest.Get("query", $"{pattern}#{i}", Fill(pattern, known) + "?" + string.Join("&", pairs)));
            }
            var name = HostileValues.Pick(r, names);
            cases.Add(HostileRequest.Get("query", $"{pattern} repeated", Fill(pattern, known) + $"?{name}=1&{name}=2&{name}&{name}=&=x&&"));
        }
        return cases;
    }

    /// <summary>
    /// A hostile value for a path segment. A NUL in a path never reaches the app: Kestrel answers 400 at the request
    /// line, and the test server refuses to send it, so NULs are tried in query strings and bodies instead.
    /// </summary>
    private static string PathValue(Random r)
    {
        string value;
        do value = HostileValues.Pick(r, HostileValues.Text);
        while (value.Contains('\0') || value.Contains("%00", StringComparison.Ordinal));
        return value;
    }

    /// <summary>The route with valid values, and <paramref name="value"/> for <paramref name="hostile"/> when given.</summary>
    private static string Fill(string pattern, Known known, string? hostile = null, string? value = null)
    {
        var url = Parameter().Replace(pattern, m =>
        {
            var name = m.Groups["name"].Value;
            return name == hostile ? HostileValues.InUrl(value!) : Valid(name, pattern, known);
        });
        return url.StartsWith('/') ? url : "/" + url;
    }

    private static string Valid(string name, string pattern, Known known) => name.ToLowerInvariant() switch
    {
        "workspace" => "demo",
        "index" => "1",
        "imageid" => "img-0",
        "hash" => NoUpload,
        "slug" when pattern.Contains("/lists/") || pattern.StartsWith("/l/", StringComparison.Ordinal) => known.ListSlug,
        "slug" when pattern.Contains("/groups/") || pattern.StartsWith("/g/", StringComparison.Ordinal) => known.GroupSlug,
        "slug" => "aaaaaaaaaaaaaaaa",
        "id" => known.LabelId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "documentname" => "v1",
        "path" => "x.css",
        "username" => LabelsAppFixture.Names[Role.ListEditor],
        _ => "1",
    };

    [GeneratedRegex(@"\{(\*{1,2})?(?<name>\w+)[^}]*\}")]
    private static partial Regex Parameter();
}
