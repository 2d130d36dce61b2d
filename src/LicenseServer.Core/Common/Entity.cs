namespace LicenseServer.Core.Common;

/// <summary>Every row belongs to one account and has creation and update times.</summary>
public abstract class AccountEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public DateTime Created { get; set; }

    public DateTime Updated { get; set; }
}
