using System.Diagnostics.Metrics;
using Hangfire;
using LicenseServer.Api.Licenses;
using LicenseServer.Core.Observability;

namespace LicenseServer.Api.Observability;

/// <summary>
/// The gauges of the server's state, on the server's meter (<see cref="ServerMetrics.MeterName"/>): read when metrics are
/// collected (a scrape), never on a request. The validation writer's queue and lag are two fields; the jobs are one
/// statistics query to Hangfire's storage per scrape.
/// </summary>
public sealed partial class ServerGauges
{
    private static readonly string[] JobStates = ["enqueued", "scheduled", "processing", "failed"];

    private readonly JobStorage _jobs;
    private readonly ILogger<ServerGauges> _logger;

    public ServerGauges(IMeterFactory meters, ValidationRecorder recorder, JobStorage jobs, ILogger<ServerGauges> logger)
    {
        _jobs = jobs;
        _logger = logger;
        var meter = meters.Create(ServerMetrics.MeterName);
        meter.CreateObservableGauge("licenseserver.validation_writer.queue", () => recorder.Queued, "{validation}",
            "Validations whose lastValidated and event are queued for the background writer.");
        meter.CreateObservableGauge("licenseserver.validation_writer.lag", () => recorder.Lag.TotalSeconds, "s",
            "How long the background writer has been on its current batch (0 when idle); queued validations wait at least this long.");
        meter.CreateObservableGauge("licenseserver.jobs", ReadJobs, "{job}",
            "Background jobs by state: enqueued (the queue length), scheduled, processing, failed (jobs whose retries ran out).");
    }

    private IEnumerable<Measurement<long>> ReadJobs()
    {
        Hangfire.Storage.Monitoring.StatisticsDto statistics;
        try
        {
            statistics = _jobs.GetMonitoringApi().GetStatistics();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database is down or slow: this scrape has no job figures; the next one tries again.
            LogUnreadable(_logger, e.Message);
            return [];
        }

        long[] values = [statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Failed];
        return values.Select((value, i) => new Measurement<long>(value, new KeyValuePair<string, object?>("state", JobStates[i])));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the job statistics for the metrics: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
