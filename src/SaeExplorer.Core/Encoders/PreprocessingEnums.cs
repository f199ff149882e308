namespace SaeExplorer.Core.Encoders;

/// <summary>Order of the three colour planes in the model's input tensor.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}

/// <summary>How an arbitrary image is brought to the model's square input.</summary>
public enum CropRule
{
    /// <summary>Cut the largest centred square, then resize it to Size x Size (ML.NET's ResNet featurizer).</summary>
    CenterSquareThenResize,

    /// <summary>Resize so the shortest side is Size, then cut the centred Size x Size square (CLIP).</summary>
    ShortestSideThenCenterCrop,
}

/// <summary>Interpolation used when resizing.</summary>
public enum Resampling
{
    Bilinear,
    Bicubic,
}
