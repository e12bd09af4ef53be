using ShopPipeline.Exports.Mapping;

namespace ShopPipeline.Functions.Hosting;

/// <summary>Where an app setting comes from, and whether the app in Azure needs it.</summary>
internal enum SettingUse
{
    /// <summary>The deployment must define it (infra/main.bicep): the app does not work in Azure without it.</summary>
    RequiredInAzure,

    /// <summary>Changes behaviour when set, e.g. another mail transport or a local data folder.</summary>
    Optional,

    /// <summary>The Functions platform sets it; a deployment must not.</summary>
    SetByPlatform,
}

/// <summary>One app setting (environment variable) the handler reads.</summary>
internal sealed record AppSetting(string Name, SettingUse Use, string Purpose);

/// <summary>
/// Every app setting the handler reads, in one list: the code reads settings by these names only, and the
/// infrastructure tests check that the deployment defines each one marked <see cref="SettingUse.RequiredInAzure"/>.
/// </summary>
internal static class AppSettings
{
    public const string StorageAccountName = "AzureWebJobsStorage__accountName";
    public const string StorageCredential = "AzureWebJobsStorage__credential";
    public const string StorageClientId = "AzureWebJobsStorage__clientId";
    public const string StorageConnection = "AzureWebJobsStorage";
    public const string AzureClientId = "AZURE_CLIENT_ID";
    public const string InsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string InsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string AcsEndpoint = "ACS_ENDPOINT";
    public const string AcsConnection = "ACS_CONNECTION_STRING";
    public const string DigestSender = "DIGEST_SENDER";
    public const string SmtpHost = "SMTP_HOST";
    public const string SmtpPort = "SMTP_PORT";
    public const string SmtpUsername = "SMTP_USERNAME";
    public const string SmtpPassword = "SMTP_PASSWORD";
    public const string SmtpCertificate = "SMTP_CERT_SHA256";
    public const string SiteHostName = "WEBSITE_HOSTNAME";

    public static readonly IReadOnlyList<AppSetting> All =
    [
        new(StorageAccountName, SettingUse.RequiredInAzure, "the storage account the host and the handler use, reached by identity"),
        new(StorageCredential, SettingUse.RequiredInAzure, "managedidentity: the host signs in to its storage with the app's identity"),
        new(StorageClientId, SettingUse.RequiredInAzure, "the client id of the user-assigned identity the host signs in with"),
        new(StorageConnection, SettingUse.Optional, "a storage connection string instead of identity (Azurite, or an account with shared keys)"),
        new(AzureClientId, SettingUse.RequiredInAzure, "the user-assigned identity the handler's own storage and ACS clients sign in with"),
        new(InsightsConnection, SettingUse.RequiredInAzure, "where the host sends telemetry"),
        new(InsightsAuthentication, SettingUse.RequiredInAzure, "ClientId=<identity>;Authorization=AAD: telemetry sent with the identity, no instrumentation key"),
        new(BuyerKeySource.SettingName, SettingUse.RequiredInAzure, "the buyer-hash key, a Key Vault reference"),
        new(AcsEndpoint, SettingUse.RequiredInAzure, "the Communication Services endpoint the digests are sent through"),
        new(DigestSender, SettingUse.RequiredInAzure, "the From address of the digests, a sender of a domain linked to the ACS resource"),
        new(HandlerSettings.StorageVariable, SettingUse.Optional, "local, azurite, a connection string or an account URL, ahead of the host's storage"),
        new(HandlerSettings.DataVariable, SettingUse.Optional, "where local storage keeps its data"),
        new(HandlerSettings.StoresVariable, SettingUse.Optional, "a stores registry file instead of config/stores.json in the account"),
        new(AcsConnection, SettingUse.Optional, "ACS with an access key instead of the identity (outside Azure)"),
        new(SmtpHost, SettingUse.Optional, "an SMTP server instead of ACS"),
        new(SmtpPort, SettingUse.Optional, "the SMTP server's port (587)"),
        new(SmtpUsername, SettingUse.Optional, "the SMTP login"),
        new(SmtpPassword, SettingUse.Optional, "the SMTP password"),
        new(SmtpCertificate, SettingUse.Optional, "an SMTP server certificate to trust by thumbprint"),
        new(Cli.ServeVerb.PortVariable, SettingUse.SetByPlatform, "the port the host expects the handler on"),
        new(SiteHostName, SettingUse.SetByPlatform, "the site's host name, for the Durable webhook when the binding gives none"),
    ];
}
