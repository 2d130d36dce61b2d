using LicenseServer.Api.Machines;
using LicenseServer.Core.Machines;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>Heartbeat status, ping, resurrection, reset and culling against a frozen clock (behaviour.md §4.5).</summary>
public sealed class MachineHeartbeats(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestApp App => clocked.App;

    private TestClock Clock => clocked.Clock;

    private async Task<(TestAccount Account, string Machine)> MachineAsync(Dictionary<string, object?>? policy = null)
    {
        Clock.Now = Start;
        var account = await App.CreateAccountAsync();
        var license = await App.CreateLicenseOnAsync(account, policy);
        return (account, await App.CreateMachineAsync(account, license));
    }

    private async Task<string?> StatusAsync(TestAccount account, string machine) =>
        (string?)(await App.Admin(account).GetAsync(account.Path($"machines/{machine}"))).Expect(200).Data!["attributes"]!["heartbeatStatus"];

    private Task<ApiResponse> PingAsync(TestAccount account, string machine, string action = "ping") =>
        App.Admin(account).PostAsync(account.Path($"machines/{machine}/actions/{action}"));

    [Fact]
    public async Task Without_required_heartbeats_a_machine_stays_not_started_until_it_pings()
    {
        var (account, machine) = await MachineAsync();
        Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal("NOT_STARTED", await StatusAsync(account, machine));

        var pinged = (await PingAsync(account, machine, "ping-heartbeat")).Expect(200).Data!["attributes"]!;
        Assert.Equal("ALIVE", (string?)pinged["heartbeatStatus"]);
        Assert.True((bool?)pinged["requireHeartbeat"]);
        Assert.Equal("2025-03-04T12:10:00.000Z", (string?)pinged["nextHeartbeat"]);

        Clock.Advance(TimeSpan.FromSeconds(601));
        Assert.Equal("DEAD", await StatusAsync(account, machine));
    }

    [Fact]
    public async Task From_creation_a_required_heartbeat_starts_alive_and_dies_after_the_duration()
    {
        var (account, machine) = await MachineAsync(new() { ["requireHeartbeat"] = true, ["heartbeatDuration"] = 120, ["heartbeatBasis"] = "FROM_CREATION" });
        Assert.Equal("ALIVE", await StatusAsync(account, machine));

        Clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal("ALIVE", await StatusAsync(account, machine));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("DEAD", await StatusAsync(account, machine));
    }

    [Fact]
    public async Task From_first_ping_a_required_heartbeat_is_not_started_then_dead_after_the_duration()
    {
        var (account, machine) = await MachineAsync(new() { ["requireHeartbeat"] = true, ["heartbeatBasis"] = "FROM_FIRST_PING" });
        Assert.Equal("NOT_STARTED", await StatusAsync(account, machine));

        Clock.Advance(TimeSpan.FromSeconds(601));
        Assert.Equal("DEAD", await StatusAsync(account, machine));
    }

    /// <summary>Seconds after death (past nextHeartbeat) at which a dead machine pings, and whether it is revived.</summary>
    [Theory]
    [InlineData("NO_REVIVE", 1, false)]
    [InlineData("1_MINUTE_REVIVE", 60, true)]
    [InlineData("1_MINUTE_REVIVE", 61, false)]
    [InlineData("5_MINUTE_REVIVE", 300, true)]
    [InlineData("15_MINUTE_REVIVE", 901, false)]
    [InlineData("ALWAYS_REVIVE", 86400, true)]
    public async Task A_dead_machine_is_resurrected_only_within_its_revive_window(string strategy, int late, bool revived)
    {
        var cull = strategy == "ALWAYS_REVIVE" ? "KEEP_DEAD" : "DEACTIVATE_DEAD";
        var (account, machine) = await MachineAsync(new() { ["heartbeatResurrectionStrategy"] = strategy, ["heartbeatCullStrategy"] = cull });
        (await PingAsync(account, machine)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(600 + late));

        var response = await PingAsync(account, machine);

        var id = Guid.Parse(machine);
        if (revived)
        {
            Assert.Equal("RESURRECTED", response.Attribute("heartbeatStatus"));
            Assert.Equal("ALIVE", await StatusAsync(account, machine));
            Assert.True(await App.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == id && e.Name == "machine.heartbeat.resurrected")));
        }
        else
        {
            var error = response.ExpectError(422, code: "MACHINE_HEARTBEAT_DEAD");
            Assert.Equal("is dead", (string?)error["detail"]);
            Assert.Equal("Unprocessable entity", (string?)error["title"]);
            Assert.Null(error["source"]);
        }
    }

    [Fact]
    public async Task Reset_clears_the_heartbeat()
    {
        var (account, machine) = await MachineAsync();
        (await PingAsync(account, machine)).Expect(200);

        var reset = (await PingAsync(account, machine, "reset-heartbeat")).Expect(200).Data!["attributes"]!;

        Assert.Equal("NOT_STARTED", (string?)reset["heartbeatStatus"]);
        Assert.Null(reset["lastHeartbeat"]);
        Assert.Null(reset["nextHeartbeat"]);
    }

    [Fact]
    public async Task The_status_filter_lists_alive_and_dead_machines()
    {
        var (account, dead) = await MachineAsync();
        var license = (string)(await App.Admin(account).GetAsync(account.Path($"machines/{dead}"))).Data!["relationships"]!["license"]!["data"]!["id"]!;
        (await PingAsync(account, dead)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(700));
        var alive = await App.CreateMachineAsync(account, await App.CreateLicenseOnAsync(account));
        (await PingAsync(account, alive)).Expect(200);

        var deadList = (await App.Admin(account).GetAsync(account.Path("machines?status=DEAD"))).Expect(200).Json!["data"]!.AsArray();
        var aliveList = (await App.Admin(account).GetAsync(account.Path("machines?status=alive"))).Expect(200).Json!["data"]!.AsArray();

        Assert.Equal([dead], deadList.Select(m => (string?)m!["id"]));
        Assert.Equal([alive], aliveList.Select(m => (string?)m!["id"]));
        Assert.NotNull(license);
    }

    [Theory]
    [InlineData("DEACTIVATE_DEAD", "NO_REVIVE", false)]
    [InlineData("KEEP_DEAD", "NO_REVIVE", true)]
    [InlineData("KEEP_DEAD", "ALWAYS_REVIVE", true)]
    public async Task The_cull_job_reports_each_death_once_and_deletes_per_the_cull_strategy(string cull, string revive, bool kept)
    {
        var (account, machine) = await MachineAsync(new() { ["heartbeatCullStrategy"] = cull, ["heartbeatResurrectionStrategy"] = revive });
        (await PingAsync(account, machine)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(601));

        await Task.WhenAll(RunCullAsync(), RunCullAsync());
        await RunCullAsync();

        var id = Guid.Parse(machine);
        Assert.Equal(kept, await App.QueryAsync(db => db.Machines.AnyAsync(m => m.Id == id)));
        Assert.Equal(1, await App.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == id && e.Name == "machine.heartbeat.dead")));
        Assert.False(await App.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == id && e.Name == "machine.deleted")));
    }

    [Fact]
    public async Task The_cull_job_waits_for_the_revive_window_and_spares_living_machines()
    {
        var (account, machine) = await MachineAsync(new() { ["heartbeatResurrectionStrategy"] = "5_MINUTE_REVIVE" });
        var license = (string)(await App.Admin(account).GetAsync(account.Path($"machines/{machine}"))).Data!["relationships"]!["license"]!["data"]!["id"]!;
        (await PingAsync(account, machine)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(601));
        var living = await App.CreateMachineAsync(account, await App.CreateLicenseOnAsync(account));
        (await PingAsync(account, living)).Expect(200);

        await RunCullAsync();
        var id = Guid.Parse(machine);
        Assert.True(await App.QueryAsync(db => db.Machines.AnyAsync(m => m.Id == id)));

        Clock.Advance(TimeSpan.FromMinutes(5));
        await RunCullAsync();
        Assert.False(await App.QueryAsync(db => db.Machines.AnyAsync(m => m.Id == id)));
        var livingId = Guid.Parse(living);
        Assert.True(await App.QueryAsync(db => db.Machines.AnyAsync(m => m.Id == livingId)));
        Assert.Equal(1, await App.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == id && e.Name == "machine.heartbeat.dead")));
        Assert.NotNull(license);
    }

    [Fact]
    public async Task The_process_cull_job_reports_a_dead_process_once_and_deletes_it()
    {
        var (account, machine) = await MachineAsync();
        var body = new
        {
            data = new
            {
                type = "processes",
                attributes = new { pid = "1" },
                relationships = new { machine = new { data = new { type = "machines", id = machine } } },
            },
        };
        var process = Guid.Parse((string)(await App.Admin(account).PostAsync(account.Path("processes"), body)).Expect(201).Data!["id"]!);
        Clock.Advance(TimeSpan.FromSeconds(601));

        await Task.WhenAll(RunProcessCullAsync(), RunProcessCullAsync());

        Assert.False(await App.QueryAsync(db => db.Processes.AnyAsync(p => p.Id == process)));
        Assert.Equal(1, await App.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == process && e.Name == "process.heartbeat.dead")));
    }

    [Fact]
    public async Task A_dead_machine_revived_within_its_window_gets_one_pong_from_the_next_cull()
    {
        var (account, machine) = await MachineAsync(new() { ["heartbeatResurrectionStrategy"] = "5_MINUTE_REVIVE" });
        (await PingAsync(account, machine)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(601));
        await RunCullAsync();
        Clock.Advance(TimeSpan.FromMinutes(2));

        var revived = (await PingAsync(account, machine)).Expect(200).Data!["attributes"]!;
        Assert.Equal("RESURRECTED", (string?)revived["heartbeatStatus"]);
        Clock.Advance(TimeSpan.FromSeconds(1)); // events are ordered by their (frozen) time
        await Task.WhenAll(RunCullAsync(), RunCullAsync());
        await RunCullAsync();

        var id = Guid.Parse(machine);
        var names = await App.QueryAsync(db => db.Events.Where(e => e.ResourceId == id && e.Name.StartsWith("machine.heartbeat."))
            .OrderBy(e => e.Created).Select(e => e.Name).ToListAsync());
        Assert.Equal(["machine.heartbeat.ping", "machine.heartbeat.dead", "machine.heartbeat.resurrected", "machine.heartbeat.pong"], names);
    }

    [Fact]
    public async Task A_machine_that_was_never_monitored_gets_no_pong()
    {
        var (account, machine) = await MachineAsync(new() { ["heartbeatCullStrategy"] = "KEEP_DEAD", ["heartbeatResurrectionStrategy"] = "ALWAYS_REVIVE" });
        (await PingAsync(account, machine)).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(601));
        await RunCullAsync();
        (await PingAsync(account, machine)).Expect(200);

        await RunCullAsync();

        var id = Guid.Parse(machine);
        Assert.False(await App.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == id && e.Name == "machine.heartbeat.pong")));
        Assert.True(await App.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == id && e.Name == "machine.heartbeat.resurrected")));
    }

    [Fact]
    public async Task A_dead_process_revived_within_its_window_gets_one_pong_from_the_next_cull()
    {
        var (account, machine) = await MachineAsync(new() { ["heartbeatResurrectionStrategy"] = "5_MINUTE_REVIVE" });
        var process = (string)(await App.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine))).Expect(201).Data!["id"]!;
        Clock.Advance(TimeSpan.FromSeconds(601));
        await RunProcessCullAsync();

        Clock.Advance(TimeSpan.FromSeconds(1)); // events are ordered by their (frozen) time
        (await App.Admin(account).PostAsync(account.Path($"processes/{process}/actions/ping"))).Expect(200);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(RunProcessCullAsync(), RunProcessCullAsync());

        var id = Guid.Parse(process);
        var names = await App.QueryAsync(db => db.Events.Where(e => e.ResourceId == id && e.Name.StartsWith("process.heartbeat."))
            .OrderBy(e => e.Created).Select(e => e.Name).ToListAsync());
        Assert.Equal(["process.heartbeat.dead", "process.heartbeat.resurrected", "process.heartbeat.pong"], names);
        Assert.True(await App.QueryAsync(db => db.Processes.AnyAsync(p => p.Id == id)));
    }

    private static object ProcessBody(string machine) => new
    {
        data = new
        {
            type = "processes",
            attributes = new { pid = "1" },
            relationships = new { machine = new { data = new { type = "machines", id = machine } } },
        },
    };

    private Task<int> RunProcessCullAsync() =>
        App.QueryAsync(db => new ProcessHeartbeatCullJob(db, Clock, ProcessSerializer.Json).ExecuteAsync(CancellationToken.None));

    private Task<int> RunCullAsync() =>
        App.QueryAsync(db => new MachineHeartbeatCullJob(db, Clock, MachineSerializer.Json).ExecuteAsync(CancellationToken.None));
}
