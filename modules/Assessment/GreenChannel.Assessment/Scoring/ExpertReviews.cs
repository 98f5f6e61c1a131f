using GreenChannel.Assessment.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>
/// The expert's side of the online review; each use case lives in its own class, this only routes. Every read is the
/// signed-in expert's own assignment (<see cref="SeatStore"/>); no other expert's score shows before one's own sheet is in.
/// </summary>
internal sealed class ExpertReviews(TaskList tasks, ConfirmHandler confirm, DossierReading dossiers, SheetHandler sheets, TieHandler ties) : IExpertReviews
{
    public Task<IReadOnlyList<ReviewTask>> MyTasksAsync(CancellationToken ct = default) => tasks.MyTasksAsync(ct);

    public Task<IReadOnlyList<ExpertReminder>> MyRemindersAsync(CancellationToken ct = default) => tasks.MyRemindersAsync(ct);

    public Task ConfirmAsync(long meetingId, long applicationId, string phase, ConfirmRequest request, CancellationToken ct = default) =>
        confirm.ConfirmAsync(meetingId, applicationId, phase, request, ct);

    public Task<ExpertDossier> DossierAsync(long meetingId, long applicationId, CancellationToken ct = default) => dossiers.DossierAsync(meetingId, applicationId, ct);

    public Task<DossierFileContent> ReadFileAsync(long meetingId, long applicationId, long fileId, long offset, int length, CancellationToken ct = default) =>
        dossiers.ReadFileAsync(meetingId, applicationId, fileId, offset, length, ct);

    public Task<DossierFileContent> DownloadAsync(long meetingId, long applicationId, long fileId, CancellationToken ct = default) =>
        dossiers.DownloadAsync(meetingId, applicationId, fileId, ct);

    public Task<SheetView> SubmitAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default) => sheets.SubmitAsync(meetingId, applicationId, input, ct);

    public Task<SheetView> ReviseAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default) => sheets.ReviseAsync(meetingId, applicationId, input, ct);

    public Task<IReadOnlyList<ExpertTie>> MyTiesAsync(CancellationToken ct = default) => ties.MyTiesAsync(ct);

    public Task<ExpertTie> DeclareTieAsync(DeclareTieRequest request, CancellationToken ct = default) => ties.DeclareTieAsync(request, ct);
}
