using System.Security.Cryptography;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Identity;

namespace GreenChannel.Platform.Accounts;

/// <summary>How passwords are hashed, made and judged: shared by sign-in, changing, resetting and seeding accounts.</summary>
internal static class Passwords
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash to check unknown user names against, so they cost the same time as real ones.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(string.Empty, "not-a-password-" + Guid.NewGuid().ToString("N"));

    public static string Hash(string userName, string password) => Hasher.HashPassword(userName.ToLowerInvariant(), password);

    public static PasswordVerificationResult Verify(string userName, string hash, string password) =>
        Hasher.VerifyHashedPassword(userName.ToLowerInvariant(), hash, password);

    /// <summary>The same work as <see cref="Verify"/> for a user that does not exist.</summary>
    public static void VerifyNobody(string password) => Hasher.VerifyHashedPassword(string.Empty, DummyHash, password);

    public static string NewOneTimePassword()
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 12)) + "9";
    }

    /// <summary>Words that make a password guessable whatever digits follow them (password12, admin2025…).</summary>
    private static readonly string[] CommonWords =
    [
        "password", "passwd", "admin", "administrator", "qwerty", "qwertyuiop", "asdfgh", "zxcvbn", "abc", "abcd", "abcdef",
        "letmein", "welcome", "iloveyou", "woaini", "monkey", "dragon", "master", "root", "test", "user", "login", "china",
        "greenchannel", "nmg", "neimenggu",
    ];

    public static void ValidateNewPassword(string? password, string? current, string? userName = null, string? oneTimePassword = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < 10 || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            throw BusinessRuleException.For("newPassword", "新密码至少 10 位，且须同时包含字母和数字。");
        }

        if (password == current || (oneTimePassword is not null && password == oneTimePassword))
        {
            throw BusinessRuleException.For("newPassword", "新密码不能与当前密码或一次性密码相同。");
        }

        var lower = password.ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(userName) && lower.Contains(userName.Trim().ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw BusinessRuleException.For("newPassword", "新密码不能包含用户名。");
        }

        var letters = new string(lower.Where(char.IsLetter).ToArray());
        if (CommonWords.Contains(letters, StringComparer.Ordinal) || lower.Distinct().Count() < 4)
        {
            throw BusinessRuleException.For("newPassword", "新密码过于常见或简单（如 password12），请换一个不易猜到的密码。");
        }
    }
}
