using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenChannel.Host.Web;

/// <summary>
/// Text with a NUL character (U+0000) never reaches PostgreSQL, which refuses it when it binds the value (SQLSTATE
/// 22021). That refusal is the client's error, and it also unsettles Npgsql: a statement being prepared automatically
/// when its value is refused leaves the pooled connection out of step, so the next request on it reads rows that are
/// not its own ("Received unexpected backend message DataRow"). So the request is refused here, in Chinese, before
/// any SQL: in JSON bodies (<see cref="NulFreeStrings"/>), query strings and posted forms (<see cref="NulCharacterCheck"/>).
/// </summary>
internal static class NulCharacters
{
    public const string Message = "内容中含有不允许的字符（NUL 控制字符），请删除后重试。";

    public static bool In(string? text) => text?.Contains('\0', StringComparison.Ordinal) == true;
}

/// <summary>Every string a JSON body binds to is read through this: one with a NUL fails the binding (a 400).</summary>
internal sealed class NulFreeStrings : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return NulCharacters.In(value) ? throw new JsonException(NulCharacters.Message) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Refuses a query string or an urlencoded form (the pages' posts) that carries a NUL, with a Chinese 400.</summary>
internal sealed class NulCharacterCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, IProblemDetailsService problems)
    {
        var request = ctx.Request;
        var field = request.Query.FirstOrDefault(q => NulCharacters.In(q.Key) || q.Value.Any(NulCharacters.In)).Key;
        if (field is null && request.HasFormContentType
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                var form = await request.ReadFormAsync(ctx.RequestAborted);
                field = form.FirstOrDefault(f => NulCharacters.In(f.Key) || f.Value.Any(NulCharacters.In)).Key;
            }
            catch (InvalidDataException e) when (e.InnerException is InvalidOperationException)
            {
                // The framework's form reader refuses a NUL itself, in English and as a server error.
                field = "form";
            }
        }

        if (field is null)
        {
            await next(ctx);
            return;
        }

        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [field.Replace("\0", "", StringComparison.Ordinal)] = [NulCharacters.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "内容中含有不允许的字符",
                Detail = NulCharacters.Message,
            },
        });
    }
}
