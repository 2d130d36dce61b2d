using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Writes a component loaded with its machine and the machine's license.</summary>
public static class ComponentSerializer
{
    public const string Type = "components";

    public static void Write(Utf8JsonWriter w, Component component)
    {
        var machine = component.Machine ?? throw new InvalidOperationException("The component's machine was not loaded.");
        var self = w.BeginResource(Type, component);
        w.WriteString("fingerprint", component.Fingerprint);
        w.WriteString("name", component.Name);
        w.BeginRelationships(component, component.Metadata);
        w.WriteToOne("product", $"{self}/product", "products", machine.LoadedLicense.ProductId);
        w.WriteToOne("license", $"{self}/license", "licenses", machine.LicenseId);
        w.WriteToOne("machine", $"{self}/machine", "machines", machine.Id);
        w.EndResource(self);
    }
}
