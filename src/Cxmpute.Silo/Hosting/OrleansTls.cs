using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Cxmpute.Silo.Hosting;

/// <summary>Turns <see cref="OrleansTlsOptions"/> into Orleans' TLS settings for a silo or a client (mutual TLS under a private CA).</summary>
public static class OrleansTls
{
    /// <summary>The options from configuration, or null when TLS is off; a missing file stops the process, naming the setting.</summary>
    public static OrleansTlsOptions? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(OrleansTlsOptions.SectionName).Get<OrleansTlsOptions>() ?? new OrleansTlsOptions();
        if (!options.Enabled)
        {
            return null;
        }

        Require(options.CertificatePath, "CertificatePath");
        Require(options.CaCertificatePath, "CaCertificatePath");
        if (!IsPkcs12(options.CertificatePath!))
        {
            Require(options.KeyPath, "KeyPath");
        }

        return options;
    }

    public static X509Certificate2 LoadCertificate(OrleansTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath!;
        if (IsPkcs12(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }

        // A PEM key is ephemeral; a PKCS#12 round trip gives SslStream a certificate whose key it can use on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(path, options.KeyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public static void Configure(TlsOptions tls, OrleansTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(options);
        var ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath!);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

        // Peers are addressed by IP, so the platform's name check does not apply; trust is: the chain ends at our CA.
        tls.RemoteCertificateValidation = (certificate, _, _) => ChainsTo(certificate, ca);
    }

    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static void Require(string? path, string name)
    {
        var setting = $"{OrleansTlsOptions.SectionName}:{name}";
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException($"{OrleansTlsOptions.SectionName}:Enabled is true but {setting} is empty.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{setting} names '{path}', which does not exist.", path);
        }
    }
}
