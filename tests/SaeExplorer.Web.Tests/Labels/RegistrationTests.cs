using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The register form as a browser posts it: an e-mail field left empty arrives as "" and is no address, not a wrong one.</summary>
public abstract class RegistrationTests(LabelsAppFixture fixture)
{
    [Theory]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" nell@example.org ", "nell@example.org")]
    public async Task AnEmptyOrPaddedEmailRegisters(string typed, string? stored)
    {
        var name = $"nell{Guid.NewGuid():N}"[..16];
        using var client = await fixture.NewCookieClientAsync(Role.Anonymous);

        using var response = await LabelsAppFixture.PostFormAsync(client, "/account/register", "register",
            [("Input.UserName", name), ("Input.Email", typed), ("Input.Password", Testing.TestUsers.Password), ("Input.Confirm", Testing.TestUsers.Password)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // signed in and sent on, not the form again with an error
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        Assert.Equal(stored, await db.Users.Where(u => u.UserName == name).Select(u => u.Email).SingleAsync());
    }

    [Fact]
    public async Task AWrongEmailIsRefusedWithTheRule()
    {
        using var client = await fixture.NewCookieClientAsync(Role.Anonymous);

        using var response = await LabelsAppFixture.PostFormAsync(client, "/account/register", "register",
            [("Input.UserName", "wrongmail"), ("Input.Email", "not an address"), ("Input.Password", Testing.TestUsers.Password), ("Input.Confirm", Testing.TestUsers.Password)]);

        Assert.Contains("That is not an e-mail address (or leave it empty).", await response.Content.ReadAsStringAsync());
    }
}

public sealed class RegistrationTestsOnSqlite(LabelsAppFixture fixture) : RegistrationTests(fixture), IClassFixture<LabelsAppFixture>;

public sealed class RegistrationTestsOnPostgres(LabelsAppFixtureOnPostgres fixture) : RegistrationTests(fixture), IClassFixture<LabelsAppFixtureOnPostgres>;
