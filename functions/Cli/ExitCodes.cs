namespace ShopPipeline.Functions.Cli;

/// <summary>Process exit codes, the same for every verb.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was processed.</summary>
    public const int Ok = 0;

    /// <summary>The command ran, but some input data was rejected; the summary says which and why.</summary>
    public const int DataFailures = 1;

    /// <summary>The command line or the configuration (stores.json, storage settings) is wrong; nothing was processed.</summary>
    public const int UsageOrConfiguration = 2;
}
