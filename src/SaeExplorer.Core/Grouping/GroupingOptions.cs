namespace SaeExplorer.Core.Grouping;

/// <summary>Settings of the iterated-grouping sweep (spherical k-means for k = 1 .. KMax).</summary>
public sealed record GroupingOptions
{
    /// <summary>Largest k tried (Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse
    /// Autoencoders", 2024, found 20 useful); capped by the number of active features.</summary>
    public int KMax { get; init; } = 20;

    /// <summary>k-means++ restarts per k; the run with the best weighted objective is kept.</summary>
    public int Restarts { get; init; } = 8;

    /// <summary>Seed of every run: the same input and seed give the same groups on every machine.</summary>
    public int Seed { get; init; }

    /// <summary>Iteration cap of one k-means run.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>A run stops when an iteration improves the objective by less than this fraction of it
    /// (or moves no feature).</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Threads for the (k, restart) runs and the Gram product; -1: one per core. Results do not depend on it.
    /// One by default: on the shared 2-core machine two threads measured slower than one (the sweep waits for a
    /// descheduled worker; tests/SaeExplorer.Benchmarks/Grouping/README.md), and a web server runs the sweeps of
    /// concurrent requests side by side anyway.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>The thread count to run with: <see cref="MaxDegreeOfParallelism"/>, -1 read as the number of cores
    /// (not "unbounded", which oversubscribes a small machine with thread-pool threads).</summary>
    internal int Threads => MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;

    /// <exception cref="ArgumentException">A setting is out of range, named in the message.</exception>
    public void Validate()
    {
        if (KMax < 1) throw new ArgumentException($"KMax must be at least 1, got {KMax}");
        if (Restarts < 1) throw new ArgumentException($"Restarts must be at least 1, got {Restarts}");
        if (MaxIterations < 1) throw new ArgumentException($"MaxIterations must be at least 1, got {MaxIterations}");
        if (!double.IsFinite(Tolerance) || Tolerance < 0) throw new ArgumentException($"Tolerance must be a finite number >= 0, got {Tolerance}");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be -1 (all cores) or at least 1, got {MaxDegreeOfParallelism}");
    }
}
