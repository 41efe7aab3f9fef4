using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// A hostile HTTP/2 client written from the frames up: it opens a connection, advertises a receive window of zero,
/// starts gRPC calls and never reads an answer, so the server can send nothing and must hold whatever it prepared.
/// Loopback only; disposing closes the connection.
/// </summary>
public sealed class StalledHttp2Client : IDisposable
{
    private const byte Data = 0x0, Headers = 0x1, Settings = 0x4;
    private const byte EndStream = 0x1, EndHeaders = 0x4;
    private const ushort InitialWindowSize = 0x4;

    private readonly TcpClient _tcp = new();
    private int _nextStream = 1;

    public StalledHttp2Client(int port)
    {
        _tcp.Connect(System.Net.IPAddress.Loopback, port);
        _tcp.ReceiveBufferSize = 4096;
        var stream = _tcp.GetStream();
        stream.Write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
        var settings = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(settings, InitialWindowSize);
        BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(2), 0);
        WriteFrame(Settings, 0, 0, settings);
    }

    /// <summary>Starts one unary gRPC call with <paramref name="message"/> (a serialized request) and reads nothing back.</summary>
    public void StartCall(string path, string authority, string bearerToken, byte[] message)
    {
        var stream = _nextStream;
        _nextStream += 2;
        var block = new List<byte> { 0x83, 0x86 }; // :method POST, :scheme http (static table)
        Literal(block, 4, path);
        Literal(block, 1, authority);
        Literal(block, 31, "application/grpc");
        Literal(block, 23, "Bearer " + bearerToken);
        block.Add(0x00);
        String(block, "te");
        String(block, "trailers");
        WriteFrame(Headers, EndHeaders, stream, [.. block]);

        var body = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)message.Length);
        message.CopyTo(body, 5);
        WriteFrame(Data, EndStream, stream, body);
    }

    public void Dispose() => _tcp.Dispose();

    private void WriteFrame(byte type, byte flags, int stream, byte[] payload)
    {
        var header = new byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), (uint)stream);
        var socket = _tcp.GetStream();
        socket.Write(header);
        socket.Write(payload);
    }

    /// <summary>A literal header field without indexing whose name is entry <paramref name="nameIndex"/> of the static table.</summary>
    private static void Literal(List<byte> block, int nameIndex, string value)
    {
        Integer(block, nameIndex, 4, 0x00);
        String(block, value);
    }

    private static void String(List<byte> block, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        Integer(block, bytes.Length, 7, 0x00);
        block.AddRange(bytes);
    }

    /// <summary>HPACK's prefixed integer.</summary>
    private static void Integer(List<byte> block, int value, int prefixBits, byte firstByteFlags)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(firstByteFlags | value));
            return;
        }

        block.Add((byte)(firstByteFlags | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        block.Add((byte)value);
    }
}
