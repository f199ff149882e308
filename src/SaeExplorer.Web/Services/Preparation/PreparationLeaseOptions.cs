using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// The "PreparationLease" section: how instances sharing a database take turns preparing a workspace. The holder
/// renews its lease every RenewSeconds while its stages run; an instance that dies stops renewing, and another takes
/// the workspace over once LeaseSeconds have passed since the last renewal (asking every RetrySeconds meanwhile).
/// A shorter lease takes over sooner; a longer one survives longer database stalls without a second preparer.
/// </summary>
public sealed record PreparationLeaseOptions : ISectionOptions, IValidatableObject
{
    public static string Section => "PreparationLease";

    [Range(2, 86_400)]
    public int LeaseSeconds { get; init; } = 60;

    [Range(1, 86_400)]
    public int RenewSeconds { get; init; } = 20;

    [Range(1, 86_400)]
    public int RetrySeconds { get; init; } = 15;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Renew => TimeSpan.FromSeconds(RenewSeconds);

    public TimeSpan Retry => TimeSpan.FromSeconds(RetrySeconds);

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        // Two renewals must fit in a lease, or one slow renewal hands a live holder's workspace to another instance.
        if (RenewSeconds * 2 > LeaseSeconds)
            yield return new ValidationResult($"RenewSeconds ({RenewSeconds}) must be at most half of LeaseSeconds ({LeaseSeconds})",
                [nameof(RenewSeconds)]);
    }
}
