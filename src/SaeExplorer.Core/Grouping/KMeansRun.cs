namespace SaeExplorer.Core.Grouping;

/// <summary>One spherical k-means run: the cluster of each point (0 .. k-1), the final weighted objective
/// sum_i a_i cos(u_i, centroid of its cluster), and the objective after seeding and after each iteration.</summary>
internal sealed record KMeansRun(int[] Assignment, double Objective, double[] Trace);
