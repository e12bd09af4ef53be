using ShopPipeline.Mail;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>What one timer run did with one due digest; <paramref name="Audience"/> is the ledger key (<see cref="DigestAudience.Key"/>).</summary>
internal sealed record DigestOutcome(string Audience, DateOnly BusinessDate, DigestSendState State, string? Detail);

/// <summary>
/// The body of the hourly SendDigests timer: every due digest is claimed in the ledger, composed from its
/// audience's stores, rendered, sent and recorded. Firing twice, late or after missed runs sends each audience (a client,
/// a store's own recipients, the agency) one digest per business date.
/// </summary>
internal sealed class DigestRun(ITableStore tables, StoresRegistry registry, TimeProvider time, Func<MailMessage, CancellationToken, Task<string>> send)
{
    public async Task<IReadOnlyList<DigestOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var ledger = new DigestLedger(tables, time);
        var history = new Dictionary<string, IReadOnlyDictionary<DateOnly, DigestSendState>>(StringComparer.Ordinal);
        foreach (var audience in DigestAudience.All(registry))
        {
            history[audience.Key] = await ledger.HistoryAsync(audience.Key, cancellationToken);
        }

        var outcomes = new List<DigestOutcome>();
        foreach (var due in DigestSchedule.Due(registry, time.GetUtcNow(), id => history[id]))
        {
            if (!await ledger.ClaimAsync(due.Audience.Key, due.BusinessDate, cancellationToken))
            {
                continue;
            }

            var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, due.Audience, due.BusinessDate, cancellationToken));
            var message = DigestFiles.ToMessage(due.Audience, rendered, time.GetUtcNow(), due.BusinessDate);
            DigestOutcome outcome;
            try
            {
                await send(message, cancellationToken);
                outcome = new DigestOutcome(due.Audience.Key, due.BusinessDate, DigestSendState.Sent, message.MessageId);
            }
            catch (MailDeliveryException e)
            {
                outcome = new DigestOutcome(due.Audience.Key, due.BusinessDate, e.Transient ? DigestSendState.Retry : DigestSendState.Failed, e.Message);
            }

            await ledger.RecordAsync(outcome.Audience, outcome.BusinessDate, outcome.State, outcome.Detail, cancellationToken);
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
