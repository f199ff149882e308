using Microsoft.ML.OnnxRuntime;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Creates the ONNX Runtime session, preferring CUDA when asked. The GPU package ships the CUDA
/// provider but not CUDA itself, so on machines without it ORT throws "Failed to load shared
/// library"; that is expected, logged once and answered with the CPU provider.
/// </summary>
internal static class OnnxSessionFactory
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    public static (InferenceSession Session, SessionOptions Options, string Provider) Create(
        string modelPath, OnnxDeviceSettings settings, Action<string>? log)
    {
        string device = settings.Device.Trim().ToLowerInvariant();
        if (device is not ("auto" or "cuda" or "cpu"))
            throw new ArgumentException(
                $"{settings.DeviceKey} must be \"auto\", \"cuda\" or \"cpu\", not \"{settings.Device}\".");

        if (device != "cpu")
        {
            SessionOptions cuda = NewOptions(settings);
            // ORT's native logger would print its own multi-line error for the missing library;
            // quiet it for the attempt so the fallback reads as the single line below.
            OrtEnv env = OrtEnv.Instance();
            OrtLoggingLevel previous = env.EnvLogLevel;
            env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                cuda.AppendExecutionProvider_CUDA(0);
                return (new InferenceSession(modelPath, cuda), cuda, CudaProvider);
            }
            catch (OnnxRuntimeException e)
            {
                cuda.Dispose();
                log?.Invoke($"CUDA execution provider unavailable ({FirstLine(e.Message)}); using CPU.");
            }
            finally
            {
                env.EnvLogLevel = previous;
            }
        }

        SessionOptions cpu = NewOptions(settings);
        try
        {
            return (new InferenceSession(modelPath, cpu), cpu, CpuProvider);
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    private static SessionOptions NewOptions(OnnxDeviceSettings settings)
    {
        var session = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (settings.IntraOpThreads > 0)
            session.IntraOpNumThreads = settings.IntraOpThreads;
        return session;
    }

    internal static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
