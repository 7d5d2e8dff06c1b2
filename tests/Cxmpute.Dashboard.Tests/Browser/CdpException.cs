namespace Cxmpute.Dashboard.Tests.Browser;

/// <summary>A DevTools protocol command that Chromium answered with an error, or a script that threw in the page.</summary>
public sealed class CdpException(string message) : Exception(message);
