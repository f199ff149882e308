using System.Net;
using System.Net.Sockets;

namespace SaeExplorer.Web.Services.Images;

/// <summary>
/// Connects only to public addresses (unless allowed): a corpus row is untrusted text, and its URL must not make the
/// server reach its own loopback, the private network or a cloud metadata endpoint (169.254.169.254). The check is on
/// the addresses DNS gives at connect time, so a public name that resolves to a private address is refused too.
/// </summary>
public static class PublicAddressConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Create(bool allowPrivate) =>
        async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var usable = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
            if (usable.Length == 0)
                throw new RemoteImageException($"{context.DnsEndPoint.Host} is not a public address (RemoteImages:AllowPrivateAddresses is off)");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 when b[1] is >= 64 and < 128 => false, // carrier-grade NAT
            169 when b[1] == 254 => false, // link-local, cloud metadata
            172 when b[1] is >= 16 and < 32 => false,
            192 when b[1] == 168 => false,
            >= 224 => false, // multicast, reserved, broadcast
            _ => true,
        };
    }
}
