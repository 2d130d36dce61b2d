namespace LicenseServer.Api.Environments;

public static class EnvironmentSerializer
{
    public const string Type = "environments";

    public static void Write(Utf8JsonWriter w, Core.Environments.Environment environment)
    {
        var self = w.BeginResource(Type, environment);
        w.WriteString("name", environment.Name);
        w.WriteString("code", environment.Code);
        w.WriteString("isolationStrategy", environment.IsolationStrategy);
        w.BeginRelationships(environment);
        w.EndResource(self);
    }
}
