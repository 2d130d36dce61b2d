namespace LicenseServer.Core.Accounts;

/// <summary>What is needed to found an account: its names and its first admins.</summary>
public sealed record AccountDraft(string? Name, string? Slug, bool? Protected, IReadOnlyList<AdminDraft> Admins);

public sealed record AdminDraft(string Email, string? Password, string? FirstName, string? LastName, string Metadata = "{}");
