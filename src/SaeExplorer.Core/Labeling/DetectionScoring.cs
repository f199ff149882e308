namespace SaeExplorer.Core.Labeling;

/// <summary>
/// AUROC and balanced accuracy of activations against a label (<see cref="DetectionScore"/>). AUROC is computed from
/// tie groups in ascending activation: each group of c images, p of them positive, adds p x (negatives below it) +
/// p x (c - p) / 2 pairs won, over P x N pairs in all, which is the Mann-Whitney U with ties as one half.
/// </summary>
public static class DetectionScoring
{
    /// <summary>Reference form: one activation and one "carries the label" flag per image.</summary>
    public static DetectionScore Score(ReadOnlySpan<float> activations, ReadOnlySpan<bool> carries, string setName = "evaluated")
    {
        if (activations.Length != carries.Length)
            throw new ArgumentException($"{activations.Length} activations but {carries.Length} labels", nameof(carries));
        var order = new int[activations.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (float.IsNaN(activations[i])) throw new ArgumentException($"activation {i} is NaN", nameof(activations));
            order[i] = i;
        }
        var values = activations.ToArray();
        Array.Sort(values, order);
        var counts = new Counts();
        for (var i = 0; i < values.Length;)
        {
            var j = i;
            long positives = 0;
            for (; j < values.Length && values[j] == values[i]; j++) if (carries[order[j]]) positives++;
            counts.AddGroup(j - i, positives, values[i] > 0);
            i = j;
        }
        return counts.Result(setName);
    }

    /// <summary>
    /// Sparse form: <paramref name="column"/> holds the non-zero activations (ascending) of the corpus rows, every other
    /// row of <paramref name="set"/> has activation 0; <paramref name="carried"/> is the sorted rows carrying the label.
    /// </summary>
    public static DetectionScore Score(ReadOnlySpan<FeatureActivations.Activation> column, RowSet set, ReadOnlySpan<int> carried)
    {
        var positives = set.CountIn(carried);
        var inSet = 0;
        var positivesFiring = 0;
        foreach (var a in column)
        {
            if (!set.Contains(a.Row)) continue;
            inSet++;
            if (carried.BinarySearch(a.Row) >= 0) positivesFiring++;
        }
        long zeroCount = set.Count - inSet, zeroPositives = positives - positivesFiring;
        var zeroAdded = false;
        var counts = new Counts();
        for (var i = 0; i < column.Length;)
        {
            if (!set.Contains(column[i].Row)) { i++; continue; }
            var value = column[i].Value;
            if (!zeroAdded && value > 0)
            {
                counts.AddGroup(zeroCount, zeroPositives, fires: false);
                zeroAdded = true;
            }
            long count = 0, groupPositives = 0;
            for (; i < column.Length && column[i].Value == value; i++)
            {
                if (!set.Contains(column[i].Row)) continue;
                count++;
                if (carried.BinarySearch(column[i].Row) >= 0) groupPositives++;
            }
            counts.AddGroup(count, groupPositives, value > 0);
        }
        if (!zeroAdded) counts.AddGroup(zeroCount, zeroPositives, fires: false);
        return counts.Result(set.Name);
    }

    /// <summary>The running sums over tie groups, in ascending activation.</summary>
    private struct Counts
    {
        private long _positives, _negatives, _truePositives, _trueNegatives, _firing;
        private double _pairsWon;

        public void AddGroup(long count, long positives, bool fires)
        {
            if (count == 0) return;
            var negatives = count - positives;
            _pairsWon += positives * (double)_negatives + 0.5 * positives * negatives;
            _positives += positives;
            _negatives += negatives;
            if (fires)
            {
                _truePositives += positives;
                _firing += count;
            }
            else _trueNegatives += negatives;
        }

        public readonly DetectionScore Result(string setName)
        {
            int p = checked((int)_positives), n = checked((int)_negatives);
            if (p == 0) return DetectionScore.NotDefined(p, n, $"no {setName} image carries the label");
            if (n == 0) return DetectionScore.NotDefined(p, n, $"every {setName} image carries the label");
            var auroc = _pairsWon / ((double)p * n);
            var balanced = 0.5 * (_truePositives / (double)p + _trueNegatives / (double)n);
            var caveat = _firing == 0 ? $"the feature fires on no {setName} image, so this score cannot tell a good label from a bad one" : null;
            return new DetectionScore(auroc, balanced, p, n, null, caveat);
        }
    }
}
