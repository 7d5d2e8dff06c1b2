using System.Text.Json.Serialization;

namespace Cxmpute.LoadTest.Report;

/// <summary>Source-generated JSON for the report: camelCase, indented, decimals as exact numbers.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
