using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Steering;

/// <summary>What steering produced.</summary>
/// <param name="Embedding">The steered embedding, in the input space (what a renderer takes).</param>
/// <param name="Edited">f': the code after the edits.</param>
/// <param name="Reencoded">The code the steered embedding encodes to, to show what came out (it differs from f' by
/// the SAE error and by how the encoder reads the sum).</param>
public sealed record SteeringResult(float[] Embedding, SparseCode Edited, SparseCode Reencoded);
