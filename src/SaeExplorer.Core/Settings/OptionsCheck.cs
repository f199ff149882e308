using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Settings;

/// <summary>
/// Data-annotation checks of an options record (its attributes, then its <see cref="IValidatableObject"/> or
/// <see cref="ISelfCheckingOptions"/> rules), each
/// problem named by its configuration key, e.g. "Training:Expansion: The field Expansion must be between 1 and 256.".
/// The web app runs it at start (ValidateOnStart), the CLI before a command uses the options.
/// </summary>
public static class OptionsCheck
{
    public static IReadOnlyList<string> Problems<T>(T options) where T : class, ISectionOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var problems = results.Select(r => r.MemberNames.Any()
                ? $"{T.Section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"
                : $"{T.Section}: {r.ErrorMessage}")
            .ToList();
        if (problems.Count == 0 && options is ISelfCheckingOptions self)
        {
            try
            {
                self.Validate();
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message.StartsWith(T.Section + ":", StringComparison.Ordinal) ? e.Message : $"{T.Section}: {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>The options unchanged, or an exception listing every problem.</summary>
    /// <exception cref="ArgumentException">Some value is out of its range; the message names each key.</exception>
    public static T Checked<T>(T options) where T : class, ISectionOptions
    {
        var problems = Problems(options);
        if (problems.Count > 0) throw new ArgumentException($"invalid settings in appsettings.json: {string.Join("; ", problems)}");
        return options;
    }
}
