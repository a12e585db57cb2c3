using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using SiteGen.Preview;

namespace SiteGen.Tests.Browser;

/// <summary>Serves a built output folder on 127.0.0.1 like Netlify does: the headers from netlify.toml
/// (so the production Content-Security-Policy applies), index.html for folders, 404.html for misses.</summary>
public sealed class StaticSiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public string Url { get; }

    private StaticSiteServer(WebApplication app, string url) { _app = app; Url = url; }

    public static async Task<StaticSiteServer> StartAsync(string root)
    {
        var headers = NetlifyHeaders.Load(Path.Combine(TestPaths.RepoRoot, "netlify.toml"));
        // Content root = the served folder (never the current folder, which ASP.NET Core would watch recursively).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        app.Use(async (context, next) =>
        {
            foreach (var (name, value) in headers.For(context.Request.Path.Value ?? "/"))
                context.Response.Headers[name] = value;
            await next();
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ServeUnknownFileTypes = true,
            ContentTypeProvider = PreviewServer.ContentTypes(),
        });
        app.Run(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            var notFound = Path.Combine(root, "404.html");
            if (File.Exists(notFound)) await context.Response.SendFileAsync(notFound);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StaticSiteServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
