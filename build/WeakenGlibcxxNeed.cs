using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on one version need of every libLibTorchSharp.so under a folder, when the
/// system libstdc++ does not define that version. Idempotent; leaves other files alone.
/// </summary>
public class WeakenGlibcxxNeed : Task
{
    [Required] public string Directory { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    private static readonly string[] LibStdCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var targets = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (targets.Length == 0) return true;
        var libstd = LibStdCandidates.FirstOrDefault(File.Exists);
        if (libstd != null && Contains(File.ReadAllBytes(libstd), Encoding.ASCII.GetBytes(Version + "\0")))
            return true; // the system provides the version: nothing to do
        foreach (var path in targets)
        {
            try
            {
                if (Weaken(path, Version))
                    Log.LogMessage(MessageImportance.High, $"TorchSharp: marked {Version} weak in {path}");
            }
            catch (Exception e)
            {
                Log.LogWarning($"TorchSharp: could not patch {path}: {e.Message}");
            }
        }
        return true;
    }

    private static bool Contains(byte[] hay, byte[] needle)
    {
        for (int i = Array.IndexOf(hay, needle[0]); i >= 0 && i <= hay.Length - needle.Length; i = Array.IndexOf(hay, needle[0], i + 1))
        {
            int k = 1;
            while (k < needle.Length && hay[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    /// <summary>Walks .gnu.version_r (ELF64 little-endian) and flags the named vernaux entry.</summary>
    private static bool Weaken(string path, string version)
    {
        var b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        const uint ShtGnuVerneed = 0x6ffffffe;
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            long off = BitConverter.ToInt64(b, (int)sh + 0x18);
            int link = BitConverter.ToInt32(b, (int)sh + 0x28);
            int count = BitConverter.ToInt32(b, (int)sh + 0x2C);
            long strOff = BitConverter.ToInt64(b, (int)(shoff + (long)link * shentsize) + 0x18);
            long vn = off;
            for (int i = 0; i < count; i++)
            {
                int cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int j = 0; j < cnt; j++)
                {
                    int name = BitConverter.ToInt32(b, (int)aux + 8);
                    if (ReadString(b, strOff + name) == version)
                    {
                        int flagsAt = (int)aux + 4;
                        ushort flags = BitConverter.ToUInt16(b, flagsAt);
                        if ((flags & 0x2) != 0) return false;
                        BitConverter.GetBytes((ushort)(flags | 0x2)).CopyTo(b, flagsAt);
                        File.WriteAllBytes(path, b);
                        return true;
                    }
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return false;
    }

    private static string ReadString(byte[] b, long at)
    {
        int end = Array.IndexOf(b, (byte)0, (int)at);
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
