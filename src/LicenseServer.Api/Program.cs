using LicenseServer.Api.Hosting;

// LicenseServer: a Keygen-compatible licensing server.
//   Settings and database ........ Hosting/ServiceRegistration.cs
//   Migrations and first account . Hosting/StartupTasks.cs
//   Middleware and routes ........ Hosting/Pipeline.cs
//   Commands: `setup` ............ Hosting/SetupCommand.cs
//             `migrate` .......... Hosting/StartupTasks.cs (MigrateCommandAsync)
//             `healthcheck` ...... Hosting/HealthCheckCommand.cs
if (HealthCheckCommand.Matches(args))
{
    return await HealthCheckCommand.RunAsync(args);
}

var setup = SetupCommand.Matches(args);
var migrate = args is ["migrate", ..];
// The content root is the folder of the binaries, so appsettings.json is found wherever the server starts.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = setup || migrate ? [] : args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddLicenseServer();
var app = builder.Build();

if (setup)
{
    return await SetupCommand.RunAsync(app.Services, args);
}

if (migrate)
{
    return await StartupTasks.MigrateCommandAsync(app.Services, CancellationToken.None);
}

await StartupTasks.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
app.UseLicenseServer();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
