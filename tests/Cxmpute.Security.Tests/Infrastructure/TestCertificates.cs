using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>A private CA and node certificates signed by it, written as PEM files as docs/security.md makes them with openssl.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cxmpute-tls-").FullName;
    private readonly X509Certificate2 _ca;
    private readonly RSA _caKey = RSA.Create(2048);

    public TestCertificates(string caName = "Cxmpute test CA")
    {
        var request = new CertificateRequest($"CN={caName}", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPath = Path.Combine(_directory, "ca.crt");
        File.WriteAllText(CaPath, _ca.ExportCertificatePem());
    }

    public string CaPath { get; }

    /// <summary>A node certificate signed by this CA: its PEM certificate and key paths.</summary>
    public (string Certificate, string Key) Node(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        using var certificate = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        var certificatePath = Path.Combine(_directory, name + ".crt");
        var keyPath = Path.Combine(_directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>The settings that turn Orleans TLS on with a node certificate of this CA.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings(string node)
    {
        var (certificate, key) = Node(node);
        return
        [
            new("Cxmpute:Orleans:Tls:Enabled", "true"),
            new("Cxmpute:Orleans:Tls:CertificatePath", certificate),
            new("Cxmpute:Orleans:Tls:KeyPath", key),
            new("Cxmpute:Orleans:Tls:CaCertificatePath", CaPath),
        ];
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
