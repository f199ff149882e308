using System.Globalization;

namespace SaeExplorer.Web.Components.UI;

/// <summary>Shares as pages write them: "23.4%" (the invariant "P" format would write "23.4 %").</summary>
public static class Percent
{
    public static string Of(double share, int decimals = 1) =>
        (share * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture) + "%";
}
