using Microsoft.Extensions.Options;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Extensions;

/// <summary>
/// The one way options are registered: bound from their own section, checked at start with their data annotations
/// (a bad value stops the app with a message naming the key), and injectable as the plain record.
/// </summary>
public static class OptionsRegistration
{
    public static OptionsBuilder<T> AddSectionOptions<T>(this IServiceCollection services, IConfiguration config)
        where T : class, ISectionOptions
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().Bind(config.GetSection(T.Section)).ValidateDataAnnotationsByKey().ValidateOnStart();
    }

    /// <summary>
    /// ValidateDataAnnotations, with each failure named by its configuration key ("Training:Expansion: ...") rather
    /// than by the C# type and member, so the message says what to change in appsettings.json.
    /// </summary>
    public static OptionsBuilder<T> ValidateDataAnnotationsByKey<T>(this OptionsBuilder<T> builder) where T : class, ISectionOptions
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new KeyedValidation<T>(builder.Name));
        return builder;
    }

    private sealed class KeyedValidation<T>(string? name) : IValidateOptions<T> where T : class, ISectionOptions
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName) return ValidateOptionsResult.Skip;
            var problems = OptionsCheck.Problems(options);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
