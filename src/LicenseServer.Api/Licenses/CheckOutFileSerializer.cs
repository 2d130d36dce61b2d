namespace LicenseServer.Api.Licenses;

/// <summary>Writes a <c>license-files</c> or <c>machine-files</c> resource (resources.md §13).</summary>
public static class CheckOutFileSerializer
{
    public static void Write(Utf8JsonWriter w, CheckOutFile file)
    {
        w.BeginResource(file.Type, file.Id);
        w.WriteString("certificate", file.Certificate);
        w.WriteNullableNumber("ttl", file.Ttl);
        w.WriteTime("expiry", file.Expiry);
        w.WriteTime("issued", file.Issued);
        w.WriteString("algorithm", file.Algorithm);
        w.WriteStringArray("includes", file.Includes);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteAccount(file.AccountId);
        w.WriteStartObject("environment");
        w.WriteStartObject("links");
        w.WriteNull("related");
        w.WriteEndObject();
        w.WriteNull("data");
        w.WriteEndObject();
        w.WriteToOne("license", Links.Resource(file.AccountId, LicenseSerializer.Type, file.LicenseId), LicenseSerializer.Type, file.LicenseId);
        if (file.MachineId is { } machineId)
        {
            w.WriteToOne("machine", Links.Resource(file.AccountId, "machines", machineId), "machines", machineId);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
