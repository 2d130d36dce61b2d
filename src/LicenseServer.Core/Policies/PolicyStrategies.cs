namespace LicenseServer.Core.Policies;

/// <summary>
/// The wire values of a policy's strategy attributes (behaviour.md §2.3), one nested class per attribute family,
/// each with the allowed values <see cref="PolicyRules"/> checks. A misspelt name does not compile; the strings
/// themselves are Keygen's and must not change.
/// </summary>
public static class PolicyStrategies
{
    /// <summary><c>scheme</c>: how keys are signed or encrypted.</summary>
    public static class Schemes
    {
        public const string Ed25519Sign = "ED25519_SIGN";
        public const string EcdsaP256Sign = "ECDSA_P256_SIGN";
        public const string Rsa2048Pkcs1SignV2 = "RSA_2048_PKCS1_SIGN_V2";
        public const string Rsa2048Pkcs1PssSignV2 = "RSA_2048_PKCS1_PSS_SIGN_V2";
        public const string Rsa2048JwtRs256 = "RSA_2048_JWT_RS256";
        public const string Rsa2048Pkcs1Encrypt = "RSA_2048_PKCS1_ENCRYPT";
        public const string Rsa2048Pkcs1Sign = "RSA_2048_PKCS1_SIGN";
        public const string Rsa2048Pkcs1PssSign = "RSA_2048_PKCS1_PSS_SIGN";
        public const string LegacyEncrypt = "LEGACY_ENCRYPT";

        public static readonly IReadOnlyList<string> All =
        [
            Ed25519Sign, EcdsaP256Sign, Rsa2048Pkcs1SignV2, Rsa2048Pkcs1PssSignV2, Rsa2048JwtRs256,
            Rsa2048Pkcs1Encrypt, Rsa2048Pkcs1Sign, Rsa2048Pkcs1PssSign, LegacyEncrypt,
        ];
    }

    /// <summary><c>machineUniquenessStrategy</c> and <c>componentUniquenessStrategy</c>: how wide a fingerprint is unique.</summary>
    public static class UniquenessStrategies
    {
        public const string UniquePerAccount = "UNIQUE_PER_ACCOUNT";
        public const string UniquePerProduct = "UNIQUE_PER_PRODUCT";
        public const string UniquePerPolicy = "UNIQUE_PER_POLICY";
        public const string UniquePerLicense = "UNIQUE_PER_LICENSE";
        public const string UniquePerMachine = "UNIQUE_PER_MACHINE";

        public static readonly IReadOnlyList<string> Machine = [UniquePerAccount, UniquePerProduct, UniquePerPolicy, UniquePerLicense];

        public static readonly IReadOnlyList<string> Component = [.. Machine, UniquePerMachine];
    }

    /// <summary><c>machineMatchingStrategy</c> and <c>componentMatchingStrategy</c>: how many fingerprints must match.</summary>
    public static class MatchingStrategies
    {
        public const string MatchAny = "MATCH_ANY";
        public const string MatchTwo = "MATCH_TWO";
        public const string MatchMost = "MATCH_MOST";
        public const string MatchAll = "MATCH_ALL";

        public static readonly IReadOnlyList<string> All = [MatchAny, MatchTwo, MatchMost, MatchAll];
    }

    /// <summary><c>expirationStrategy</c>: what an expired license may still do.</summary>
    public static class ExpirationStrategies
    {
        public const string RestrictAccess = "RESTRICT_ACCESS";
        public const string RevokeAccess = "REVOKE_ACCESS";
        public const string MaintainAccess = "MAINTAIN_ACCESS";
        public const string AllowAccess = "ALLOW_ACCESS";

        public static readonly IReadOnlyList<string> All = [RestrictAccess, RevokeAccess, MaintainAccess, AllowAccess];
    }

    /// <summary>
    /// <c>expirationBasis</c>: the event that starts a new license's clock (resources.md §9, §11). The one home of the
    /// rule is <see cref="Licenses.License.ExpiryStartedBy"/>: each event asks it whether it starts the expiry.
    /// </summary>
    public static class ExpirationBases
    {
        /// <summary>The expiry is set when the license is created.</summary>
        public const string FromCreation = "FROM_CREATION";

        /// <summary>The expiry is set by the license's first (non-quick) validation.</summary>
        public const string FromFirstValidation = "FROM_FIRST_VALIDATION";

        /// <summary>The expiry is set by the license's first machine activation.</summary>
        public const string FromFirstActivation = "FROM_FIRST_ACTIVATION";

        /// <summary>The expiry is set by the license's first release download (no downloads are served here yet).</summary>
        public const string FromFirstDownload = "FROM_FIRST_DOWNLOAD";

        /// <summary>The expiry is set by the license's first usage increment.</summary>
        public const string FromFirstUse = "FROM_FIRST_USE";

        public static readonly IReadOnlyList<string> All = [FromCreation, FromFirstValidation, FromFirstActivation, FromFirstDownload, FromFirstUse];
    }

    /// <summary><c>renewalBasis</c>: what a renewal adds the duration to.</summary>
    public static class RenewalBases
    {
        public const string FromExpiry = "FROM_EXPIRY";
        public const string FromNow = "FROM_NOW";
        public const string FromNowIfExpired = "FROM_NOW_IF_EXPIRED";

        public static readonly IReadOnlyList<string> All = [FromExpiry, FromNow, FromNowIfExpired];
    }

    /// <summary><c>transferStrategy</c>: what a license's expiry does when it moves to this policy.</summary>
    public static class TransferStrategies
    {
        public const string ResetExpiry = "RESET_EXPIRY";
        public const string KeepExpiry = "KEEP_EXPIRY";

        public static readonly IReadOnlyList<string> All = [ResetExpiry, KeepExpiry];
    }

    /// <summary><c>authenticationStrategy</c>: which credentials a license's holder may use.</summary>
    public static class AuthenticationStrategies
    {
        public const string Token = "TOKEN";
        public const string License = "LICENSE";
        public const string Session = "SESSION";
        public const string Mixed = "MIXED";
        public const string None = "NONE";

        public static readonly IReadOnlyList<string> All = [Token, License, Session, Mixed, None];
    }

    /// <summary><c>machineLeasingStrategy</c> and <c>processLeasingStrategy</c>: what a limit counts per.</summary>
    public static class LeasingStrategies
    {
        public const string PerMachine = "PER_MACHINE";
        public const string PerLicense = "PER_LICENSE";
        public const string PerUser = "PER_USER";

        public static readonly IReadOnlyList<string> Machine = [PerLicense, PerUser];

        public static readonly IReadOnlyList<string> Process = [PerMachine, PerLicense, PerUser];
    }

    /// <summary><c>overageStrategy</c>: how far past a limit a floating license may go.</summary>
    public static class OverageStrategies
    {
        public const string AlwaysAllowOverage = "ALWAYS_ALLOW_OVERAGE";
        public const string Allow125xOverage = "ALLOW_1_25X_OVERAGE";
        public const string Allow15xOverage = "ALLOW_1_5X_OVERAGE";
        public const string Allow2xOverage = "ALLOW_2X_OVERAGE";
        public const string NoOverage = "NO_OVERAGE";

        public static readonly IReadOnlyList<string> All = [AlwaysAllowOverage, Allow125xOverage, Allow15xOverage, Allow2xOverage, NoOverage];
    }

    /// <summary><c>heartbeatCullStrategy</c>: whether a dead machine is deactivated.</summary>
    public static class HeartbeatCullStrategies
    {
        public const string DeactivateDead = "DEACTIVATE_DEAD";
        public const string KeepDead = "KEEP_DEAD";

        public static readonly IReadOnlyList<string> All = [DeactivateDead, KeepDead];
    }

    /// <summary><c>heartbeatResurrectionStrategy</c>: how long after its death a machine may ping back to life.</summary>
    public static class HeartbeatResurrectionStrategies
    {
        public const string AlwaysRevive = "ALWAYS_REVIVE";
        public const string FifteenMinuteRevive = "15_MINUTE_REVIVE";
        public const string TenMinuteRevive = "10_MINUTE_REVIVE";
        public const string FiveMinuteRevive = "5_MINUTE_REVIVE";
        public const string TwoMinuteRevive = "2_MINUTE_REVIVE";
        public const string OneMinuteRevive = "1_MINUTE_REVIVE";
        public const string NoRevive = "NO_REVIVE";

        public static readonly IReadOnlyList<string> All =
            [AlwaysRevive, FifteenMinuteRevive, TenMinuteRevive, FiveMinuteRevive, TwoMinuteRevive, OneMinuteRevive, NoRevive];
    }

    /// <summary><c>heartbeatBasis</c>: when a machine's heartbeat clock starts.</summary>
    public static class HeartbeatBases
    {
        public const string FromCreation = "FROM_CREATION";
        public const string FromFirstPing = "FROM_FIRST_PING";

        public static readonly IReadOnlyList<string> All = [FromCreation, FromFirstPing];
    }
}
