using Cxmpute.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCxmputeConfiguration(args);
var hosting = builder.AddCxmputeHost();
builder.AddCxmputeMetrics();

var app = builder.Build();
app.MapCxmputeHost(hosting);
app.Run();

/// <summary>The host: silo and API co-hosted (role <c>combined</c>), <c>silo</c> only, or the API as an Orleans client (<c>frontend</c>).</summary>
public partial class Program;
