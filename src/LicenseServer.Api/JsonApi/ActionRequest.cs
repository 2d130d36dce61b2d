namespace LicenseServer.Api.JsonApi;

/// <summary>An action body: <c>{"meta":{…}}</c>. A missing body reads as an empty meta.</summary>
public static class ActionRequest
{
    public static async Task<RequestObject> ReadMetaAsync(HttpContext http, bool required = false)
    {
        var body = await RequestBody.ReadAsync(http);
        if (body is null)
        {
            return required ? throw DomainError.BadRequest("is missing", "/meta") : RequestObject.Empty("/meta");
        }

        var root = RequestObject.From(body.Value, string.Empty).Permit("meta", "data");
        return required ? root.RequiredObject("meta") : root.Object("meta") ?? RequestObject.Empty("/meta");
    }
}
