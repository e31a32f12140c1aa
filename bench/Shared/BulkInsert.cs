// Raw bulk insert shared by the benchmarks that load generated rows into the real schema.
using System.Data.Common;
using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace KnockDoor.Bench;

/// <summary>Raw bulk insert of any entity through its EF mapping: prepared INSERTs on SQLite, binary COPY on PostgreSQL.</summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.PropertyInfo is not null)
            .Select(p => (Name: p.GetColumnName(store)!, Mapping: p.GetRelationalTypeMapping(), Property: p.PropertyInfo!)).ToArray();
        object? Value(int i, T row)
        {
            var value = columns[i].Property.GetValue(row);
            return value is null || columns[i].Mapping.Converter is null ? value : columns[i].Mapping.Converter!.ConvertToProvider(value);
        }
        if (transaction.Connection is NpgsqlConnection pg)
        {
            var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) FROM STDIN (FORMAT BINARY)";
            await using var importer = await pg.BeginBinaryImportAsync(copy, ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                for (var i = 0; i < columns.Length; i++)
                {
                    var value = Value(i, row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await importer.WriteAsync(value, columns[i].Mapping.StoreType, ct);
                    }
                }
            }
            await importer.CompleteAsync(ct);
            return;
        }
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = columns.Select((c, i) =>
        {
            DbParameter parameter = c.Mapping.CreateParameter(command, "@p" + i, null, nullable: true);
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = Value(i, row) ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
    }
}
