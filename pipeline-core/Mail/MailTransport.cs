namespace ShopPipeline.Mail;

/// <summary>A way to deliver a <see cref="MailMessage"/>: SMTP or Azure Communication Services Email.</summary>
internal interface IMailTransport
{
    /// <summary>Delivers the message; answers what the service said (a queue id, an operation id).</summary>
    /// <exception cref="MailDeliveryException">The message was not accepted; <see cref="MailDeliveryException.Transient"/> says whether to try again.</exception>
    Task<string> SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>A send that failed: transient (try again later) or permanent (fix something first).</summary>
internal class MailDeliveryException : Exception
{
    public MailDeliveryException()
    {
    }

    public MailDeliveryException(string message)
        : base(message)
    {
    }

    public MailDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public MailDeliveryException(string message, int code, bool transient, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Transient = transient;
    }

    /// <summary>The service's reply code (an SMTP reply or an HTTP status), or 0 when the connection failed.</summary>
    public int Code { get; }

    public bool Transient { get; }
}
