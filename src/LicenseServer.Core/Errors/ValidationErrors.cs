namespace LicenseServer.Core.Errors;

/// <summary>
/// Collects the model validation failures of one record, in the order its rules run, so a 422 "Unprocessable resource"
/// lists every one of them (as Keygen does) rather than only the first. A value type that allocates only when a rule
/// fails: pass it by <c>ref</c> to helpers, and call <see cref="ThrowIfAny"/> once every rule has run.
/// </summary>
public struct ValidationErrors
{
    private List<ErrorItem>? _items;

    /// <summary>True once a rule has failed.</summary>
    public readonly bool Any => _items is not null;

    /// <summary>Records one failure at <paramref name="pointer"/> with its code and detail.</summary>
    public void Add(string pointer, string code, string detail) =>
        (_items ??= new List<ErrorItem>(2)).Add(new ErrorItem(detail, code, ErrorSource.AtPointer(pointer)));

    /// <summary>Throws one <see cref="DomainError"/> carrying every recorded failure, if any.</summary>
    public readonly void ThrowIfAny()
    {
        if (_items is not null)
        {
            throw new DomainError(ErrorKind.UnprocessableResource, _items);
        }
    }
}
