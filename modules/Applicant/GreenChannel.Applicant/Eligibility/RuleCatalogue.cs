using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>
/// Every rule code the engine can return, with what it means and the paragraph of the notice it comes from, as the
/// shipped 2025 edition states them (each later edition carries its own texts; it must name every one of these codes).
/// docs/eligibility-rules.md lists the same codes.
/// </summary>
internal static class RuleCatalogue
{
    private static readonly PolicyDocument Shipped = ShippedEditions.Notice2025();

    public static readonly IReadOnlyDictionary<string, string> Rules = Shipped.Rules.ToDictionary(r => r.Code, r => r.Text);

    private static readonly IReadOnlyDictionary<string, string> Paragraphs = Shipped.Rules.ToDictionary(r => r.Code, r => r.Paragraph);

    /// <summary>The paragraph of <paramref name="code"/> in the 2025 notice.</summary>
    public static string? ParagraphOf(string code) => Paragraphs.GetValueOrDefault(code);
}
