using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using GreenChannel.Modularity.Web;

namespace GreenChannel.Host.Web;

/// <summary>Turns every error into a ProblemDetails with a Chinese title (and field errors where there are any).</summary>
internal sealed class ErrorMapping(IProblemDetailsService problems, ILogger<ErrorMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            BusinessRuleException e => new ValidationProblemDetails(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value))
            {
                Status = e.Rule is null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                Title = e.Rule ?? "请求参数有误",
                Detail = e.Message,
            },
            EligibilityException e => Eligibility(e.Result),
            GreenChannel.Reports.Excel.XlsxFileException e => new ValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [e.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "文件超出导入限制或已损坏",
                Detail = e.Message,
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["file"] = ["上传的内容超过大小上限，请压缩或拆分后再上传。"],
            })
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "上传的内容太大",
            },
            BadHttpRequestException e => new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["body"] = [DescribeBadRequest(e)],
            })
            {
                Status = e.StatusCode,
                Title = "请求格式错误",
                Detail = DescribeBadRequest(e),
            },
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "未找到", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "没有权限", Detail = e.Message },
            RateLimitedException e => new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "请求过于频繁，请稍后再试", Detail = e.Message },
            ConcurrencyConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "数据已被修改", Detail = e.Message },
            StateConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = e.Rule, Detail = e.Message },
            CalendarNotLoadedException e => new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = "节假日安排未录入", Detail = e.Message },
            // What the database refuses about the input itself is the client's error, not the server's.
            Npgsql.PostgresException { SqlState: "22021" or "22P05" } => Invalid("text", "内容中含有不允许的字符（如 NUL 控制字符），请删除后重试。"),
            Npgsql.PostgresException { SqlState: "22001" or "54000" } => Invalid("text", "填写的内容过长，请缩短后重试。"),
            Npgsql.PostgresException { SqlState: "22003" or "22008" or "22007" } => Invalid("value", "数值或日期超出允许的范围。"),
            Npgsql.PostgresException { SqlState: "23505" } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "与已有记录重复", Detail = "已存在相同的记录（名称、编码或用户名重复），请修改后重试。",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "服务器内部错误", Detail = "系统出现意外错误，已记录。请稍后重试或联系管理员。" },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "未处理的异常：{Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ValidationProblemDetails Eligibility(EligibilityResult result)
    {
        var problem = new ValidationProblemDetails(result.Violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray()))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "申报不符合条件",
            Detail = $"共有 {result.Violations.Count} 处不符合申报条件，请按提示修改后再提交。",
        };
        problem.Extensions["violations"] = result.Violations;
        return problem;
    }

    private static ValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = StatusCodes.Status400BadRequest, Title = "请求参数有误", Detail = message };

    private static string DescribeBadRequest(BadHttpRequestException e)
    {
        if (e.InnerException is System.Text.Json.JsonException nul && nul.Message.StartsWith(NulCharacters.Message, StringComparison.Ordinal))
        {
            return $"{NulCharacters.Message}（{nul.Path ?? "$"}）";
        }

        if (e.InnerException is System.Text.Json.JsonException json)
        {
            return $"请求正文不是有效的 JSON，或字段类型不对（{json.Path ?? "$"}）。";
        }

        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return "请求正文太大。";
        }

        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return "请求的内容类型不受支持，请使用 application/json。";
        }

        // The framework's own words are English and name .NET types: say it in Chinese, naming only the parameter.
        var quoted = System.Text.RegularExpressions.Regex.Matches(e.Message, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        var parameter = quoted.Count > 0 ? quoted[0].Split(' ').Last() : null;
        if (e.Message.Contains("Implicit body inferred", StringComparison.Ordinal) || e.Message.Contains("request body", StringComparison.OrdinalIgnoreCase))
        {
            return "缺少请求正文：请以 JSON 提交所需的字段。";
        }

        if (e.Message.Contains("Required parameter", StringComparison.Ordinal))
        {
            return parameter is null ? "缺少必填参数。" : $"缺少必填参数 {parameter}。";
        }

        if (e.Message.Contains("Failed to bind", StringComparison.Ordinal))
        {
            return parameter is null ? "参数格式不对。" : $"参数 {parameter} 的值{(quoted.Count > 1 ? $"“{quoted[1]}”" : string.Empty)}格式不对。";
        }

        return "请求无效，请检查请求的地址、参数和正文。";
    }
}

/// <summary>Status codes without a body (401, 403, 404 of unknown routes…) get a Chinese ProblemDetails too.</summary>
internal static class StatusTitles
{
    /// <summary>
    /// Every problem a person can see is titled in Chinese: the framework's English titles are replaced (its defaults
    /// differ from the reason phrases: "Content Too Large"), the Chinese ones our code set are kept. A body refused for
    /// its size says the limit.
    /// </summary>
    public static void Customize(ProblemDetailsContext c)
    {
        var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
        var title = c.ProblemDetails.Title;
        if (title is null || !title.Any(ch => ch is >= '\u4e00' and <= '\u9fff'))
        {
            c.ProblemDetails.Title = status == 400 && c.ProblemDetails is ValidationProblemDetails ? "请求参数有误" : For(status);
        }

        if (status == StatusCodes.Status413PayloadTooLarge && c.ProblemDetails.Detail is null)
        {
            var limit = c.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var detail = limit is { } bytes
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"请求正文超过 {bytes / 1_000_000} MB 的上限，请缩短内容或分开提交。")
                : "请求正文超过大小上限，请缩短内容或分开提交。";
            c.ProblemDetails.Detail = detail;
            if (c.ProblemDetails is not ValidationProblemDetails)
            {
                c.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [detail] };
            }
        }
    }

    public static string For(int status) => status switch
    {
        400 => "请求有误",
        401 => "请先登录",
        403 => "没有权限执行此操作",
        404 => "未找到",
        405 => "不支持该请求方法",
        409 => "数据冲突",
        413 => "请求正文太大",
        415 => "不支持的内容类型",
        429 => "请求过于频繁，请稍后再试",
        _ => "请求失败",
    };
}
