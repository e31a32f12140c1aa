using System.Data.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KnockDoor.Web.Features.Targets;

/// <summary>
/// Inserts many registry rows fast, bypassing the change tracker: one prepared INSERT re-executed on SQLite,
/// binary COPY on PostgreSQL. Table, column names and value conversions come from the EF model, so a row
/// stored here reads back through EF exactly like one EF stored (GUID text case, ticks of a
/// DateTimeOffset on SQLite, enums as integers). Runs inside the caller's transaction, which must be open.
/// </summary>
public static class TargetBulkInsert
{
    private static readonly (string Property, Func<Target, object?> Get)[] Columns =
    [
        (nameof(Target.Id), t => t.Id),
        (nameof(Target.CountyCode), t => t.CountyCode),
        (nameof(Target.OrgUnitCode), t => t.OrgUnitCode),
        (nameof(Target.OrgPath), t => t.OrgPath),
        (nameof(Target.Name), t => t.Name),
        (nameof(Target.Categories), t => t.Categories),
        (nameof(Target.IdNumber), t => t.IdNumber),
        (nameof(Target.BirthDate), t => t.BirthDate),
        (nameof(Target.Sex), t => t.Sex),
        (nameof(Target.Phone), t => t.Phone),
        (nameof(Target.Address), t => t.Address),
        (nameof(Target.Household), t => t.Household),
        (nameof(Target.GuardianName), t => t.GuardianName),
        (nameof(Target.GuardianPhone), t => t.GuardianPhone),
        (nameof(Target.Latitude), t => t.Latitude),
        (nameof(Target.Longitude), t => t.Longitude),
        (nameof(Target.Status), t => t.Status),
        (nameof(Target.Notes), t => t.Notes),
        (nameof(Target.Heating), t => t.Heating),
        (nameof(Target.Bedridden), t => t.Bedridden),
        (nameof(Target.HouseAtRisk), t => t.HouseAtRisk),
        (nameof(Target.ImportBatchId), t => t.ImportBatchId),
        (nameof(Target.CreatedAt), t => t.CreatedAt),
        (nameof(Target.UpdatedAt), t => t.UpdatedAt),
        (nameof(Target.Version), t => t.Version),
    ];

    private const int ProgressEvery = 2000;

    private sealed record Column(string Name, RelationalTypeMapping Mapping, Func<Target, object?> Get)
    {
        public object? ProviderValue(Target t)
        {
            var value = Get(t);
            return value is null || Mapping.Converter is null ? value : Mapping.Converter.ConvertToProvider(value);
        }
    }

    public static async Task<int> InsertAsync(AppDbContext db, IEnumerable<Target> rows, Action<int>? progress, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk insert runs inside the caller's transaction.");
        var (table, columns) = Describe(db);
        return db.Database.IsNpgsql()
            ? await CopyAsync((NpgsqlConnection)transaction.Connection!, table, columns, rows, progress, ct)
            : Insert(transaction, db.GetService<ISqlGenerationHelper>(), table, columns, rows, progress, ct);
    }

    private static (string Table, Column[] Columns) Describe(AppDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(Target)) ?? throw new InvalidOperationException("Target is not in the model.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException("Target has no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var covered = Columns.Select(c => c.Property).ToHashSet();
        var missing = entity.GetProperties().Where(p => !covered.Contains(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            // A column added to the model must be added here too, or imported rows would silently lack it.
            throw new InvalidOperationException("TargetBulkInsert does not write: " + string.Join(", ", missing));
        }
        var columns = Columns.Select(c =>
        {
            var property = entity.FindProperty(c.Property)!;
            return new Column(property.GetColumnName(store) ?? property.Name, property.GetRelationalTypeMapping(), c.Get);
        }).ToArray();
        return (table, columns);
    }

    private static int Insert(DbTransaction transaction, ISqlGenerationHelper sql, string table, Column[] columns, IEnumerable<Target> rows,
        Action<int>? progress, CancellationToken ct)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = columns.Select((c, i) =>
        {
            var parameter = c.Mapping.CreateParameter(command, "@p" + i, null, nullable: true);
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();
        var count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].ProviderValue(row) ?? DBNull.Value;
            }
            // SQLite has no asynchronous I/O; the synchronous call saves a state machine per row.
            command.ExecuteNonQuery();
            if (++count % ProgressEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Invoke(count);
            }
        }
        progress?.Invoke(count);
        return count;
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, string table, Column[] columns, IEnumerable<Target> rows,
        Action<int>? progress, CancellationToken ct)
    {
        var types = columns.Select(c => NpgsqlTypeOf(c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType)).ToArray();
        var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) FROM STDIN (FORMAT BINARY)";
        var count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(copy, ct))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                for (var i = 0; i < columns.Length; i++)
                {
                    var value = columns[i].ProviderValue(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await importer.WriteAsync(value, types[i], ct);
                    }
                }
                if (++count % ProgressEvery == 0)
                {
                    progress?.Invoke(count);
                }
            }
            await importer.CompleteAsync(ct);
        }
        progress?.Invoke(count);
        return count;
    }

    private static NpgsqlDbType NpgsqlTypeOf(Type clr)
    {
        var type = Nullable.GetUnderlyingType(clr) ?? clr;
        return type switch
        {
            _ when type == typeof(string) => NpgsqlDbType.Text,
            _ when type == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when type == typeof(int) => NpgsqlDbType.Integer,
            _ when type == typeof(long) => NpgsqlDbType.Bigint,
            _ when type == typeof(double) => NpgsqlDbType.Double,
            _ when type == typeof(bool) => NpgsqlDbType.Boolean,
            _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            _ when type == typeof(DateTime) => NpgsqlDbType.TimestampTz,
            _ => throw new InvalidOperationException("No COPY type for " + type.Name),
        };
    }
}
