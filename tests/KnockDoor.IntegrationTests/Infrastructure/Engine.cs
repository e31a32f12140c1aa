using System.Reflection;
using Xunit.Sdk;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>The database engines every HTTP test runs on.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>Runs a theory once per engine: <c>[Theory, BothEngines]</c> with an <see cref="Engine"/> parameter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothEnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [Engine.Sqlite],
        [Engine.Postgres],
    ];
}
