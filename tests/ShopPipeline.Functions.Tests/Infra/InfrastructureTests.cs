using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Storage;

namespace ShopPipeline.Tests.Infra;

// The Bicep templates against the code: what the functions read, the roles their operations need, the containers and
// tables they use. The templates are parsed by the tree-sitter Bicep grammar (no compiler installs here).
public sealed partial class InfrastructureTests : IDisposable
{
    private static readonly Lazy<(BicepModel Main, BicepModel EventGrid)> Models = new(() =>
    {
        var models = BicepModel.Parse(RepoPaths.Of("infra", "main.bicep"), RepoPaths.Of("infra", "eventgrid.bicep"));
        return (models[0], models[1]);
    });

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static BicepModel Main => Models.Value.Main;

    private static BicepModel EventGrid => Models.Value.EventGrid;

    [Fact]
    public void Every_bicep_file_parses_and_a_broken_one_is_caught()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.Of("infra"), "*.bicep", SearchOption.AllDirectories))
        {
            var model = BicepModel.Parse(file).Single();
            Assert.True(!model.Errors.Any(), $"{file}: {string.Join("; ", model.Errors.Select(e => e.ToJsonString()))}");
            Assert.NotEmpty(model.Resources);
        }

        // The parser does find mistakes: a property without a value and an unclosed object.
        var broken = Path.Combine(_temp.Path, "broken.bicep");
        File.WriteAllText(broken, "resource st 'Microsoft.Storage/storageAccounts@2025-01-01' = {\n  name: \n  properties: {\n");
        Assert.NotEmpty(BicepModel.Parse(broken).Single().Errors);
    }

    [Fact]
    public void Every_setting_the_functions_read_is_defined_and_none_is_a_secret_or_set_by_the_platform()
    {
        var settings = AppSettingsOf(Main);

        // What the code needs in Azure (AppSettings lists every setting the handler reads).
        foreach (var setting in AppSettings.All.Where(s => s.Use == SettingUse.RequiredInAzure))
        {
            Assert.True(settings.ContainsKey(setting.Name), $"infra/main.bicep does not define {setting.Name} ({setting.Purpose}).");
        }

        foreach (var setting in AppSettings.All.Where(s => s.Use == SettingUse.SetByPlatform))
        {
            Assert.False(settings.ContainsKey(setting.Name), $"{setting.Name} is set by the platform; the deployment must not define it.");
        }

        // Each connection a binding names exists, by identity (accountName or service URIs) where the binding supports it.
        foreach (var (function, binding) in Bindings())
        {
            if ((string?)binding["connection"] is { } connection)
            {
                Assert.True(
                    settings.ContainsKey(connection + "__accountName") || settings.ContainsKey(connection + "__blobServiceUri"),
                    $"{function}: the binding '{binding["name"]}' uses the connection {connection}, and no {connection}__accountName is defined.");
                Assert.False(settings.ContainsKey(connection), $"{connection} would be a connection string with a key; the identity-based {connection}__accountName is used instead.");
                Assert.Equal("managedidentity", settings.GetValueOrDefault(connection + "__credential"));
            }

            foreach (Match reference in SettingReference().Matches(binding.ToJsonString()))
            {
                Assert.True(settings.ContainsKey(reference.Groups[1].Value), $"{function} refers to %{reference.Groups[1].Value}%, which no app setting defines.");
            }
        }

        // Flex Consumption sets the runtime itself, and these settings break a Flex app.
        foreach (var name in settings.Keys)
        {
            Assert.DoesNotMatch("^(FUNCTIONS_WORKER_RUNTIME|FUNCTIONS_EXTENSION_VERSION|WEBSITE_RUN_FROM_PACKAGE|WEBSITE_CONTENT.*)$", name);
        }

        // No secret in settings: the buyer key is a Key Vault reference, and nothing else carries a key or a password.
        Assert.StartsWith("@Microsoft.KeyVault(VaultName=${vault.name};", settings[ShopPipeline.Exports.Mapping.BuyerKeySource.SettingName], StringComparison.Ordinal);
        foreach (var (name, value) in settings)
        {
            Assert.DoesNotMatch("(?i)(accountkey|accesskey|password|sharedaccesssignature|instrumentationkey)=", value);
            Assert.False(name.Contains("PASSWORD", StringComparison.Ordinal) || name == AppSettings.AcsConnection, $"{name} would put a secret in the settings.");
        }
    }

    [Fact]
    public void The_code_reads_settings_only_by_the_names_app_settings_lists()
    {
        var listed = AppSettings.All.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(listed.Count, AppSettings.All.Count);
        var reads = new List<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Of("functions", "Hosting"), "*.cs").Concat(Directory.GetFiles(RepoPaths.Of("pipeline-core"), "*.cs", SearchOption.AllDirectories)))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match read in LiteralSettingRead().Matches(File.ReadAllText(file)))
            {
                reads.Add($"{Path.GetFileName(file)}: {read.Value}");
            }
        }

        // A setting read by a literal name could be missing from the list, and so from the deployment.
        Assert.Empty(reads);
    }

    [Fact]
    public void Every_role_the_codes_operations_need_is_assigned_to_the_apps_identity_on_the_right_resource()
    {
        var app = Main.Resource("app");
        var identity = Main.OfType("Microsoft.ManagedIdentity/userAssignedIdentities").Single();
        var symbol = (string)identity["symbol"]!;

        // The app runs as this identity, resolves Key Vault references and signs in to storage with it.
        var identities = app["body"]!["identity"]!["userAssignedIdentities"]!.AsObject();
        Assert.Equal($"${{{symbol}.id}}", Assert.Single(identities).Key);
        Assert.Equal($"{symbol}.id", BicepModel.Text(app["body"]!["properties"]!["keyVaultReferenceIdentity"]));
        var settings = AppSettingsOf(Main);
        Assert.Equal($"{symbol}.properties.clientId", settings[AppSettings.StorageClientId]);
        Assert.Equal($"{symbol}.properties.clientId", settings[AppSettings.AzureClientId]);

        // Which role each operation of the code needs, and on which resource type.
        var hostJson = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("functions", "app-root", "host.json")))!;
        var needed = new List<(string Why, string Role, string ScopeType)>
        {
            ("blobs: exports, curated, quarantine, config, the host's receipts", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts"),
            ("tables: " + string.Join(", ", TableNames()), "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts"),
        };
        if (hostJson["extensions"]?["durableTask"] is not null || Bindings().Any(b => (string?)b.Binding["type"] == "blobTrigger"))
        {
            needed.Add(("queues: the Durable task hub and the blob trigger's poison queue", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts"));
        }

        if (settings.GetValueOrDefault(AppSettings.InsightsAuthentication)?.Contains("Authorization=AAD", StringComparison.Ordinal) == true)
        {
            needed.Add(("telemetry with Entra ID", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"));
        }

        if (settings.ContainsKey(AppSettings.AcsEndpoint))
        {
            needed.Add(("ACS Email with the identity", "09976791-48a7-449e-bb21-39d1a415f350", "Microsoft.Communication/communicationServices"));
        }

        if (settings.Values.Any(v => v.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)))
        {
            needed.Add(("Key Vault references", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults"));
        }

        var assignments = Main.OfType("Microsoft.Authorization/roleAssignments").Where(a => BicepModel.Text(a["body"]!["properties"]!["principalId"]) == $"{symbol}.properties.principalId").ToList();
        foreach (var (why, role, scopeType) in needed)
        {
            var assigned = assignments.Where(a => Main.RoleGuid(a) == role).ToList();
            Assert.True(assigned.Count == 1, $"The app's identity needs role {role} for {why}; it has {assigned.Count} such assignment(s).");
            var scope = BicepModel.Text(assigned[0]["body"]!["scope"]);
            Assert.Equal(scopeType, (string?)Main.Resource(scope)["type"]);
            Assert.Equal("ServicePrincipal", BicepModel.Text(assigned[0]["body"]!["properties"]!["principalType"]));
        }

        // Least privilege: nothing beyond what the operations need.
        Assert.Equal(needed.Count, assignments.Count);
    }

    [Fact]
    public void Every_container_and_table_the_code_uses_is_created()
    {
        var containerResources = Main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        var containers = NamesOf(containerResources);
        foreach (var container in StorageLayout.Containers)
        {
            Assert.Contains(container, containers);
        }

        // The deployment package's container is the one the app is deployed from.
        var deployment = BicepModel.Text(Main.Resource("app")["body"]!["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]);
        Assert.Contains(containers, c => deployment.EndsWith(c, StringComparison.Ordinal) || deployment.EndsWith("${deploymentContainer}", StringComparison.Ordinal));

        var tables = NamesOf([.. Main.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")]);
        var used = TableNames();
        Assert.True(used.Count >= 8, $"only {used.Count} tables found in the code: {string.Join(", ", used)}");
        foreach (var table in used)
        {
            Assert.Contains(table, tables);
        }

        // The lifecycle rules age containers that exist, and never curated Parquet.
        var rules = Main.OfType("Microsoft.Storage/storageAccounts/managementPolicies").Single()["body"]!["properties"]!["policy"]!["rules"]!.AsArray();
        var prefixes = rules.SelectMany(r => r!["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => p!.GetValue<string>())).ToList();
        Assert.Contains(StorageLayout.Exports + "/", prefixes);
        Assert.Contains(StorageLayout.Quarantine + "/", prefixes);
        Assert.All(prefixes, p => Assert.Contains(p.TrimEnd('/'), containers));
        Assert.DoesNotContain(StorageLayout.Curated + "/", prefixes);

        // Storage takes no shared keys; the Event Grid stage points at the trigger's container and function.
        Assert.False(Main.Resource("storage")["body"]!["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        var trigger = Bindings().Single(b => (string?)b.Binding["type"] == "blobTrigger");
        Assert.Equal(trigger.Function, EventGrid.Params.Single(p => (string?)p["name"] == "functionName")["default"]!.GetValue<string>());
        Assert.StartsWith(EventGrid.Params.Single(p => (string?)p["name"] == "exportsContainer")["default"]!.GetValue<string>() + "/", (string)trigger.Binding["path"]!, StringComparison.Ordinal);
        Assert.Equal("EventGrid", (string?)trigger.Binding["source"]);
        var subscription = EventGrid.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").Single()["body"]!["properties"]!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}", subscription["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/blobServices/default/containers/${exportsContainer}/blobs/", subscription["filter"]!["subjectBeginsWith"]!.GetValue<string>());
    }

    [Fact]
    public void Resources_use_released_api_versions_new_enough_for_what_they_set()
    {
        foreach (var resource in Main.Resources.Concat(EventGrid.Resources))
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string)resource["apiVersion"]!);
        }

        // functionAppConfig (Flex Consumption) needs Microsoft.Web 2023-12-01 or later.
        Assert.True(string.CompareOrdinal((string)Main.Resource("app")["apiVersion"]!, "2023-12-01") >= 0);
        Assert.Equal("custom", Main.Resource("app")["body"]!["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("FC1", Main.Resource("plan")["body"]!["sku"]!["name"]!.GetValue<string>());
    }

    internal static Dictionary<string, string> AppSettingsOf(BicepModel model) =>
        model.Resource("app")["body"]!["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => BicepModel.Text(s!["value"]), StringComparer.Ordinal);

    private static IEnumerable<(string Function, JsonObject Binding)> Bindings() =>
        Directory.GetFiles(RepoPaths.Of("functions", "app-root"), "function.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["bindings"]!.AsArray().Select(b => (Path.GetFileName(Path.GetDirectoryName(f))!, b!.AsObject())));

    // The tables the code writes: every constant named Table or *Table in the core assembly that holds a table name.
    private static List<string> TableNames() =>
    [
        .. typeof(StorageLayout).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Table", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => TableName().IsMatch(v))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    // Names of the resources: literal names, and the items of the array variable a loop runs over.
    private static List<string> NamesOf(IReadOnlyList<JsonObject> resources)
    {
        var names = new List<string>();
        foreach (var resource in resources)
        {
            if (resource["loop"] is JsonObject loop)
            {
                names.AddRange(Main.Variable((string)loop["source"]!)!.AsArray().Select(n => n!.GetValue<string>()));
            }
            else if (resource["body"]!["name"] is JsonValue name)
            {
                names.Add(name.GetValue<string>());
            }
            else if (BicepModel.Text(resource["body"]!["name"]) is var expression && Main.File["vars"]!.AsArray().FirstOrDefault(v => (string?)v!["name"] == expression) is { } variable)
            {
                names.Add(variable["value"]!.GetValue<string>());
            }
        }

        return names;
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"(GetEnvironmentVariable|setting)\(""[^""]+""\)")]
    private static partial Regex LiteralSettingRead();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
