using SixLabors.ImageSharp;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Where the model input comes from in the source image. Rounding follows Hugging Face's
/// CLIPImageProcessor (long side truncated, crop offsets floored) so embeddings match Python.
/// </summary>
/// <param name="CropFirst">True: crop <paramref name="Crop"/> from the source, then resize to <paramref name="ResizeTo"/>.
/// False: resize the source to <paramref name="ResizeTo"/>, then crop <paramref name="Crop"/> from the result.</param>
public readonly record struct PreprocessGeometry(bool CropFirst, Rectangle Crop, Size ResizeTo)
{
    public static PreprocessGeometry For(int width, int height, EncoderPreset preset)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} is empty.");
        int size = preset.Size;
        if (preset.Crop == CropRule.CenterSquareThenResize)
        {
            int side = Math.Min(width, height);
            return new(true, new Rectangle((width - side) / 2, (height - side) / 2, side, side), new Size(size, size));
        }

        // Shortest side becomes `size`; the other scales in proportion, truncated as in Python's int().
        Size resized = width <= height
            ? new Size(size, (int)((long)size * height / width))
            : new Size((int)((long)size * width / height), size);
        return new(false, new Rectangle((resized.Width - size) / 2, (resized.Height - size) / 2, size, size), resized);
    }
}
