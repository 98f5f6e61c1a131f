using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Http;

namespace GreenChannel.Modularity.Web;

/// <summary>Reads an upload's multipart form: a body that is not one (truncated, no boundary) is the client's mistake, said in Chinese.</summary>
public static class UploadedForms
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, string notAForm, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw BusinessRuleException.For("file", notAForm);
        }

        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw BusinessRuleException.For("file", "上传的内容不完整或格式有误（multipart 正文被截断或缺少分隔符），请重新上传。");
        }
    }
}
