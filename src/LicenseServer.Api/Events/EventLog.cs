using System.Text;
using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Events;

namespace LicenseServer.Api.Events;

/// <summary>Records an event with the resource serialized as its wire object, in the pending change.</summary>
public static class EventLog
{
    public static Event Record<T>(LicenseServerDb db, string name, T resource, Action<Utf8JsonWriter, T> write, Action<Utf8JsonWriter>? meta = null)
        where T : AccountEntity =>
        EventRecorder.Record(db, resource.AccountId, name, TypeOf(name), resource.Id, Json(w => write(w, resource)), meta is null ? null : Json(w =>
        {
            w.WriteStartObject();
            meta(w);
            w.WriteEndObject();
        }));

    private static string TypeOf(string eventName)
    {
        var dot = eventName.IndexOf('.');
        var noun = dot < 0 ? eventName : eventName[..dot];
        return noun switch
        {
            "policy" => "policies",
            "process" => "processes",
            "entitlement" => "entitlements",
            _ => noun + "s",
        };
    }

    /// <summary>A resource object as a JSON string: the payload of an event raised outside a request (a job).</summary>
    public static string Payload<T>(T resource, Action<Utf8JsonWriter, T> write) => Json(w => write(w, resource));

    /// <summary>What <paramref name="write"/> writes, as a JSON string (payloads and metas of events).</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
