using System.Text.Json.Serialization;

namespace Cxmpute.LoadTest.Bench;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchResult))]
[JsonSerializable(typeof(PeerResult))]
[JsonSerializable(typeof(AzuriteHealth))]
[JsonSerializable(typeof(Report.RunReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
