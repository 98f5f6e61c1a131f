using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Files;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Applicant.Applications.Materials;

/// <summary>Scanned materials of an application: type from the content, size limits per file and per application.</summary>
internal sealed class MaterialFiles(IUnitOfWork uow, ApplicationStore store, IFileStore files, IAuditLog audit, IOptions<UploadOptions> options)
{
    public async Task<ApplicationFile> AddAsync(long id, int item, string fileName, Stream content, CancellationToken ct)
    {
        await store.LoadOwnDraftAsync(id, null, ct);
        if (!MaterialItems.Names.ContainsKey(item))
        {
            throw BusinessRuleException.For("item", "请选择材料类别（材料目录单第 1–11 项）。");
        }

        var max = options.Value.MaxFileBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw BusinessRuleException.For("file", $"文件超过 {options.Value.MaxFileMegabytes} MB 的上限，请压缩或拆分后上传。");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw BusinessRuleException.For("file", "文件是空的。");
        }

        var bytes = buffer.ToArray();
        var type = FileTypes.Detect(bytes) ?? throw BusinessRuleException.For("file", "只接受 PDF、JPEG、PNG 文件（按文件内容识别，改扩展名无效）。");
        var total = await uow.ExecuteScalarAsync<long>("SELECT coalesce(sum(size), 0) FROM applicant.application_files WHERE application_id = @id", new { id }, ct);
        if (total + bytes.Length > options.Value.MaxApplicationBytes)
        {
            throw BusinessRuleException.For("file", $"这份申报的材料合计将超过 {options.Value.MaxApplicationMegabytes} MB 的上限。");
        }

        var name = Path.GetFileName(fileName ?? "file");
        name = string.IsNullOrWhiteSpace(name) ? "file" : name[..Math.Min(name.Length, 120)];
        var sha = await files.PutAsync(bytes, ct);
        var fileId = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.application_files (application_id, item, file_name, content_type, size, sha256, uploaded_at)
            VALUES (@id, @item, @name, @type, @size, @sha, @now) RETURNING id
            """,
            new { id, item, name, type, size = (long)bytes.Length, sha, now = store.Now }, ct);
        await audit.WriteAsync("上传材料", "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { fileId, item, name, type, size = bytes.Length, sha }, ct);
        return (await store.DetailsAsync(id, ct)).Files.Single(f => f.Id == fileId);
    }

    public async Task RemoveAsync(long id, long fileId, CancellationToken ct)
    {
        await store.LoadOwnDraftAsync(id, null, ct);
        var n = await uow.ExecuteAsync("DELETE FROM applicant.application_files WHERE id = @fileId AND application_id = @id", new { id, fileId }, ct);
        if (n == 0)
        {
            throw new NotFoundException("材料不存在。");
        }

        await audit.WriteAsync("删除材料", "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { fileId }, null, ct);
    }

    public async Task<(ApplicationFile File, byte[] Content)> GetAsync(long id, long fileId, CancellationToken ct)
    {
        var details = await store.DetailsAsync(id, ct);
        var file = details.Files.FirstOrDefault(f => f.Id == fileId) ?? throw new NotFoundException("材料不存在。");
        var content = await files.GetAsync(file.Sha256, ct) ?? throw new NotFoundException("材料内容丢失。");
        return (file, content);
    }
}
