using LicenseServer.Core.Accounts;

namespace LicenseServer.Api.Accounts;

public static class AccountSettingSerializer
{
    public const string Type = "settings";

    public static void Write(Utf8JsonWriter w, AccountSetting setting)
    {
        var self = w.BeginResource(Type, setting);
        w.WriteString("key", setting.Key);
        w.WriteStringArray("value", setting.Value);
        w.BeginRelationships(setting);
        w.EndResource(self);
    }
}
