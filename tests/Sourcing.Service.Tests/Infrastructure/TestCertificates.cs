using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>Self-signed certificates made on the spot for TLS tests, and gRPC channels that use them.</summary>
public static class TestCertificates
{
    /// <summary>A server certificate for 127.0.0.1, valid for a day.</summary>
    public static X509Certificate2 Server()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sourcing-test-server", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A client certificate for TLS client authentication, valid for a day.</summary>
    public static X509Certificate2 Client(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is one the TLS stack can use for the handshake.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>A channel that trusts exactly <paramref name="server"/> and presents <paramref name="clientCertificate"/> if given.</summary>
    public static GrpcChannel Channel(string url, X509Certificate2 server, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == server.GetCertHashString();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler });
    }
}
