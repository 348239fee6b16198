// Compares the database that prisma/migrations builds with schema.prisma, read
// through Prisma's own metadata (DMMF), so the check covers whatever the
// schema says without a hand-kept list. Returns one line per difference.
import internals from "@prisma/internals";
import type pg from "pg";

type Document = Awaited<ReturnType<typeof internals.getDMMF>>;
type Model = Document["datamodel"]["models"][number];
type Field = Model["fields"][number];

export async function readDatamodel(schema: string): Promise<Document["datamodel"]> {
  return (await internals.getDMMF({ datamodel: schema })).datamodel;
}

const scalarTypes: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Float: "float8",
  Decimal: "numeric",
  Boolean: "bool",
  DateTime: "timestamp",
  Json: "jsonb",
  Bytes: "bytea",
};

const nativeTypes: Record<string, string> = {
  Text: "text",
  VarChar: "varchar",
  Char: "bpchar",
  Uuid: "uuid",
  Integer: "int4",
  SmallInt: "int2",
  BigInt: "int8",
  Boolean: "bool",
  Timestamp: "timestamp",
  Timestamptz: "timestamptz",
  Date: "date",
  Decimal: "numeric",
  DoublePrecision: "float8",
  JsonB: "jsonb",
  Json: "json",
};

// Defaults Prisma Client fills in itself: the column has no database default.
const clientSideDefaults = new Set(["cuid", "uuid", "nanoid", "ulid"]);

const referentialActions: Record<string, string> = {
  Cascade: "c",
  Restrict: "r",
  NoAction: "a",
  SetNull: "n",
  SetDefault: "d",
};

type Column = {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  datetime_precision: number | null;
};
type Index = { table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[] };
type ForeignKey = {
  table_name: string;
  columns: string[];
  target_table: string;
  target_columns: string[];
  on_delete: string;
  on_update: string;
};

export async function findSchemaDrift(datamodel: Document["datamodel"], client: pg.ClientBase): Promise<string[]> {
  // One pg client runs one query at a time: read the catalogs in turn.
  const columns = await client.query<Column>(
    `SELECT table_name, column_name, udt_name, is_nullable, column_default, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  const indexes = await client.query<Index>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
            ix.indisprimary AS is_primary,
            array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`,
  );
  const foreignKeys = await client.query<ForeignKey>(
    `SELECT src.relname AS table_name, tgt.relname AS target_table,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS target_columns
       FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class tgt ON tgt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = src.relnamespace WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );

  const drift: string[] = [];
  const tableOf = (model: Model) => model.dbName ?? model.name;
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    return field?.dbName ?? fieldName;
  };
  const modelByName = new Map(datamodel.models.map((model) => [model.name, model]));
  const enumDbName = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const sameList = (a: readonly string[], b: readonly string[]) => a.join(",") === b.join(",");

  // Enums
  for (const schemaEnum of datamodel.enums) {
    const name = schemaEnum.dbName ?? schemaEnum.name;
    const labels = schemaEnum.values.map((value) => value.dbName ?? value.name);
    const found = enums.rows.find((row) => row.name === name);
    if (!found) drift.push(`enum ${name} is missing`);
    else if (!sameList(found.labels, labels)) drift.push(`enum ${name} has [${found.labels}] instead of [${labels}]`);
  }

  // Tables and columns
  const schemaTables = new Set(datamodel.models.map(tableOf));
  for (const table of new Set(columns.rows.map((column) => column.table_name))) {
    if (!schemaTables.has(table) && table !== "_prisma_migrations")
      drift.push(`table ${table} is not in schema.prisma`);
  }
  for (const model of datamodel.models) {
    const table = tableOf(model);
    const tableColumns = columns.rows.filter((column) => column.table_name === table);
    if (tableColumns.length === 0) {
      drift.push(`table ${table} (model ${model.name}) is missing`);
      continue;
    }
    const scalarFields = model.fields.filter((field) => field.kind === "scalar" || field.kind === "enum");
    for (const field of scalarFields) {
      const column = tableColumns.find((candidate) => candidate.column_name === (field.dbName ?? field.name));
      if (!column)
        drift.push(`column ${table}.${field.dbName ?? field.name} (field ${model.name}.${field.name}) is missing`);
      else drift.push(...compareColumn(model, field, column, enumDbName));
    }
    const fieldColumns = new Set(scalarFields.map((field) => field.dbName ?? field.name));
    for (const column of tableColumns) {
      if (!fieldColumns.has(column.column_name))
        drift.push(`column ${table}.${column.column_name} is not in schema.prisma`);
    }
  }

  // Primary keys, unique constraints and indexes
  const expectedIndexes = datamodel.indexes.map((index) => {
    const model = modelByName.get(index.model)!;
    return {
      table: tableOf(model),
      kind: index.type,
      columns: index.fields.map((field) => columnOf(model, field.name)),
    };
  });
  for (const expected of expectedIndexes) {
    const match = indexes.rows.find(
      (row) =>
        row.table_name === expected.table &&
        sameList(row.columns, expected.columns) &&
        row.is_primary === (expected.kind === "id") &&
        row.is_unique === (expected.kind === "id" || expected.kind === "unique"),
    );
    if (!match) drift.push(`${expected.kind} index on ${expected.table}(${expected.columns}) is missing`);
  }
  for (const row of indexes.rows) {
    if (row.table_name === "_prisma_migrations") continue;
    const declared = expectedIndexes.some(
      (expected) => expected.table === row.table_name && sameList(expected.columns, row.columns),
    );
    if (!declared) drift.push(`index ${row.index_name} on ${row.table_name}(${row.columns}) is not in schema.prisma`);
  }

  // Relations (foreign keys)
  const expectedKeys = datamodel.models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === "object" && (field.relationFromFields?.length ?? 0) > 0)
      .map((field) => {
        const target = modelByName.get(field.type)!;
        const from = field.relationFromFields!;
        const required = from.every((name) => model.fields.find((f) => f.name === name)?.isRequired);
        return {
          label: `${model.name}.${field.name}`,
          table: tableOf(model),
          columns: from.map((name) => columnOf(model, name)),
          targetTable: tableOf(target),
          targetColumns: field.relationToFields!.map((name) => columnOf(target, name)),
          onDelete: field.relationOnDelete ?? (required ? "Restrict" : "SetNull"),
          onUpdate: field.relationOnUpdate ?? "Cascade",
        };
      }),
  );
  for (const expected of expectedKeys) {
    const key = foreignKeys.rows.find(
      (row) =>
        row.table_name === expected.table &&
        sameList(row.columns, expected.columns) &&
        row.target_table === expected.targetTable &&
        sameList(row.target_columns, expected.targetColumns),
    );
    if (!key) {
      drift.push(
        `relation ${expected.label}: foreign key ${expected.table}(${expected.columns}) -> ${expected.targetTable} is missing`,
      );
      continue;
    }
    if (key.on_delete !== referentialActions[expected.onDelete])
      drift.push(`relation ${expected.label}: ON DELETE should be ${expected.onDelete}`);
    if (key.on_update !== referentialActions[expected.onUpdate])
      drift.push(`relation ${expected.label}: ON UPDATE should be ${expected.onUpdate}`);
  }
  for (const row of foreignKeys.rows) {
    const declared = expectedKeys.some((key) => key.table === row.table_name && sameList(key.columns, row.columns));
    if (!declared)
      drift.push(`foreign key ${row.table_name}(${row.columns}) -> ${row.target_table} is not in schema.prisma`);
  }

  return drift;
}

function compareColumn(model: Model, field: Field, column: Column, enumDbName: Map<string, string>): string[] {
  const where = `${model.name}.${field.name}`;
  const problems: string[] = [];

  let expectedType: string | undefined;
  let expectedPrecision: number | undefined;
  if (field.kind === "enum") expectedType = enumDbName.get(field.type);
  else if (field.nativeType) {
    const [name, args] = field.nativeType as [string, string[]];
    expectedType = nativeTypes[name];
    if (!expectedType) problems.push(`${where}: native type @db.${name} is not known to the drift check; add it`);
    if (name.startsWith("Timestamp")) expectedPrecision = Number(args[0] ?? 6);
  } else {
    expectedType = scalarTypes[field.type];
    if (field.type === "DateTime") expectedPrecision = 3;
  }
  if (field.isList && expectedType) expectedType = `_${expectedType}`;
  if (expectedType && column.udt_name !== expectedType)
    problems.push(`${where}: column type is ${column.udt_name}, schema says ${expectedType}`);
  if (expectedPrecision !== undefined && column.datetime_precision !== expectedPrecision)
    problems.push(`${where}: timestamp precision is ${column.datetime_precision}, schema says ${expectedPrecision}`);

  const nullable = column.is_nullable === "YES";
  if (nullable === field.isRequired)
    problems.push(
      `${where}: column is ${nullable ? "nullable" : "NOT NULL"}, schema says ${field.isRequired ? "required" : "optional"}`,
    );

  const expectedDefault = databaseDefault(field);
  const actualDefault = normalizeDefault(column.column_default);
  if (expectedDefault !== actualDefault)
    problems.push(`${where}: column default is ${actualDefault ?? "none"}, schema says ${expectedDefault ?? "none"}`);
  return problems;
}

function databaseDefault(field: Field): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default as unknown;
  if (value !== null && typeof value === "object" && "name" in value) {
    const call = value as { name: string; args: unknown[] };
    if (clientSideDefaults.has(call.name)) return null;
    if (call.name === "now") return "CURRENT_TIMESTAMP";
    if (call.name === "autoincrement") return "nextval";
    if (call.name === "dbgenerated") return normalizeDefault(String(call.args[0]));
    return `${call.name}()`;
  }
  return normalizeDefault(String(value));
}

// 'free'::text -> free, nextval('"X_id_seq"'::regclass) -> nextval, so a schema
// literal and the database's rendering of it compare equal.
function normalizeDefault(raw: string | null): string | null {
  if (raw === null) return null;
  if (raw.startsWith("nextval(")) return "nextval";
  return raw.replace(/::[\w" []+$/, "").replace(/^'(.*)'$/, "$1");
}
