namespace LicenseServer.Api.JsonApi;

/// <summary>
/// A JSON object of a request, with its keys normalised to camelCase (so both camelCase and
/// snake_case input work) and strict accessors: unknown keys, wrong JSON types and nulls where
/// none are allowed become 400 errors pointing at the member.
/// </summary>
public sealed class RequestObject
{
    private readonly Dictionary<string, JsonElement> _members;

    private RequestObject(string pointer, Dictionary<string, JsonElement> members)
    {
        Pointer = pointer;
        _members = members;
    }

    public string Pointer { get; }

    public IEnumerable<string> Keys => _members.Keys;

    public static RequestObject From(JsonElement element, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw DomainError.TypeMismatch(pointer, element, "object");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            members[Casing.Normalize(property.Name)] = property.Value;
        }

        return new RequestObject(pointer, members);
    }

    public static RequestObject Empty(string pointer) => new(pointer, []);

    /// <summary>This object without <paramref name="name"/>.</summary>
    public RequestObject Without(string name) =>
        new(Pointer, _members.Where(m => m.Key != name).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

    public string PointerTo(string name) => $"{Pointer}/{name}";

    /// <summary>Throws 400 "unpermitted parameter" for the first key not in <paramref name="names"/>.</summary>
    public RequestObject Permit(params ReadOnlySpan<string> names)
    {
        foreach (var key in _members.Keys)
        {
            if (!names.Contains(key))
            {
                throw DomainError.BadRequest("unpermitted parameter", PointerTo(key));
            }
        }

        return this;
    }

    /// <summary>Throws 400 "unpermitted parameter" when <paramref name="name"/> is present.</summary>
    public void Forbid(string name)
    {
        if (_members.ContainsKey(name))
        {
            throw DomainError.BadRequest("unpermitted parameter", PointerTo(name));
        }
    }

    public bool Has(string name) => _members.ContainsKey(name);

    /// <summary>Whether the object has no members (or was not sent).</summary>
    public bool IsEmpty => _members.Count == 0;

    public bool TryGet(string name, out JsonElement value) => _members.TryGetValue(name, out value);

    public JsonElement Required(string name) =>
        _members.TryGetValue(name, out var value) ? value : throw DomainError.BadRequest("is missing", PointerTo(name));

    public RequestObject? Object(string name)
    {
        if (!_members.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return From(value, PointerTo(name));
    }

    public RequestObject RequiredObject(string name)
    {
        var value = Required(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            throw DomainError.BadRequest("cannot be null", PointerTo(name));
        }

        return From(value, PointerTo(name));
    }

    /// <summary><paramref name="value"/>, the member <paramref name="name"/>, unless it is blank: a 400 on the parameter, as Keygen's strict parameters answer.</summary>
    public string NotBlank(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainError.BadRequest("cannot be blank", PointerTo(name)) : value;

    /// <summary>The <c>permissions</c> attribute (enterprise.md §5.1) when sent: a string array, at most one entry per permission and the wildcard.</summary>
    public List<string>? Permissions() => StringArray("permissions", maxItems: Core.Permissions.Permissions.All.Count + 1).Value;

    /// <summary>A string member. Null counts as absent unless <paramref name="nullable"/>.</summary>
    public Opt<string?> String(string name, bool nullable = false)
    {
        var value = Read(name, nullable, "string", JsonValueKind.String, static e => e.GetString());
        return value.Value is { Length: > Bounds.String } ? throw TooLong(PointerTo(name), name, Bounds.String, "characters") : value;
    }

    public string RequiredString(string name)
    {
        var value = Required(name);
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => throw DomainError.BadRequest("cannot be null", PointerTo(name)),
            _ => throw DomainError.TypeMismatch(PointerTo(name), value, "string"),
        };
        return text.Length <= Bounds.String ? text : throw TooLong(PointerTo(name), name, Bounds.String, "characters");
    }

    public Opt<bool?> Bool(string name, bool nullable = false)
    {
        if (!_members.TryGetValue(name, out var value))
        {
            return Opt<bool?>.Absent;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => new(true, true),
            JsonValueKind.False => new(true, false),
            JsonValueKind.Null => nullable ? new(true, null) : Opt<bool?>.Absent,
            _ => throw DomainError.TypeMismatch(PointerTo(name), value, "boolean"),
        };
    }

    public Opt<long?> Integer(string name, bool nullable = false)
    {
        if (!_members.TryGetValue(name, out var value))
        {
            return Opt<long?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? new(true, null) : Opt<long?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return new(true, number);
        }

        throw DomainError.TypeMismatch(PointerTo(name), value, "integer");
    }

    /// <summary>
    /// A 32-bit integer attribute such as a limit: absent, null, or a number; one outside the 32-bit range is a 422 with
    /// <paramref name="code"/> rather than a wrap-around.
    /// </summary>
    public Opt<int?> Int(string name, string code) => Integer(name, nullable: true) switch
    {
        { Present: false } => new(false, null),
        { Value: null } => new(true, null),
        { Value: > int.MaxValue } => throw DomainError.Invalid(PointerTo(name), code, $"must be less than or equal to {int.MaxValue}"),
        { Value: < int.MinValue } => throw DomainError.Invalid(PointerTo(name), code, "must be greater than or equal to 0"),
        { Value: var v } => new(true, (int?)v),
    };

    /// <summary>An ISO-8601 time. A string that is not a time is a 400 type mismatch.</summary>
    public Opt<DateTime?> Time(string name, bool nullable = false)
    {
        var text = String(name, nullable);
        if (!text.Present || text.Value is null)
        {
            return text.Present ? new(true, null) : Opt<DateTime?>.Absent;
        }

        if (!DateTimeOffset.TryParse(text.Value, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            throw DomainError.BadRequest("type mismatch (received string expected datetime string)", PointerTo(name));
        }

        return new(true, time.UtcDateTime);
    }

    /// <summary>
    /// An array of strings (or null when <paramref name="nullable"/>), of at most <paramref name="maxItems"/>
    /// entries of at most <paramref name="maxLength"/> characters (422 <c>&lt;NAME&gt;_TOO_LONG</c> otherwise).
    /// </summary>
    public Opt<List<string>?> StringArray(string name, bool nullable = false, int maxItems = Bounds.Items, int maxLength = Bounds.Text)
    {
        if (!_members.TryGetValue(name, out var value))
        {
            return Opt<List<string>?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? new(true, null) : Opt<List<string>?>.Absent;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch(PointerTo(name), value, "array");
        }

        if (value.GetArrayLength() > maxItems)
        {
            throw TooLong(PointerTo(name), name, maxItems, "items");
        }

        var list = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw DomainError.TypeMismatch($"{PointerTo(name)}/{index}", item, "string");
            }

            var text = item.GetString()!;
            list.Add(text.Length <= maxLength ? text : throw TooLong($"{PointerTo(name)}/{index}", name, maxLength, "characters"));
            index++;
        }

        return new(true, list);
    }

    /// <summary>The <c>metadata</c> object, validated and stored with snake_case keys.</summary>
    public Opt<string?> Metadata(string name = "metadata") =>
        _members.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new(true, MetadataJson.FromRequest(value, PointerTo(name)))
            : Opt<string?>.Absent;

    private Opt<T?> Read<T>(string name, bool nullable, string expected, JsonValueKind kind, Func<JsonElement, T> get)
    {
        if (!_members.TryGetValue(name, out var value))
        {
            return Opt<T?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? new(true, default) : Opt<T?>.Absent;
        }

        if (value.ValueKind != kind)
        {
            throw DomainError.TypeMismatch(PointerTo(name), value, expected);
        }

        return new(true, get(value));
    }

    /// <summary>The 422 <c>&lt;NAME&gt;_TOO_LONG</c> for a member over its bound (of characters or items).</summary>
    private static DomainError TooLong(string pointer, string name, int max, string unit) =>
        DomainError.Invalid(pointer, Casing.ToSnake(name).ToUpperInvariant() + "_TOO_LONG", $"is too long (maximum is {max} {unit})");
}
