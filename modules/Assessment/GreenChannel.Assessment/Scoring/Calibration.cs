namespace GreenChannel.Assessment.Scoring;

/// <summary>
/// Removes each expert's strictness from the scores of a round. Each expert's totals are turned into z-scores
/// against that expert's own mean and standard deviation over all their sheets of the round, both shrunk towards
/// the round's (as if the expert had also given <see cref="PriorSheets"/> sheets at the round's mean and spread), so
/// an expert with two sheets is not judged by two numbers. An application's calibrated score is the round's mean plus
/// the round's deviation times the mean of its z-scores: back on the sheet's scale, comparable across experts.
/// </summary>
internal static class Calibration
{
    public const int PriorSheets = 3;

    public const string Method =
        "校准方法：每位专家在本批次全部评分表的总分先按其本人的平均分和标准差换算为标准分（z 分），专家的平均分和标准差向全批次收缩（相当于另加 3 份全批次平均水平的评分），"
        + "再取各专家标准分的平均，换回全批次的分数尺度（全批次平均分 + 全批次标准差 × 平均标准分）。校准分消除了个别专家普遍打高或打低的影响，仅供评委会参考；评审结果以无记名投票为准。";

    public sealed record Score(long ExpertId, long ApplicationId, double Total);

    public sealed record Result(long ApplicationId, int Sheets, double RawMean, double Calibrated, double Spread);

    public static IReadOnlyList<Result> Calibrate(IReadOnlyList<Score> scores)
    {
        if (scores.Count == 0)
        {
            return [];
        }

        var mean = scores.Average(s => s.Total);
        var variance = scores.Count > 1 ? scores.Sum(s => (s.Total - mean) * (s.Total - mean)) / (scores.Count - 1) : 0;
        var deviation = Math.Max(Math.Sqrt(variance), 1e-6);
        var byExpert = scores.GroupBy(s => s.ExpertId).ToDictionary(g => g.Key, g =>
        {
            var n = g.Count();
            var own = g.Average(s => s.Total);
            var ownSquares = g.Sum(s => (s.Total - own) * (s.Total - own));
            var shrunkMean = ((n * own) + (PriorSheets * mean)) / (n + PriorSheets);
            var shrunkVariance = (ownSquares + (PriorSheets * variance)) / (n - 1 + PriorSheets);
            return (Mean: shrunkMean, Deviation: Math.Max(Math.Sqrt(shrunkVariance), 1e-6));
        });
        return scores.GroupBy(s => s.ApplicationId).OrderBy(g => g.Key).Select(g =>
        {
            var z = g.Average(s => (s.Total - byExpert[s.ExpertId].Mean) / byExpert[s.ExpertId].Deviation);
            return new Result(g.Key, g.Count(), g.Average(s => s.Total), mean + (deviation * z), g.Max(s => s.Total) - g.Min(s => s.Total));
        }).ToList();
    }
}
