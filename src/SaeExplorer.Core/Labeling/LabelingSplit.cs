using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// The training and held-out images. Labels are chosen on <see cref="Train"/> and scored on <see cref="HeldOut"/>;
/// from the trainer's seeded split (<see cref="DataSplit"/>, "Training:HeldOutFraction" and "Training:Seed"), so the
/// held-out images are ones the SAE never trained on either.
/// </summary>
public sealed record LabelingSplit(RowSet Train, RowSet HeldOut)
{
    public static LabelingSplit Create(int rows, double heldOutFraction, int seed)
    {
        if (heldOutFraction is <= 0 or >= 1 || double.IsNaN(heldOutFraction))
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction,
                "the held-out fraction must be above 0 and below 1: labels are scored on held-out images");
        var split = DataSplit.Create(rows, heldOutFraction, seed);
        if (split.Train.Length == 0)
            throw new ArgumentException($"{rows} rows leave no training image at held-out fraction {heldOutFraction}", nameof(rows));
        return new LabelingSplit(new RowSet("training", split.Train, rows), new RowSet("held-out", split.HeldOut, rows));
    }
}
