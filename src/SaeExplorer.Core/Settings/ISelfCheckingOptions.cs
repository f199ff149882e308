namespace SaeExplorer.Core.Settings;

/// <summary>
/// Options whose rules span several values and live in their own Validate() (it throws ArgumentException naming the
/// key), which the code that uses them calls too. <see cref="OptionsCheck"/> runs it after the data annotations.
/// </summary>
public interface ISelfCheckingOptions
{
    void Validate();
}
