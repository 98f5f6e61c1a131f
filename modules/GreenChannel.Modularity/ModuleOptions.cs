using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenChannel.Modularity;

/// <summary>
/// Typed settings of a module: bound from one configuration section, checked with data annotations, and validated when
/// the host starts, so a wrong value stops start-up with a Chinese message naming the key instead of failing later.
/// </summary>
public static class ModuleOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it at start-up.</summary>
    public static OptionsBuilder<T> AddModuleOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotationValidator<T>(section));
        return services.AddOptions<T>()
            .Configure<IConfiguration>((options, configuration) => Bind(options, configuration.GetSection(section)))
            .ValidateOnStart();
    }

    /// <summary>
    /// Binds and validates <typeparamref name="T"/> now, for settings needed before there are services (the
    /// connection string, the data folder, the scheduler). Throws <see cref="OptionsValidationException"/> with the
    /// same Chinese messages a module's options give at start.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        var options = new T();
        Bind(options, configuration.GetSection(section));
        var result = new AnnotationValidator<T>(section).Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(T), result.Failures) : options;
    }

    private static void Bind<T>(T options, IConfigurationSection section) where T : class
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder says which key could not be converted, in English; name it (and its environment variable)
            // and the type in Chinese.
            var key = section.AsEnumerable().FirstOrDefault(kv => kv.Value is not null && e.Message.Contains($"'{kv.Key}'", StringComparison.Ordinal)).Key
                      ?? section.Path;
            var type = System.Text.RegularExpressions.Regex.Match(e.Message, "to type '(?:System\\.)?([^']+)'") is { Success: true } m ? m.Groups[1].Value : typeof(T).Name;
            var value = key.Length > section.Path.Length ? section.GetSection(key[(section.Path.Length + 1)..]).Value : null;
            throw new OptionsValidationException(key, typeof(T),
                [$"配置项 {key}（环境变量 {key.Replace(":", "__", StringComparison.Ordinal)}）的值“{value}”无法读作 {type}"]);
        }
    }

    private sealed class AnnotationValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                r.ErrorMessage is { } m && m.Contains(section, StringComparison.Ordinal)
                    ? m
                    : $"配置项 {section}:{string.Join(",", r.MemberNames)} 无效：{r.ErrorMessage}"));
        }
    }
}
