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

    private static void Bind<T>(T options, IConfigurationSection section) where T : class
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder says which key could not be converted, in English; name it in Chinese and keep the cause.
            var key = section.AsEnumerable().FirstOrDefault(kv => kv.Value is not null && e.Message.Contains($"'{kv.Key}'", StringComparison.Ordinal)).Key
                      ?? section.Path;
            throw new OptionsValidationException(key, typeof(T), [$"配置项 {key} 的值“{section.GetSection(key[(section.Path.Length + 1)..]).Value}”格式不正确：{e.Message}"]);
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
