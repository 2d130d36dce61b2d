namespace LicenseServer.Core.Environments;

/// <summary>
/// A row that belongs to an environment, or to none (the global environment) (enterprise.md §2.1). Every query of the
/// request path sees only what the current environment makes visible (<see cref="LicenseServerDb.UseEnvironment"/>), and
/// a row added in an environment belongs to it.
/// </summary>
public interface IEnvironmentScoped
{
    /// <summary>The environment, or null for the global environment. Never changes once the row exists.</summary>
    Guid? EnvironmentId { get; set; }
}
