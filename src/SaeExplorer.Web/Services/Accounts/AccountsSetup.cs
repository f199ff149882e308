using Microsoft.AspNetCore.Identity;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Web.Extensions;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>
/// ASP.NET Core Identity over the app's database: the sign-in cookie for people, the API token scheme for scripts, one
/// policy scheme choosing between them by the Authorization header. Nobody needs to sign in to read.
/// </summary>
public static class AccountsSetup
{
    public const string Scheme = "SaexCookieOrToken";

    public static IServiceCollection AddSaexAccounts(this IServiceCollection services, IConfiguration config)
    {
        services.AddSectionOptions<AccountsOptions>(config);
        var options = config.GetSection(AccountsOptions.Section).Get<AccountsOptions>() ?? new AccountsOptions();
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "sign-in cookie or API token", o => o.ForwardDefaultSelector = http =>
                ApiTokenAuthentication.HasBearer(http.Request) ? ApiTokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = Links.Login();
            o.AccessDeniedPath = Links.Login();
            o.ExpireTimeSpan = TimeSpan.FromDays(options.CookieDays);
            o.SlidingExpiration = true;
            o.Cookie.Name = "saex.auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddIdentityCore<SaexUser>(o =>
            {
                o.Password.RequiredLength = options.MinPasswordLength;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddSaexIdentityStores()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthorization();
        services.AddScoped<AccountRegistration>();
        return services;
    }

    /// <summary>Makes the roles and, when Accounts:Admin names an existing user, makes that user admin (at start, after migrating).</summary>
    public static async Task PrepareAccountsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountRegistration>().PrepareAsync();
    }
}
