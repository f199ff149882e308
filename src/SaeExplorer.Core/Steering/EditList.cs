using System.Text.Json.Serialization;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Steering;

/// <summary>Edits applied in order to an SAE code; JSON {"edits": [...]} (see <see cref="SteeringJson"/>).</summary>
public sealed record EditList([property: JsonConverter(typeof(EditsJsonConverter))] IReadOnlyList<SteeringEdit> Edits)
{
    public static EditList Empty { get; } = new([]);

    /// <summary>Throws <see cref="SteeringEditException"/> naming the first unusable edit; with
    /// <paramref name="dSae"/>, features must also lie in 0..d_sae-1.</summary>
    public void Validate(int? dSae = null)
    {
        if (Edits is null)
            throw new SteeringEditException("edits: missing (expected a list of edits)");
        for (int i = 0; i < Edits.Count; i++)
            Edits[i].Check(Context(i, dSae));
    }

    /// <summary>f' = the edits applied one after another to <paramref name="code"/>; each result is clamped at 0.</summary>
    public SparseCode Apply(SparseCode code, int dSae)
    {
        ArgumentNullException.ThrowIfNull(code);
        Validate(dSae);
        var values = new Dictionary<int, float>(code.Count);
        for (int i = 0; i < code.Count; i++)
        {
            if (code.Indices[i] < 0 || code.Indices[i] >= dSae)
                throw new ArgumentException($"the code's feature {code.Indices[i]} is outside 0..{dSae - 1}", nameof(code));
            values[code.Indices[i]] = code.Values[i];
        }
        for (int i = 0; i < Edits.Count; i++)
            Edits[i].Apply(Context(i, dSae, values));
        return Sorted(values);
    }

    private EditContext Context(int position, int? dSae, Dictionary<int, float>? code = null)
    {
        SteeringEdit? edit = Edits[position];
        if (edit is null)
            throw new SteeringEditException($"edits[{position}]: missing (null) edit");
        return new EditContext(position, edit.Op, dSae, code);
    }

    /// <summary>Largest first, ties by lower feature: the order of <see cref="SparseCode"/>.</summary>
    private static SparseCode Sorted(Dictionary<int, float> values)
    {
        int[] indices = [.. values.Keys];
        Array.Sort(indices, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        return new SparseCode(indices, [.. indices.Select(i => values[i])]);
    }
}
