using Cxmpute.Testing;

namespace Cxmpute.Testing.Tests;

public sealed class TableNamesTests
{
    [Theory]
    [InlineData("ledger")]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("with-hyphen_and.dots")]
    [InlineData("averyveryveryveryveryveryveryveryveryveryveryveryverylongprefix")]
    public void New_names_are_valid_and_unique(string prefix)
    {
        var a = TableNames.New(prefix);
        var b = TableNames.New(prefix);

        Assert.True(TableNames.IsValid(a), a);
        Assert.True(TableNames.IsValid(b), b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void New_keeps_the_letters_and_digits_of_the_prefix()
    {
        Assert.StartsWith("ledger2", TableNames.New("led-ger_2"), StringComparison.Ordinal);
        Assert.StartsWith("t9", TableNames.New("9"), StringComparison.Ordinal);
    }
}
