namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Jobs</c> settings section: background work on Hangfire.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire worker (and the recurring jobs) in this process. Off for a node that serves HTTP only.</summary>
    public bool Worker { get; set; } = true;

    /// <summary>Serve the Hangfire dashboard at <c>/hangfire</c> to admin tokens.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Concurrent jobs per worker.</summary>
    public int WorkerCount { get; set; } = 5;
}
