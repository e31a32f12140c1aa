using System.Runtime.InteropServices;
using HarfBuzzSharp;

namespace KnockDoor.Web.Features.Printing;

/// <summary>
/// A TrueType font cut down to some characters, with HarfBuzz's subsetter (hb-subset, in the native library
/// that HarfBuzzSharp ships; the managed wrapper has no API for it). Glyph outlines and metrics are kept.
/// </summary>
internal static class FontSubsetter
{
    private const string Library = "libHarfBuzzSharp";

    public static byte[] Subset(byte[] font, IEnumerable<int> codePoints)
    {
        var handle = GCHandle.Alloc(font, GCHandleType.Pinned);
        try
        {
            using var blob = new Blob(handle.AddrOfPinnedObject(), font.Length, MemoryMode.ReadOnly);
            using var face = new Face(blob, 0);
            var input = hb_subset_input_create_or_fail();
            if (input == IntPtr.Zero)
            {
                throw new InvalidOperationException("hb_subset_input_create_or_fail failed.");
            }
            try
            {
                var unicodes = hb_subset_input_unicode_set(input);
                foreach (var cp in codePoints)
                {
                    hb_set_add(unicodes, (uint)cp);
                }
                var subset = hb_subset_or_fail(face.Handle, input);
                if (subset == IntPtr.Zero)
                {
                    throw new InvalidOperationException("hb_subset_or_fail failed.");
                }
                try
                {
                    var result = hb_face_reference_blob(subset);
                    try
                    {
                        var data = hb_blob_get_data(result, out var length);
                        var bytes = new byte[length];
                        Marshal.Copy(data, bytes, 0, (int)length);
                        return bytes;
                    }
                    finally
                    {
                        hb_blob_destroy(result);
                    }
                }
                finally
                {
                    hb_face_destroy(subset);
                }
            }
            finally
            {
                hb_subset_input_destroy(input);
            }
        }
        finally
        {
            handle.Free();
        }
    }

    [DllImport(Library)]
    private static extern IntPtr hb_subset_input_create_or_fail();

    [DllImport(Library)]
    private static extern IntPtr hb_subset_input_unicode_set(IntPtr input);

    [DllImport(Library)]
    private static extern void hb_set_add(IntPtr set, uint codePoint);

    [DllImport(Library)]
    private static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);

    [DllImport(Library)]
    private static extern void hb_subset_input_destroy(IntPtr input);

    [DllImport(Library)]
    private static extern IntPtr hb_face_reference_blob(IntPtr face);

    [DllImport(Library)]
    private static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [DllImport(Library)]
    private static extern void hb_blob_destroy(IntPtr blob);

    [DllImport(Library)]
    private static extern void hb_face_destroy(IntPtr face);
}
