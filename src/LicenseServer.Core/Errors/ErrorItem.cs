namespace LicenseServer.Core.Errors;

/// <summary>One entry of a JSON:API <c>errors</c> array. A null title takes the default of the status.</summary>
public sealed record ErrorItem(string? Detail, string? Code = null, ErrorSource? Source = null, string? Title = null);
