namespace LicenseServer.Api.JsonApi;

/// <summary>A request member that may be absent, present as null, or present with a value.</summary>
public readonly record struct Opt<T>(bool Present, T Value)
{
    public static readonly Opt<T> Absent = new(false, default!);

    public T Or(T fallback) => Present ? Value : fallback;

    /// <summary>
    /// Hands the value to <paramref name="set"/> when the member was sent (null included, where the member is nullable):
    /// the one-line form of an optional attribute's update.
    /// </summary>
    public void IfPresent(Action<T> set)
    {
        if (Present)
        {
            set(Value);
        }
    }
}
