using Microsoft.Data.Sqlite;
using Npgsql;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database for one app instance: a SQLite file in its own temp folder, or a new
/// PostgreSQL database on the server named by KNOCKDOOR_TEST_PG. Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KNOCKDOOR_TEST_PG";

    private readonly string? _folder;
    private readonly string? _serverConnection;
    private readonly string? _databaseName;

    private TestDatabase(Engine engine, string connectionString, string? folder, string? serverConnection, string? databaseName)
    {
        Engine = engine;
        ConnectionString = connectionString;
        _folder = folder;
        _serverConnection = serverConnection;
        _databaseName = databaseName;
    }

    public Engine Engine { get; }

    public string ConnectionString { get; }

    /// <summary>The value of Database:Provider for this engine.</summary>
    public string Provider => Engine == Engine.Sqlite ? "sqlite" : "postgres";

    public static async Task<TestDatabase> CreateAsync(Engine engine)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        if (engine == Engine.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "kd-tests", suffix);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, "knockdoor.db");
            return new TestDatabase(engine, new SqliteConnectionStringBuilder { DataSource = file }.ToString(), folder, null, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: set {PostgresVariable} to a connection string such as " +
                "'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres' (./test.sh starts one and sets it).");
        }
        var name = "kd_" + suffix;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0";
            await command.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new TestDatabase(engine, connectionString, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finishing request; the temp folder is cleaned by the OS later.
            }
        }
        if (_serverConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
