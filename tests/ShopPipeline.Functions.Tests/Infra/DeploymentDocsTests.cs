using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Infra;

// docs/deploy.md against infra/deploy.sh and the templates: the documented commands are the ones the script runs, in
// the same order, with every parameter a template needs, every output they name, and every tool in the prerequisites.
public sealed partial class DeploymentDocsTests
{
    private static readonly string Doc = File.ReadAllText(RepoPaths.Of("docs", "deploy.md"));
    private static readonly string Script = File.ReadAllText(RepoPaths.Of("infra", "deploy.sh"));

    [Fact]
    public void The_documented_steps_are_the_scripts_commands_in_the_scripts_order()
    {
        var documented = Steps(Commands(Section(Doc, "Commands")));
        var scripted = Steps(ScriptCommands());

        Assert.Equal(scripted, documented);

        // The order that matters: infrastructure, then the secret and the registry, then the code, then Event Grid,
        // then the keys the smoke check uses, then the smoke check.
        string[] milestones = ["az deployment group create main.bicep", "az keyvault secret set", "az storage blob upload config", "dotnet run publish", "az functionapp deployment source config-zip", "az deployment group create eventgrid.bicep", "az functionapp keys set", "az storage blob upload exports", "curl status"];
        Assert.Equal(milestones, documented.Where(milestones.Contains));
    }

    [Fact]
    public void Every_template_parameter_without_a_default_is_given_and_every_given_one_exists()
    {
        var models = BicepModel.Parse(RepoPaths.Of("infra", "main.bicep"), RepoPaths.Of("infra", "eventgrid.bicep"));
        var main = models[0].Params.ToDictionary(p => (string)p["name"]!, p => p["hasDefault"]!.GetValue<bool>());
        var eventGrid = models[1].Params.ToDictionary(p => (string)p["name"]!, p => p["hasDefault"]!.GetValue<bool>());

        var environments = Directory.GetFiles(RepoPaths.Of("infra", "env"), "*.parameters.json");
        Assert.Contains(environments, e => e.EndsWith("dev.parameters.json", StringComparison.Ordinal));
        foreach (var file in environments)
        {
            var given = JsonNode.Parse(File.ReadAllText(file))!["parameters"]!.AsObject().Select(p => p.Key).ToList();
            Assert.All(given, name => Assert.True(main.ContainsKey(name), $"{Path.GetFileName(file)} sets '{name}', which infra/main.bicep does not declare."));
            var passed = given.Concat(PassedParameters("main.bicep")).ToHashSet(StringComparer.Ordinal);
            Assert.All(main.Where(p => !p.Value), p => Assert.True(passed.Contains(p.Key), $"{Path.GetFileName(file)} leaves '{p.Key}' of infra/main.bicep without a value."));
        }

        foreach (var name in PassedParameters("main.bicep"))
        {
            Assert.True(main.ContainsKey(name), $"A command passes '{name}', which infra/main.bicep does not declare.");
        }

        var stageTwo = PassedParameters("eventgrid.bicep").ToList();
        Assert.All(eventGrid.Where(p => !p.Value), p => Assert.Contains(p.Key, stageTwo));
        Assert.All(stageTwo, name => Assert.True(eventGrid.ContainsKey(name), $"A command passes '{name}', which infra/eventgrid.bicep does not declare."));
    }

    [Fact]
    public void Every_output_the_script_and_the_doc_name_exists_and_every_path_they_name_is_in_the_repository()
    {
        var outputs = BicepModel.Parse(RepoPaths.Of("infra", "main.bicep"))[0].Outputs.Select(o => (string)o["name"]!).ToHashSet(StringComparer.Ordinal);
        foreach (Match read in ScriptOutput().Matches(Script))
        {
            Assert.Contains(read.Groups[1].Value, outputs);
        }

        // <camelCase> placeholders in the doc are outputs of stage 1.
        foreach (Match placeholder in DocPlaceholder().Matches(Doc))
        {
            Assert.True(outputs.Contains(placeholder.Groups[1].Value), $"docs/deploy.md names <{placeholder.Groups[1].Value}>, which stage 1 does not output.");
        }

        foreach (Match path in RepositoryPath().Matches(Doc + Script))
        {
            var relative = path.Value.TrimEnd('.', ',', ')');
            if (Regex.IsMatch(relative, "[A-Z]{3,}"))
            {
                continue; // a placeholder such as infra/env/ENV.parameters.json
            }

            Assert.True(File.Exists(RepoPaths.Of(relative)) || Directory.Exists(RepoPaths.Of(relative)), $"'{relative}' is named but is not in the repository.");
        }
    }

    [Fact]
    public void Every_shoppipe_command_in_the_doc_and_the_script_parses_and_every_tool_is_a_prerequisite()
    {
        var invocations = Commands(Doc).Concat(ScriptCommands())
            .Select(c => c.IndexOf("dotnet run --project functions", StringComparison.Ordinal) is var at and >= 0 ? c[at..] : null)
            .OfType<string>().ToList();
        Assert.True(invocations.Count >= 3, $"only {invocations.Count} shoppipe invocations found");
        foreach (var invocation in invocations)
        {
            var args = Words(invocation[(invocation.IndexOf(" -- ", StringComparison.Ordinal) + 4)..]);
            var result = ShoppipeCommand.Build(TextWriter.Null, TextWriter.Null).Parse(args);
            Assert.True(result.Errors.Count == 0, $"'{invocation}': {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }

        var prerequisites = Section(Doc, "Prerequisites");
        foreach (Match tool in RequiredTool().Matches(Script))
        {
            Assert.Contains($"`{tool.Groups[1].Value}`", prerequisites, StringComparison.Ordinal);
        }

        foreach (var command in new[] { "up", "smoke", "down" })
        {
            Assert.Contains($"infra/deploy.sh {command}", Doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_deploy_script_is_valid_bash_and_stops_on_the_first_error()
    {
        var check = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        check.ArgumentList.Add("-n");
        check.ArgumentList.Add(RepoPaths.Of("infra", "deploy.sh"));
        using var process = Process.Start(check)!;
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0, errors);
        Assert.Contains("set -euo pipefail", Script, StringComparison.Ordinal);
    }

    // The text of a "## Title" section, up to the next one.
    private static string Section(string markdown, string title)
    {
        var start = markdown.IndexOf("\n## " + title + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/deploy.md has no '## {title}' section");
        var end = markdown.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return markdown[start..(end < 0 ? markdown.Length : end)];
    }

    // Commands in the fenced code blocks of a text, continuation lines joined.
    private static List<string> Commands(string markdown)
    {
        var commands = new List<string>();
        var inBlock = false;
        var pending = string.Empty;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock)
            {
                continue;
            }

            pending += line.TrimEnd('\\').Trim() + " ";
            if (!line.EndsWith('\\'))
            {
                commands.Add(pending.Trim());
                pending = string.Empty;
            }
        }

        return commands;
    }

    // The commands `up` runs, in order, with the helpers it calls (the key wait, the smoke check) expanded in place.
    private static List<string> ScriptCommands()
    {
        var functions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? current = null;
        var pending = string.Empty;
        foreach (var raw in Script.Split('\n'))
        {
            var line = raw.Trim();
            if (FunctionStart().Match(raw) is { Success: true } start)
            {
                current = start.Groups[1].Value;
                functions[current] = [];
                continue;
            }

            if (raw == "}")
            {
                current = null;
                continue;
            }

            if (current is null || line.StartsWith('#'))
            {
                continue;
            }

            pending += line.TrimEnd('\\').Trim() + " ";
            if (!line.EndsWith('\\'))
            {
                functions[current].Add(pending.Trim());
                pending = string.Empty;
            }
        }

        var commands = new List<string>();
        void Expand(string function)
        {
            foreach (var line in functions[function])
            {
                foreach (var called in new[] { "blobs_key_ready", "smoke" }.Where(f => f != function && Regex.IsMatch(line, $@"(^|[\s(]){f}(\s|$)")))
                {
                    Expand(called);
                }

                foreach (Match command in ScriptCommand().Matches(line))
                {
                    commands.Add(command.Value.Trim());
                }
            }
        }

        Expand("up");
        return commands;
    }

    // What each command does, as a step: the command's words up to its first option, with the template or container it acts on.
    // Reads (show, the signed-in user) are not steps.
    private static List<string> Steps(IEnumerable<string> commands)
    {
        var steps = new List<string>();
        foreach (var command in commands)
        {
            var words = Words(command);
            string step;
            if (words[0] == "az")
            {
                var verb = string.Join(' ', words.TakeWhile(w => !w.StartsWith('-')));
                if (verb.EndsWith(" show", StringComparison.Ordinal) || verb is "az login" or "az account set")
                {
                    continue;
                }

                var file = verb.StartsWith("az deployment", StringComparison.Ordinal) ? Option(words, "-f") : null;
                var container = Option(words, "-c");
                step = verb + (file is null ? string.Empty : " " + Path.GetFileName(file)) + (container is null ? string.Empty : " " + container);
            }
            else if (words[0] == "dotnet")
            {
                step = words[1] == "run" ? "dotnet run " + words[words.IndexOf("--") + 1] : "dotnet " + words[1];
            }
            else if (words[0] == "curl")
            {
                step = "curl status";
            }
            else
            {
                continue;
            }

            if (!steps.Contains(step))
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static string? Option(List<string> words, string name) => words.IndexOf(name) is var i and >= 0 && i + 1 < words.Count ? words[i + 1] : null;

    // Parameters the doc and the script pass to a template with -p name=value.
    private static IEnumerable<string> PassedParameters(string template) =>
        Commands(Doc).Concat(ScriptCommands())
            .Where(c => c.StartsWith("az deployment group create", StringComparison.Ordinal) && c.Contains(template, StringComparison.Ordinal))
            .SelectMany(c => PassedParameter().Matches(c).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal);

    // Shell-like words: quotes removed, $(…) and "…" kept as one word.
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in command)
        {
            if (c == '"' && depth == 0)
            {
                quoted = !quoted;
                continue;
            }

            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (char.IsWhiteSpace(c) && !quoted && depth == 0)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                continue;
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"^(\w+)\(\) \{$")]
    private static partial Regex FunctionStart();

    [GeneratedRegex(@"\b(az|dotnet|curl) [^;|&]*?(?=(\s\|\||\s&&|\)\s*$|$|\s*\|\|))")]
    private static partial Regex ScriptCommand();

    [GeneratedRegex(@"\$\(output (\w+)\)")]
    private static partial Regex ScriptOutput();

    [GeneratedRegex(@"<([a-z]+[A-Z]\w*)>")]
    private static partial Regex DocPlaceholder();

    [GeneratedRegex(@"\b(?:infra|samples|functions)/[\w.\-/]*\w")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"command -v (\w+)")]
    private static partial Regex RequiredTool();

    [GeneratedRegex(@"(?:-p\s+|\s)(\w+)=(?!\))")]
    private static partial Regex PassedParameter();
}
