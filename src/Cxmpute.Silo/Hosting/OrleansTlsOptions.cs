namespace Cxmpute.Silo.Hosting;

/// <summary>
/// TLS on Orleans' own connections, silo to silo and client to gateway (section <c>Cxmpute:Orleans:Tls</c>). Every node
/// presents a certificate signed by the deployment's private CA and accepts only peers whose certificate chains to that
/// CA (mutual TLS): whatever reaches a silo or gateway port without such a certificate cannot call a grain. docs/security.md
/// shows how to make the certificates.
/// </summary>
public sealed class OrleansTlsOptions
{
    public const string SectionName = "Cxmpute:Orleans:Tls";

    public bool Enabled { get; set; }

    /// <summary>This node's certificate: a PKCS#12 file (.pfx, .p12) with its key, or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 certificate, if any (env <c>CXMPUTE_TLS_CERTIFICATE_PASSWORD</c>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM certificate of the CA that signs every node's certificate; the only root peers are trusted under.</summary>
    public string? CaCertificatePath { get; set; }
}
