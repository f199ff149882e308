namespace SaeExplorer.Core.Encoders;

/// <summary>Where an ONNX session runs, and the appsettings key that chose it (named in errors).</summary>
/// <param name="Device">"auto", "cuda" or "cpu".</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</param>
/// <param name="DeviceKey">The setting's key, e.g. "Encoder:Device".</param>
internal readonly record struct OnnxDeviceSettings(string Device, int IntraOpThreads, string DeviceKey);
