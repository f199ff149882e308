using System.Buffers.Binary;
using System.Text;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Hostile image files from the seed: valid pictures of every format ImageSharp reads, then each cut short, with bytes
/// changed, with huge dimensions in the header (PNG, JPEG, GIF, BMP, WebP), decompression bombs (small files that
/// claim hundreds of megapixels), polyglots (a GIF that is also a script, a PNG with HTML or a zip after it) and wrong
/// magic (text, HTML, SVG with a script, PDF, zip, ELF). The image loader tests read them directly; the upload
/// endpoint's tests send them (this file is linked there).
/// </summary>
public static class HostileImages
{
    private static readonly (string Name, IImageEncoder Encoder, string ContentType)[] Formats =
    [
        ("png", new PngEncoder(), "image/png"), ("jpeg", new JpegEncoder(), "image/jpeg"), ("gif", new GifEncoder(), "image/gif"),
        ("webp", new WebpEncoder(), "image/webp"), ("bmp", new BmpEncoder(), "image/bmp"), ("tiff", new TiffEncoder(), "image/tiff"),
    ];

    public static IReadOnlyList<HostileFile> Cases()
    {
        var r = HostileSeed.For("images");
        var bases = Formats.Select(f => (f.Name, Bytes: Encode(Picture(r), f.Encoder), f.ContentType)).ToList();
        var cases = new List<HostileFile>();
        cases.AddRange(bases.Select(b => new HostileFile("image", $"valid-{b.Name}", b.Bytes, b.ContentType)));
        for (var i = 0; i < 40; i++)
        {
            var b = bases[r.Next(bases.Count)];
            cases.Add(new HostileFile("image", $"truncated-{b.Name}-{i}", Mutate.Truncate(r, b.Bytes), b.ContentType));
        }
        for (var i = 0; i < 40; i++)
        {
            var b = bases[r.Next(bases.Count)];
            cases.Add(new HostileFile("image", $"flipped-{b.Name}-{i}", Mutate.Flip(r, b.Bytes, from: 2), b.ContentType));
        }
        var png = bases[0].Bytes;
        for (var i = 0; i < 10; i++)
            cases.Add(new HostileFile("image", $"png-huge-{i}", PngWithSize(png, (uint)r.Next(40_000, int.MaxValue), (uint)r.Next(1, int.MaxValue)), "image/png"));
        for (var i = 0; i < 3; i++)
            cases.Add(new HostileFile("image", $"png-zero-size-{i}", PngWithSize(png, (uint)(i == 1 ? 5 : 0), (uint)(i == 2 ? 5 : 0)), "image/png"));
        for (var i = 0; i < 6; i++)
            cases.Add(new HostileFile("image", $"jpeg-huge-{i}", JpegWithSize(bases[1].Bytes, (ushort)r.Next(20_000, 65_536), (ushort)r.Next(20_000, 65_536)), "image/jpeg"));
        for (var i = 0; i < 6; i++)
            cases.Add(new HostileFile("image", $"gif-huge-{i}", GifWithSize(bases[2].Bytes, (ushort)r.Next(10_000, 65_536), (ushort)r.Next(10_000, 65_536)), "image/gif"));
        for (var i = 0; i < 6; i++)
            cases.Add(new HostileFile("image", $"bmp-huge-{i}", BmpWithSize(bases[4].Bytes, r.Next(-int.MaxValue, int.MaxValue), r.Next(-int.MaxValue, int.MaxValue)), "image/bmp"));
        cases.AddRange(Bombs());
        cases.AddRange(Polyglots(bases[0].Bytes, bases[1].Bytes, bases[2].Bytes));
        cases.AddRange(WrongMagic(r));
        return cases;
    }

    private static Image<Rgb24> Picture(Random r)
    {
        var image = new Image<Rgb24>(r.Next(8, 48), r.Next(8, 48));
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                image[x, y] = new Rgb24((byte)r.Next(256), (byte)(x * 5), (byte)(y * 5));
        return image;
    }

    private static byte[] Encode(Image<Rgb24> image, IImageEncoder encoder)
    {
        using (image)
        using (var stream = new MemoryStream())
        {
            image.Save(stream, encoder);
            return stream.ToArray();
        }
    }

    /// <summary>The PNG with its IHDR saying another size (CRC recomputed, so only the size lies).</summary>
    private static byte[] PngWithSize(byte[] png, uint width, uint height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), PngBytes.Crc32(copy.AsSpan(12, 17)));
        return copy;
    }

    /// <summary>The JPEG with its start-of-frame saying another size.</summary>
    private static byte[] JpegWithSize(byte[] jpeg, ushort width, ushort height)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 2; i + 9 < copy.Length; i++)
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), width);
                break;
            }
        return copy;
    }

    /// <summary>The GIF with its logical screen saying another size.</summary>
    private static byte[] GifWithSize(byte[] gif, ushort width, ushort height)
    {
        var copy = (byte[])gif.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(6), width);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), height);
        return copy;
    }

    /// <summary>The BMP with its info header saying another size (negative height: top-down rows).</summary>
    private static byte[] BmpWithSize(byte[] bmp, int width, int height)
    {
        var copy = (byte[])bmp.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(22), height);
        return copy;
    }

    /// <summary>Small files that decode to a huge picture: a PNG of zero rows, deflated, claiming up to 400 megapixels.</summary>
    private static IEnumerable<HostileFile> Bombs()
    {
        foreach (var (w, h) in new[] { (20_000, 20_000), (50_000, 8_000), (7_000, 7_000), (6_000, 6_500) })
        {
            // Each row: filter byte 0 then w grey pixels of 0; deflate makes ~1000:1 of it. Only the 20 first rows are
            // written for the big ones: their header alone must refuse them.
            var rows = w * h > 40_000_000 ? 20 : h;
            using var raw = new MemoryStream();
            using (var z = new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var row = new byte[w + 1];
                for (var y = 0; y < rows; y++) z.Write(row);
            }
            var ihdr = new byte[13];
            BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)w);
            BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)h);
            ihdr[8] = 8; // bit depth 8, colour type 0 (grey)
            byte[] file = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. PngBytes.Chunk("IHDR", ihdr),
                .. PngBytes.Chunk("IDAT", raw.ToArray()), .. PngBytes.Chunk("IEND", [])];
            yield return new HostileFile("image", $"bomb-{w}x{h}", file, "image/png");
        }
    }

    private static IEnumerable<HostileFile> Polyglots(byte[] png, byte[] jpeg, byte[] gif)
    {
        var script = Encoding.ASCII.GetBytes("<script>alert(document.cookie)</script>");
        var html = Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body onload=\"alert(1)\">x</body></html>");
        var zip = new byte[] { 0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        yield return new HostileFile("image", "polyglot-gif-js", [.. Encoding.ASCII.GetBytes("GIF89a/*"), .. gif[8..], .. Encoding.ASCII.GetBytes("*/=alert(1);")], "image/gif");
        yield return new HostileFile("image", "polyglot-png-html", [.. png, .. html], "image/png");
        yield return new HostileFile("image", "polyglot-png-zip", [.. png, .. zip], "image/png");
        yield return new HostileFile("image", "polyglot-jpeg-script", [.. jpeg, .. script], "image/jpeg");
        yield return new HostileFile("image", "polyglot-html-png-magic", [.. png[..8], .. html], "image/png");
        yield return new HostileFile("image", "polyglot-jpeg-comment-html", [.. jpeg[..2], 0xFF, 0xFE, 0, (byte)(script.Length + 2), .. script, .. jpeg[2..]], "image/jpeg");
        yield return new HostileFile("image", "polyglot-pdf-jpeg", [.. Encoding.ASCII.GetBytes("%PDF-1.4\n"), .. jpeg], "image/jpeg");
        yield return new HostileFile("image", "png-as-jpeg", png, "image/jpeg");
        yield return new HostileFile("image", "jpeg-as-gif", jpeg, "image/gif");
    }

    private static IEnumerable<HostileFile> WrongMagic(Random r)
    {
        string[] texts =
        [
            "", "x", "hello, not an image", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "<!DOCTYPE html><script>alert(1)</script>", "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj", "{\"not\": \"an image\"}", "GIF87a", "\u0089PNG",
            "BM", "RIFF\u0000\u0000\u0000\u0000WEBPVP8 ", "\u00FF\u00D8\u00FF",
        ];
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
            yield return new HostileFile("image", $"magic-text-{i}", Encoding.Latin1.GetBytes(text), "image/png");
        yield return new HostileFile("image", "magic-zip", [0x50, 0x4B, 0x03, 0x04, .. Mutate.Junk(r, 64)], "image/png");
        yield return new HostileFile("image", "magic-elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', .. Mutate.Junk(r, 64)], "image/png");
        for (var i = 0; i < 8; i++) yield return new HostileFile("image", $"junk-{i}", Mutate.Junk(r, r.Next(1, 5000)), "image/jpeg");
    }
}
