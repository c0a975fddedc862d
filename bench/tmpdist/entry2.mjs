var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// activities/index.ts
var activities_exports = {};
__export(activities_exports, {
  SLA_ACTION_CONFIG_ERROR: () => SLA_ACTION_CONFIG_ERROR,
  createSlaActivities: () => createSlaActivities
});

// src/calendar/instant-text.ts
import { DateTime } from "luxon";

// src/calendar/errors.ts
var CalendarError = class extends Error {
  constructor(code, message, problems2 = [], details = {}) {
    super(message);
    this.code = code;
    this.problems = problems2;
    this.details = details;
  }
  name = "CalendarError";
};
function invalidCalendar(problems2) {
  const summary = problems2.map((p) => `${p.path || "(root)"}: ${p.message}`).join("; ");
  return new CalendarError("CALENDAR_INVALID", `invalid calendar: ${summary}`, problems2);
}
function invalidArgument(message) {
  return new CalendarError("ARGUMENT_INVALID", message);
}

// src/calendar/instant-text.ts
var WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(\d{1,9}))?)?(?:Z|[+-]\d{2}:\d{2})$/i;
var WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/i;
function parseInstant(iso8) {
  if (typeof iso8 !== "string") throw new CalendarError("INSTANT_INVALID", `an instant must be an ISO 8601 string, got ${typeof iso8}`);
  const m = WITH_OFFSET.exec(iso8);
  if (!m) {
    if (WITHOUT_OFFSET.test(iso8)) {
      throw new CalendarError(
        "INSTANT_WITHOUT_OFFSET",
        `"${iso8}" has no UTC offset: write it as an instant such as "${iso8.length === 10 ? `${iso8}T00:00` : iso8.replace(" ", "T")}Z" or with "+02:00"`
      );
    }
    throw new CalendarError("INSTANT_INVALID", `"${iso8}" is not an ISO 8601 instant such as "2025-06-12T15:00:00-04:00"`);
  }
  if (m[1] && m[1].length > 3 && !/^0+$/.test(m[1].slice(3))) {
    throw new CalendarError("INSTANT_INVALID", `"${iso8}" is more precise than a millisecond`);
  }
  const dt = DateTime.fromISO(iso8, { setZone: true });
  if (!dt.isValid) throw new CalendarError("INSTANT_INVALID", `"${iso8}" is not a valid instant: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt.toMillis();
}
function formatInZone(ms3, zone) {
  return inZone(ms3, zone).toISO({ suppressMilliseconds: true });
}
function formatLabel(ms3, zone) {
  return `${inZone(ms3, zone).toFormat("ccc d LLL HH:mm")} ${zone}`;
}
function inZone(ms3, zone) {
  const dt = DateTime.fromMillis(ms3, { zone, locale: "en-US" });
  if (!dt.isValid) throw new CalendarError("ARGUMENT_INVALID", `cannot show ${ms3} in zone "${zone}": ${dt.invalidReason}`);
  return dt;
}

// activities/actions.activities.ts
import { ApplicationFailure } from "@temporalio/common";

// node_modules/drizzle-orm/entity.js
var entityKind = Symbol.for("drizzle:entityKind");
var hasOwnEntityKind = Symbol.for("drizzle:hasOwnEntityKind");
function is(value, type) {
  if (!value || typeof value !== "object") {
    return false;
  }
  if (value instanceof type) {
    return true;
  }
  if (!Object.prototype.hasOwnProperty.call(type, entityKind)) {
    throw new Error(
      `Class "${type.name ?? "<unknown>"}" doesn't look like a Drizzle entity. If this is incorrect and the class is provided by Drizzle, please report this as a bug.`
    );
  }
  let cls = Object.getPrototypeOf(value).constructor;
  if (cls) {
    while (cls) {
      if (entityKind in cls && cls[entityKind] === type[entityKind]) {
        return true;
      }
      cls = Object.getPrototypeOf(cls);
    }
  }
  return false;
}

// node_modules/drizzle-orm/column.js
var Column = class {
  constructor(table, config) {
    this.table = table;
    this.config = config;
    this.name = config.name;
    this.keyAsName = config.keyAsName;
    this.notNull = config.notNull;
    this.default = config.default;
    this.defaultFn = config.defaultFn;
    this.onUpdateFn = config.onUpdateFn;
    this.hasDefault = config.hasDefault;
    this.primary = config.primaryKey;
    this.isUnique = config.isUnique;
    this.uniqueName = config.uniqueName;
    this.uniqueType = config.uniqueType;
    this.dataType = config.dataType;
    this.columnType = config.columnType;
    this.generated = config.generated;
    this.generatedIdentity = config.generatedIdentity;
  }
  static [entityKind] = "Column";
  name;
  keyAsName;
  primary;
  notNull;
  default;
  defaultFn;
  onUpdateFn;
  hasDefault;
  isUnique;
  uniqueName;
  uniqueType;
  dataType;
  columnType;
  enumValues = void 0;
  generated = void 0;
  generatedIdentity = void 0;
  config;
  mapFromDriverValue(value) {
    return value;
  }
  mapToDriverValue(value) {
    return value;
  }
  // ** @internal */
  shouldDisableInsert() {
    return this.config.generated !== void 0 && this.config.generated.type !== "byDefault";
  }
};

// node_modules/drizzle-orm/column-builder.js
var ColumnBuilder = class {
  static [entityKind] = "ColumnBuilder";
  config;
  constructor(name, dataType, columnType) {
    this.config = {
      name,
      keyAsName: name === "",
      notNull: false,
      default: void 0,
      hasDefault: false,
      primaryKey: false,
      isUnique: false,
      uniqueName: void 0,
      uniqueType: void 0,
      dataType,
      columnType,
      generated: void 0
    };
  }
  /**
   * Changes the data type of the column. Commonly used with `json` columns. Also, useful for branded types.
   *
   * @example
   * ```ts
   * const users = pgTable('users', {
   * 	id: integer('id').$type<UserId>().primaryKey(),
   * 	details: json('details').$type<UserDetails>().notNull(),
   * });
   * ```
   */
  $type() {
    return this;
  }
  /**
   * Adds a `not null` clause to the column definition.
   *
   * Affects the `select` model of the table - columns *without* `not null` will be nullable on select.
   */
  notNull() {
    this.config.notNull = true;
    return this;
  }
  /**
   * Adds a `default <value>` clause to the column definition.
   *
   * Affects the `insert` model of the table - columns *with* `default` are optional on insert.
   *
   * If you need to set a dynamic default value, use {@link $defaultFn} instead.
   */
  default(value) {
    this.config.default = value;
    this.config.hasDefault = true;
    return this;
  }
  /**
   * Adds a dynamic default value to the column.
   * The function will be called when the row is inserted, and the returned value will be used as the column value.
   *
   * **Note:** This value does not affect the `drizzle-kit` behavior, it is only used at runtime in `drizzle-orm`.
   */
  $defaultFn(fn) {
    this.config.defaultFn = fn;
    this.config.hasDefault = true;
    return this;
  }
  /**
   * Alias for {@link $defaultFn}.
   */
  $default = this.$defaultFn;
  /**
   * Adds a dynamic update value to the column.
   * The function will be called when the row is updated, and the returned value will be used as the column value if none is provided.
   * If no `default` (or `$defaultFn`) value is provided, the function will be called when the row is inserted as well, and the returned value will be used as the column value.
   *
   * **Note:** This value does not affect the `drizzle-kit` behavior, it is only used at runtime in `drizzle-orm`.
   */
  $onUpdateFn(fn) {
    this.config.onUpdateFn = fn;
    this.config.hasDefault = true;
    return this;
  }
  /**
   * Alias for {@link $onUpdateFn}.
   */
  $onUpdate = this.$onUpdateFn;
  /**
   * Adds a `primary key` clause to the column definition. This implicitly makes the column `not null`.
   *
   * In SQLite, `integer primary key` implicitly makes the column auto-incrementing.
   */
  primaryKey() {
    this.config.primaryKey = true;
    this.config.notNull = true;
    return this;
  }
  /** @internal Sets the name of the column to the key within the table definition if a name was not given. */
  setName(name) {
    if (this.config.name !== "") return;
    this.config.name = name;
  }
};

// node_modules/drizzle-orm/table.utils.js
var TableName = Symbol.for("drizzle:Name");

// node_modules/drizzle-orm/pg-core/foreign-keys.js
var ForeignKeyBuilder = class {
  static [entityKind] = "PgForeignKeyBuilder";
  /** @internal */
  reference;
  /** @internal */
  _onUpdate = "no action";
  /** @internal */
  _onDelete = "no action";
  constructor(config, actions) {
    this.reference = () => {
      const { name, columns: columns3, foreignColumns } = config();
      return { name, columns: columns3, foreignTable: foreignColumns[0].table, foreignColumns };
    };
    if (actions) {
      this._onUpdate = actions.onUpdate;
      this._onDelete = actions.onDelete;
    }
  }
  onUpdate(action) {
    this._onUpdate = action === void 0 ? "no action" : action;
    return this;
  }
  onDelete(action) {
    this._onDelete = action === void 0 ? "no action" : action;
    return this;
  }
  /** @internal */
  build(table) {
    return new ForeignKey(table, this);
  }
};
var ForeignKey = class {
  constructor(table, builder) {
    this.table = table;
    this.reference = builder.reference;
    this.onUpdate = builder._onUpdate;
    this.onDelete = builder._onDelete;
  }
  static [entityKind] = "PgForeignKey";
  reference;
  onUpdate;
  onDelete;
  getName() {
    const { name, columns: columns3, foreignColumns } = this.reference();
    const columnNames = columns3.map((column) => column.name);
    const foreignColumnNames = foreignColumns.map((column) => column.name);
    const chunks = [
      this.table[TableName],
      ...columnNames,
      foreignColumns[0].table[TableName],
      ...foreignColumnNames
    ];
    return name ?? `${chunks.join("_")}_fk`;
  }
};

// node_modules/drizzle-orm/tracing-utils.js
function iife(fn, ...args) {
  return fn(...args);
}

// node_modules/drizzle-orm/pg-core/unique-constraint.js
function uniqueKeyName(table, columns3) {
  return `${table[TableName]}_${columns3.join("_")}_unique`;
}
var UniqueConstraintBuilder = class {
  constructor(columns3, name) {
    this.name = name;
    this.columns = columns3;
  }
  static [entityKind] = "PgUniqueConstraintBuilder";
  /** @internal */
  columns;
  /** @internal */
  nullsNotDistinctConfig = false;
  nullsNotDistinct() {
    this.nullsNotDistinctConfig = true;
    return this;
  }
  /** @internal */
  build(table) {
    return new UniqueConstraint(table, this.columns, this.nullsNotDistinctConfig, this.name);
  }
};
var UniqueOnConstraintBuilder = class {
  static [entityKind] = "PgUniqueOnConstraintBuilder";
  /** @internal */
  name;
  constructor(name) {
    this.name = name;
  }
  on(...columns3) {
    return new UniqueConstraintBuilder(columns3, this.name);
  }
};
var UniqueConstraint = class {
  constructor(table, columns3, nullsNotDistinct, name) {
    this.table = table;
    this.columns = columns3;
    this.name = name ?? uniqueKeyName(this.table, this.columns.map((column) => column.name));
    this.nullsNotDistinct = nullsNotDistinct;
  }
  static [entityKind] = "PgUniqueConstraint";
  columns;
  name;
  nullsNotDistinct = false;
  getName() {
    return this.name;
  }
};

// node_modules/drizzle-orm/pg-core/utils/array.js
function parsePgArrayValue(arrayString, startFrom, inQuotes) {
  for (let i = startFrom; i < arrayString.length; i++) {
    const char2 = arrayString[i];
    if (char2 === "\\") {
      i++;
      continue;
    }
    if (char2 === '"') {
      return [arrayString.slice(startFrom, i).replace(/\\/g, ""), i + 1];
    }
    if (inQuotes) {
      continue;
    }
    if (char2 === "," || char2 === "}") {
      return [arrayString.slice(startFrom, i).replace(/\\/g, ""), i];
    }
  }
  return [arrayString.slice(startFrom).replace(/\\/g, ""), arrayString.length];
}
function parsePgNestedArray(arrayString, startFrom = 0) {
  const result = [];
  let i = startFrom;
  let lastCharIsComma = false;
  while (i < arrayString.length) {
    const char2 = arrayString[i];
    if (char2 === ",") {
      if (lastCharIsComma || i === startFrom) {
        result.push("");
      }
      lastCharIsComma = true;
      i++;
      continue;
    }
    lastCharIsComma = false;
    if (char2 === "\\") {
      i += 2;
      continue;
    }
    if (char2 === '"') {
      const [value2, startFrom2] = parsePgArrayValue(arrayString, i + 1, true);
      result.push(value2);
      i = startFrom2;
      continue;
    }
    if (char2 === "}") {
      return [result, i + 1];
    }
    if (char2 === "{") {
      const [value2, startFrom2] = parsePgNestedArray(arrayString, i + 1);
      result.push(value2);
      i = startFrom2;
      continue;
    }
    const [value, newStartFrom] = parsePgArrayValue(arrayString, i, false);
    result.push(value);
    i = newStartFrom;
  }
  return [result, i];
}
function parsePgArray(arrayString) {
  const [result] = parsePgNestedArray(arrayString, 1);
  return result;
}
function makePgArray(array) {
  return `{${array.map((item) => {
    if (Array.isArray(item)) {
      return makePgArray(item);
    }
    if (typeof item === "string") {
      return `"${item.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    }
    return `${item}`;
  }).join(",")}}`;
}

// node_modules/drizzle-orm/pg-core/columns/common.js
var PgColumnBuilder = class extends ColumnBuilder {
  foreignKeyConfigs = [];
  static [entityKind] = "PgColumnBuilder";
  array(size) {
    return new PgArrayBuilder(this.config.name, this, size);
  }
  references(ref, actions = {}) {
    this.foreignKeyConfigs.push({ ref, actions });
    return this;
  }
  unique(name, config) {
    this.config.isUnique = true;
    this.config.uniqueName = name;
    this.config.uniqueType = config?.nulls;
    return this;
  }
  generatedAlwaysAs(as) {
    this.config.generated = {
      as,
      type: "always",
      mode: "stored"
    };
    return this;
  }
  /** @internal */
  buildForeignKeys(column, table) {
    return this.foreignKeyConfigs.map(({ ref, actions }) => {
      return iife(
        (ref2, actions2) => {
          const builder = new ForeignKeyBuilder(() => {
            const foreignColumn = ref2();
            return { columns: [column], foreignColumns: [foreignColumn] };
          });
          if (actions2.onUpdate) {
            builder.onUpdate(actions2.onUpdate);
          }
          if (actions2.onDelete) {
            builder.onDelete(actions2.onDelete);
          }
          return builder.build(table);
        },
        ref,
        actions
      );
    });
  }
  /** @internal */
  buildExtraConfigColumn(table) {
    return new ExtraConfigColumn(table, this.config);
  }
};
var PgColumn = class extends Column {
  constructor(table, config) {
    if (!config.uniqueName) {
      config.uniqueName = uniqueKeyName(table, [config.name]);
    }
    super(table, config);
    this.table = table;
  }
  static [entityKind] = "PgColumn";
};
var ExtraConfigColumn = class extends PgColumn {
  static [entityKind] = "ExtraConfigColumn";
  getSQLType() {
    return this.getSQLType();
  }
  indexConfig = {
    order: this.config.order ?? "asc",
    nulls: this.config.nulls ?? "last",
    opClass: this.config.opClass
  };
  defaultConfig = {
    order: "asc",
    nulls: "last",
    opClass: void 0
  };
  asc() {
    this.indexConfig.order = "asc";
    return this;
  }
  desc() {
    this.indexConfig.order = "desc";
    return this;
  }
  nullsFirst() {
    this.indexConfig.nulls = "first";
    return this;
  }
  nullsLast() {
    this.indexConfig.nulls = "last";
    return this;
  }
  /**
   * ### PostgreSQL documentation quote
   *
   * > An operator class with optional parameters can be specified for each column of an index.
   * The operator class identifies the operators to be used by the index for that column.
   * For example, a B-tree index on four-byte integers would use the int4_ops class;
   * this operator class includes comparison functions for four-byte integers.
   * In practice the default operator class for the column's data type is usually sufficient.
   * The main point of having operator classes is that for some data types, there could be more than one meaningful ordering.
   * For example, we might want to sort a complex-number data type either by absolute value or by real part.
   * We could do this by defining two operator classes for the data type and then selecting the proper class when creating an index.
   * More information about operator classes check:
   *
   * ### Useful links
   * https://www.postgresql.org/docs/current/sql-createindex.html
   *
   * https://www.postgresql.org/docs/current/indexes-opclass.html
   *
   * https://www.postgresql.org/docs/current/xindex.html
   *
   * ### Additional types
   * If you have the `pg_vector` extension installed in your database, you can use the
   * `vector_l2_ops`, `vector_ip_ops`, `vector_cosine_ops`, `vector_l1_ops`, `bit_hamming_ops`, `bit_jaccard_ops`, `halfvec_l2_ops`, `sparsevec_l2_ops` options, which are predefined types.
   *
   * **You can always specify any string you want in the operator class, in case Drizzle doesn't have it natively in its types**
   *
   * @param opClass
   * @returns
   */
  op(opClass) {
    this.indexConfig.opClass = opClass;
    return this;
  }
};
var IndexedColumn = class {
  static [entityKind] = "IndexedColumn";
  constructor(name, keyAsName, type, indexConfig) {
    this.name = name;
    this.keyAsName = keyAsName;
    this.type = type;
    this.indexConfig = indexConfig;
  }
  name;
  keyAsName;
  type;
  indexConfig;
};
var PgArrayBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgArrayBuilder";
  constructor(name, baseBuilder, size) {
    super(name, "array", "PgArray");
    this.config.baseBuilder = baseBuilder;
    this.config.size = size;
  }
  /** @internal */
  build(table) {
    const baseColumn = this.config.baseBuilder.build(table);
    return new PgArray(
      table,
      this.config,
      baseColumn
    );
  }
};
var PgArray = class _PgArray extends PgColumn {
  constructor(table, config, baseColumn, range) {
    super(table, config);
    this.baseColumn = baseColumn;
    this.range = range;
    this.size = config.size;
  }
  size;
  static [entityKind] = "PgArray";
  getSQLType() {
    return `${this.baseColumn.getSQLType()}[${typeof this.size === "number" ? this.size : ""}]`;
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      value = parsePgArray(value);
    }
    return value.map((v) => this.baseColumn.mapFromDriverValue(v));
  }
  mapToDriverValue(value, isNestedArray = false) {
    const a = value.map(
      (v) => v === null ? null : is(this.baseColumn, _PgArray) ? this.baseColumn.mapToDriverValue(v, true) : this.baseColumn.mapToDriverValue(v)
    );
    if (isNestedArray) return a;
    return makePgArray(a);
  }
};

// node_modules/drizzle-orm/pg-core/columns/enum.js
var PgEnumObjectColumnBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgEnumObjectColumnBuilder";
  constructor(name, enumInstance) {
    super(name, "string", "PgEnumObjectColumn");
    this.config.enum = enumInstance;
  }
  /** @internal */
  build(table) {
    return new PgEnumObjectColumn(
      table,
      this.config
    );
  }
};
var PgEnumObjectColumn = class extends PgColumn {
  static [entityKind] = "PgEnumObjectColumn";
  enum;
  enumValues = this.config.enum.enumValues;
  constructor(table, config) {
    super(table, config);
    this.enum = config.enum;
  }
  getSQLType() {
    return this.enum.enumName;
  }
};
var isPgEnumSym = Symbol.for("drizzle:isPgEnum");
function isPgEnum(obj) {
  return !!obj && typeof obj === "function" && isPgEnumSym in obj && obj[isPgEnumSym] === true;
}
var PgEnumColumnBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgEnumColumnBuilder";
  constructor(name, enumInstance) {
    super(name, "string", "PgEnumColumn");
    this.config.enum = enumInstance;
  }
  /** @internal */
  build(table) {
    return new PgEnumColumn(
      table,
      this.config
    );
  }
};
var PgEnumColumn = class extends PgColumn {
  static [entityKind] = "PgEnumColumn";
  enum = this.config.enum;
  enumValues = this.config.enum.enumValues;
  constructor(table, config) {
    super(table, config);
    this.enum = config.enum;
  }
  getSQLType() {
    return this.enum.enumName;
  }
};

// node_modules/drizzle-orm/subquery.js
var Subquery = class {
  static [entityKind] = "Subquery";
  constructor(sql2, fields, alias2, isWith = false, usedTables = []) {
    this._ = {
      brand: "Subquery",
      sql: sql2,
      selectedFields: fields,
      alias: alias2,
      isWith,
      usedTables
    };
  }
  // getSQL(): SQL<unknown> {
  // 	return new SQL([this]);
  // }
};
var WithSubquery = class extends Subquery {
  static [entityKind] = "WithSubquery";
};

// node_modules/drizzle-orm/version.js
var version = "0.45.4";

// node_modules/drizzle-orm/tracing.js
var otel;
var rawTracer;
var tracer = {
  startActiveSpan(name, fn) {
    if (!otel) {
      return fn();
    }
    if (!rawTracer) {
      rawTracer = otel.trace.getTracer("drizzle-orm", version);
    }
    return iife(
      (otel2, rawTracer2) => rawTracer2.startActiveSpan(
        name,
        (span2) => {
          try {
            return fn(span2);
          } catch (e) {
            span2.setStatus({
              code: otel2.SpanStatusCode.ERROR,
              message: e instanceof Error ? e.message : "Unknown error"
              // eslint-disable-line no-instanceof/no-instanceof
            });
            throw e;
          } finally {
            span2.end();
          }
        }
      ),
      otel,
      rawTracer
    );
  }
};

// node_modules/drizzle-orm/view-common.js
var ViewBaseConfig = Symbol.for("drizzle:ViewBaseConfig");

// node_modules/drizzle-orm/table.js
var Schema = Symbol.for("drizzle:Schema");
var Columns = Symbol.for("drizzle:Columns");
var ExtraConfigColumns = Symbol.for("drizzle:ExtraConfigColumns");
var OriginalName = Symbol.for("drizzle:OriginalName");
var BaseName = Symbol.for("drizzle:BaseName");
var IsAlias = Symbol.for("drizzle:IsAlias");
var ExtraConfigBuilder = Symbol.for("drizzle:ExtraConfigBuilder");
var IsDrizzleTable = Symbol.for("drizzle:IsDrizzleTable");
var Table = class {
  static [entityKind] = "Table";
  /** @internal */
  static Symbol = {
    Name: TableName,
    Schema,
    OriginalName,
    Columns,
    ExtraConfigColumns,
    BaseName,
    IsAlias,
    ExtraConfigBuilder
  };
  /**
   * @internal
   * Can be changed if the table is aliased.
   */
  [TableName];
  /**
   * @internal
   * Used to store the original name of the table, before any aliasing.
   */
  [OriginalName];
  /** @internal */
  [Schema];
  /** @internal */
  [Columns];
  /** @internal */
  [ExtraConfigColumns];
  /**
   *  @internal
   * Used to store the table name before the transformation via the `tableCreator` functions.
   */
  [BaseName];
  /** @internal */
  [IsAlias] = false;
  /** @internal */
  [IsDrizzleTable] = true;
  /** @internal */
  [ExtraConfigBuilder] = void 0;
  constructor(name, schema, baseName) {
    this[TableName] = this[OriginalName] = name;
    this[Schema] = schema;
    this[BaseName] = baseName;
  }
};
function getTableName(table) {
  return table[TableName];
}
function getTableUniqueName(table) {
  return `${table[Schema] ?? "public"}.${table[TableName]}`;
}

// node_modules/drizzle-orm/sql/sql.js
var FakePrimitiveParam = class {
  static [entityKind] = "FakePrimitiveParam";
};
function isSQLWrapper(value) {
  return value !== null && value !== void 0 && typeof value.getSQL === "function";
}
function mergeQueries(queries) {
  const result = { sql: "", params: [] };
  for (const query of queries) {
    result.sql += query.sql;
    result.params.push(...query.params);
    if (query.typings?.length) {
      if (!result.typings) {
        result.typings = [];
      }
      result.typings.push(...query.typings);
    }
  }
  return result;
}
var StringChunk = class {
  static [entityKind] = "StringChunk";
  value;
  constructor(value) {
    this.value = Array.isArray(value) ? value : [value];
  }
  getSQL() {
    return new SQL([this]);
  }
};
var SQL = class _SQL {
  constructor(queryChunks) {
    this.queryChunks = queryChunks;
    for (const chunk of queryChunks) {
      if (is(chunk, Table)) {
        const schemaName = chunk[Table.Symbol.Schema];
        this.usedTables.push(
          schemaName === void 0 ? chunk[Table.Symbol.Name] : schemaName + "." + chunk[Table.Symbol.Name]
        );
      }
    }
  }
  static [entityKind] = "SQL";
  /** @internal */
  decoder = noopDecoder;
  shouldInlineParams = false;
  /** @internal */
  usedTables = [];
  append(query) {
    this.queryChunks.push(...query.queryChunks);
    return this;
  }
  toQuery(config) {
    return tracer.startActiveSpan("drizzle.buildSQL", (span2) => {
      const query = this.buildQueryFromSourceParams(this.queryChunks, config);
      span2?.setAttributes({
        "drizzle.query.text": query.sql,
        "drizzle.query.params": JSON.stringify(query.params)
      });
      return query;
    });
  }
  buildQueryFromSourceParams(chunks, _config) {
    const config = Object.assign({}, _config, {
      inlineParams: _config.inlineParams || this.shouldInlineParams,
      paramStartIndex: _config.paramStartIndex || { value: 0 }
    });
    const {
      casing,
      escapeName,
      escapeParam,
      prepareTyping,
      inlineParams,
      paramStartIndex
    } = config;
    return mergeQueries(chunks.map((chunk) => {
      if (is(chunk, StringChunk)) {
        return { sql: chunk.value.join(""), params: [] };
      }
      if (is(chunk, Name)) {
        return { sql: escapeName(chunk.value), params: [] };
      }
      if (chunk === void 0) {
        return { sql: "", params: [] };
      }
      if (Array.isArray(chunk)) {
        const result = [new StringChunk("(")];
        for (const [i, p] of chunk.entries()) {
          result.push(p);
          if (i < chunk.length - 1) {
            result.push(new StringChunk(", "));
          }
        }
        result.push(new StringChunk(")"));
        return this.buildQueryFromSourceParams(result, config);
      }
      if (is(chunk, _SQL)) {
        return this.buildQueryFromSourceParams(chunk.queryChunks, {
          ...config,
          inlineParams: inlineParams || chunk.shouldInlineParams
        });
      }
      if (is(chunk, Table)) {
        const schemaName = chunk[Table.Symbol.Schema];
        const tableName = chunk[Table.Symbol.Name];
        return {
          sql: schemaName === void 0 || chunk[IsAlias] ? escapeName(tableName) : escapeName(schemaName) + "." + escapeName(tableName),
          params: []
        };
      }
      if (is(chunk, Column)) {
        const columnName = casing.getColumnCasing(chunk);
        if (_config.invokeSource === "indexes") {
          return { sql: escapeName(columnName), params: [] };
        }
        const schemaName = chunk.table[Table.Symbol.Schema];
        return {
          sql: chunk.table[IsAlias] || schemaName === void 0 ? escapeName(chunk.table[Table.Symbol.Name]) + "." + escapeName(columnName) : escapeName(schemaName) + "." + escapeName(chunk.table[Table.Symbol.Name]) + "." + escapeName(columnName),
          params: []
        };
      }
      if (is(chunk, View)) {
        const schemaName = chunk[ViewBaseConfig].schema;
        const viewName = chunk[ViewBaseConfig].name;
        return {
          sql: schemaName === void 0 || chunk[ViewBaseConfig].isAlias ? escapeName(viewName) : escapeName(schemaName) + "." + escapeName(viewName),
          params: []
        };
      }
      if (is(chunk, Param)) {
        if (is(chunk.value, Placeholder)) {
          return { sql: escapeParam(paramStartIndex.value++, chunk), params: [chunk], typings: ["none"] };
        }
        const mappedValue = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
        if (is(mappedValue, _SQL)) {
          return this.buildQueryFromSourceParams([mappedValue], config);
        }
        if (inlineParams) {
          return { sql: this.mapInlineParam(mappedValue, config), params: [] };
        }
        let typings = ["none"];
        if (prepareTyping) {
          typings = [prepareTyping(chunk.encoder)];
        }
        return { sql: escapeParam(paramStartIndex.value++, mappedValue), params: [mappedValue], typings };
      }
      if (is(chunk, Placeholder)) {
        return { sql: escapeParam(paramStartIndex.value++, chunk), params: [chunk], typings: ["none"] };
      }
      if (is(chunk, _SQL.Aliased) && chunk.fieldAlias !== void 0) {
        return { sql: escapeName(chunk.fieldAlias), params: [] };
      }
      if (is(chunk, Subquery)) {
        if (chunk._.isWith) {
          return { sql: escapeName(chunk._.alias), params: [] };
        }
        return this.buildQueryFromSourceParams([
          new StringChunk("("),
          chunk._.sql,
          new StringChunk(") "),
          new Name(chunk._.alias)
        ], config);
      }
      if (isPgEnum(chunk)) {
        if (chunk.schema) {
          return { sql: escapeName(chunk.schema) + "." + escapeName(chunk.enumName), params: [] };
        }
        return { sql: escapeName(chunk.enumName), params: [] };
      }
      if (isSQLWrapper(chunk)) {
        if (chunk.shouldOmitSQLParens?.()) {
          return this.buildQueryFromSourceParams([chunk.getSQL()], config);
        }
        return this.buildQueryFromSourceParams([
          new StringChunk("("),
          chunk.getSQL(),
          new StringChunk(")")
        ], config);
      }
      if (inlineParams) {
        return { sql: this.mapInlineParam(chunk, config), params: [] };
      }
      return { sql: escapeParam(paramStartIndex.value++, chunk), params: [chunk], typings: ["none"] };
    }));
  }
  mapInlineParam(chunk, { escapeString }) {
    if (chunk === null) {
      return "null";
    }
    if (typeof chunk === "number" || typeof chunk === "boolean") {
      return chunk.toString();
    }
    if (typeof chunk === "string") {
      return escapeString(chunk);
    }
    if (typeof chunk === "object") {
      const mappedValueAsString = chunk.toString();
      if (mappedValueAsString === "[object Object]") {
        return escapeString(JSON.stringify(chunk));
      }
      return escapeString(mappedValueAsString);
    }
    throw new Error("Unexpected param value: " + chunk);
  }
  getSQL() {
    return this;
  }
  as(alias2) {
    if (alias2 === void 0) {
      return this;
    }
    return new _SQL.Aliased(this, alias2);
  }
  mapWith(decoder) {
    this.decoder = typeof decoder === "function" ? { mapFromDriverValue: decoder } : decoder;
    return this;
  }
  inlineParams() {
    this.shouldInlineParams = true;
    return this;
  }
  /**
   * This method is used to conditionally include a part of the query.
   *
   * @param condition - Condition to check
   * @returns itself if the condition is `true`, otherwise `undefined`
   */
  if(condition) {
    return condition ? this : void 0;
  }
};
var Name = class {
  constructor(value) {
    this.value = value;
  }
  static [entityKind] = "Name";
  brand;
  getSQL() {
    return new SQL([this]);
  }
};
function isDriverValueEncoder(value) {
  return typeof value === "object" && value !== null && "mapToDriverValue" in value && typeof value.mapToDriverValue === "function";
}
var noopDecoder = {
  mapFromDriverValue: (value) => value
};
var noopEncoder = {
  mapToDriverValue: (value) => value
};
var noopMapper = {
  ...noopDecoder,
  ...noopEncoder
};
var Param = class {
  /**
   * @param value - Parameter value
   * @param encoder - Encoder to convert the value to a driver parameter
   */
  constructor(value, encoder = noopEncoder) {
    this.value = value;
    this.encoder = encoder;
  }
  static [entityKind] = "Param";
  brand;
  getSQL() {
    return new SQL([this]);
  }
};
function sql(strings, ...params) {
  const queryChunks = [];
  if (params.length > 0 || strings.length > 0 && strings[0] !== "") {
    queryChunks.push(new StringChunk(strings[0]));
  }
  for (const [paramIndex, param2] of params.entries()) {
    queryChunks.push(param2, new StringChunk(strings[paramIndex + 1]));
  }
  return new SQL(queryChunks);
}
((sql2) => {
  function empty() {
    return new SQL([]);
  }
  sql2.empty = empty;
  function fromList(list) {
    return new SQL(list);
  }
  sql2.fromList = fromList;
  function raw(str) {
    return new SQL([new StringChunk(str)]);
  }
  sql2.raw = raw;
  function join(chunks, separator) {
    const result = [];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 && separator !== void 0) {
        result.push(separator);
      }
      result.push(chunk);
    }
    return new SQL(result);
  }
  sql2.join = join;
  function identifier(value) {
    return new Name(value);
  }
  sql2.identifier = identifier;
  function placeholder2(name2) {
    return new Placeholder(name2);
  }
  sql2.placeholder = placeholder2;
  function param2(value, encoder) {
    return new Param(value, encoder);
  }
  sql2.param = param2;
})(sql || (sql = {}));
((SQL2) => {
  class Aliased {
    constructor(sql2, fieldAlias) {
      this.sql = sql2;
      this.fieldAlias = fieldAlias;
    }
    static [entityKind] = "SQL.Aliased";
    /** @internal */
    isSelectionField = false;
    getSQL() {
      return this.sql;
    }
    /** @internal */
    clone() {
      return new Aliased(this.sql, this.fieldAlias);
    }
  }
  SQL2.Aliased = Aliased;
})(SQL || (SQL = {}));
var Placeholder = class {
  constructor(name2) {
    this.name = name2;
  }
  static [entityKind] = "Placeholder";
  getSQL() {
    return new SQL([this]);
  }
};
function fillPlaceholders(params, values) {
  return params.map((p) => {
    if (is(p, Placeholder)) {
      if (!(p.name in values)) {
        throw new Error(`No value for placeholder "${p.name}" was provided`);
      }
      return values[p.name];
    }
    if (is(p, Param) && is(p.value, Placeholder)) {
      if (!(p.value.name in values)) {
        throw new Error(`No value for placeholder "${p.value.name}" was provided`);
      }
      return p.encoder.mapToDriverValue(values[p.value.name]);
    }
    return p;
  });
}
var IsDrizzleView = Symbol.for("drizzle:IsDrizzleView");
var View = class {
  static [entityKind] = "View";
  /** @internal */
  [ViewBaseConfig];
  /** @internal */
  [IsDrizzleView] = true;
  constructor({ name: name2, schema, selectedFields, query }) {
    this[ViewBaseConfig] = {
      name: name2,
      originalName: name2,
      schema,
      selectedFields,
      query,
      isExisting: !query,
      isAlias: false
    };
  }
  getSQL() {
    return new SQL([this]);
  }
};
Column.prototype.getSQL = function() {
  return new SQL([this]);
};
Table.prototype.getSQL = function() {
  return new SQL([this]);
};
Subquery.prototype.getSQL = function() {
  return new SQL([this]);
};

// node_modules/drizzle-orm/alias.js
var ColumnAliasProxyHandler = class {
  constructor(table) {
    this.table = table;
  }
  static [entityKind] = "ColumnAliasProxyHandler";
  get(columnObj, prop) {
    if (prop === "table") {
      return this.table;
    }
    return columnObj[prop];
  }
};
var TableAliasProxyHandler = class {
  constructor(alias2, replaceOriginalName) {
    this.alias = alias2;
    this.replaceOriginalName = replaceOriginalName;
  }
  static [entityKind] = "TableAliasProxyHandler";
  get(target, prop) {
    if (prop === Table.Symbol.IsAlias) {
      return true;
    }
    if (prop === Table.Symbol.Name) {
      return this.alias;
    }
    if (this.replaceOriginalName && prop === Table.Symbol.OriginalName) {
      return this.alias;
    }
    if (prop === ViewBaseConfig) {
      return {
        ...target[ViewBaseConfig],
        name: this.alias,
        isAlias: true
      };
    }
    if (prop === Table.Symbol.Columns) {
      const columns3 = target[Table.Symbol.Columns];
      if (!columns3) {
        return columns3;
      }
      const proxiedColumns = {};
      Object.keys(columns3).map((key) => {
        proxiedColumns[key] = new Proxy(
          columns3[key],
          new ColumnAliasProxyHandler(new Proxy(target, this))
        );
      });
      return proxiedColumns;
    }
    const value = target[prop];
    if (is(value, Column)) {
      return new Proxy(value, new ColumnAliasProxyHandler(new Proxy(target, this)));
    }
    return value;
  }
};
var RelationTableAliasProxyHandler = class {
  constructor(alias2) {
    this.alias = alias2;
  }
  static [entityKind] = "RelationTableAliasProxyHandler";
  get(target, prop) {
    if (prop === "sourceTable") {
      return aliasedTable(target.sourceTable, this.alias);
    }
    return target[prop];
  }
};
function aliasedTable(table, tableAlias) {
  return new Proxy(table, new TableAliasProxyHandler(tableAlias, false));
}
function aliasedTableColumn(column, tableAlias) {
  return new Proxy(
    column,
    new ColumnAliasProxyHandler(new Proxy(column.table, new TableAliasProxyHandler(tableAlias, false)))
  );
}
function mapColumnsInAliasedSQLToAlias(query, alias2) {
  return new SQL.Aliased(mapColumnsInSQLToAlias(query.sql, alias2), query.fieldAlias);
}
function mapColumnsInSQLToAlias(query, alias2) {
  return sql.join(query.queryChunks.map((c) => {
    if (is(c, Column)) {
      return aliasedTableColumn(c, alias2);
    }
    if (is(c, SQL)) {
      return mapColumnsInSQLToAlias(c, alias2);
    }
    if (is(c, SQL.Aliased)) {
      return mapColumnsInAliasedSQLToAlias(c, alias2);
    }
    return c;
  }));
}

// node_modules/drizzle-orm/errors.js
var DrizzleError = class extends Error {
  static [entityKind] = "DrizzleError";
  constructor({ message, cause }) {
    super(message);
    this.name = "DrizzleError";
    this.cause = cause;
  }
};
var DrizzleQueryError = class _DrizzleQueryError extends Error {
  constructor(query, params, cause) {
    super(`Failed query: ${query}
params: ${params}`);
    this.query = query;
    this.params = params;
    this.cause = cause;
    Error.captureStackTrace(this, _DrizzleQueryError);
    if (cause) this.cause = cause;
  }
};
var TransactionRollbackError = class extends DrizzleError {
  static [entityKind] = "TransactionRollbackError";
  constructor() {
    super({ message: "Rollback" });
  }
};

// node_modules/drizzle-orm/logger.js
var ConsoleLogWriter = class {
  static [entityKind] = "ConsoleLogWriter";
  write(message) {
    console.log(message);
  }
};
var DefaultLogger = class {
  static [entityKind] = "DefaultLogger";
  writer;
  constructor(config) {
    this.writer = config?.writer ?? new ConsoleLogWriter();
  }
  logQuery(query, params) {
    const stringifiedParams = params.map((p) => {
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    });
    const paramsStr = stringifiedParams.length ? ` -- params: [${stringifiedParams.join(", ")}]` : "";
    this.writer.write(`Query: ${query}${paramsStr}`);
  }
};
var NoopLogger = class {
  static [entityKind] = "NoopLogger";
  logQuery() {
  }
};

// node_modules/drizzle-orm/query-promise.js
var QueryPromise = class {
  static [entityKind] = "QueryPromise";
  [Symbol.toStringTag] = "QueryPromise";
  catch(onRejected) {
    return this.then(void 0, onRejected);
  }
  finally(onFinally) {
    return this.then(
      (value) => {
        onFinally?.();
        return value;
      },
      (reason) => {
        onFinally?.();
        throw reason;
      }
    );
  }
  then(onFulfilled, onRejected) {
    return this.execute().then(onFulfilled, onRejected);
  }
};

// node_modules/drizzle-orm/utils.js
function mapResultRow(columns3, row, joinsNotNullableMap) {
  const nullifyMap = {};
  const result = columns3.reduce(
    (result2, { path: path7, field }, columnIndex) => {
      let decoder;
      if (is(field, Column)) {
        decoder = field;
      } else if (is(field, SQL)) {
        decoder = field.decoder;
      } else if (is(field, Subquery)) {
        decoder = field._.sql.decoder;
      } else {
        decoder = field.sql.decoder;
      }
      let node = result2;
      for (const [pathChunkIndex, pathChunk] of path7.entries()) {
        if (pathChunkIndex < path7.length - 1) {
          if (!(pathChunk in node)) {
            node[pathChunk] = {};
          }
          node = node[pathChunk];
        } else {
          const rawValue = row[columnIndex];
          const value = node[pathChunk] = rawValue === null ? null : decoder.mapFromDriverValue(rawValue);
          if (joinsNotNullableMap && is(field, Column) && path7.length === 2) {
            const objectName = path7[0];
            if (!(objectName in nullifyMap)) {
              nullifyMap[objectName] = value === null ? getTableName(field.table) : false;
            } else if (typeof nullifyMap[objectName] === "string" && nullifyMap[objectName] !== getTableName(field.table)) {
              nullifyMap[objectName] = false;
            }
          }
        }
      }
      return result2;
    },
    {}
  );
  if (joinsNotNullableMap && Object.keys(nullifyMap).length > 0) {
    for (const [objectName, tableName] of Object.entries(nullifyMap)) {
      if (typeof tableName === "string" && !joinsNotNullableMap[tableName]) {
        result[objectName] = null;
      }
    }
  }
  return result;
}
function orderSelectedFields(fields, pathPrefix) {
  return Object.entries(fields).reduce((result, [name, field]) => {
    if (typeof name !== "string") {
      return result;
    }
    const newPath = pathPrefix ? [...pathPrefix, name] : [name];
    if (is(field, Column) || is(field, SQL) || is(field, SQL.Aliased) || is(field, Subquery)) {
      result.push({ path: newPath, field });
    } else if (is(field, Table)) {
      result.push(...orderSelectedFields(field[Table.Symbol.Columns], newPath));
    } else {
      result.push(...orderSelectedFields(field, newPath));
    }
    return result;
  }, []);
}
function haveSameKeys(left, right) {
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) {
    return false;
  }
  for (const [index2, key] of leftKeys.entries()) {
    if (key !== rightKeys[index2]) {
      return false;
    }
  }
  return true;
}
function mapUpdateSet(table, values) {
  const entries = Object.entries(values).filter(([, value]) => value !== void 0).map(([key, value]) => {
    if (is(value, SQL) || is(value, Column)) {
      return [key, value];
    } else {
      return [key, new Param(value, table[Table.Symbol.Columns][key])];
    }
  });
  if (entries.length === 0) {
    throw new Error("No values to set");
  }
  return Object.fromEntries(entries);
}
function applyMixins(baseClass, extendedClasses) {
  for (const extendedClass of extendedClasses) {
    for (const name of Object.getOwnPropertyNames(extendedClass.prototype)) {
      if (name === "constructor") continue;
      Object.defineProperty(
        baseClass.prototype,
        name,
        Object.getOwnPropertyDescriptor(extendedClass.prototype, name) || /* @__PURE__ */ Object.create(null)
      );
    }
  }
}
function getTableColumns(table) {
  return table[Table.Symbol.Columns];
}
function getTableLikeName(table) {
  return is(table, Subquery) ? table._.alias : is(table, View) ? table[ViewBaseConfig].name : is(table, SQL) ? void 0 : table[Table.Symbol.IsAlias] ? table[Table.Symbol.Name] : table[Table.Symbol.BaseName];
}
function getColumnNameAndConfig(a, b) {
  return {
    name: typeof a === "string" && a.length > 0 ? a : "",
    config: typeof a === "object" ? a : b
  };
}
function isConfig(data) {
  if (typeof data !== "object" || data === null) return false;
  if (data.constructor.name !== "Object") return false;
  if ("logger" in data) {
    const type = typeof data["logger"];
    if (type !== "boolean" && (type !== "object" || typeof data["logger"]["logQuery"] !== "function") && type !== "undefined") return false;
    return true;
  }
  if ("schema" in data) {
    const type = typeof data["schema"];
    if (type !== "object" && type !== "undefined") return false;
    return true;
  }
  if ("casing" in data) {
    const type = typeof data["casing"];
    if (type !== "string" && type !== "undefined") return false;
    return true;
  }
  if ("mode" in data) {
    if (data["mode"] !== "default" || data["mode"] !== "planetscale" || data["mode"] !== void 0) return false;
    return true;
  }
  if ("connection" in data) {
    const type = typeof data["connection"];
    if (type !== "string" && type !== "object" && type !== "undefined") return false;
    return true;
  }
  if ("client" in data) {
    const type = typeof data["client"];
    if (type !== "object" && type !== "function" && type !== "undefined") return false;
    return true;
  }
  if (Object.keys(data).length === 0) return true;
  return false;
}
var textDecoder = typeof TextDecoder === "undefined" ? null : new TextDecoder();

// node_modules/drizzle-orm/pg-core/columns/int.common.js
var PgIntColumnBaseBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgIntColumnBaseBuilder";
  generatedAlwaysAsIdentity(sequence) {
    if (sequence) {
      const { name, ...options } = sequence;
      this.config.generatedIdentity = {
        type: "always",
        sequenceName: name,
        sequenceOptions: options
      };
    } else {
      this.config.generatedIdentity = {
        type: "always"
      };
    }
    this.config.hasDefault = true;
    this.config.notNull = true;
    return this;
  }
  generatedByDefaultAsIdentity(sequence) {
    if (sequence) {
      const { name, ...options } = sequence;
      this.config.generatedIdentity = {
        type: "byDefault",
        sequenceName: name,
        sequenceOptions: options
      };
    } else {
      this.config.generatedIdentity = {
        type: "byDefault"
      };
    }
    this.config.hasDefault = true;
    this.config.notNull = true;
    return this;
  }
};

// node_modules/drizzle-orm/pg-core/columns/bigint.js
var PgBigInt53Builder = class extends PgIntColumnBaseBuilder {
  static [entityKind] = "PgBigInt53Builder";
  constructor(name) {
    super(name, "number", "PgBigInt53");
  }
  /** @internal */
  build(table) {
    return new PgBigInt53(table, this.config);
  }
};
var PgBigInt53 = class extends PgColumn {
  static [entityKind] = "PgBigInt53";
  getSQLType() {
    return "bigint";
  }
  mapFromDriverValue(value) {
    if (typeof value === "number") {
      return value;
    }
    return Number(value);
  }
};
var PgBigInt64Builder = class extends PgIntColumnBaseBuilder {
  static [entityKind] = "PgBigInt64Builder";
  constructor(name) {
    super(name, "bigint", "PgBigInt64");
  }
  /** @internal */
  build(table) {
    return new PgBigInt64(
      table,
      this.config
    );
  }
};
var PgBigInt64 = class extends PgColumn {
  static [entityKind] = "PgBigInt64";
  getSQLType() {
    return "bigint";
  }
  // eslint-disable-next-line unicorn/prefer-native-coercion-functions
  mapFromDriverValue(value) {
    return BigInt(value);
  }
};
function bigint(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (config.mode === "number") {
    return new PgBigInt53Builder(name);
  }
  return new PgBigInt64Builder(name);
}

// node_modules/drizzle-orm/pg-core/columns/bigserial.js
var PgBigSerial53Builder = class extends PgColumnBuilder {
  static [entityKind] = "PgBigSerial53Builder";
  constructor(name) {
    super(name, "number", "PgBigSerial53");
    this.config.hasDefault = true;
    this.config.notNull = true;
  }
  /** @internal */
  build(table) {
    return new PgBigSerial53(
      table,
      this.config
    );
  }
};
var PgBigSerial53 = class extends PgColumn {
  static [entityKind] = "PgBigSerial53";
  getSQLType() {
    return "bigserial";
  }
  mapFromDriverValue(value) {
    if (typeof value === "number") {
      return value;
    }
    return Number(value);
  }
};
var PgBigSerial64Builder = class extends PgColumnBuilder {
  static [entityKind] = "PgBigSerial64Builder";
  constructor(name) {
    super(name, "bigint", "PgBigSerial64");
    this.config.hasDefault = true;
  }
  /** @internal */
  build(table) {
    return new PgBigSerial64(
      table,
      this.config
    );
  }
};
var PgBigSerial64 = class extends PgColumn {
  static [entityKind] = "PgBigSerial64";
  getSQLType() {
    return "bigserial";
  }
  // eslint-disable-next-line unicorn/prefer-native-coercion-functions
  mapFromDriverValue(value) {
    return BigInt(value);
  }
};
function bigserial(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (config.mode === "number") {
    return new PgBigSerial53Builder(name);
  }
  return new PgBigSerial64Builder(name);
}

// node_modules/drizzle-orm/pg-core/columns/boolean.js
var PgBooleanBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgBooleanBuilder";
  constructor(name) {
    super(name, "boolean", "PgBoolean");
  }
  /** @internal */
  build(table) {
    return new PgBoolean(table, this.config);
  }
};
var PgBoolean = class extends PgColumn {
  static [entityKind] = "PgBoolean";
  getSQLType() {
    return "boolean";
  }
};
function boolean(name) {
  return new PgBooleanBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/char.js
var PgCharBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgCharBuilder";
  constructor(name, config) {
    super(name, "string", "PgChar");
    this.config.length = config.length;
    this.config.enumValues = config.enum;
  }
  /** @internal */
  build(table) {
    return new PgChar(
      table,
      this.config
    );
  }
};
var PgChar = class extends PgColumn {
  static [entityKind] = "PgChar";
  length = this.config.length;
  enumValues = this.config.enumValues;
  getSQLType() {
    return this.length === void 0 ? `char` : `char(${this.length})`;
  }
};
function char(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgCharBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/cidr.js
var PgCidrBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgCidrBuilder";
  constructor(name) {
    super(name, "string", "PgCidr");
  }
  /** @internal */
  build(table) {
    return new PgCidr(table, this.config);
  }
};
var PgCidr = class extends PgColumn {
  static [entityKind] = "PgCidr";
  getSQLType() {
    return "cidr";
  }
};
function cidr(name) {
  return new PgCidrBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/custom.js
var PgCustomColumnBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgCustomColumnBuilder";
  constructor(name, fieldConfig, customTypeParams) {
    super(name, "custom", "PgCustomColumn");
    this.config.fieldConfig = fieldConfig;
    this.config.customTypeParams = customTypeParams;
  }
  /** @internal */
  build(table) {
    return new PgCustomColumn(
      table,
      this.config
    );
  }
};
var PgCustomColumn = class extends PgColumn {
  static [entityKind] = "PgCustomColumn";
  sqlName;
  mapTo;
  mapFrom;
  constructor(table, config) {
    super(table, config);
    this.sqlName = config.customTypeParams.dataType(config.fieldConfig);
    this.mapTo = config.customTypeParams.toDriver;
    this.mapFrom = config.customTypeParams.fromDriver;
  }
  getSQLType() {
    return this.sqlName;
  }
  mapFromDriverValue(value) {
    return typeof this.mapFrom === "function" ? this.mapFrom(value) : value;
  }
  mapToDriverValue(value) {
    return typeof this.mapTo === "function" ? this.mapTo(value) : value;
  }
};
function customType(customTypeParams) {
  return (a, b) => {
    const { name, config } = getColumnNameAndConfig(a, b);
    return new PgCustomColumnBuilder(name, config, customTypeParams);
  };
}

// node_modules/drizzle-orm/pg-core/columns/date.common.js
var PgDateColumnBaseBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgDateColumnBaseBuilder";
  defaultNow() {
    return this.default(sql`now()`);
  }
};

// node_modules/drizzle-orm/pg-core/columns/date.js
var PgDateBuilder = class extends PgDateColumnBaseBuilder {
  static [entityKind] = "PgDateBuilder";
  constructor(name) {
    super(name, "date", "PgDate");
  }
  /** @internal */
  build(table) {
    return new PgDate(table, this.config);
  }
};
var PgDate = class extends PgColumn {
  static [entityKind] = "PgDate";
  getSQLType() {
    return "date";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") return new Date(value);
    return value;
  }
  mapToDriverValue(value) {
    return value.toISOString();
  }
};
var PgDateStringBuilder = class extends PgDateColumnBaseBuilder {
  static [entityKind] = "PgDateStringBuilder";
  constructor(name) {
    super(name, "string", "PgDateString");
  }
  /** @internal */
  build(table) {
    return new PgDateString(
      table,
      this.config
    );
  }
};
var PgDateString = class extends PgColumn {
  static [entityKind] = "PgDateString";
  getSQLType() {
    return "date";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") return value;
    return value.toISOString().slice(0, -14);
  }
};
function date(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (config?.mode === "date") {
    return new PgDateBuilder(name);
  }
  return new PgDateStringBuilder(name);
}

// node_modules/drizzle-orm/pg-core/columns/double-precision.js
var PgDoublePrecisionBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgDoublePrecisionBuilder";
  constructor(name) {
    super(name, "number", "PgDoublePrecision");
  }
  /** @internal */
  build(table) {
    return new PgDoublePrecision(
      table,
      this.config
    );
  }
};
var PgDoublePrecision = class extends PgColumn {
  static [entityKind] = "PgDoublePrecision";
  getSQLType() {
    return "double precision";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      return Number.parseFloat(value);
    }
    return value;
  }
};
function doublePrecision(name) {
  return new PgDoublePrecisionBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/inet.js
var PgInetBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgInetBuilder";
  constructor(name) {
    super(name, "string", "PgInet");
  }
  /** @internal */
  build(table) {
    return new PgInet(table, this.config);
  }
};
var PgInet = class extends PgColumn {
  static [entityKind] = "PgInet";
  getSQLType() {
    return "inet";
  }
};
function inet(name) {
  return new PgInetBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/integer.js
var PgIntegerBuilder = class extends PgIntColumnBaseBuilder {
  static [entityKind] = "PgIntegerBuilder";
  constructor(name) {
    super(name, "number", "PgInteger");
  }
  /** @internal */
  build(table) {
    return new PgInteger(table, this.config);
  }
};
var PgInteger = class extends PgColumn {
  static [entityKind] = "PgInteger";
  getSQLType() {
    return "integer";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      return Number.parseInt(value);
    }
    return value;
  }
};
function integer(name) {
  return new PgIntegerBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/interval.js
var PgIntervalBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgIntervalBuilder";
  constructor(name, intervalConfig) {
    super(name, "string", "PgInterval");
    this.config.intervalConfig = intervalConfig;
  }
  /** @internal */
  build(table) {
    return new PgInterval(table, this.config);
  }
};
var PgInterval = class extends PgColumn {
  static [entityKind] = "PgInterval";
  fields = this.config.intervalConfig.fields;
  precision = this.config.intervalConfig.precision;
  getSQLType() {
    const fields = this.fields ? ` ${this.fields}` : "";
    const precision = this.precision ? `(${this.precision})` : "";
    return `interval${fields}${precision}`;
  }
};
function interval(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgIntervalBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/json.js
var PgJsonBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgJsonBuilder";
  constructor(name) {
    super(name, "json", "PgJson");
  }
  /** @internal */
  build(table) {
    return new PgJson(table, this.config);
  }
};
var PgJson = class extends PgColumn {
  static [entityKind] = "PgJson";
  constructor(table, config) {
    super(table, config);
  }
  getSQLType() {
    return "json";
  }
  mapToDriverValue(value) {
    return JSON.stringify(value);
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  }
};
function json(name) {
  return new PgJsonBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/jsonb.js
var PgJsonbBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgJsonbBuilder";
  constructor(name) {
    super(name, "json", "PgJsonb");
  }
  /** @internal */
  build(table) {
    return new PgJsonb(table, this.config);
  }
};
var PgJsonb = class extends PgColumn {
  static [entityKind] = "PgJsonb";
  constructor(table, config) {
    super(table, config);
  }
  getSQLType() {
    return "jsonb";
  }
  mapToDriverValue(value) {
    return JSON.stringify(value);
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  }
};
function jsonb(name) {
  return new PgJsonbBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/line.js
var PgLineBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgLineBuilder";
  constructor(name) {
    super(name, "array", "PgLine");
  }
  /** @internal */
  build(table) {
    return new PgLineTuple(
      table,
      this.config
    );
  }
};
var PgLineTuple = class extends PgColumn {
  static [entityKind] = "PgLine";
  getSQLType() {
    return "line";
  }
  mapFromDriverValue(value) {
    const [a, b, c] = value.slice(1, -1).split(",");
    return [Number.parseFloat(a), Number.parseFloat(b), Number.parseFloat(c)];
  }
  mapToDriverValue(value) {
    return `{${value[0]},${value[1]},${value[2]}}`;
  }
};
var PgLineABCBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgLineABCBuilder";
  constructor(name) {
    super(name, "json", "PgLineABC");
  }
  /** @internal */
  build(table) {
    return new PgLineABC(
      table,
      this.config
    );
  }
};
var PgLineABC = class extends PgColumn {
  static [entityKind] = "PgLineABC";
  getSQLType() {
    return "line";
  }
  mapFromDriverValue(value) {
    const [a, b, c] = value.slice(1, -1).split(",");
    return { a: Number.parseFloat(a), b: Number.parseFloat(b), c: Number.parseFloat(c) };
  }
  mapToDriverValue(value) {
    return `{${value.a},${value.b},${value.c}}`;
  }
};
function line(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (!config?.mode || config.mode === "tuple") {
    return new PgLineBuilder(name);
  }
  return new PgLineABCBuilder(name);
}

// node_modules/drizzle-orm/pg-core/columns/macaddr.js
var PgMacaddrBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgMacaddrBuilder";
  constructor(name) {
    super(name, "string", "PgMacaddr");
  }
  /** @internal */
  build(table) {
    return new PgMacaddr(table, this.config);
  }
};
var PgMacaddr = class extends PgColumn {
  static [entityKind] = "PgMacaddr";
  getSQLType() {
    return "macaddr";
  }
};
function macaddr(name) {
  return new PgMacaddrBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/macaddr8.js
var PgMacaddr8Builder = class extends PgColumnBuilder {
  static [entityKind] = "PgMacaddr8Builder";
  constructor(name) {
    super(name, "string", "PgMacaddr8");
  }
  /** @internal */
  build(table) {
    return new PgMacaddr8(table, this.config);
  }
};
var PgMacaddr8 = class extends PgColumn {
  static [entityKind] = "PgMacaddr8";
  getSQLType() {
    return "macaddr8";
  }
};
function macaddr8(name) {
  return new PgMacaddr8Builder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/numeric.js
var PgNumericBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgNumericBuilder";
  constructor(name, precision, scale) {
    super(name, "string", "PgNumeric");
    this.config.precision = precision;
    this.config.scale = scale;
  }
  /** @internal */
  build(table) {
    return new PgNumeric(table, this.config);
  }
};
var PgNumeric = class extends PgColumn {
  static [entityKind] = "PgNumeric";
  precision;
  scale;
  constructor(table, config) {
    super(table, config);
    this.precision = config.precision;
    this.scale = config.scale;
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") return value;
    return String(value);
  }
  getSQLType() {
    if (this.precision !== void 0 && this.scale !== void 0) {
      return `numeric(${this.precision}, ${this.scale})`;
    } else if (this.precision === void 0) {
      return "numeric";
    } else {
      return `numeric(${this.precision})`;
    }
  }
};
var PgNumericNumberBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgNumericNumberBuilder";
  constructor(name, precision, scale) {
    super(name, "number", "PgNumericNumber");
    this.config.precision = precision;
    this.config.scale = scale;
  }
  /** @internal */
  build(table) {
    return new PgNumericNumber(
      table,
      this.config
    );
  }
};
var PgNumericNumber = class extends PgColumn {
  static [entityKind] = "PgNumericNumber";
  precision;
  scale;
  constructor(table, config) {
    super(table, config);
    this.precision = config.precision;
    this.scale = config.scale;
  }
  mapFromDriverValue(value) {
    if (typeof value === "number") return value;
    return Number(value);
  }
  mapToDriverValue = String;
  getSQLType() {
    if (this.precision !== void 0 && this.scale !== void 0) {
      return `numeric(${this.precision}, ${this.scale})`;
    } else if (this.precision === void 0) {
      return "numeric";
    } else {
      return `numeric(${this.precision})`;
    }
  }
};
var PgNumericBigIntBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgNumericBigIntBuilder";
  constructor(name, precision, scale) {
    super(name, "bigint", "PgNumericBigInt");
    this.config.precision = precision;
    this.config.scale = scale;
  }
  /** @internal */
  build(table) {
    return new PgNumericBigInt(
      table,
      this.config
    );
  }
};
var PgNumericBigInt = class extends PgColumn {
  static [entityKind] = "PgNumericBigInt";
  precision;
  scale;
  constructor(table, config) {
    super(table, config);
    this.precision = config.precision;
    this.scale = config.scale;
  }
  mapFromDriverValue = BigInt;
  mapToDriverValue = String;
  getSQLType() {
    if (this.precision !== void 0 && this.scale !== void 0) {
      return `numeric(${this.precision}, ${this.scale})`;
    } else if (this.precision === void 0) {
      return "numeric";
    } else {
      return `numeric(${this.precision})`;
    }
  }
};
function numeric(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  const mode = config?.mode;
  return mode === "number" ? new PgNumericNumberBuilder(name, config?.precision, config?.scale) : mode === "bigint" ? new PgNumericBigIntBuilder(name, config?.precision, config?.scale) : new PgNumericBuilder(name, config?.precision, config?.scale);
}

// node_modules/drizzle-orm/pg-core/columns/point.js
var PgPointTupleBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgPointTupleBuilder";
  constructor(name) {
    super(name, "array", "PgPointTuple");
  }
  /** @internal */
  build(table) {
    return new PgPointTuple(
      table,
      this.config
    );
  }
};
var PgPointTuple = class extends PgColumn {
  static [entityKind] = "PgPointTuple";
  getSQLType() {
    return "point";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      const [x, y] = value.slice(1, -1).split(",");
      return [Number.parseFloat(x), Number.parseFloat(y)];
    }
    return [value.x, value.y];
  }
  mapToDriverValue(value) {
    return `(${value[0]},${value[1]})`;
  }
};
var PgPointObjectBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgPointObjectBuilder";
  constructor(name) {
    super(name, "json", "PgPointObject");
  }
  /** @internal */
  build(table) {
    return new PgPointObject(
      table,
      this.config
    );
  }
};
var PgPointObject = class extends PgColumn {
  static [entityKind] = "PgPointObject";
  getSQLType() {
    return "point";
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") {
      const [x, y] = value.slice(1, -1).split(",");
      return { x: Number.parseFloat(x), y: Number.parseFloat(y) };
    }
    return value;
  }
  mapToDriverValue(value) {
    return `(${value.x},${value.y})`;
  }
};
function point(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (!config?.mode || config.mode === "tuple") {
    return new PgPointTupleBuilder(name);
  }
  return new PgPointObjectBuilder(name);
}

// node_modules/drizzle-orm/pg-core/columns/postgis_extension/utils.js
function hexToBytes(hex) {
  const bytes = [];
  for (let c = 0; c < hex.length; c += 2) {
    bytes.push(Number.parseInt(hex.slice(c, c + 2), 16));
  }
  return new Uint8Array(bytes);
}
function bytesToFloat64(bytes, offset) {
  const buffer = new ArrayBuffer(8);
  const view3 = new DataView(buffer);
  for (let i = 0; i < 8; i++) {
    view3.setUint8(i, bytes[offset + i]);
  }
  return view3.getFloat64(0, true);
}
function parseEWKB(hex) {
  const bytes = hexToBytes(hex);
  let offset = 0;
  const byteOrder = bytes[offset];
  offset += 1;
  const view3 = new DataView(bytes.buffer);
  const geomType = view3.getUint32(offset, byteOrder === 1);
  offset += 4;
  let _srid;
  if (geomType & 536870912) {
    _srid = view3.getUint32(offset, byteOrder === 1);
    offset += 4;
  }
  if ((geomType & 65535) === 1) {
    const x = bytesToFloat64(bytes, offset);
    offset += 8;
    const y = bytesToFloat64(bytes, offset);
    offset += 8;
    return [x, y];
  }
  throw new Error("Unsupported geometry type");
}

// node_modules/drizzle-orm/pg-core/columns/postgis_extension/geometry.js
var PgGeometryBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgGeometryBuilder";
  constructor(name) {
    super(name, "array", "PgGeometry");
  }
  /** @internal */
  build(table) {
    return new PgGeometry(
      table,
      this.config
    );
  }
};
var PgGeometry = class extends PgColumn {
  static [entityKind] = "PgGeometry";
  getSQLType() {
    return "geometry(point)";
  }
  mapFromDriverValue(value) {
    return parseEWKB(value);
  }
  mapToDriverValue(value) {
    return `point(${value[0]} ${value[1]})`;
  }
};
var PgGeometryObjectBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgGeometryObjectBuilder";
  constructor(name) {
    super(name, "json", "PgGeometryObject");
  }
  /** @internal */
  build(table) {
    return new PgGeometryObject(
      table,
      this.config
    );
  }
};
var PgGeometryObject = class extends PgColumn {
  static [entityKind] = "PgGeometryObject";
  getSQLType() {
    return "geometry(point)";
  }
  mapFromDriverValue(value) {
    const parsed = parseEWKB(value);
    return { x: parsed[0], y: parsed[1] };
  }
  mapToDriverValue(value) {
    return `point(${value.x} ${value.y})`;
  }
};
function geometry(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (!config?.mode || config.mode === "tuple") {
    return new PgGeometryBuilder(name);
  }
  return new PgGeometryObjectBuilder(name);
}

// node_modules/drizzle-orm/pg-core/columns/real.js
var PgRealBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgRealBuilder";
  constructor(name, length) {
    super(name, "number", "PgReal");
    this.config.length = length;
  }
  /** @internal */
  build(table) {
    return new PgReal(table, this.config);
  }
};
var PgReal = class extends PgColumn {
  static [entityKind] = "PgReal";
  constructor(table, config) {
    super(table, config);
  }
  getSQLType() {
    return "real";
  }
  mapFromDriverValue = (value) => {
    if (typeof value === "string") {
      return Number.parseFloat(value);
    }
    return value;
  };
};
function real(name) {
  return new PgRealBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/serial.js
var PgSerialBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgSerialBuilder";
  constructor(name) {
    super(name, "number", "PgSerial");
    this.config.hasDefault = true;
    this.config.notNull = true;
  }
  /** @internal */
  build(table) {
    return new PgSerial(table, this.config);
  }
};
var PgSerial = class extends PgColumn {
  static [entityKind] = "PgSerial";
  getSQLType() {
    return "serial";
  }
};
function serial(name) {
  return new PgSerialBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/smallint.js
var PgSmallIntBuilder = class extends PgIntColumnBaseBuilder {
  static [entityKind] = "PgSmallIntBuilder";
  constructor(name) {
    super(name, "number", "PgSmallInt");
  }
  /** @internal */
  build(table) {
    return new PgSmallInt(table, this.config);
  }
};
var PgSmallInt = class extends PgColumn {
  static [entityKind] = "PgSmallInt";
  getSQLType() {
    return "smallint";
  }
  mapFromDriverValue = (value) => {
    if (typeof value === "string") {
      return Number(value);
    }
    return value;
  };
};
function smallint(name) {
  return new PgSmallIntBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/smallserial.js
var PgSmallSerialBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgSmallSerialBuilder";
  constructor(name) {
    super(name, "number", "PgSmallSerial");
    this.config.hasDefault = true;
    this.config.notNull = true;
  }
  /** @internal */
  build(table) {
    return new PgSmallSerial(
      table,
      this.config
    );
  }
};
var PgSmallSerial = class extends PgColumn {
  static [entityKind] = "PgSmallSerial";
  getSQLType() {
    return "smallserial";
  }
};
function smallserial(name) {
  return new PgSmallSerialBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/text.js
var PgTextBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgTextBuilder";
  constructor(name, config) {
    super(name, "string", "PgText");
    this.config.enumValues = config.enum;
  }
  /** @internal */
  build(table) {
    return new PgText(table, this.config);
  }
};
var PgText = class extends PgColumn {
  static [entityKind] = "PgText";
  enumValues = this.config.enumValues;
  getSQLType() {
    return "text";
  }
};
function text(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgTextBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/time.js
var PgTimeBuilder = class extends PgDateColumnBaseBuilder {
  constructor(name, withTimezone, precision) {
    super(name, "string", "PgTime");
    this.withTimezone = withTimezone;
    this.precision = precision;
    this.config.withTimezone = withTimezone;
    this.config.precision = precision;
  }
  static [entityKind] = "PgTimeBuilder";
  /** @internal */
  build(table) {
    return new PgTime(table, this.config);
  }
};
var PgTime = class extends PgColumn {
  static [entityKind] = "PgTime";
  withTimezone;
  precision;
  constructor(table, config) {
    super(table, config);
    this.withTimezone = config.withTimezone;
    this.precision = config.precision;
  }
  getSQLType() {
    const precision = this.precision === void 0 ? "" : `(${this.precision})`;
    return `time${precision}${this.withTimezone ? " with time zone" : ""}`;
  }
};
function time(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgTimeBuilder(name, config.withTimezone ?? false, config.precision);
}

// node_modules/drizzle-orm/pg-core/columns/timestamp.js
var PgTimestampBuilder = class extends PgDateColumnBaseBuilder {
  static [entityKind] = "PgTimestampBuilder";
  constructor(name, withTimezone, precision) {
    super(name, "date", "PgTimestamp");
    this.config.withTimezone = withTimezone;
    this.config.precision = precision;
  }
  /** @internal */
  build(table) {
    return new PgTimestamp(table, this.config);
  }
};
var PgTimestamp = class extends PgColumn {
  static [entityKind] = "PgTimestamp";
  withTimezone;
  precision;
  constructor(table, config) {
    super(table, config);
    this.withTimezone = config.withTimezone;
    this.precision = config.precision;
  }
  getSQLType() {
    const precision = this.precision === void 0 ? "" : ` (${this.precision})`;
    return `timestamp${precision}${this.withTimezone ? " with time zone" : ""}`;
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") return new Date(this.withTimezone ? value : value + "+0000");
    return value;
  }
  mapToDriverValue = (value) => {
    return value.toISOString();
  };
};
var PgTimestampStringBuilder = class extends PgDateColumnBaseBuilder {
  static [entityKind] = "PgTimestampStringBuilder";
  constructor(name, withTimezone, precision) {
    super(name, "string", "PgTimestampString");
    this.config.withTimezone = withTimezone;
    this.config.precision = precision;
  }
  /** @internal */
  build(table) {
    return new PgTimestampString(
      table,
      this.config
    );
  }
};
var PgTimestampString = class extends PgColumn {
  static [entityKind] = "PgTimestampString";
  withTimezone;
  precision;
  constructor(table, config) {
    super(table, config);
    this.withTimezone = config.withTimezone;
    this.precision = config.precision;
  }
  getSQLType() {
    const precision = this.precision === void 0 ? "" : `(${this.precision})`;
    return `timestamp${precision}${this.withTimezone ? " with time zone" : ""}`;
  }
  mapFromDriverValue(value) {
    if (typeof value === "string") return value;
    const shortened = value.toISOString().slice(0, -1).replace("T", " ");
    if (this.withTimezone) {
      const offset = value.getTimezoneOffset();
      const sign = offset <= 0 ? "+" : "-";
      return `${shortened}${sign}${Math.floor(Math.abs(offset) / 60).toString().padStart(2, "0")}`;
    }
    return shortened;
  }
};
function timestamp(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  if (config?.mode === "string") {
    return new PgTimestampStringBuilder(name, config.withTimezone ?? false, config.precision);
  }
  return new PgTimestampBuilder(name, config?.withTimezone ?? false, config?.precision);
}

// node_modules/drizzle-orm/pg-core/columns/uuid.js
var PgUUIDBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgUUIDBuilder";
  constructor(name) {
    super(name, "string", "PgUUID");
  }
  /**
   * Adds `default gen_random_uuid()` to the column definition.
   */
  defaultRandom() {
    return this.default(sql`gen_random_uuid()`);
  }
  /** @internal */
  build(table) {
    return new PgUUID(table, this.config);
  }
};
var PgUUID = class extends PgColumn {
  static [entityKind] = "PgUUID";
  getSQLType() {
    return "uuid";
  }
};
function uuid(name) {
  return new PgUUIDBuilder(name ?? "");
}

// node_modules/drizzle-orm/pg-core/columns/varchar.js
var PgVarcharBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgVarcharBuilder";
  constructor(name, config) {
    super(name, "string", "PgVarchar");
    this.config.length = config.length;
    this.config.enumValues = config.enum;
  }
  /** @internal */
  build(table) {
    return new PgVarchar(
      table,
      this.config
    );
  }
};
var PgVarchar = class extends PgColumn {
  static [entityKind] = "PgVarchar";
  length = this.config.length;
  enumValues = this.config.enumValues;
  getSQLType() {
    return this.length === void 0 ? `varchar` : `varchar(${this.length})`;
  }
};
function varchar(a, b = {}) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgVarcharBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/vector_extension/bit.js
var PgBinaryVectorBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgBinaryVectorBuilder";
  constructor(name, config) {
    super(name, "string", "PgBinaryVector");
    this.config.dimensions = config.dimensions;
  }
  /** @internal */
  build(table) {
    return new PgBinaryVector(
      table,
      this.config
    );
  }
};
var PgBinaryVector = class extends PgColumn {
  static [entityKind] = "PgBinaryVector";
  dimensions = this.config.dimensions;
  getSQLType() {
    return `bit(${this.dimensions})`;
  }
};
function bit(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgBinaryVectorBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/vector_extension/halfvec.js
var PgHalfVectorBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgHalfVectorBuilder";
  constructor(name, config) {
    super(name, "array", "PgHalfVector");
    this.config.dimensions = config.dimensions;
  }
  /** @internal */
  build(table) {
    return new PgHalfVector(
      table,
      this.config
    );
  }
};
var PgHalfVector = class extends PgColumn {
  static [entityKind] = "PgHalfVector";
  dimensions = this.config.dimensions;
  getSQLType() {
    return `halfvec(${this.dimensions})`;
  }
  mapToDriverValue(value) {
    return JSON.stringify(value);
  }
  mapFromDriverValue(value) {
    return value.slice(1, -1).split(",").map((v) => Number.parseFloat(v));
  }
};
function halfvec(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgHalfVectorBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/vector_extension/sparsevec.js
var PgSparseVectorBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgSparseVectorBuilder";
  constructor(name, config) {
    super(name, "string", "PgSparseVector");
    this.config.dimensions = config.dimensions;
  }
  /** @internal */
  build(table) {
    return new PgSparseVector(
      table,
      this.config
    );
  }
};
var PgSparseVector = class extends PgColumn {
  static [entityKind] = "PgSparseVector";
  dimensions = this.config.dimensions;
  getSQLType() {
    return `sparsevec(${this.dimensions})`;
  }
};
function sparsevec(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgSparseVectorBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/vector_extension/vector.js
var PgVectorBuilder = class extends PgColumnBuilder {
  static [entityKind] = "PgVectorBuilder";
  constructor(name, config) {
    super(name, "array", "PgVector");
    this.config.dimensions = config.dimensions;
  }
  /** @internal */
  build(table) {
    return new PgVector(
      table,
      this.config
    );
  }
};
var PgVector = class extends PgColumn {
  static [entityKind] = "PgVector";
  dimensions = this.config.dimensions;
  getSQLType() {
    return `vector(${this.dimensions})`;
  }
  mapToDriverValue(value) {
    return JSON.stringify(value);
  }
  mapFromDriverValue(value) {
    return value.slice(1, -1).split(",").map((v) => Number.parseFloat(v));
  }
};
function vector(a, b) {
  const { name, config } = getColumnNameAndConfig(a, b);
  return new PgVectorBuilder(name, config);
}

// node_modules/drizzle-orm/pg-core/columns/all.js
function getPgColumnBuilders() {
  return {
    bigint,
    bigserial,
    boolean,
    char,
    cidr,
    customType,
    date,
    doublePrecision,
    inet,
    integer,
    interval,
    json,
    jsonb,
    line,
    macaddr,
    macaddr8,
    numeric,
    point,
    geometry,
    real,
    serial,
    smallint,
    smallserial,
    text,
    time,
    timestamp,
    uuid,
    varchar,
    bit,
    halfvec,
    sparsevec,
    vector
  };
}

// node_modules/drizzle-orm/pg-core/table.js
var InlineForeignKeys = Symbol.for("drizzle:PgInlineForeignKeys");
var EnableRLS = Symbol.for("drizzle:EnableRLS");
var PgTable = class extends Table {
  static [entityKind] = "PgTable";
  /** @internal */
  static Symbol = Object.assign({}, Table.Symbol, {
    InlineForeignKeys,
    EnableRLS
  });
  /**@internal */
  [InlineForeignKeys] = [];
  /** @internal */
  [EnableRLS] = false;
  /** @internal */
  [Table.Symbol.ExtraConfigBuilder] = void 0;
  /** @internal */
  [Table.Symbol.ExtraConfigColumns] = {};
};
function pgTableWithSchema(name, columns3, extraConfig, schema, baseName = name) {
  const rawTable = new PgTable(name, schema, baseName);
  const parsedColumns = typeof columns3 === "function" ? columns3(getPgColumnBuilders()) : columns3;
  const builtColumns = Object.fromEntries(
    Object.entries(parsedColumns).map(([name2, colBuilderBase]) => {
      const colBuilder = colBuilderBase;
      colBuilder.setName(name2);
      const column = colBuilder.build(rawTable);
      rawTable[InlineForeignKeys].push(...colBuilder.buildForeignKeys(column, rawTable));
      return [name2, column];
    })
  );
  const builtColumnsForExtraConfig = Object.fromEntries(
    Object.entries(parsedColumns).map(([name2, colBuilderBase]) => {
      const colBuilder = colBuilderBase;
      colBuilder.setName(name2);
      const column = colBuilder.buildExtraConfigColumn(rawTable);
      return [name2, column];
    })
  );
  const table = Object.assign(rawTable, builtColumns);
  table[Table.Symbol.Columns] = builtColumns;
  table[Table.Symbol.ExtraConfigColumns] = builtColumnsForExtraConfig;
  if (extraConfig) {
    table[PgTable.Symbol.ExtraConfigBuilder] = extraConfig;
  }
  return Object.assign(table, {
    enableRLS: () => {
      table[PgTable.Symbol.EnableRLS] = true;
      return table;
    }
  });
}
var pgTable = (name, columns3, extraConfig) => {
  return pgTableWithSchema(name, columns3, extraConfig, void 0);
};

// node_modules/drizzle-orm/pg-core/primary-keys.js
function primaryKey(...config) {
  if (config[0].columns) {
    return new PrimaryKeyBuilder(config[0].columns, config[0].name);
  }
  return new PrimaryKeyBuilder(config);
}
var PrimaryKeyBuilder = class {
  static [entityKind] = "PgPrimaryKeyBuilder";
  /** @internal */
  columns;
  /** @internal */
  name;
  constructor(columns3, name) {
    this.columns = columns3;
    this.name = name;
  }
  /** @internal */
  build(table) {
    return new PrimaryKey(table, this.columns, this.name);
  }
};
var PrimaryKey = class {
  constructor(table, columns3, name) {
    this.table = table;
    this.columns = columns3;
    this.name = name;
  }
  static [entityKind] = "PgPrimaryKey";
  columns;
  name;
  getName() {
    return this.name ?? `${this.table[PgTable.Symbol.Name]}_${this.columns.map((column) => column.name).join("_")}_pk`;
  }
};

// node_modules/drizzle-orm/sql/expressions/conditions.js
function bindIfParam(value, column) {
  if (isDriverValueEncoder(column) && !isSQLWrapper(value) && !is(value, Param) && !is(value, Placeholder) && !is(value, Column) && !is(value, Table) && !is(value, View)) {
    return new Param(value, column);
  }
  return value;
}
var eq = (left, right) => {
  return sql`${left} = ${bindIfParam(right, left)}`;
};
var ne = (left, right) => {
  return sql`${left} <> ${bindIfParam(right, left)}`;
};
function and(...unfilteredConditions) {
  const conditions = unfilteredConditions.filter(
    (c) => c !== void 0
  );
  if (conditions.length === 0) {
    return void 0;
  }
  if (conditions.length === 1) {
    return new SQL(conditions);
  }
  return new SQL([
    new StringChunk("("),
    sql.join(conditions, new StringChunk(" and ")),
    new StringChunk(")")
  ]);
}
function or(...unfilteredConditions) {
  const conditions = unfilteredConditions.filter(
    (c) => c !== void 0
  );
  if (conditions.length === 0) {
    return void 0;
  }
  if (conditions.length === 1) {
    return new SQL(conditions);
  }
  return new SQL([
    new StringChunk("("),
    sql.join(conditions, new StringChunk(" or ")),
    new StringChunk(")")
  ]);
}
function not(condition) {
  return sql`not ${condition}`;
}
var gt = (left, right) => {
  return sql`${left} > ${bindIfParam(right, left)}`;
};
var gte = (left, right) => {
  return sql`${left} >= ${bindIfParam(right, left)}`;
};
var lt = (left, right) => {
  return sql`${left} < ${bindIfParam(right, left)}`;
};
var lte = (left, right) => {
  return sql`${left} <= ${bindIfParam(right, left)}`;
};
function inArray(column, values) {
  if (Array.isArray(values)) {
    if (values.length === 0) {
      return sql`false`;
    }
    return sql`${column} in ${values.map((v) => bindIfParam(v, column))}`;
  }
  return sql`${column} in ${bindIfParam(values, column)}`;
}
function notInArray(column, values) {
  if (Array.isArray(values)) {
    if (values.length === 0) {
      return sql`true`;
    }
    return sql`${column} not in ${values.map((v) => bindIfParam(v, column))}`;
  }
  return sql`${column} not in ${bindIfParam(values, column)}`;
}
function isNull(value) {
  return sql`${value} is null`;
}
function isNotNull(value) {
  return sql`${value} is not null`;
}
function exists(subquery) {
  return sql`exists ${subquery}`;
}
function notExists(subquery) {
  return sql`not exists ${subquery}`;
}
function between(column, min2, max) {
  return sql`${column} between ${bindIfParam(min2, column)} and ${bindIfParam(
    max,
    column
  )}`;
}
function notBetween(column, min2, max) {
  return sql`${column} not between ${bindIfParam(
    min2,
    column
  )} and ${bindIfParam(max, column)}`;
}
function like(column, value) {
  return sql`${column} like ${value}`;
}
function notLike(column, value) {
  return sql`${column} not like ${value}`;
}
function ilike(column, value) {
  return sql`${column} ilike ${value}`;
}
function notIlike(column, value) {
  return sql`${column} not ilike ${value}`;
}

// node_modules/drizzle-orm/sql/expressions/select.js
function asc(column) {
  return sql`${column} asc`;
}
function desc(column) {
  return sql`${column} desc`;
}

// node_modules/drizzle-orm/relations.js
var Relation = class {
  constructor(sourceTable, referencedTable, relationName) {
    this.sourceTable = sourceTable;
    this.referencedTable = referencedTable;
    this.relationName = relationName;
    this.referencedTableName = referencedTable[Table.Symbol.Name];
  }
  static [entityKind] = "Relation";
  referencedTableName;
  fieldName;
};
var Relations = class {
  constructor(table, config) {
    this.table = table;
    this.config = config;
  }
  static [entityKind] = "Relations";
};
var One = class _One extends Relation {
  constructor(sourceTable, referencedTable, config, isNullable) {
    super(sourceTable, referencedTable, config?.relationName);
    this.config = config;
    this.isNullable = isNullable;
  }
  static [entityKind] = "One";
  withFieldName(fieldName) {
    const relation = new _One(
      this.sourceTable,
      this.referencedTable,
      this.config,
      this.isNullable
    );
    relation.fieldName = fieldName;
    return relation;
  }
};
var Many = class _Many extends Relation {
  constructor(sourceTable, referencedTable, config) {
    super(sourceTable, referencedTable, config?.relationName);
    this.config = config;
  }
  static [entityKind] = "Many";
  withFieldName(fieldName) {
    const relation = new _Many(
      this.sourceTable,
      this.referencedTable,
      this.config
    );
    relation.fieldName = fieldName;
    return relation;
  }
};
function getOperators() {
  return {
    and,
    between,
    eq,
    exists,
    gt,
    gte,
    ilike,
    inArray,
    isNull,
    isNotNull,
    like,
    lt,
    lte,
    ne,
    not,
    notBetween,
    notExists,
    notLike,
    notIlike,
    notInArray,
    or,
    sql
  };
}
function getOrderByOperators() {
  return {
    sql,
    asc,
    desc
  };
}
function extractTablesRelationalConfig(schema, configHelpers) {
  if (Object.keys(schema).length === 1 && "default" in schema && !is(schema["default"], Table)) {
    schema = schema["default"];
  }
  const tableNamesMap = {};
  const relationsBuffer = {};
  const tablesConfig = {};
  for (const [key, value] of Object.entries(schema)) {
    if (is(value, Table)) {
      const dbName = getTableUniqueName(value);
      const bufferedRelations = relationsBuffer[dbName];
      tableNamesMap[dbName] = key;
      tablesConfig[key] = {
        tsName: key,
        dbName: value[Table.Symbol.Name],
        schema: value[Table.Symbol.Schema],
        columns: value[Table.Symbol.Columns],
        relations: bufferedRelations?.relations ?? {},
        primaryKey: bufferedRelations?.primaryKey ?? []
      };
      for (const column of Object.values(
        value[Table.Symbol.Columns]
      )) {
        if (column.primary) {
          tablesConfig[key].primaryKey.push(column);
        }
      }
      const extraConfig = value[Table.Symbol.ExtraConfigBuilder]?.(value[Table.Symbol.ExtraConfigColumns]);
      if (extraConfig) {
        for (const configEntry of Object.values(extraConfig)) {
          if (is(configEntry, PrimaryKeyBuilder)) {
            tablesConfig[key].primaryKey.push(...configEntry.columns);
          }
        }
      }
    } else if (is(value, Relations)) {
      const dbName = getTableUniqueName(value.table);
      const tableName = tableNamesMap[dbName];
      const relations2 = value.config(
        configHelpers(value.table)
      );
      let primaryKey2;
      for (const [relationName, relation] of Object.entries(relations2)) {
        if (tableName) {
          const tableConfig = tablesConfig[tableName];
          tableConfig.relations[relationName] = relation;
          if (primaryKey2) {
            tableConfig.primaryKey.push(...primaryKey2);
          }
        } else {
          if (!(dbName in relationsBuffer)) {
            relationsBuffer[dbName] = {
              relations: {},
              primaryKey: primaryKey2
            };
          }
          relationsBuffer[dbName].relations[relationName] = relation;
        }
      }
    }
  }
  return { tables: tablesConfig, tableNamesMap };
}
function createOne(sourceTable) {
  return function one(table, config) {
    return new One(
      sourceTable,
      table,
      config,
      config?.fields.reduce((res, f) => res && f.notNull, true) ?? false
    );
  };
}
function createMany(sourceTable) {
  return function many(referencedTable, config) {
    return new Many(sourceTable, referencedTable, config);
  };
}
function normalizeRelation(schema, tableNamesMap, relation) {
  if (is(relation, One) && relation.config) {
    return {
      fields: relation.config.fields,
      references: relation.config.references
    };
  }
  const referencedTableTsName = tableNamesMap[getTableUniqueName(relation.referencedTable)];
  if (!referencedTableTsName) {
    throw new Error(
      `Table "${relation.referencedTable[Table.Symbol.Name]}" not found in schema`
    );
  }
  const referencedTableConfig = schema[referencedTableTsName];
  if (!referencedTableConfig) {
    throw new Error(`Table "${referencedTableTsName}" not found in schema`);
  }
  const sourceTable = relation.sourceTable;
  const sourceTableTsName = tableNamesMap[getTableUniqueName(sourceTable)];
  if (!sourceTableTsName) {
    throw new Error(
      `Table "${sourceTable[Table.Symbol.Name]}" not found in schema`
    );
  }
  const reverseRelations = [];
  for (const referencedTableRelation of Object.values(
    referencedTableConfig.relations
  )) {
    if (relation.relationName && relation !== referencedTableRelation && referencedTableRelation.relationName === relation.relationName || !relation.relationName && referencedTableRelation.referencedTable === relation.sourceTable) {
      reverseRelations.push(referencedTableRelation);
    }
  }
  if (reverseRelations.length > 1) {
    throw relation.relationName ? new Error(
      `There are multiple relations with name "${relation.relationName}" in table "${referencedTableTsName}"`
    ) : new Error(
      `There are multiple relations between "${referencedTableTsName}" and "${relation.sourceTable[Table.Symbol.Name]}". Please specify relation name`
    );
  }
  if (reverseRelations[0] && is(reverseRelations[0], One) && reverseRelations[0].config) {
    return {
      fields: reverseRelations[0].config.references,
      references: reverseRelations[0].config.fields
    };
  }
  throw new Error(
    `There is not enough information to infer relation "${sourceTableTsName}.${relation.fieldName}"`
  );
}
function createTableRelationsHelpers(sourceTable) {
  return {
    one: createOne(sourceTable),
    many: createMany(sourceTable)
  };
}
function mapRelationalRow(tablesConfig, tableConfig, row, buildQueryResultSelection, mapColumnValue = (value) => value) {
  const result = {};
  for (const [
    selectionItemIndex,
    selectionItem
  ] of buildQueryResultSelection.entries()) {
    if (selectionItem.isJson) {
      const relation = tableConfig.relations[selectionItem.tsKey];
      const rawSubRows = row[selectionItemIndex];
      const subRows = typeof rawSubRows === "string" ? JSON.parse(rawSubRows) : rawSubRows;
      result[selectionItem.tsKey] = is(relation, One) ? subRows && mapRelationalRow(
        tablesConfig,
        tablesConfig[selectionItem.relationTableTsKey],
        subRows,
        selectionItem.selection,
        mapColumnValue
      ) : subRows.map(
        (subRow) => mapRelationalRow(
          tablesConfig,
          tablesConfig[selectionItem.relationTableTsKey],
          subRow,
          selectionItem.selection,
          mapColumnValue
        )
      );
    } else {
      const value = mapColumnValue(row[selectionItemIndex]);
      const field = selectionItem.field;
      let decoder;
      if (is(field, Column)) {
        decoder = field;
      } else if (is(field, SQL)) {
        decoder = field.decoder;
      } else {
        decoder = field.sql.decoder;
      }
      result[selectionItem.tsKey] = value === null ? null : decoder.mapFromDriverValue(value);
    }
  }
  return result;
}

// node_modules/drizzle-orm/sql/functions/aggregate.js
function min(expression) {
  return sql`min(${expression})`.mapWith(is(expression, Column) ? expression : String);
}

// db/schema/index.ts
var schema_exports = {};
__export(schema_exports, {
  accounts: () => accounts,
  activeCaseStatuses: () => activeCaseStatuses,
  activityKinds: () => activityKinds,
  actorColumnDefinitions: () => actorColumnDefinitions,
  actorKindValues: () => actorKindValues,
  agents: () => agents,
  apiKeys: () => apiKeys,
  articleStatuses: () => articleStatuses,
  articleVersionStatuses: () => articleVersionStatuses,
  auditLog: () => auditLog,
  calendarVersions: () => calendarVersions,
  calendars: () => calendars,
  caseActivities: () => caseActivities,
  caseEvents: () => caseEvents,
  caseNumberSeq: () => caseNumberSeq,
  caseOrigins: () => caseOrigins,
  casePriorities: () => casePriorities,
  caseProcessStages: () => caseProcessStages,
  caseProcessStatuses: () => caseProcessStatuses,
  caseProcesses: () => caseProcesses,
  caseStatuses: () => caseStatuses,
  cases: () => cases,
  changePreviewKinds: () => changePreviewKinds,
  changePreviews: () => changePreviews,
  contacts: () => contacts,
  emailOutbox: () => emailOutbox,
  entitlementAllocationTypes: () => entitlementAllocationTypes,
  entitlementChannels: () => entitlementChannels,
  entitlementDecreaseOn: () => entitlementDecreaseOn,
  entitlementProducts: () => entitlementProducts,
  entitlementStates: () => entitlementStates,
  entitlementUsageKinds: () => entitlementUsageKinds,
  entitlementUsages: () => entitlementUsages,
  entitlements: () => entitlements,
  goalOwnerTypes: () => goalOwnerTypes,
  goalPeriodTypes: () => goalPeriodTypes,
  goals: () => goals,
  holidayLists: () => holidayLists,
  idempotencyRecords: () => idempotencyRecords,
  knowledgeArticleNumberSeq: () => knowledgeArticleNumberSeq,
  knowledgeArticleVersions: () => knowledgeArticleVersions,
  knowledgeArticles: () => knowledgeArticles,
  knowledgeLinks: () => knowledgeLinks,
  knowledgeSends: () => knowledgeSends,
  knowledgeSuggestions: () => knowledgeSuggestions,
  kpiInstanceStates: () => kpiInstanceStates,
  kpiOutcomes: () => kpiOutcomes,
  processVersions: () => processVersions,
  processes: () => processes,
  productNumberSeq: () => productNumberSeq,
  products: () => products,
  queueItems: () => queueItems,
  queues: () => queues,
  reportCaseFacts: () => reportCaseFacts,
  reportDirtyCases: () => reportDirtyCases,
  reportKpiFacts: () => reportKpiFacts,
  serviceLevels: () => serviceLevels,
  slaActionRuns: () => slaActionRuns,
  slaCommands: () => slaCommands,
  slaItems: () => slaItems,
  slaKpiInstances: () => slaKpiInstances,
  slaVersions: () => slaVersions,
  slas: () => slas,
  stageExits: () => stageExits,
  surveyKinds: () => surveyKinds,
  surveyResponses: () => surveyResponses,
  surveyTriggers: () => surveyTriggers,
  surveys: () => surveys,
  webhookDeliveries: () => webhookDeliveries,
  webhookDeliveryAttempts: () => webhookDeliveryAttempts,
  webhookDeliveryStatuses: () => webhookDeliveryStatuses,
  webhookEvents: () => webhookEvents,
  webhookSubscriptions: () => webhookSubscriptions
});

// node_modules/drizzle-orm/pg-core/alias.js
function alias(table, alias2) {
  return new Proxy(table, new TableAliasProxyHandler(alias2, false));
}

// node_modules/drizzle-orm/pg-core/checks.js
var CheckBuilder = class {
  constructor(name, value) {
    this.name = name;
    this.value = value;
  }
  static [entityKind] = "PgCheckBuilder";
  brand;
  /** @internal */
  build(table) {
    return new Check(table, this);
  }
};
var Check = class {
  constructor(table, builder) {
    this.table = table;
    this.name = builder.name;
    this.value = builder.value;
  }
  static [entityKind] = "PgCheck";
  name;
  value;
};
function check(name, value) {
  return new CheckBuilder(name, value);
}

// node_modules/drizzle-orm/selection-proxy.js
var SelectionProxyHandler = class _SelectionProxyHandler {
  static [entityKind] = "SelectionProxyHandler";
  config;
  constructor(config) {
    this.config = { ...config };
  }
  get(subquery, prop) {
    if (prop === "_") {
      return {
        ...subquery["_"],
        selectedFields: new Proxy(
          subquery._.selectedFields,
          this
        )
      };
    }
    if (prop === ViewBaseConfig) {
      return {
        ...subquery[ViewBaseConfig],
        selectedFields: new Proxy(
          subquery[ViewBaseConfig].selectedFields,
          this
        )
      };
    }
    if (typeof prop === "symbol") {
      return subquery[prop];
    }
    const columns3 = is(subquery, Subquery) ? subquery._.selectedFields : is(subquery, View) ? subquery[ViewBaseConfig].selectedFields : subquery;
    const value = columns3[prop];
    if (is(value, SQL.Aliased)) {
      if (this.config.sqlAliasedBehavior === "sql" && !value.isSelectionField) {
        return value.sql;
      }
      const newValue = value.clone();
      newValue.isSelectionField = true;
      return newValue;
    }
    if (is(value, SQL)) {
      if (this.config.sqlBehavior === "sql") {
        return value;
      }
      throw new Error(
        `You tried to reference "${prop}" field from a subquery, which is a raw SQL field, but it doesn't have an alias declared. Please add an alias to the field using ".as('alias')" method.`
      );
    }
    if (is(value, Column)) {
      if (this.config.alias) {
        return new Proxy(
          value,
          new ColumnAliasProxyHandler(
            new Proxy(
              value.table,
              new TableAliasProxyHandler(this.config.alias, this.config.replaceOriginalName ?? false)
            )
          )
        );
      }
      return value;
    }
    if (typeof value !== "object" || value === null) {
      return value;
    }
    return new Proxy(value, new _SelectionProxyHandler(this.config));
  }
};

// node_modules/drizzle-orm/pg-core/indexes.js
var IndexBuilderOn = class {
  constructor(unique, name) {
    this.unique = unique;
    this.name = name;
  }
  static [entityKind] = "PgIndexBuilderOn";
  on(...columns3) {
    return new IndexBuilder(
      columns3.map((it) => {
        if (is(it, SQL)) {
          return it;
        }
        it = it;
        const clonedIndexedColumn = new IndexedColumn(it.name, !!it.keyAsName, it.columnType, it.indexConfig);
        it.indexConfig = JSON.parse(JSON.stringify(it.defaultConfig));
        return clonedIndexedColumn;
      }),
      this.unique,
      false,
      this.name
    );
  }
  onOnly(...columns3) {
    return new IndexBuilder(
      columns3.map((it) => {
        if (is(it, SQL)) {
          return it;
        }
        it = it;
        const clonedIndexedColumn = new IndexedColumn(it.name, !!it.keyAsName, it.columnType, it.indexConfig);
        it.indexConfig = it.defaultConfig;
        return clonedIndexedColumn;
      }),
      this.unique,
      true,
      this.name
    );
  }
  /**
   * Specify what index method to use. Choices are `btree`, `hash`, `gist`, `spgist`, `gin`, `brin`, or user-installed access methods like `bloom`. The default method is `btree.
   *
   * If you have the `pg_vector` extension installed in your database, you can use the `hnsw` and `ivfflat` options, which are predefined types.
   *
   * **You can always specify any string you want in the method, in case Drizzle doesn't have it natively in its types**
   *
   * @param method The name of the index method to be used
   * @param columns
   * @returns
   */
  using(method, ...columns3) {
    return new IndexBuilder(
      columns3.map((it) => {
        if (is(it, SQL)) {
          return it;
        }
        it = it;
        const clonedIndexedColumn = new IndexedColumn(it.name, !!it.keyAsName, it.columnType, it.indexConfig);
        it.indexConfig = JSON.parse(JSON.stringify(it.defaultConfig));
        return clonedIndexedColumn;
      }),
      this.unique,
      true,
      this.name,
      method
    );
  }
};
var IndexBuilder = class {
  static [entityKind] = "PgIndexBuilder";
  /** @internal */
  config;
  constructor(columns3, unique, only, name, method = "btree") {
    this.config = {
      name,
      columns: columns3,
      unique,
      only,
      method
    };
  }
  concurrently() {
    this.config.concurrently = true;
    return this;
  }
  with(obj) {
    this.config.with = obj;
    return this;
  }
  where(condition) {
    this.config.where = condition;
    return this;
  }
  /** @internal */
  build(table) {
    return new Index(this.config, table);
  }
};
var Index = class {
  static [entityKind] = "PgIndex";
  config;
  constructor(config, table) {
    this.config = { ...config, table };
  }
};
function index(name) {
  return new IndexBuilderOn(false, name);
}
function uniqueIndex(name) {
  return new IndexBuilderOn(true, name);
}

// node_modules/drizzle-orm/casing.js
function toSnakeCase(input) {
  const words = input.replace(/['\u2019]/g, "").match(/[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g) ?? [];
  return words.map((word) => word.toLowerCase()).join("_");
}
function toCamelCase(input) {
  const words = input.replace(/['\u2019]/g, "").match(/[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g) ?? [];
  return words.reduce((acc, word, i) => {
    const formattedWord = i === 0 ? word.toLowerCase() : `${word[0].toUpperCase()}${word.slice(1)}`;
    return acc + formattedWord;
  }, "");
}
function noopCase(input) {
  return input;
}
var CasingCache = class {
  static [entityKind] = "CasingCache";
  /** @internal */
  cache = {};
  cachedTables = {};
  convert;
  constructor(casing) {
    this.convert = casing === "snake_case" ? toSnakeCase : casing === "camelCase" ? toCamelCase : noopCase;
  }
  getColumnCasing(column) {
    if (!column.keyAsName) return column.name;
    const schema = column.table[Table.Symbol.Schema] ?? "public";
    const tableName = column.table[Table.Symbol.OriginalName];
    const key = `${schema}.${tableName}.${column.name}`;
    if (!this.cache[key]) {
      this.cacheTable(column.table);
    }
    return this.cache[key];
  }
  cacheTable(table) {
    const schema = table[Table.Symbol.Schema] ?? "public";
    const tableName = table[Table.Symbol.OriginalName];
    const tableKey = `${schema}.${tableName}`;
    if (!this.cachedTables[tableKey]) {
      for (const column of Object.values(table[Table.Symbol.Columns])) {
        const columnKey = `${tableKey}.${column.name}`;
        this.cache[columnKey] = this.convert(column.name);
      }
      this.cachedTables[tableKey] = true;
    }
  }
  clearCache() {
    this.cache = {};
    this.cachedTables = {};
  }
};

// node_modules/drizzle-orm/pg-core/view-base.js
var PgViewBase = class extends View {
  static [entityKind] = "PgViewBase";
};

// node_modules/drizzle-orm/pg-core/dialect.js
var PgDialect = class {
  static [entityKind] = "PgDialect";
  /** @internal */
  casing;
  constructor(config) {
    this.casing = new CasingCache(config?.casing);
  }
  async migrate(migrations, session, config) {
    const migrationsTable = typeof config === "string" ? "__drizzle_migrations" : config.migrationsTable ?? "__drizzle_migrations";
    const migrationsSchema = typeof config === "string" ? "drizzle" : config.migrationsSchema ?? "drizzle";
    const migrationTableCreate = sql`
			CREATE TABLE IF NOT EXISTS ${sql.identifier(migrationsSchema)}.${sql.identifier(migrationsTable)} (
				id SERIAL PRIMARY KEY,
				hash text NOT NULL,
				created_at bigint
			)
		`;
    await session.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(migrationsSchema)}`);
    await session.execute(migrationTableCreate);
    const dbMigrations = await session.all(
      sql`select id, hash, created_at from ${sql.identifier(migrationsSchema)}.${sql.identifier(migrationsTable)} order by created_at desc limit 1`
    );
    const lastDbMigration = dbMigrations[0];
    await session.transaction(async (tx) => {
      for await (const migration of migrations) {
        if (!lastDbMigration || Number(lastDbMigration.created_at) < migration.folderMillis) {
          for (const stmt of migration.sql) {
            await tx.execute(sql.raw(stmt));
          }
          await tx.execute(
            sql`insert into ${sql.identifier(migrationsSchema)}.${sql.identifier(migrationsTable)} ("hash", "created_at") values(${migration.hash}, ${migration.folderMillis})`
          );
        }
      }
    });
  }
  escapeName(name) {
    return `"${name.replace(/"/g, '""')}"`;
  }
  escapeParam(num3) {
    return `$${num3 + 1}`;
  }
  escapeString(str) {
    return `'${str.replace(/'/g, "''")}'`;
  }
  buildWithCTE(queries) {
    if (!queries?.length) return void 0;
    const withSqlChunks = [sql`with `];
    for (const [i, w] of queries.entries()) {
      withSqlChunks.push(sql`${sql.identifier(w._.alias)} as (${w._.sql})`);
      if (i < queries.length - 1) {
        withSqlChunks.push(sql`, `);
      }
    }
    withSqlChunks.push(sql` `);
    return sql.join(withSqlChunks);
  }
  buildDeleteQuery({ table, where, returning, withList }) {
    const withSql = this.buildWithCTE(withList);
    const returningSql = returning ? sql` returning ${this.buildSelection(returning, { isSingleTable: true })}` : void 0;
    const whereSql = where ? sql` where ${where}` : void 0;
    return sql`${withSql}delete from ${table}${whereSql}${returningSql}`;
  }
  buildUpdateSet(table, set) {
    const tableColumns = table[Table.Symbol.Columns];
    const columnNames = Object.keys(tableColumns).filter(
      (colName) => set[colName] !== void 0 || tableColumns[colName]?.onUpdateFn !== void 0
    );
    const setSize = columnNames.length;
    return sql.join(columnNames.flatMap((colName, i) => {
      const col = tableColumns[colName];
      const onUpdateFnResult = col.onUpdateFn?.();
      const value = set[colName] ?? (is(onUpdateFnResult, SQL) ? onUpdateFnResult : sql.param(onUpdateFnResult, col));
      const res = sql`${sql.identifier(this.casing.getColumnCasing(col))} = ${value}`;
      if (i < setSize - 1) {
        return [res, sql.raw(", ")];
      }
      return [res];
    }));
  }
  buildUpdateQuery({ table, set, where, returning, withList, from, joins }) {
    const withSql = this.buildWithCTE(withList);
    const tableName = table[PgTable.Symbol.Name];
    const tableSchema = table[PgTable.Symbol.Schema];
    const origTableName = table[PgTable.Symbol.OriginalName];
    const alias2 = tableName === origTableName ? void 0 : tableName;
    const tableSql = sql`${tableSchema ? sql`${sql.identifier(tableSchema)}.` : void 0}${sql.identifier(origTableName)}${alias2 && sql` ${sql.identifier(alias2)}`}`;
    const setSql = this.buildUpdateSet(table, set);
    const fromSql = from && sql.join([sql.raw(" from "), this.buildFromTable(from)]);
    const joinsSql = this.buildJoins(joins);
    const returningSql = returning ? sql` returning ${this.buildSelection(returning, { isSingleTable: !from })}` : void 0;
    const whereSql = where ? sql` where ${where}` : void 0;
    return sql`${withSql}update ${tableSql} set ${setSql}${fromSql}${joinsSql}${whereSql}${returningSql}`;
  }
  /**
   * Builds selection SQL with provided fields/expressions
   *
   * Examples:
   *
   * `select <selection> from`
   *
   * `insert ... returning <selection>`
   *
   * If `isSingleTable` is true, then columns won't be prefixed with table name
   */
  buildSelection(fields, { isSingleTable = false } = {}) {
    const columnsLen = fields.length;
    const chunks = fields.flatMap(({ field }, i) => {
      const chunk = [];
      if (is(field, SQL.Aliased) && field.isSelectionField) {
        chunk.push(sql.identifier(field.fieldAlias));
      } else if (is(field, SQL.Aliased) || is(field, SQL)) {
        const query = is(field, SQL.Aliased) ? field.sql : field;
        if (isSingleTable) {
          chunk.push(
            new SQL(
              query.queryChunks.map((c) => {
                if (is(c, PgColumn)) {
                  return sql.identifier(this.casing.getColumnCasing(c));
                }
                return c;
              })
            )
          );
        } else {
          chunk.push(query);
        }
        if (is(field, SQL.Aliased)) {
          chunk.push(sql` as ${sql.identifier(field.fieldAlias)}`);
        }
      } else if (is(field, Column)) {
        if (isSingleTable) {
          chunk.push(sql.identifier(this.casing.getColumnCasing(field)));
        } else {
          chunk.push(field);
        }
      } else if (is(field, Subquery)) {
        const entries = Object.entries(field._.selectedFields);
        if (entries.length === 1) {
          const entry = entries[0][1];
          const fieldDecoder = is(entry, SQL) ? entry.decoder : is(entry, Column) ? { mapFromDriverValue: (v) => entry.mapFromDriverValue(v) } : entry.sql.decoder;
          if (fieldDecoder) {
            field._.sql.decoder = fieldDecoder;
          }
        }
        chunk.push(field);
      }
      if (i < columnsLen - 1) {
        chunk.push(sql`, `);
      }
      return chunk;
    });
    return sql.join(chunks);
  }
  buildJoins(joins) {
    if (!joins || joins.length === 0) {
      return void 0;
    }
    const joinsArray = [];
    for (const [index2, joinMeta] of joins.entries()) {
      if (index2 === 0) {
        joinsArray.push(sql` `);
      }
      const table = joinMeta.table;
      const lateralSql = joinMeta.lateral ? sql` lateral` : void 0;
      const onSql = joinMeta.on ? sql` on ${joinMeta.on}` : void 0;
      if (is(table, PgTable)) {
        const tableName = table[PgTable.Symbol.Name];
        const tableSchema = table[PgTable.Symbol.Schema];
        const origTableName = table[PgTable.Symbol.OriginalName];
        const alias2 = tableName === origTableName ? void 0 : joinMeta.alias;
        joinsArray.push(
          sql`${sql.raw(joinMeta.joinType)} join${lateralSql} ${tableSchema ? sql`${sql.identifier(tableSchema)}.` : void 0}${sql.identifier(origTableName)}${alias2 && sql` ${sql.identifier(alias2)}`}${onSql}`
        );
      } else if (is(table, View)) {
        const viewName = table[ViewBaseConfig].name;
        const viewSchema = table[ViewBaseConfig].schema;
        const origViewName = table[ViewBaseConfig].originalName;
        const alias2 = viewName === origViewName ? void 0 : joinMeta.alias;
        joinsArray.push(
          sql`${sql.raw(joinMeta.joinType)} join${lateralSql} ${viewSchema ? sql`${sql.identifier(viewSchema)}.` : void 0}${sql.identifier(origViewName)}${alias2 && sql` ${sql.identifier(alias2)}`}${onSql}`
        );
      } else {
        joinsArray.push(
          sql`${sql.raw(joinMeta.joinType)} join${lateralSql} ${table}${onSql}`
        );
      }
      if (index2 < joins.length - 1) {
        joinsArray.push(sql` `);
      }
    }
    return sql.join(joinsArray);
  }
  buildFromTable(table) {
    if (is(table, Table) && table[Table.Symbol.IsAlias]) {
      let fullName = sql`${sql.identifier(table[Table.Symbol.OriginalName])}`;
      if (table[Table.Symbol.Schema]) {
        fullName = sql`${sql.identifier(table[Table.Symbol.Schema])}.${fullName}`;
      }
      return sql`${fullName} ${sql.identifier(table[Table.Symbol.Name])}`;
    }
    return table;
  }
  buildSelectQuery({
    withList,
    fields,
    fieldsFlat,
    where,
    having,
    table,
    joins,
    orderBy,
    groupBy,
    limit,
    offset,
    lockingClause,
    distinct,
    setOperators
  }) {
    const fieldsList = fieldsFlat ?? orderSelectedFields(fields);
    for (const f of fieldsList) {
      if (is(f.field, Column) && getTableName(f.field.table) !== (is(table, Subquery) ? table._.alias : is(table, PgViewBase) ? table[ViewBaseConfig].name : is(table, SQL) ? void 0 : getTableName(table)) && !((table2) => joins?.some(
        ({ alias: alias2 }) => alias2 === (table2[Table.Symbol.IsAlias] ? getTableName(table2) : table2[Table.Symbol.BaseName])
      ))(f.field.table)) {
        const tableName = getTableName(f.field.table);
        throw new Error(
          `Your "${f.path.join("->")}" field references a column "${tableName}"."${f.field.name}", but the table "${tableName}" is not part of the query! Did you forget to join it?`
        );
      }
    }
    const isSingleTable = !joins || joins.length === 0;
    const withSql = this.buildWithCTE(withList);
    let distinctSql;
    if (distinct) {
      distinctSql = distinct === true ? sql` distinct` : sql` distinct on (${sql.join(distinct.on, sql`, `)})`;
    }
    const selection = this.buildSelection(fieldsList, { isSingleTable });
    const tableSql = this.buildFromTable(table);
    const joinsSql = this.buildJoins(joins);
    const whereSql = where ? sql` where ${where}` : void 0;
    const havingSql = having ? sql` having ${having}` : void 0;
    let orderBySql;
    if (orderBy && orderBy.length > 0) {
      orderBySql = sql` order by ${sql.join(orderBy, sql`, `)}`;
    }
    let groupBySql;
    if (groupBy && groupBy.length > 0) {
      groupBySql = sql` group by ${sql.join(groupBy, sql`, `)}`;
    }
    const limitSql = typeof limit === "object" || typeof limit === "number" && limit >= 0 ? sql` limit ${limit}` : void 0;
    const offsetSql = offset ? sql` offset ${offset}` : void 0;
    const lockingClauseSql = sql.empty();
    if (lockingClause) {
      const clauseSql = sql` for ${sql.raw(lockingClause.strength)}`;
      if (lockingClause.config.of) {
        clauseSql.append(
          sql` of ${sql.join(
            Array.isArray(lockingClause.config.of) ? lockingClause.config.of : [lockingClause.config.of],
            sql`, `
          )}`
        );
      }
      if (lockingClause.config.noWait) {
        clauseSql.append(sql` nowait`);
      } else if (lockingClause.config.skipLocked) {
        clauseSql.append(sql` skip locked`);
      }
      lockingClauseSql.append(clauseSql);
    }
    const finalQuery = sql`${withSql}select${distinctSql} ${selection} from ${tableSql}${joinsSql}${whereSql}${groupBySql}${havingSql}${orderBySql}${limitSql}${offsetSql}${lockingClauseSql}`;
    if (setOperators.length > 0) {
      return this.buildSetOperations(finalQuery, setOperators);
    }
    return finalQuery;
  }
  buildSetOperations(leftSelect, setOperators) {
    const [setOperator, ...rest] = setOperators;
    if (!setOperator) {
      throw new Error("Cannot pass undefined values to any set operator");
    }
    if (rest.length === 0) {
      return this.buildSetOperationQuery({ leftSelect, setOperator });
    }
    return this.buildSetOperations(
      this.buildSetOperationQuery({ leftSelect, setOperator }),
      rest
    );
  }
  buildSetOperationQuery({
    leftSelect,
    setOperator: { type, isAll, rightSelect, limit, orderBy, offset }
  }) {
    const leftChunk = sql`(${leftSelect.getSQL()}) `;
    const rightChunk = sql`(${rightSelect.getSQL()})`;
    let orderBySql;
    if (orderBy && orderBy.length > 0) {
      const orderByValues = [];
      for (const singleOrderBy of orderBy) {
        if (is(singleOrderBy, PgColumn)) {
          orderByValues.push(sql.identifier(singleOrderBy.name));
        } else if (is(singleOrderBy, SQL)) {
          for (let i = 0; i < singleOrderBy.queryChunks.length; i++) {
            const chunk = singleOrderBy.queryChunks[i];
            if (is(chunk, PgColumn)) {
              singleOrderBy.queryChunks[i] = sql.identifier(chunk.name);
            }
          }
          orderByValues.push(sql`${singleOrderBy}`);
        } else {
          orderByValues.push(sql`${singleOrderBy}`);
        }
      }
      orderBySql = sql` order by ${sql.join(orderByValues, sql`, `)} `;
    }
    const limitSql = typeof limit === "object" || typeof limit === "number" && limit >= 0 ? sql` limit ${limit}` : void 0;
    const operatorChunk = sql.raw(`${type} ${isAll ? "all " : ""}`);
    const offsetSql = offset ? sql` offset ${offset}` : void 0;
    return sql`${leftChunk}${operatorChunk}${rightChunk}${orderBySql}${limitSql}${offsetSql}`;
  }
  buildInsertQuery({ table, values: valuesOrSelect, onConflict, returning, withList, select, overridingSystemValue_ }) {
    const valuesSqlList = [];
    const columns3 = table[Table.Symbol.Columns];
    const colEntries = Object.entries(columns3).filter(([_, col]) => !col.shouldDisableInsert());
    const insertOrder = colEntries.map(
      ([, column]) => sql.identifier(this.casing.getColumnCasing(column))
    );
    if (select) {
      const select2 = valuesOrSelect;
      if (is(select2, SQL)) {
        valuesSqlList.push(select2);
      } else {
        valuesSqlList.push(select2.getSQL());
      }
    } else {
      const values = valuesOrSelect;
      valuesSqlList.push(sql.raw("values "));
      for (const [valueIndex, value] of values.entries()) {
        const valueList = [];
        for (const [fieldName, col] of colEntries) {
          const colValue = value[fieldName];
          if (colValue === void 0 || is(colValue, Param) && colValue.value === void 0) {
            if (col.defaultFn !== void 0) {
              const defaultFnResult = col.defaultFn();
              const defaultValue = is(defaultFnResult, SQL) ? defaultFnResult : sql.param(defaultFnResult, col);
              valueList.push(defaultValue);
            } else if (!col.default && col.onUpdateFn !== void 0) {
              const onUpdateFnResult = col.onUpdateFn();
              const newValue = is(onUpdateFnResult, SQL) ? onUpdateFnResult : sql.param(onUpdateFnResult, col);
              valueList.push(newValue);
            } else {
              valueList.push(sql`default`);
            }
          } else {
            valueList.push(colValue);
          }
        }
        valuesSqlList.push(valueList);
        if (valueIndex < values.length - 1) {
          valuesSqlList.push(sql`, `);
        }
      }
    }
    const withSql = this.buildWithCTE(withList);
    const valuesSql = sql.join(valuesSqlList);
    const returningSql = returning ? sql` returning ${this.buildSelection(returning, { isSingleTable: true })}` : void 0;
    const onConflictSql = onConflict ? sql` on conflict ${onConflict}` : void 0;
    const overridingSql = overridingSystemValue_ === true ? sql`overriding system value ` : void 0;
    return sql`${withSql}insert into ${table} ${insertOrder} ${overridingSql}${valuesSql}${onConflictSql}${returningSql}`;
  }
  buildRefreshMaterializedViewQuery({ view: view3, concurrently, withNoData }) {
    const concurrentlySql = concurrently ? sql` concurrently` : void 0;
    const withNoDataSql = withNoData ? sql` with no data` : void 0;
    return sql`refresh materialized view${concurrentlySql} ${view3}${withNoDataSql}`;
  }
  prepareTyping(encoder) {
    if (is(encoder, PgJsonb) || is(encoder, PgJson)) {
      return "json";
    } else if (is(encoder, PgNumeric)) {
      return "decimal";
    } else if (is(encoder, PgTime)) {
      return "time";
    } else if (is(encoder, PgTimestamp) || is(encoder, PgTimestampString)) {
      return "timestamp";
    } else if (is(encoder, PgDate) || is(encoder, PgDateString)) {
      return "date";
    } else if (is(encoder, PgUUID)) {
      return "uuid";
    } else {
      return "none";
    }
  }
  sqlToQuery(sql2, invokeSource) {
    return sql2.toQuery({
      casing: this.casing,
      escapeName: this.escapeName,
      escapeParam: this.escapeParam,
      escapeString: this.escapeString,
      prepareTyping: this.prepareTyping,
      invokeSource
    });
  }
  // buildRelationalQueryWithPK({
  // 	fullSchema,
  // 	schema,
  // 	tableNamesMap,
  // 	table,
  // 	tableConfig,
  // 	queryConfig: config,
  // 	tableAlias,
  // 	isRoot = false,
  // 	joinOn,
  // }: {
  // 	fullSchema: Record<string, unknown>;
  // 	schema: TablesRelationalConfig;
  // 	tableNamesMap: Record<string, string>;
  // 	table: PgTable;
  // 	tableConfig: TableRelationalConfig;
  // 	queryConfig: true | DBQueryConfig<'many', true>;
  // 	tableAlias: string;
  // 	isRoot?: boolean;
  // 	joinOn?: SQL;
  // }): BuildRelationalQueryResult<PgTable, PgColumn> {
  // 	// For { "<relation>": true }, return a table with selection of all columns
  // 	if (config === true) {
  // 		const selectionEntries = Object.entries(tableConfig.columns);
  // 		const selection: BuildRelationalQueryResult<PgTable, PgColumn>['selection'] = selectionEntries.map((
  // 			[key, value],
  // 		) => ({
  // 			dbKey: value.name,
  // 			tsKey: key,
  // 			field: value as PgColumn,
  // 			relationTableTsKey: undefined,
  // 			isJson: false,
  // 			selection: [],
  // 		}));
  // 		return {
  // 			tableTsKey: tableConfig.tsName,
  // 			sql: table,
  // 			selection,
  // 		};
  // 	}
  // 	// let selection: BuildRelationalQueryResult<PgTable, PgColumn>['selection'] = [];
  // 	// let selectionForBuild = selection;
  // 	const aliasedColumns = Object.fromEntries(
  // 		Object.entries(tableConfig.columns).map(([key, value]) => [key, aliasedTableColumn(value, tableAlias)]),
  // 	);
  // 	const aliasedRelations = Object.fromEntries(
  // 		Object.entries(tableConfig.relations).map(([key, value]) => [key, aliasedRelation(value, tableAlias)]),
  // 	);
  // 	const aliasedFields = Object.assign({}, aliasedColumns, aliasedRelations);
  // 	let where, hasUserDefinedWhere;
  // 	if (config.where) {
  // 		const whereSql = typeof config.where === 'function' ? config.where(aliasedFields, operators) : config.where;
  // 		where = whereSql && mapColumnsInSQLToAlias(whereSql, tableAlias);
  // 		hasUserDefinedWhere = !!where;
  // 	}
  // 	where = and(joinOn, where);
  // 	// const fieldsSelection: { tsKey: string; value: PgColumn | SQL.Aliased; isExtra?: boolean }[] = [];
  // 	let joins: Join[] = [];
  // 	let selectedColumns: string[] = [];
  // 	// Figure out which columns to select
  // 	if (config.columns) {
  // 		let isIncludeMode = false;
  // 		for (const [field, value] of Object.entries(config.columns)) {
  // 			if (value === undefined) {
  // 				continue;
  // 			}
  // 			if (field in tableConfig.columns) {
  // 				if (!isIncludeMode && value === true) {
  // 					isIncludeMode = true;
  // 				}
  // 				selectedColumns.push(field);
  // 			}
  // 		}
  // 		if (selectedColumns.length > 0) {
  // 			selectedColumns = isIncludeMode
  // 				? selectedColumns.filter((c) => config.columns?.[c] === true)
  // 				: Object.keys(tableConfig.columns).filter((key) => !selectedColumns.includes(key));
  // 		}
  // 	} else {
  // 		// Select all columns if selection is not specified
  // 		selectedColumns = Object.keys(tableConfig.columns);
  // 	}
  // 	// for (const field of selectedColumns) {
  // 	// 	const column = tableConfig.columns[field]! as PgColumn;
  // 	// 	fieldsSelection.push({ tsKey: field, value: column });
  // 	// }
  // 	let initiallySelectedRelations: {
  // 		tsKey: string;
  // 		queryConfig: true | DBQueryConfig<'many', false>;
  // 		relation: Relation;
  // 	}[] = [];
  // 	// let selectedRelations: BuildRelationalQueryResult<PgTable, PgColumn>['selection'] = [];
  // 	// Figure out which relations to select
  // 	if (config.with) {
  // 		initiallySelectedRelations = Object.entries(config.with)
  // 			.filter((entry): entry is [typeof entry[0], NonNullable<typeof entry[1]>] => !!entry[1])
  // 			.map(([tsKey, queryConfig]) => ({ tsKey, queryConfig, relation: tableConfig.relations[tsKey]! }));
  // 	}
  // 	const manyRelations = initiallySelectedRelations.filter((r) =>
  // 		is(r.relation, Many)
  // 		&& (schema[tableNamesMap[r.relation.referencedTable[Table.Symbol.Name]]!]?.primaryKey.length ?? 0) > 0
  // 	);
  // 	// If this is the last Many relation (or there are no Many relations), we are on the innermost subquery level
  // 	const isInnermostQuery = manyRelations.length < 2;
  // 	const selectedExtras: {
  // 		tsKey: string;
  // 		value: SQL.Aliased;
  // 	}[] = [];
  // 	// Figure out which extras to select
  // 	if (isInnermostQuery && config.extras) {
  // 		const extras = typeof config.extras === 'function'
  // 			? config.extras(aliasedFields, { sql })
  // 			: config.extras;
  // 		for (const [tsKey, value] of Object.entries(extras)) {
  // 			selectedExtras.push({
  // 				tsKey,
  // 				value: mapColumnsInAliasedSQLToAlias(value, tableAlias),
  // 			});
  // 		}
  // 	}
  // 	// Transform `fieldsSelection` into `selection`
  // 	// `fieldsSelection` shouldn't be used after this point
  // 	// for (const { tsKey, value, isExtra } of fieldsSelection) {
  // 	// 	selection.push({
  // 	// 		dbKey: is(value, SQL.Aliased) ? value.fieldAlias : tableConfig.columns[tsKey]!.name,
  // 	// 		tsKey,
  // 	// 		field: is(value, Column) ? aliasedTableColumn(value, tableAlias) : value,
  // 	// 		relationTableTsKey: undefined,
  // 	// 		isJson: false,
  // 	// 		isExtra,
  // 	// 		selection: [],
  // 	// 	});
  // 	// }
  // 	let orderByOrig = typeof config.orderBy === 'function'
  // 		? config.orderBy(aliasedFields, orderByOperators)
  // 		: config.orderBy ?? [];
  // 	if (!Array.isArray(orderByOrig)) {
  // 		orderByOrig = [orderByOrig];
  // 	}
  // 	const orderBy = orderByOrig.map((orderByValue) => {
  // 		if (is(orderByValue, Column)) {
  // 			return aliasedTableColumn(orderByValue, tableAlias) as PgColumn;
  // 		}
  // 		return mapColumnsInSQLToAlias(orderByValue, tableAlias);
  // 	});
  // 	const limit = isInnermostQuery ? config.limit : undefined;
  // 	const offset = isInnermostQuery ? config.offset : undefined;
  // 	// For non-root queries without additional config except columns, return a table with selection
  // 	if (
  // 		!isRoot
  // 		&& initiallySelectedRelations.length === 0
  // 		&& selectedExtras.length === 0
  // 		&& !where
  // 		&& orderBy.length === 0
  // 		&& limit === undefined
  // 		&& offset === undefined
  // 	) {
  // 		return {
  // 			tableTsKey: tableConfig.tsName,
  // 			sql: table,
  // 			selection: selectedColumns.map((key) => ({
  // 				dbKey: tableConfig.columns[key]!.name,
  // 				tsKey: key,
  // 				field: tableConfig.columns[key] as PgColumn,
  // 				relationTableTsKey: undefined,
  // 				isJson: false,
  // 				selection: [],
  // 			})),
  // 		};
  // 	}
  // 	const selectedRelationsWithoutPK:
  // 	// Process all relations without primary keys, because they need to be joined differently and will all be on the same query level
  // 	for (
  // 		const {
  // 			tsKey: selectedRelationTsKey,
  // 			queryConfig: selectedRelationConfigValue,
  // 			relation,
  // 		} of initiallySelectedRelations
  // 	) {
  // 		const normalizedRelation = normalizeRelation(schema, tableNamesMap, relation);
  // 		const relationTableName = relation.referencedTable[Table.Symbol.Name];
  // 		const relationTableTsName = tableNamesMap[relationTableName]!;
  // 		const relationTable = schema[relationTableTsName]!;
  // 		if (relationTable.primaryKey.length > 0) {
  // 			continue;
  // 		}
  // 		const relationTableAlias = `${tableAlias}_${selectedRelationTsKey}`;
  // 		const joinOn = and(
  // 			...normalizedRelation.fields.map((field, i) =>
  // 				eq(
  // 					aliasedTableColumn(normalizedRelation.references[i]!, relationTableAlias),
  // 					aliasedTableColumn(field, tableAlias),
  // 				)
  // 			),
  // 		);
  // 		const builtRelation = this.buildRelationalQueryWithoutPK({
  // 			fullSchema,
  // 			schema,
  // 			tableNamesMap,
  // 			table: fullSchema[relationTableTsName] as PgTable,
  // 			tableConfig: schema[relationTableTsName]!,
  // 			queryConfig: selectedRelationConfigValue,
  // 			tableAlias: relationTableAlias,
  // 			joinOn,
  // 			nestedQueryRelation: relation,
  // 		});
  // 		const field = sql`${sql.identifier(relationTableAlias)}.${sql.identifier('data')}`.as(selectedRelationTsKey);
  // 		joins.push({
  // 			on: sql`true`,
  // 			table: new Subquery(builtRelation.sql as SQL, {}, relationTableAlias),
  // 			alias: relationTableAlias,
  // 			joinType: 'left',
  // 			lateral: true,
  // 		});
  // 		selectedRelations.push({
  // 			dbKey: selectedRelationTsKey,
  // 			tsKey: selectedRelationTsKey,
  // 			field,
  // 			relationTableTsKey: relationTableTsName,
  // 			isJson: true,
  // 			selection: builtRelation.selection,
  // 		});
  // 	}
  // 	const oneRelations = initiallySelectedRelations.filter((r): r is typeof r & { relation: One } =>
  // 		is(r.relation, One)
  // 	);
  // 	// Process all One relations with PKs, because they can all be joined on the same level
  // 	for (
  // 		const {
  // 			tsKey: selectedRelationTsKey,
  // 			queryConfig: selectedRelationConfigValue,
  // 			relation,
  // 		} of oneRelations
  // 	) {
  // 		const normalizedRelation = normalizeRelation(schema, tableNamesMap, relation);
  // 		const relationTableName = relation.referencedTable[Table.Symbol.Name];
  // 		const relationTableTsName = tableNamesMap[relationTableName]!;
  // 		const relationTableAlias = `${tableAlias}_${selectedRelationTsKey}`;
  // 		const relationTable = schema[relationTableTsName]!;
  // 		if (relationTable.primaryKey.length === 0) {
  // 			continue;
  // 		}
  // 		const joinOn = and(
  // 			...normalizedRelation.fields.map((field, i) =>
  // 				eq(
  // 					aliasedTableColumn(normalizedRelation.references[i]!, relationTableAlias),
  // 					aliasedTableColumn(field, tableAlias),
  // 				)
  // 			),
  // 		);
  // 		const builtRelation = this.buildRelationalQueryWithPK({
  // 			fullSchema,
  // 			schema,
  // 			tableNamesMap,
  // 			table: fullSchema[relationTableTsName] as PgTable,
  // 			tableConfig: schema[relationTableTsName]!,
  // 			queryConfig: selectedRelationConfigValue,
  // 			tableAlias: relationTableAlias,
  // 			joinOn,
  // 		});
  // 		const field = sql`case when ${sql.identifier(relationTableAlias)} is null then null else json_build_array(${
  // 			sql.join(
  // 				builtRelation.selection.map(({ field }) =>
  // 					is(field, SQL.Aliased)
  // 						? sql`${sql.identifier(relationTableAlias)}.${sql.identifier(field.fieldAlias)}`
  // 						: is(field, Column)
  // 						? aliasedTableColumn(field, relationTableAlias)
  // 						: field
  // 				),
  // 				sql`, `,
  // 			)
  // 		}) end`.as(selectedRelationTsKey);
  // 		const isLateralJoin = is(builtRelation.sql, SQL);
  // 		joins.push({
  // 			on: isLateralJoin ? sql`true` : joinOn,
  // 			table: is(builtRelation.sql, SQL)
  // 				? new Subquery(builtRelation.sql, {}, relationTableAlias)
  // 				: aliasedTable(builtRelation.sql, relationTableAlias),
  // 			alias: relationTableAlias,
  // 			joinType: 'left',
  // 			lateral: is(builtRelation.sql, SQL),
  // 		});
  // 		selectedRelations.push({
  // 			dbKey: selectedRelationTsKey,
  // 			tsKey: selectedRelationTsKey,
  // 			field,
  // 			relationTableTsKey: relationTableTsName,
  // 			isJson: true,
  // 			selection: builtRelation.selection,
  // 		});
  // 	}
  // 	let distinct: PgSelectConfig['distinct'];
  // 	let tableFrom: PgTable | Subquery = table;
  // 	// Process first Many relation - each one requires a nested subquery
  // 	const manyRelation = manyRelations[0];
  // 	if (manyRelation) {
  // 		const {
  // 			tsKey: selectedRelationTsKey,
  // 			queryConfig: selectedRelationQueryConfig,
  // 			relation,
  // 		} = manyRelation;
  // 		distinct = {
  // 			on: tableConfig.primaryKey.map((c) => aliasedTableColumn(c as PgColumn, tableAlias)),
  // 		};
  // 		const normalizedRelation = normalizeRelation(schema, tableNamesMap, relation);
  // 		const relationTableName = relation.referencedTable[Table.Symbol.Name];
  // 		const relationTableTsName = tableNamesMap[relationTableName]!;
  // 		const relationTableAlias = `${tableAlias}_${selectedRelationTsKey}`;
  // 		const joinOn = and(
  // 			...normalizedRelation.fields.map((field, i) =>
  // 				eq(
  // 					aliasedTableColumn(normalizedRelation.references[i]!, relationTableAlias),
  // 					aliasedTableColumn(field, tableAlias),
  // 				)
  // 			),
  // 		);
  // 		const builtRelationJoin = this.buildRelationalQueryWithPK({
  // 			fullSchema,
  // 			schema,
  // 			tableNamesMap,
  // 			table: fullSchema[relationTableTsName] as PgTable,
  // 			tableConfig: schema[relationTableTsName]!,
  // 			queryConfig: selectedRelationQueryConfig,
  // 			tableAlias: relationTableAlias,
  // 			joinOn,
  // 		});
  // 		const builtRelationSelectionField = sql`case when ${
  // 			sql.identifier(relationTableAlias)
  // 		} is null then '[]' else json_agg(json_build_array(${
  // 			sql.join(
  // 				builtRelationJoin.selection.map(({ field }) =>
  // 					is(field, SQL.Aliased)
  // 						? sql`${sql.identifier(relationTableAlias)}.${sql.identifier(field.fieldAlias)}`
  // 						: is(field, Column)
  // 						? aliasedTableColumn(field, relationTableAlias)
  // 						: field
  // 				),
  // 				sql`, `,
  // 			)
  // 		})) over (partition by ${sql.join(distinct.on, sql`, `)}) end`.as(selectedRelationTsKey);
  // 		const isLateralJoin = is(builtRelationJoin.sql, SQL);
  // 		joins.push({
  // 			on: isLateralJoin ? sql`true` : joinOn,
  // 			table: isLateralJoin
  // 				? new Subquery(builtRelationJoin.sql as SQL, {}, relationTableAlias)
  // 				: aliasedTable(builtRelationJoin.sql as PgTable, relationTableAlias),
  // 			alias: relationTableAlias,
  // 			joinType: 'left',
  // 			lateral: isLateralJoin,
  // 		});
  // 		// Build the "from" subquery with the remaining Many relations
  // 		const builtTableFrom = this.buildRelationalQueryWithPK({
  // 			fullSchema,
  // 			schema,
  // 			tableNamesMap,
  // 			table,
  // 			tableConfig,
  // 			queryConfig: {
  // 				...config,
  // 				where: undefined,
  // 				orderBy: undefined,
  // 				limit: undefined,
  // 				offset: undefined,
  // 				with: manyRelations.slice(1).reduce<NonNullable<typeof config['with']>>(
  // 					(result, { tsKey, queryConfig: configValue }) => {
  // 						result[tsKey] = configValue;
  // 						return result;
  // 					},
  // 					{},
  // 				),
  // 			},
  // 			tableAlias,
  // 		});
  // 		selectedRelations.push({
  // 			dbKey: selectedRelationTsKey,
  // 			tsKey: selectedRelationTsKey,
  // 			field: builtRelationSelectionField,
  // 			relationTableTsKey: relationTableTsName,
  // 			isJson: true,
  // 			selection: builtRelationJoin.selection,
  // 		});
  // 		// selection = builtTableFrom.selection.map((item) =>
  // 		// 	is(item.field, SQL.Aliased)
  // 		// 		? { ...item, field: sql`${sql.identifier(tableAlias)}.${sql.identifier(item.field.fieldAlias)}` }
  // 		// 		: item
  // 		// );
  // 		// selectionForBuild = [{
  // 		// 	dbKey: '*',
  // 		// 	tsKey: '*',
  // 		// 	field: sql`${sql.identifier(tableAlias)}.*`,
  // 		// 	selection: [],
  // 		// 	isJson: false,
  // 		// 	relationTableTsKey: undefined,
  // 		// }];
  // 		// const newSelectionItem: (typeof selection)[number] = {
  // 		// 	dbKey: selectedRelationTsKey,
  // 		// 	tsKey: selectedRelationTsKey,
  // 		// 	field,
  // 		// 	relationTableTsKey: relationTableTsName,
  // 		// 	isJson: true,
  // 		// 	selection: builtRelationJoin.selection,
  // 		// };
  // 		// selection.push(newSelectionItem);
  // 		// selectionForBuild.push(newSelectionItem);
  // 		tableFrom = is(builtTableFrom.sql, PgTable)
  // 			? builtTableFrom.sql
  // 			: new Subquery(builtTableFrom.sql, {}, tableAlias);
  // 	}
  // 	if (selectedColumns.length === 0 && selectedRelations.length === 0 && selectedExtras.length === 0) {
  // 		throw new DrizzleError(`No fields selected for table "${tableConfig.tsName}" ("${tableAlias}")`);
  // 	}
  // 	let selection: BuildRelationalQueryResult<PgTable, PgColumn>['selection'];
  // 	function prepareSelectedColumns() {
  // 		return selectedColumns.map((key) => ({
  // 			dbKey: tableConfig.columns[key]!.name,
  // 			tsKey: key,
  // 			field: tableConfig.columns[key] as PgColumn,
  // 			relationTableTsKey: undefined,
  // 			isJson: false,
  // 			selection: [],
  // 		}));
  // 	}
  // 	function prepareSelectedExtras() {
  // 		return selectedExtras.map((item) => ({
  // 			dbKey: item.value.fieldAlias,
  // 			tsKey: item.tsKey,
  // 			field: item.value,
  // 			relationTableTsKey: undefined,
  // 			isJson: false,
  // 			selection: [],
  // 		}));
  // 	}
  // 	if (isRoot) {
  // 		selection = [
  // 			...prepareSelectedColumns(),
  // 			...prepareSelectedExtras(),
  // 		];
  // 	}
  // 	if (hasUserDefinedWhere || orderBy.length > 0) {
  // 		tableFrom = new Subquery(
  // 			this.buildSelectQuery({
  // 				table: is(tableFrom, PgTable) ? aliasedTable(tableFrom, tableAlias) : tableFrom,
  // 				fields: {},
  // 				fieldsFlat: selectionForBuild.map(({ field }) => ({
  // 					path: [],
  // 					field: is(field, Column) ? aliasedTableColumn(field, tableAlias) : field,
  // 				})),
  // 				joins,
  // 				distinct,
  // 			}),
  // 			{},
  // 			tableAlias,
  // 		);
  // 		selectionForBuild = selection.map((item) =>
  // 			is(item.field, SQL.Aliased)
  // 				? { ...item, field: sql`${sql.identifier(tableAlias)}.${sql.identifier(item.field.fieldAlias)}` }
  // 				: item
  // 		);
  // 		joins = [];
  // 		distinct = undefined;
  // 	}
  // 	const result = this.buildSelectQuery({
  // 		table: is(tableFrom, PgTable) ? aliasedTable(tableFrom, tableAlias) : tableFrom,
  // 		fields: {},
  // 		fieldsFlat: selectionForBuild.map(({ field }) => ({
  // 			path: [],
  // 			field: is(field, Column) ? aliasedTableColumn(field, tableAlias) : field,
  // 		})),
  // 		where,
  // 		limit,
  // 		offset,
  // 		joins,
  // 		orderBy,
  // 		distinct,
  // 	});
  // 	return {
  // 		tableTsKey: tableConfig.tsName,
  // 		sql: result,
  // 		selection,
  // 	};
  // }
  buildRelationalQueryWithoutPK({
    fullSchema,
    schema,
    tableNamesMap,
    table,
    tableConfig,
    queryConfig: config,
    tableAlias,
    nestedQueryRelation,
    joinOn
  }) {
    let selection = [];
    let limit, offset, orderBy = [], where;
    const joins = [];
    if (config === true) {
      const selectionEntries = Object.entries(tableConfig.columns);
      selection = selectionEntries.map(([key, value]) => ({
        dbKey: value.name,
        tsKey: key,
        field: aliasedTableColumn(value, tableAlias),
        relationTableTsKey: void 0,
        isJson: false,
        selection: []
      }));
    } else {
      const aliasedColumns = Object.fromEntries(
        Object.entries(tableConfig.columns).map(([key, value]) => [key, aliasedTableColumn(value, tableAlias)])
      );
      if (config.where) {
        const whereSql = typeof config.where === "function" ? config.where(aliasedColumns, getOperators()) : config.where;
        where = whereSql && mapColumnsInSQLToAlias(whereSql, tableAlias);
      }
      const fieldsSelection = [];
      let selectedColumns = [];
      if (config.columns) {
        let isIncludeMode = false;
        for (const [field, value] of Object.entries(config.columns)) {
          if (value === void 0) {
            continue;
          }
          if (field in tableConfig.columns) {
            if (!isIncludeMode && value === true) {
              isIncludeMode = true;
            }
            selectedColumns.push(field);
          }
        }
        if (selectedColumns.length > 0) {
          selectedColumns = isIncludeMode ? selectedColumns.filter((c) => config.columns?.[c] === true) : Object.keys(tableConfig.columns).filter((key) => !selectedColumns.includes(key));
        }
      } else {
        selectedColumns = Object.keys(tableConfig.columns);
      }
      for (const field of selectedColumns) {
        const column = tableConfig.columns[field];
        fieldsSelection.push({ tsKey: field, value: column });
      }
      let selectedRelations = [];
      if (config.with) {
        selectedRelations = Object.entries(config.with).filter((entry) => !!entry[1]).map(([tsKey, queryConfig]) => ({ tsKey, queryConfig, relation: tableConfig.relations[tsKey] }));
      }
      let extras;
      if (config.extras) {
        extras = typeof config.extras === "function" ? config.extras(aliasedColumns, { sql }) : config.extras;
        for (const [tsKey, value] of Object.entries(extras)) {
          fieldsSelection.push({
            tsKey,
            value: mapColumnsInAliasedSQLToAlias(value, tableAlias)
          });
        }
      }
      for (const { tsKey, value } of fieldsSelection) {
        selection.push({
          dbKey: is(value, SQL.Aliased) ? value.fieldAlias : tableConfig.columns[tsKey].name,
          tsKey,
          field: is(value, Column) ? aliasedTableColumn(value, tableAlias) : value,
          relationTableTsKey: void 0,
          isJson: false,
          selection: []
        });
      }
      let orderByOrig = typeof config.orderBy === "function" ? config.orderBy(aliasedColumns, getOrderByOperators()) : config.orderBy ?? [];
      if (!Array.isArray(orderByOrig)) {
        orderByOrig = [orderByOrig];
      }
      orderBy = orderByOrig.map((orderByValue) => {
        if (is(orderByValue, Column)) {
          return aliasedTableColumn(orderByValue, tableAlias);
        }
        return mapColumnsInSQLToAlias(orderByValue, tableAlias);
      });
      limit = config.limit;
      offset = config.offset;
      for (const {
        tsKey: selectedRelationTsKey,
        queryConfig: selectedRelationConfigValue,
        relation
      } of selectedRelations) {
        const normalizedRelation = normalizeRelation(schema, tableNamesMap, relation);
        const relationTableName = getTableUniqueName(relation.referencedTable);
        const relationTableTsName = tableNamesMap[relationTableName];
        const relationTableAlias = `${tableAlias}_${selectedRelationTsKey}`;
        const joinOn2 = and(
          ...normalizedRelation.fields.map(
            (field2, i) => eq(
              aliasedTableColumn(normalizedRelation.references[i], relationTableAlias),
              aliasedTableColumn(field2, tableAlias)
            )
          )
        );
        const builtRelation = this.buildRelationalQueryWithoutPK({
          fullSchema,
          schema,
          tableNamesMap,
          table: fullSchema[relationTableTsName],
          tableConfig: schema[relationTableTsName],
          queryConfig: is(relation, One) ? selectedRelationConfigValue === true ? { limit: 1 } : { ...selectedRelationConfigValue, limit: 1 } : selectedRelationConfigValue,
          tableAlias: relationTableAlias,
          joinOn: joinOn2,
          nestedQueryRelation: relation
        });
        const field = sql`${sql.identifier(relationTableAlias)}.${sql.identifier("data")}`.as(selectedRelationTsKey);
        joins.push({
          on: sql`true`,
          table: new Subquery(builtRelation.sql, {}, relationTableAlias),
          alias: relationTableAlias,
          joinType: "left",
          lateral: true
        });
        selection.push({
          dbKey: selectedRelationTsKey,
          tsKey: selectedRelationTsKey,
          field,
          relationTableTsKey: relationTableTsName,
          isJson: true,
          selection: builtRelation.selection
        });
      }
    }
    if (selection.length === 0) {
      throw new DrizzleError({ message: `No fields selected for table "${tableConfig.tsName}" ("${tableAlias}")` });
    }
    let result;
    where = and(joinOn, where);
    if (nestedQueryRelation) {
      let field = sql`json_build_array(${sql.join(
        selection.map(
          ({ field: field2, tsKey, isJson }) => isJson ? sql`${sql.identifier(`${tableAlias}_${tsKey}`)}.${sql.identifier("data")}` : is(field2, SQL.Aliased) ? field2.sql : field2
        ),
        sql`, `
      )})`;
      if (is(nestedQueryRelation, Many)) {
        field = sql`coalesce(json_agg(${field}${orderBy.length > 0 ? sql` order by ${sql.join(orderBy, sql`, `)}` : void 0}), '[]'::json)`;
      }
      const nestedSelection = [{
        dbKey: "data",
        tsKey: "data",
        field: field.as("data"),
        isJson: true,
        relationTableTsKey: tableConfig.tsName,
        selection
      }];
      const needsSubquery = limit !== void 0 || offset !== void 0 || orderBy.length > 0;
      if (needsSubquery) {
        result = this.buildSelectQuery({
          table: aliasedTable(table, tableAlias),
          fields: {},
          fieldsFlat: [{
            path: [],
            field: sql.raw("*")
          }],
          where,
          limit,
          offset,
          orderBy,
          setOperators: []
        });
        where = void 0;
        limit = void 0;
        offset = void 0;
        orderBy = [];
      } else {
        result = aliasedTable(table, tableAlias);
      }
      result = this.buildSelectQuery({
        table: is(result, PgTable) ? result : new Subquery(result, {}, tableAlias),
        fields: {},
        fieldsFlat: nestedSelection.map(({ field: field2 }) => ({
          path: [],
          field: is(field2, Column) ? aliasedTableColumn(field2, tableAlias) : field2
        })),
        joins,
        where,
        limit,
        offset,
        orderBy,
        setOperators: []
      });
    } else {
      result = this.buildSelectQuery({
        table: aliasedTable(table, tableAlias),
        fields: {},
        fieldsFlat: selection.map(({ field }) => ({
          path: [],
          field: is(field, Column) ? aliasedTableColumn(field, tableAlias) : field
        })),
        joins,
        where,
        limit,
        offset,
        orderBy,
        setOperators: []
      });
    }
    return {
      tableTsKey: tableConfig.tsName,
      sql: result,
      selection
    };
  }
};

// node_modules/drizzle-orm/query-builders/query-builder.js
var TypedQueryBuilder = class {
  static [entityKind] = "TypedQueryBuilder";
  /** @internal */
  getSelectedFields() {
    return this._.selectedFields;
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/select.js
var PgSelectBuilder = class {
  static [entityKind] = "PgSelectBuilder";
  fields;
  session;
  dialect;
  withList = [];
  distinct;
  constructor(config) {
    this.fields = config.fields;
    this.session = config.session;
    this.dialect = config.dialect;
    if (config.withList) {
      this.withList = config.withList;
    }
    this.distinct = config.distinct;
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  /**
   * Specify the table, subquery, or other target that you're
   * building a select query against.
   *
   * {@link https://www.postgresql.org/docs/current/sql-select.html#SQL-FROM | Postgres from documentation}
   */
  from(source) {
    const isPartialSelect = !!this.fields;
    const src = source;
    let fields;
    if (this.fields) {
      fields = this.fields;
    } else if (is(src, Subquery)) {
      fields = Object.fromEntries(
        Object.keys(src._.selectedFields).map((key) => [key, src[key]])
      );
    } else if (is(src, PgViewBase)) {
      fields = src[ViewBaseConfig].selectedFields;
    } else if (is(src, SQL)) {
      fields = {};
    } else {
      fields = getTableColumns(src);
    }
    return new PgSelectBase({
      table: src,
      fields,
      isPartialSelect,
      session: this.session,
      dialect: this.dialect,
      withList: this.withList,
      distinct: this.distinct
    }).setToken(this.authToken);
  }
};
var PgSelectQueryBuilderBase = class extends TypedQueryBuilder {
  static [entityKind] = "PgSelectQueryBuilder";
  _;
  config;
  joinsNotNullableMap;
  tableName;
  isPartialSelect;
  session;
  dialect;
  cacheConfig = void 0;
  usedTables = /* @__PURE__ */ new Set();
  constructor({ table, fields, isPartialSelect, session, dialect, withList, distinct }) {
    super();
    this.config = {
      withList,
      table,
      fields: { ...fields },
      distinct,
      setOperators: []
    };
    this.isPartialSelect = isPartialSelect;
    this.session = session;
    this.dialect = dialect;
    this._ = {
      selectedFields: fields,
      config: this.config
    };
    this.tableName = getTableLikeName(table);
    this.joinsNotNullableMap = typeof this.tableName === "string" ? { [this.tableName]: true } : {};
    for (const item of extractUsedTable(table)) this.usedTables.add(item);
  }
  /** @internal */
  getUsedTables() {
    return [...this.usedTables];
  }
  createJoin(joinType, lateral) {
    return (table, on) => {
      const baseTableName = this.tableName;
      const tableName = getTableLikeName(table);
      for (const item of extractUsedTable(table)) this.usedTables.add(item);
      if (typeof tableName === "string" && this.config.joins?.some((join) => join.alias === tableName)) {
        throw new Error(`Alias "${tableName}" is already used in this query`);
      }
      if (!this.isPartialSelect) {
        if (Object.keys(this.joinsNotNullableMap).length === 1 && typeof baseTableName === "string") {
          this.config.fields = {
            [baseTableName]: this.config.fields
          };
        }
        if (typeof tableName === "string" && !is(table, SQL)) {
          const selection = is(table, Subquery) ? table._.selectedFields : is(table, View) ? table[ViewBaseConfig].selectedFields : table[Table.Symbol.Columns];
          this.config.fields[tableName] = selection;
        }
      }
      if (typeof on === "function") {
        on = on(
          new Proxy(
            this.config.fields,
            new SelectionProxyHandler({ sqlAliasedBehavior: "sql", sqlBehavior: "sql" })
          )
        );
      }
      if (!this.config.joins) {
        this.config.joins = [];
      }
      this.config.joins.push({ on, table, joinType, alias: tableName, lateral });
      if (typeof tableName === "string") {
        switch (joinType) {
          case "left": {
            this.joinsNotNullableMap[tableName] = false;
            break;
          }
          case "right": {
            this.joinsNotNullableMap = Object.fromEntries(
              Object.entries(this.joinsNotNullableMap).map(([key]) => [key, false])
            );
            this.joinsNotNullableMap[tableName] = true;
            break;
          }
          case "cross":
          case "inner": {
            this.joinsNotNullableMap[tableName] = true;
            break;
          }
          case "full": {
            this.joinsNotNullableMap = Object.fromEntries(
              Object.entries(this.joinsNotNullableMap).map(([key]) => [key, false])
            );
            this.joinsNotNullableMap[tableName] = false;
            break;
          }
        }
      }
      return this;
    };
  }
  /**
   * Executes a `left join` operation by adding another table to the current query.
   *
   * Calling this method associates each row of the table with the corresponding row from the joined table, if a match is found. If no matching row exists, it sets all columns of the joined table to null.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#left-join}
   *
   * @param table the table to join.
   * @param on the `on` clause.
   *
   * @example
   *
   * ```ts
   * // Select all users and their pets
   * const usersWithPets: { user: User; pets: Pet | null; }[] = await db.select()
   *   .from(users)
   *   .leftJoin(pets, eq(users.id, pets.ownerId))
   *
   * // Select userId and petId
   * const usersIdsAndPetIds: { userId: number; petId: number | null; }[] = await db.select({
   *   userId: users.id,
   *   petId: pets.id,
   * })
   *   .from(users)
   *   .leftJoin(pets, eq(users.id, pets.ownerId))
   * ```
   */
  leftJoin = this.createJoin("left", false);
  /**
   * Executes a `left join lateral` operation by adding subquery to the current query.
   *
   * A `lateral` join allows the right-hand expression to refer to columns from the left-hand side.
   *
   * Calling this method associates each row of the table with the corresponding row from the joined table, if a match is found. If no matching row exists, it sets all columns of the joined table to null.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#left-join-lateral}
   *
   * @param table the subquery to join.
   * @param on the `on` clause.
   */
  leftJoinLateral = this.createJoin("left", true);
  /**
   * Executes a `right join` operation by adding another table to the current query.
   *
   * Calling this method associates each row of the joined table with the corresponding row from the main table, if a match is found. If no matching row exists, it sets all columns of the main table to null.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#right-join}
   *
   * @param table the table to join.
   * @param on the `on` clause.
   *
   * @example
   *
   * ```ts
   * // Select all users and their pets
   * const usersWithPets: { user: User | null; pets: Pet; }[] = await db.select()
   *   .from(users)
   *   .rightJoin(pets, eq(users.id, pets.ownerId))
   *
   * // Select userId and petId
   * const usersIdsAndPetIds: { userId: number | null; petId: number; }[] = await db.select({
   *   userId: users.id,
   *   petId: pets.id,
   * })
   *   .from(users)
   *   .rightJoin(pets, eq(users.id, pets.ownerId))
   * ```
   */
  rightJoin = this.createJoin("right", false);
  /**
   * Executes an `inner join` operation, creating a new table by combining rows from two tables that have matching values.
   *
   * Calling this method retrieves rows that have corresponding entries in both joined tables. Rows without matching entries in either table are excluded, resulting in a table that includes only matching pairs.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#inner-join}
   *
   * @param table the table to join.
   * @param on the `on` clause.
   *
   * @example
   *
   * ```ts
   * // Select all users and their pets
   * const usersWithPets: { user: User; pets: Pet; }[] = await db.select()
   *   .from(users)
   *   .innerJoin(pets, eq(users.id, pets.ownerId))
   *
   * // Select userId and petId
   * const usersIdsAndPetIds: { userId: number; petId: number; }[] = await db.select({
   *   userId: users.id,
   *   petId: pets.id,
   * })
   *   .from(users)
   *   .innerJoin(pets, eq(users.id, pets.ownerId))
   * ```
   */
  innerJoin = this.createJoin("inner", false);
  /**
   * Executes an `inner join lateral` operation, creating a new table by combining rows from two queries that have matching values.
   *
   * A `lateral` join allows the right-hand expression to refer to columns from the left-hand side.
   *
   * Calling this method retrieves rows that have corresponding entries in both joined tables. Rows without matching entries in either table are excluded, resulting in a table that includes only matching pairs.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#inner-join-lateral}
   *
   * @param table the subquery to join.
   * @param on the `on` clause.
   */
  innerJoinLateral = this.createJoin("inner", true);
  /**
   * Executes a `full join` operation by combining rows from two tables into a new table.
   *
   * Calling this method retrieves all rows from both main and joined tables, merging rows with matching values and filling in `null` for non-matching columns.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#full-join}
   *
   * @param table the table to join.
   * @param on the `on` clause.
   *
   * @example
   *
   * ```ts
   * // Select all users and their pets
   * const usersWithPets: { user: User | null; pets: Pet | null; }[] = await db.select()
   *   .from(users)
   *   .fullJoin(pets, eq(users.id, pets.ownerId))
   *
   * // Select userId and petId
   * const usersIdsAndPetIds: { userId: number | null; petId: number | null; }[] = await db.select({
   *   userId: users.id,
   *   petId: pets.id,
   * })
   *   .from(users)
   *   .fullJoin(pets, eq(users.id, pets.ownerId))
   * ```
   */
  fullJoin = this.createJoin("full", false);
  /**
   * Executes a `cross join` operation by combining rows from two tables into a new table.
   *
   * Calling this method retrieves all rows from both main and joined tables, merging all rows from each table.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#cross-join}
   *
   * @param table the table to join.
   *
   * @example
   *
   * ```ts
   * // Select all users, each user with every pet
   * const usersWithPets: { user: User; pets: Pet; }[] = await db.select()
   *   .from(users)
   *   .crossJoin(pets)
   *
   * // Select userId and petId
   * const usersIdsAndPetIds: { userId: number; petId: number; }[] = await db.select({
   *   userId: users.id,
   *   petId: pets.id,
   * })
   *   .from(users)
   *   .crossJoin(pets)
   * ```
   */
  crossJoin = this.createJoin("cross", false);
  /**
   * Executes a `cross join lateral` operation by combining rows from two queries into a new table.
   *
   * A `lateral` join allows the right-hand expression to refer to columns from the left-hand side.
   *
   * Calling this method retrieves all rows from both main and joined queries, merging all rows from each query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/joins#cross-join-lateral}
   *
   * @param table the query to join.
   */
  crossJoinLateral = this.createJoin("cross", true);
  createSetOperator(type, isAll) {
    return (rightSelection) => {
      const rightSelect = typeof rightSelection === "function" ? rightSelection(getPgSetOperators()) : rightSelection;
      if (!haveSameKeys(this.getSelectedFields(), rightSelect.getSelectedFields())) {
        throw new Error(
          "Set operator error (union / intersect / except): selected fields are not the same or are in a different order"
        );
      }
      this.config.setOperators.push({ type, isAll, rightSelect });
      return this;
    };
  }
  /**
   * Adds `union` set operator to the query.
   *
   * Calling this method will combine the result sets of the `select` statements and remove any duplicate rows that appear across them.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#union}
   *
   * @example
   *
   * ```ts
   * // Select all unique names from customers and users tables
   * await db.select({ name: users.name })
   *   .from(users)
   *   .union(
   *     db.select({ name: customers.name }).from(customers)
   *   );
   * // or
   * import { union } from 'drizzle-orm/pg-core'
   *
   * await union(
   *   db.select({ name: users.name }).from(users),
   *   db.select({ name: customers.name }).from(customers)
   * );
   * ```
   */
  union = this.createSetOperator("union", false);
  /**
   * Adds `union all` set operator to the query.
   *
   * Calling this method will combine the result-set of the `select` statements and keep all duplicate rows that appear across them.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#union-all}
   *
   * @example
   *
   * ```ts
   * // Select all transaction ids from both online and in-store sales
   * await db.select({ transaction: onlineSales.transactionId })
   *   .from(onlineSales)
   *   .unionAll(
   *     db.select({ transaction: inStoreSales.transactionId }).from(inStoreSales)
   *   );
   * // or
   * import { unionAll } from 'drizzle-orm/pg-core'
   *
   * await unionAll(
   *   db.select({ transaction: onlineSales.transactionId }).from(onlineSales),
   *   db.select({ transaction: inStoreSales.transactionId }).from(inStoreSales)
   * );
   * ```
   */
  unionAll = this.createSetOperator("union", true);
  /**
   * Adds `intersect` set operator to the query.
   *
   * Calling this method will retain only the rows that are present in both result sets and eliminate duplicates.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#intersect}
   *
   * @example
   *
   * ```ts
   * // Select course names that are offered in both departments A and B
   * await db.select({ courseName: depA.courseName })
   *   .from(depA)
   *   .intersect(
   *     db.select({ courseName: depB.courseName }).from(depB)
   *   );
   * // or
   * import { intersect } from 'drizzle-orm/pg-core'
   *
   * await intersect(
   *   db.select({ courseName: depA.courseName }).from(depA),
   *   db.select({ courseName: depB.courseName }).from(depB)
   * );
   * ```
   */
  intersect = this.createSetOperator("intersect", false);
  /**
   * Adds `intersect all` set operator to the query.
   *
   * Calling this method will retain only the rows that are present in both result sets including all duplicates.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#intersect-all}
   *
   * @example
   *
   * ```ts
   * // Select all products and quantities that are ordered by both regular and VIP customers
   * await db.select({
   *   productId: regularCustomerOrders.productId,
   *   quantityOrdered: regularCustomerOrders.quantityOrdered
   * })
   * .from(regularCustomerOrders)
   * .intersectAll(
   *   db.select({
   *     productId: vipCustomerOrders.productId,
   *     quantityOrdered: vipCustomerOrders.quantityOrdered
   *   })
   *   .from(vipCustomerOrders)
   * );
   * // or
   * import { intersectAll } from 'drizzle-orm/pg-core'
   *
   * await intersectAll(
   *   db.select({
   *     productId: regularCustomerOrders.productId,
   *     quantityOrdered: regularCustomerOrders.quantityOrdered
   *   })
   *   .from(regularCustomerOrders),
   *   db.select({
   *     productId: vipCustomerOrders.productId,
   *     quantityOrdered: vipCustomerOrders.quantityOrdered
   *   })
   *   .from(vipCustomerOrders)
   * );
   * ```
   */
  intersectAll = this.createSetOperator("intersect", true);
  /**
   * Adds `except` set operator to the query.
   *
   * Calling this method will retrieve all unique rows from the left query, except for the rows that are present in the result set of the right query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#except}
   *
   * @example
   *
   * ```ts
   * // Select all courses offered in department A but not in department B
   * await db.select({ courseName: depA.courseName })
   *   .from(depA)
   *   .except(
   *     db.select({ courseName: depB.courseName }).from(depB)
   *   );
   * // or
   * import { except } from 'drizzle-orm/pg-core'
   *
   * await except(
   *   db.select({ courseName: depA.courseName }).from(depA),
   *   db.select({ courseName: depB.courseName }).from(depB)
   * );
   * ```
   */
  except = this.createSetOperator("except", false);
  /**
   * Adds `except all` set operator to the query.
   *
   * Calling this method will retrieve all rows from the left query, except for the rows that are present in the result set of the right query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/set-operations#except-all}
   *
   * @example
   *
   * ```ts
   * // Select all products that are ordered by regular customers but not by VIP customers
   * await db.select({
   *   productId: regularCustomerOrders.productId,
   *   quantityOrdered: regularCustomerOrders.quantityOrdered,
   * })
   * .from(regularCustomerOrders)
   * .exceptAll(
   *   db.select({
   *     productId: vipCustomerOrders.productId,
   *     quantityOrdered: vipCustomerOrders.quantityOrdered,
   *   })
   *   .from(vipCustomerOrders)
   * );
   * // or
   * import { exceptAll } from 'drizzle-orm/pg-core'
   *
   * await exceptAll(
   *   db.select({
   *     productId: regularCustomerOrders.productId,
   *     quantityOrdered: regularCustomerOrders.quantityOrdered
   *   })
   *   .from(regularCustomerOrders),
   *   db.select({
   *     productId: vipCustomerOrders.productId,
   *     quantityOrdered: vipCustomerOrders.quantityOrdered
   *   })
   *   .from(vipCustomerOrders)
   * );
   * ```
   */
  exceptAll = this.createSetOperator("except", true);
  /** @internal */
  addSetOperators(setOperators) {
    this.config.setOperators.push(...setOperators);
    return this;
  }
  /**
   * Adds a `where` clause to the query.
   *
   * Calling this method will select only those rows that fulfill a specified condition.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#filtering}
   *
   * @param where the `where` clause.
   *
   * @example
   * You can use conditional operators and `sql function` to filter the rows to be selected.
   *
   * ```ts
   * // Select all cars with green color
   * await db.select().from(cars).where(eq(cars.color, 'green'));
   * // or
   * await db.select().from(cars).where(sql`${cars.color} = 'green'`)
   * ```
   *
   * You can logically combine conditional operators with `and()` and `or()` operators:
   *
   * ```ts
   * // Select all BMW cars with a green color
   * await db.select().from(cars).where(and(eq(cars.color, 'green'), eq(cars.brand, 'BMW')));
   *
   * // Select all cars with the green or blue color
   * await db.select().from(cars).where(or(eq(cars.color, 'green'), eq(cars.color, 'blue')));
   * ```
   */
  where(where) {
    if (typeof where === "function") {
      where = where(
        new Proxy(
          this.config.fields,
          new SelectionProxyHandler({ sqlAliasedBehavior: "sql", sqlBehavior: "sql" })
        )
      );
    }
    this.config.where = where;
    return this;
  }
  /**
   * Adds a `having` clause to the query.
   *
   * Calling this method will select only those rows that fulfill a specified condition. It is typically used with aggregate functions to filter the aggregated data based on a specified condition.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#aggregations}
   *
   * @param having the `having` clause.
   *
   * @example
   *
   * ```ts
   * // Select all brands with more than one car
   * await db.select({
   * 	brand: cars.brand,
   * 	count: sql<number>`cast(count(${cars.id}) as int)`,
   * })
   *   .from(cars)
   *   .groupBy(cars.brand)
   *   .having(({ count }) => gt(count, 1));
   * ```
   */
  having(having) {
    if (typeof having === "function") {
      having = having(
        new Proxy(
          this.config.fields,
          new SelectionProxyHandler({ sqlAliasedBehavior: "sql", sqlBehavior: "sql" })
        )
      );
    }
    this.config.having = having;
    return this;
  }
  groupBy(...columns3) {
    if (typeof columns3[0] === "function") {
      const groupBy = columns3[0](
        new Proxy(
          this.config.fields,
          new SelectionProxyHandler({ sqlAliasedBehavior: "alias", sqlBehavior: "sql" })
        )
      );
      this.config.groupBy = Array.isArray(groupBy) ? groupBy : [groupBy];
    } else {
      this.config.groupBy = columns3;
    }
    return this;
  }
  orderBy(...columns3) {
    if (typeof columns3[0] === "function") {
      const orderBy = columns3[0](
        new Proxy(
          this.config.fields,
          new SelectionProxyHandler({ sqlAliasedBehavior: "alias", sqlBehavior: "sql" })
        )
      );
      const orderByArray = Array.isArray(orderBy) ? orderBy : [orderBy];
      if (this.config.setOperators.length > 0) {
        this.config.setOperators.at(-1).orderBy = orderByArray;
      } else {
        this.config.orderBy = orderByArray;
      }
    } else {
      const orderByArray = columns3;
      if (this.config.setOperators.length > 0) {
        this.config.setOperators.at(-1).orderBy = orderByArray;
      } else {
        this.config.orderBy = orderByArray;
      }
    }
    return this;
  }
  /**
   * Adds a `limit` clause to the query.
   *
   * Calling this method will set the maximum number of rows that will be returned by this query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#limit--offset}
   *
   * @param limit the `limit` clause.
   *
   * @example
   *
   * ```ts
   * // Get the first 10 people from this query.
   * await db.select().from(people).limit(10);
   * ```
   */
  limit(limit) {
    if (this.config.setOperators.length > 0) {
      this.config.setOperators.at(-1).limit = limit;
    } else {
      this.config.limit = limit;
    }
    return this;
  }
  /**
   * Adds an `offset` clause to the query.
   *
   * Calling this method will skip a number of rows when returning results from this query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#limit--offset}
   *
   * @param offset the `offset` clause.
   *
   * @example
   *
   * ```ts
   * // Get the 10th-20th people from this query.
   * await db.select().from(people).offset(10).limit(10);
   * ```
   */
  offset(offset) {
    if (this.config.setOperators.length > 0) {
      this.config.setOperators.at(-1).offset = offset;
    } else {
      this.config.offset = offset;
    }
    return this;
  }
  /**
   * Adds a `for` clause to the query.
   *
   * Calling this method will specify a lock strength for this query that controls how strictly it acquires exclusive access to the rows being queried.
   *
   * See docs: {@link https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE}
   *
   * @param strength the lock strength.
   * @param config the lock configuration.
   */
  for(strength, config = {}) {
    this.config.lockingClause = { strength, config };
    return this;
  }
  /** @internal */
  getSQL() {
    return this.dialect.buildSelectQuery(this.config);
  }
  toSQL() {
    const { typings: _typings, ...rest } = this.dialect.sqlToQuery(this.getSQL());
    return rest;
  }
  as(alias2) {
    const usedTables = [];
    usedTables.push(...extractUsedTable(this.config.table));
    if (this.config.joins) {
      for (const it of this.config.joins) usedTables.push(...extractUsedTable(it.table));
    }
    return new Proxy(
      new Subquery(this.getSQL(), this.config.fields, alias2, false, [...new Set(usedTables)]),
      new SelectionProxyHandler({ alias: alias2, sqlAliasedBehavior: "alias", sqlBehavior: "error" })
    );
  }
  /** @internal */
  getSelectedFields() {
    return new Proxy(
      this.config.fields,
      new SelectionProxyHandler({ alias: this.tableName, sqlAliasedBehavior: "alias", sqlBehavior: "error" })
    );
  }
  $dynamic() {
    return this;
  }
  $withCache(config) {
    this.cacheConfig = config === void 0 ? { config: {}, enable: true, autoInvalidate: true } : config === false ? { enable: false } : { enable: true, autoInvalidate: true, ...config };
    return this;
  }
};
var PgSelectBase = class extends PgSelectQueryBuilderBase {
  static [entityKind] = "PgSelect";
  /** @internal */
  _prepare(name) {
    const { session, config, dialect, joinsNotNullableMap, authToken, cacheConfig, usedTables } = this;
    if (!session) {
      throw new Error("Cannot execute a query on a query builder. Please use a database instance instead.");
    }
    const { fields } = config;
    return tracer.startActiveSpan("drizzle.prepareQuery", () => {
      const fieldsList = orderSelectedFields(fields);
      const query = session.prepareQuery(dialect.sqlToQuery(this.getSQL()), fieldsList, name, true, void 0, {
        type: "select",
        tables: [...usedTables]
      }, cacheConfig);
      query.joinsNotNullableMap = joinsNotNullableMap;
      return query.setToken(authToken);
    });
  }
  /**
   * Create a prepared statement for this query. This allows
   * the database to remember this query for the given session
   * and call it by name, rather than specifying the full query.
   *
   * {@link https://www.postgresql.org/docs/current/sql-prepare.html | Postgres prepare documentation}
   */
  prepare(name) {
    return this._prepare(name);
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute = (placeholderValues) => {
    return tracer.startActiveSpan("drizzle.operation", () => {
      return this._prepare().execute(placeholderValues, this.authToken);
    });
  };
};
applyMixins(PgSelectBase, [QueryPromise]);
function createSetOperator(type, isAll) {
  return (leftSelect, rightSelect, ...restSelects) => {
    const setOperators = [rightSelect, ...restSelects].map((select) => ({
      type,
      isAll,
      rightSelect: select
    }));
    for (const setOperator of setOperators) {
      if (!haveSameKeys(leftSelect.getSelectedFields(), setOperator.rightSelect.getSelectedFields())) {
        throw new Error(
          "Set operator error (union / intersect / except): selected fields are not the same or are in a different order"
        );
      }
    }
    return leftSelect.addSetOperators(setOperators);
  };
}
var getPgSetOperators = () => ({
  union,
  unionAll,
  intersect,
  intersectAll,
  except,
  exceptAll
});
var union = createSetOperator("union", false);
var unionAll = createSetOperator("union", true);
var intersect = createSetOperator("intersect", false);
var intersectAll = createSetOperator("intersect", true);
var except = createSetOperator("except", false);
var exceptAll = createSetOperator("except", true);

// node_modules/drizzle-orm/pg-core/query-builders/query-builder.js
var QueryBuilder = class {
  static [entityKind] = "PgQueryBuilder";
  dialect;
  dialectConfig;
  constructor(dialect) {
    this.dialect = is(dialect, PgDialect) ? dialect : void 0;
    this.dialectConfig = is(dialect, PgDialect) ? void 0 : dialect;
  }
  $with = (alias2, selection) => {
    const queryBuilder = this;
    const as = (qb) => {
      if (typeof qb === "function") {
        qb = qb(queryBuilder);
      }
      return new Proxy(
        new WithSubquery(
          qb.getSQL(),
          selection ?? ("getSelectedFields" in qb ? qb.getSelectedFields() ?? {} : {}),
          alias2,
          true
        ),
        new SelectionProxyHandler({ alias: alias2, sqlAliasedBehavior: "alias", sqlBehavior: "error" })
      );
    };
    return { as };
  };
  with(...queries) {
    const self = this;
    function select(fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: void 0,
        dialect: self.getDialect(),
        withList: queries
      });
    }
    function selectDistinct(fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: void 0,
        dialect: self.getDialect(),
        distinct: true
      });
    }
    function selectDistinctOn(on, fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: void 0,
        dialect: self.getDialect(),
        distinct: { on }
      });
    }
    return { select, selectDistinct, selectDistinctOn };
  }
  select(fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: void 0,
      dialect: this.getDialect()
    });
  }
  selectDistinct(fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: void 0,
      dialect: this.getDialect(),
      distinct: true
    });
  }
  selectDistinctOn(on, fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: void 0,
      dialect: this.getDialect(),
      distinct: { on }
    });
  }
  // Lazy load dialect to avoid circular dependency
  getDialect() {
    if (!this.dialect) {
      this.dialect = new PgDialect(this.dialectConfig);
    }
    return this.dialect;
  }
};

// node_modules/drizzle-orm/pg-core/utils.js
function extractUsedTable(table) {
  if (is(table, PgTable)) {
    return [table[Schema] ? `${table[Schema]}.${table[Table.Symbol.BaseName]}` : table[Table.Symbol.BaseName]];
  }
  if (is(table, Subquery)) {
    return table._.usedTables ?? [];
  }
  if (is(table, SQL)) {
    return table.usedTables ?? [];
  }
  return [];
}

// node_modules/drizzle-orm/pg-core/query-builders/delete.js
var PgDeleteBase = class extends QueryPromise {
  constructor(table, session, dialect, withList) {
    super();
    this.session = session;
    this.dialect = dialect;
    this.config = { table, withList };
  }
  static [entityKind] = "PgDelete";
  config;
  cacheConfig;
  /**
   * Adds a `where` clause to the query.
   *
   * Calling this method will delete only those rows that fulfill a specified condition.
   *
   * See docs: {@link https://orm.drizzle.team/docs/delete}
   *
   * @param where the `where` clause.
   *
   * @example
   * You can use conditional operators and `sql function` to filter the rows to be deleted.
   *
   * ```ts
   * // Delete all cars with green color
   * await db.delete(cars).where(eq(cars.color, 'green'));
   * // or
   * await db.delete(cars).where(sql`${cars.color} = 'green'`)
   * ```
   *
   * You can logically combine conditional operators with `and()` and `or()` operators:
   *
   * ```ts
   * // Delete all BMW cars with a green color
   * await db.delete(cars).where(and(eq(cars.color, 'green'), eq(cars.brand, 'BMW')));
   *
   * // Delete all cars with the green or blue color
   * await db.delete(cars).where(or(eq(cars.color, 'green'), eq(cars.color, 'blue')));
   * ```
   */
  where(where) {
    this.config.where = where;
    return this;
  }
  returning(fields = this.config.table[Table.Symbol.Columns]) {
    this.config.returningFields = fields;
    this.config.returning = orderSelectedFields(fields);
    return this;
  }
  /** @internal */
  getSQL() {
    return this.dialect.buildDeleteQuery(this.config);
  }
  toSQL() {
    const { typings: _typings, ...rest } = this.dialect.sqlToQuery(this.getSQL());
    return rest;
  }
  /** @internal */
  _prepare(name) {
    return tracer.startActiveSpan("drizzle.prepareQuery", () => {
      return this.session.prepareQuery(this.dialect.sqlToQuery(this.getSQL()), this.config.returning, name, true, void 0, {
        type: "delete",
        tables: extractUsedTable(this.config.table)
      }, this.cacheConfig);
    });
  }
  prepare(name) {
    return this._prepare(name);
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute = (placeholderValues) => {
    return tracer.startActiveSpan("drizzle.operation", () => {
      return this._prepare().execute(placeholderValues, this.authToken);
    });
  };
  /** @internal */
  getSelectedFields() {
    return this.config.returningFields ? new Proxy(
      this.config.returningFields,
      new SelectionProxyHandler({
        alias: getTableName(this.config.table),
        sqlAliasedBehavior: "alias",
        sqlBehavior: "error"
      })
    ) : void 0;
  }
  $dynamic() {
    return this;
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/insert.js
var PgInsertBuilder = class {
  constructor(table, session, dialect, withList, overridingSystemValue_) {
    this.table = table;
    this.session = session;
    this.dialect = dialect;
    this.withList = withList;
    this.overridingSystemValue_ = overridingSystemValue_;
  }
  static [entityKind] = "PgInsertBuilder";
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  overridingSystemValue() {
    this.overridingSystemValue_ = true;
    return this;
  }
  values(values) {
    values = Array.isArray(values) ? values : [values];
    if (values.length === 0) {
      throw new Error("values() must be called with at least one value");
    }
    const mappedValues = values.map((entry) => {
      const result = {};
      const cols = this.table[Table.Symbol.Columns];
      for (const colKey of Object.keys(entry)) {
        const colValue = entry[colKey];
        result[colKey] = is(colValue, SQL) ? colValue : new Param(colValue, cols[colKey]);
      }
      return result;
    });
    return new PgInsertBase(
      this.table,
      mappedValues,
      this.session,
      this.dialect,
      this.withList,
      false,
      this.overridingSystemValue_
    ).setToken(this.authToken);
  }
  select(selectQuery) {
    const select = typeof selectQuery === "function" ? selectQuery(new QueryBuilder()) : selectQuery;
    if (!is(select, SQL) && !haveSameKeys(this.table[Columns], select._.selectedFields)) {
      throw new Error(
        "Insert select error: selected fields are not the same or are in a different order compared to the table definition"
      );
    }
    return new PgInsertBase(this.table, select, this.session, this.dialect, this.withList, true);
  }
};
var PgInsertBase = class extends QueryPromise {
  constructor(table, values, session, dialect, withList, select, overridingSystemValue_) {
    super();
    this.session = session;
    this.dialect = dialect;
    this.config = { table, values, withList, select, overridingSystemValue_ };
  }
  static [entityKind] = "PgInsert";
  config;
  cacheConfig;
  returning(fields = this.config.table[Table.Symbol.Columns]) {
    this.config.returningFields = fields;
    this.config.returning = orderSelectedFields(fields);
    return this;
  }
  /**
   * Adds an `on conflict do nothing` clause to the query.
   *
   * Calling this method simply avoids inserting a row as its alternative action.
   *
   * See docs: {@link https://orm.drizzle.team/docs/insert#on-conflict-do-nothing}
   *
   * @param config The `target` and `where` clauses.
   *
   * @example
   * ```ts
   * // Insert one row and cancel the insert if there's a conflict
   * await db.insert(cars)
   *   .values({ id: 1, brand: 'BMW' })
   *   .onConflictDoNothing();
   *
   * // Explicitly specify conflict target
   * await db.insert(cars)
   *   .values({ id: 1, brand: 'BMW' })
   *   .onConflictDoNothing({ target: cars.id });
   * ```
   */
  onConflictDoNothing(config = {}) {
    if (config.target === void 0) {
      this.config.onConflict = sql`do nothing`;
    } else {
      let targetColumn = "";
      targetColumn = Array.isArray(config.target) ? config.target.map((it) => this.dialect.escapeName(this.dialect.casing.getColumnCasing(it))).join(",") : this.dialect.escapeName(this.dialect.casing.getColumnCasing(config.target));
      const whereSql = config.where ? sql` where ${config.where}` : void 0;
      this.config.onConflict = sql`(${sql.raw(targetColumn)})${whereSql} do nothing`;
    }
    return this;
  }
  /**
   * Adds an `on conflict do update` clause to the query.
   *
   * Calling this method will update the existing row that conflicts with the row proposed for insertion as its alternative action.
   *
   * See docs: {@link https://orm.drizzle.team/docs/insert#upserts-and-conflicts}
   *
   * @param config The `target`, `set` and `where` clauses.
   *
   * @example
   * ```ts
   * // Update the row if there's a conflict
   * await db.insert(cars)
   *   .values({ id: 1, brand: 'BMW' })
   *   .onConflictDoUpdate({
   *     target: cars.id,
   *     set: { brand: 'Porsche' }
   *   });
   *
   * // Upsert with 'where' clause
   * await db.insert(cars)
   *   .values({ id: 1, brand: 'BMW' })
   *   .onConflictDoUpdate({
   *     target: cars.id,
   *     set: { brand: 'newBMW' },
   *     targetWhere: sql`${cars.createdAt} > '2023-01-01'::date`,
   *   });
   * ```
   */
  onConflictDoUpdate(config) {
    if (config.where && (config.targetWhere || config.setWhere)) {
      throw new Error(
        'You cannot use both "where" and "targetWhere"/"setWhere" at the same time - "where" is deprecated, use "targetWhere" or "setWhere" instead.'
      );
    }
    const whereSql = config.where ? sql` where ${config.where}` : void 0;
    const targetWhereSql = config.targetWhere ? sql` where ${config.targetWhere}` : void 0;
    const setWhereSql = config.setWhere ? sql` where ${config.setWhere}` : void 0;
    const setSql = this.dialect.buildUpdateSet(this.config.table, mapUpdateSet(this.config.table, config.set));
    let targetColumn = "";
    targetColumn = Array.isArray(config.target) ? config.target.map((it) => this.dialect.escapeName(this.dialect.casing.getColumnCasing(it))).join(",") : this.dialect.escapeName(this.dialect.casing.getColumnCasing(config.target));
    this.config.onConflict = sql`(${sql.raw(targetColumn)})${targetWhereSql} do update set ${setSql}${whereSql}${setWhereSql}`;
    return this;
  }
  /** @internal */
  getSQL() {
    return this.dialect.buildInsertQuery(this.config);
  }
  toSQL() {
    const { typings: _typings, ...rest } = this.dialect.sqlToQuery(this.getSQL());
    return rest;
  }
  /** @internal */
  _prepare(name) {
    return tracer.startActiveSpan("drizzle.prepareQuery", () => {
      return this.session.prepareQuery(this.dialect.sqlToQuery(this.getSQL()), this.config.returning, name, true, void 0, {
        type: "insert",
        tables: extractUsedTable(this.config.table)
      }, this.cacheConfig);
    });
  }
  prepare(name) {
    return this._prepare(name);
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute = (placeholderValues) => {
    return tracer.startActiveSpan("drizzle.operation", () => {
      return this._prepare().execute(placeholderValues, this.authToken);
    });
  };
  /** @internal */
  getSelectedFields() {
    return this.config.returningFields ? new Proxy(
      this.config.returningFields,
      new SelectionProxyHandler({
        alias: getTableName(this.config.table),
        sqlAliasedBehavior: "alias",
        sqlBehavior: "error"
      })
    ) : void 0;
  }
  $dynamic() {
    return this;
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/refresh-materialized-view.js
var PgRefreshMaterializedView = class extends QueryPromise {
  constructor(view3, session, dialect) {
    super();
    this.session = session;
    this.dialect = dialect;
    this.config = { view: view3 };
  }
  static [entityKind] = "PgRefreshMaterializedView";
  config;
  concurrently() {
    if (this.config.withNoData !== void 0) {
      throw new Error("Cannot use concurrently and withNoData together");
    }
    this.config.concurrently = true;
    return this;
  }
  withNoData() {
    if (this.config.concurrently !== void 0) {
      throw new Error("Cannot use concurrently and withNoData together");
    }
    this.config.withNoData = true;
    return this;
  }
  /** @internal */
  getSQL() {
    return this.dialect.buildRefreshMaterializedViewQuery(this.config);
  }
  toSQL() {
    const { typings: _typings, ...rest } = this.dialect.sqlToQuery(this.getSQL());
    return rest;
  }
  /** @internal */
  _prepare(name) {
    return tracer.startActiveSpan("drizzle.prepareQuery", () => {
      return this.session.prepareQuery(this.dialect.sqlToQuery(this.getSQL()), void 0, name, true);
    });
  }
  prepare(name) {
    return this._prepare(name);
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute = (placeholderValues) => {
    return tracer.startActiveSpan("drizzle.operation", () => {
      return this._prepare().execute(placeholderValues, this.authToken);
    });
  };
};

// node_modules/drizzle-orm/pg-core/query-builders/update.js
var PgUpdateBuilder = class {
  constructor(table, session, dialect, withList) {
    this.table = table;
    this.session = session;
    this.dialect = dialect;
    this.withList = withList;
  }
  static [entityKind] = "PgUpdateBuilder";
  authToken;
  setToken(token) {
    this.authToken = token;
    return this;
  }
  set(values) {
    return new PgUpdateBase(
      this.table,
      mapUpdateSet(this.table, values),
      this.session,
      this.dialect,
      this.withList
    ).setToken(this.authToken);
  }
};
var PgUpdateBase = class extends QueryPromise {
  constructor(table, set, session, dialect, withList) {
    super();
    this.session = session;
    this.dialect = dialect;
    this.config = { set, table, withList, joins: [] };
    this.tableName = getTableLikeName(table);
    this.joinsNotNullableMap = typeof this.tableName === "string" ? { [this.tableName]: true } : {};
  }
  static [entityKind] = "PgUpdate";
  config;
  tableName;
  joinsNotNullableMap;
  cacheConfig;
  from(source) {
    const src = source;
    const tableName = getTableLikeName(src);
    if (typeof tableName === "string") {
      this.joinsNotNullableMap[tableName] = true;
    }
    this.config.from = src;
    return this;
  }
  getTableLikeFields(table) {
    if (is(table, PgTable)) {
      return table[Table.Symbol.Columns];
    } else if (is(table, Subquery)) {
      return table._.selectedFields;
    }
    return table[ViewBaseConfig].selectedFields;
  }
  createJoin(joinType) {
    return (table, on) => {
      const tableName = getTableLikeName(table);
      if (typeof tableName === "string" && this.config.joins.some((join) => join.alias === tableName)) {
        throw new Error(`Alias "${tableName}" is already used in this query`);
      }
      if (typeof on === "function") {
        const from = this.config.from && !is(this.config.from, SQL) ? this.getTableLikeFields(this.config.from) : void 0;
        on = on(
          new Proxy(
            this.config.table[Table.Symbol.Columns],
            new SelectionProxyHandler({ sqlAliasedBehavior: "sql", sqlBehavior: "sql" })
          ),
          from && new Proxy(
            from,
            new SelectionProxyHandler({ sqlAliasedBehavior: "sql", sqlBehavior: "sql" })
          )
        );
      }
      this.config.joins.push({ on, table, joinType, alias: tableName });
      if (typeof tableName === "string") {
        switch (joinType) {
          case "left": {
            this.joinsNotNullableMap[tableName] = false;
            break;
          }
          case "right": {
            this.joinsNotNullableMap = Object.fromEntries(
              Object.entries(this.joinsNotNullableMap).map(([key]) => [key, false])
            );
            this.joinsNotNullableMap[tableName] = true;
            break;
          }
          case "inner": {
            this.joinsNotNullableMap[tableName] = true;
            break;
          }
          case "full": {
            this.joinsNotNullableMap = Object.fromEntries(
              Object.entries(this.joinsNotNullableMap).map(([key]) => [key, false])
            );
            this.joinsNotNullableMap[tableName] = false;
            break;
          }
        }
      }
      return this;
    };
  }
  leftJoin = this.createJoin("left");
  rightJoin = this.createJoin("right");
  innerJoin = this.createJoin("inner");
  fullJoin = this.createJoin("full");
  /**
   * Adds a 'where' clause to the query.
   *
   * Calling this method will update only those rows that fulfill a specified condition.
   *
   * See docs: {@link https://orm.drizzle.team/docs/update}
   *
   * @param where the 'where' clause.
   *
   * @example
   * You can use conditional operators and `sql function` to filter the rows to be updated.
   *
   * ```ts
   * // Update all cars with green color
   * await db.update(cars).set({ color: 'red' })
   *   .where(eq(cars.color, 'green'));
   * // or
   * await db.update(cars).set({ color: 'red' })
   *   .where(sql`${cars.color} = 'green'`)
   * ```
   *
   * You can logically combine conditional operators with `and()` and `or()` operators:
   *
   * ```ts
   * // Update all BMW cars with a green color
   * await db.update(cars).set({ color: 'red' })
   *   .where(and(eq(cars.color, 'green'), eq(cars.brand, 'BMW')));
   *
   * // Update all cars with the green or blue color
   * await db.update(cars).set({ color: 'red' })
   *   .where(or(eq(cars.color, 'green'), eq(cars.color, 'blue')));
   * ```
   */
  where(where) {
    this.config.where = where;
    return this;
  }
  returning(fields) {
    if (!fields) {
      fields = Object.assign({}, this.config.table[Table.Symbol.Columns]);
      if (this.config.from) {
        const tableName = getTableLikeName(this.config.from);
        if (typeof tableName === "string" && this.config.from && !is(this.config.from, SQL)) {
          const fromFields = this.getTableLikeFields(this.config.from);
          fields[tableName] = fromFields;
        }
        for (const join of this.config.joins) {
          const tableName2 = getTableLikeName(join.table);
          if (typeof tableName2 === "string" && !is(join.table, SQL)) {
            const fromFields = this.getTableLikeFields(join.table);
            fields[tableName2] = fromFields;
          }
        }
      }
    }
    this.config.returningFields = fields;
    this.config.returning = orderSelectedFields(fields);
    return this;
  }
  /** @internal */
  getSQL() {
    return this.dialect.buildUpdateQuery(this.config);
  }
  toSQL() {
    const { typings: _typings, ...rest } = this.dialect.sqlToQuery(this.getSQL());
    return rest;
  }
  /** @internal */
  _prepare(name) {
    const query = this.session.prepareQuery(this.dialect.sqlToQuery(this.getSQL()), this.config.returning, name, true, void 0, {
      type: "insert",
      tables: extractUsedTable(this.config.table)
    }, this.cacheConfig);
    query.joinsNotNullableMap = this.joinsNotNullableMap;
    return query;
  }
  prepare(name) {
    return this._prepare(name);
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute = (placeholderValues) => {
    return this._prepare().execute(placeholderValues, this.authToken);
  };
  /** @internal */
  getSelectedFields() {
    return this.config.returningFields ? new Proxy(
      this.config.returningFields,
      new SelectionProxyHandler({
        alias: getTableName(this.config.table),
        sqlAliasedBehavior: "alias",
        sqlBehavior: "error"
      })
    ) : void 0;
  }
  $dynamic() {
    return this;
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/count.js
var PgCountBuilder = class _PgCountBuilder extends SQL {
  constructor(params) {
    super(_PgCountBuilder.buildEmbeddedCount(params.source, params.filters).queryChunks);
    this.params = params;
    this.mapWith(Number);
    this.session = params.session;
    this.sql = _PgCountBuilder.buildCount(
      params.source,
      params.filters
    );
  }
  sql;
  token;
  static [entityKind] = "PgCountBuilder";
  [Symbol.toStringTag] = "PgCountBuilder";
  session;
  static buildEmbeddedCount(source, filters) {
    return sql`(select count(*) from ${source}${sql.raw(" where ").if(filters)}${filters})`;
  }
  static buildCount(source, filters) {
    return sql`select count(*) as count from ${source}${sql.raw(" where ").if(filters)}${filters};`;
  }
  /** @intrnal */
  setToken(token) {
    this.token = token;
    return this;
  }
  then(onfulfilled, onrejected) {
    return Promise.resolve(this.session.count(this.sql, this.token)).then(
      onfulfilled,
      onrejected
    );
  }
  catch(onRejected) {
    return this.then(void 0, onRejected);
  }
  finally(onFinally) {
    return this.then(
      (value) => {
        onFinally?.();
        return value;
      },
      (reason) => {
        onFinally?.();
        throw reason;
      }
    );
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/query.js
var RelationalQueryBuilder = class {
  constructor(fullSchema, schema, tableNamesMap, table, tableConfig, dialect, session) {
    this.fullSchema = fullSchema;
    this.schema = schema;
    this.tableNamesMap = tableNamesMap;
    this.table = table;
    this.tableConfig = tableConfig;
    this.dialect = dialect;
    this.session = session;
  }
  static [entityKind] = "PgRelationalQueryBuilder";
  findMany(config) {
    return new PgRelationalQuery(
      this.fullSchema,
      this.schema,
      this.tableNamesMap,
      this.table,
      this.tableConfig,
      this.dialect,
      this.session,
      config ? config : {},
      "many"
    );
  }
  findFirst(config) {
    return new PgRelationalQuery(
      this.fullSchema,
      this.schema,
      this.tableNamesMap,
      this.table,
      this.tableConfig,
      this.dialect,
      this.session,
      config ? { ...config, limit: 1 } : { limit: 1 },
      "first"
    );
  }
};
var PgRelationalQuery = class extends QueryPromise {
  constructor(fullSchema, schema, tableNamesMap, table, tableConfig, dialect, session, config, mode) {
    super();
    this.fullSchema = fullSchema;
    this.schema = schema;
    this.tableNamesMap = tableNamesMap;
    this.table = table;
    this.tableConfig = tableConfig;
    this.dialect = dialect;
    this.session = session;
    this.config = config;
    this.mode = mode;
  }
  static [entityKind] = "PgRelationalQuery";
  /** @internal */
  _prepare(name) {
    return tracer.startActiveSpan("drizzle.prepareQuery", () => {
      const { query, builtQuery } = this._toSQL();
      return this.session.prepareQuery(
        builtQuery,
        void 0,
        name,
        true,
        (rawRows, mapColumnValue) => {
          const rows = rawRows.map(
            (row) => mapRelationalRow(this.schema, this.tableConfig, row, query.selection, mapColumnValue)
          );
          if (this.mode === "first") {
            return rows[0];
          }
          return rows;
        }
      );
    });
  }
  prepare(name) {
    return this._prepare(name);
  }
  _getQuery() {
    return this.dialect.buildRelationalQueryWithoutPK({
      fullSchema: this.fullSchema,
      schema: this.schema,
      tableNamesMap: this.tableNamesMap,
      table: this.table,
      tableConfig: this.tableConfig,
      queryConfig: this.config,
      tableAlias: this.tableConfig.tsName
    });
  }
  /** @internal */
  getSQL() {
    return this._getQuery().sql;
  }
  _toSQL() {
    const query = this._getQuery();
    const builtQuery = this.dialect.sqlToQuery(query.sql);
    return { query, builtQuery };
  }
  toSQL() {
    return this._toSQL().builtQuery;
  }
  authToken;
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  execute() {
    return tracer.startActiveSpan("drizzle.operation", () => {
      return this._prepare().execute(void 0, this.authToken);
    });
  }
};

// node_modules/drizzle-orm/pg-core/query-builders/raw.js
var PgRaw = class extends QueryPromise {
  constructor(execute, sql2, query, mapBatchResult) {
    super();
    this.execute = execute;
    this.sql = sql2;
    this.query = query;
    this.mapBatchResult = mapBatchResult;
  }
  static [entityKind] = "PgRaw";
  /** @internal */
  getSQL() {
    return this.sql;
  }
  getQuery() {
    return this.query;
  }
  mapResult(result, isFromBatch) {
    return isFromBatch ? this.mapBatchResult(result) : result;
  }
  _prepare() {
    return this;
  }
  /** @internal */
  isResponseInArrayMode() {
    return false;
  }
};

// node_modules/drizzle-orm/pg-core/db.js
var PgDatabase = class {
  constructor(dialect, session, schema) {
    this.dialect = dialect;
    this.session = session;
    this._ = schema ? {
      schema: schema.schema,
      fullSchema: schema.fullSchema,
      tableNamesMap: schema.tableNamesMap,
      session
    } : {
      schema: void 0,
      fullSchema: {},
      tableNamesMap: {},
      session
    };
    this.query = {};
    if (this._.schema) {
      for (const [tableName, columns3] of Object.entries(this._.schema)) {
        this.query[tableName] = new RelationalQueryBuilder(
          schema.fullSchema,
          this._.schema,
          this._.tableNamesMap,
          schema.fullSchema[tableName],
          columns3,
          dialect,
          session
        );
      }
    }
    this.$cache = { invalidate: async (_params) => {
    } };
  }
  static [entityKind] = "PgDatabase";
  query;
  /**
   * Creates a subquery that defines a temporary named result set as a CTE.
   *
   * It is useful for breaking down complex queries into simpler parts and for reusing the result set in subsequent parts of the query.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#with-clause}
   *
   * @param alias The alias for the subquery.
   *
   * Failure to provide an alias will result in a DrizzleTypeError, preventing the subquery from being referenced in other queries.
   *
   * @example
   *
   * ```ts
   * // Create a subquery with alias 'sq' and use it in the select query
   * const sq = db.$with('sq').as(db.select().from(users).where(eq(users.id, 42)));
   *
   * const result = await db.with(sq).select().from(sq);
   * ```
   *
   * To select arbitrary SQL values as fields in a CTE and reference them in other CTEs or in the main query, you need to add aliases to them:
   *
   * ```ts
   * // Select an arbitrary SQL value as a field in a CTE and reference it in the main query
   * const sq = db.$with('sq').as(db.select({
   *   name: sql<string>`upper(${users.name})`.as('name'),
   * })
   * .from(users));
   *
   * const result = await db.with(sq).select({ name: sq.name }).from(sq);
   * ```
   */
  $with = (alias2, selection) => {
    const self = this;
    const as = (qb) => {
      if (typeof qb === "function") {
        qb = qb(new QueryBuilder(self.dialect));
      }
      return new Proxy(
        new WithSubquery(
          qb.getSQL(),
          selection ?? ("getSelectedFields" in qb ? qb.getSelectedFields() ?? {} : {}),
          alias2,
          true
        ),
        new SelectionProxyHandler({ alias: alias2, sqlAliasedBehavior: "alias", sqlBehavior: "error" })
      );
    };
    return { as };
  };
  $count(source, filters) {
    return new PgCountBuilder({ source, filters, session: this.session });
  }
  $cache;
  /**
   * Incorporates a previously defined CTE (using `$with`) into the main query.
   *
   * This method allows the main query to reference a temporary named result set.
   *
   * See docs: {@link https://orm.drizzle.team/docs/select#with-clause}
   *
   * @param queries The CTEs to incorporate into the main query.
   *
   * @example
   *
   * ```ts
   * // Define a subquery 'sq' as a CTE using $with
   * const sq = db.$with('sq').as(db.select().from(users).where(eq(users.id, 42)));
   *
   * // Incorporate the CTE 'sq' into the main query and select from it
   * const result = await db.with(sq).select().from(sq);
   * ```
   */
  with(...queries) {
    const self = this;
    function select(fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: self.session,
        dialect: self.dialect,
        withList: queries
      });
    }
    function selectDistinct(fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: self.session,
        dialect: self.dialect,
        withList: queries,
        distinct: true
      });
    }
    function selectDistinctOn(on, fields) {
      return new PgSelectBuilder({
        fields: fields ?? void 0,
        session: self.session,
        dialect: self.dialect,
        withList: queries,
        distinct: { on }
      });
    }
    function update(table) {
      return new PgUpdateBuilder(table, self.session, self.dialect, queries);
    }
    function insert(table) {
      return new PgInsertBuilder(table, self.session, self.dialect, queries);
    }
    function delete_(table) {
      return new PgDeleteBase(table, self.session, self.dialect, queries);
    }
    return { select, selectDistinct, selectDistinctOn, update, insert, delete: delete_ };
  }
  select(fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: this.session,
      dialect: this.dialect
    });
  }
  selectDistinct(fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: this.session,
      dialect: this.dialect,
      distinct: true
    });
  }
  selectDistinctOn(on, fields) {
    return new PgSelectBuilder({
      fields: fields ?? void 0,
      session: this.session,
      dialect: this.dialect,
      distinct: { on }
    });
  }
  /**
   * Creates an update query.
   *
   * Calling this method without `.where()` clause will update all rows in a table. The `.where()` clause specifies which rows should be updated.
   *
   * Use `.set()` method to specify which values to update.
   *
   * See docs: {@link https://orm.drizzle.team/docs/update}
   *
   * @param table The table to update.
   *
   * @example
   *
   * ```ts
   * // Update all rows in the 'cars' table
   * await db.update(cars).set({ color: 'red' });
   *
   * // Update rows with filters and conditions
   * await db.update(cars).set({ color: 'red' }).where(eq(cars.brand, 'BMW'));
   *
   * // Update with returning clause
   * const updatedCar: Car[] = await db.update(cars)
   *   .set({ color: 'red' })
   *   .where(eq(cars.id, 1))
   *   .returning();
   * ```
   */
  update(table) {
    return new PgUpdateBuilder(table, this.session, this.dialect);
  }
  /**
   * Creates an insert query.
   *
   * Calling this method will create new rows in a table. Use `.values()` method to specify which values to insert.
   *
   * See docs: {@link https://orm.drizzle.team/docs/insert}
   *
   * @param table The table to insert into.
   *
   * @example
   *
   * ```ts
   * // Insert one row
   * await db.insert(cars).values({ brand: 'BMW' });
   *
   * // Insert multiple rows
   * await db.insert(cars).values([{ brand: 'BMW' }, { brand: 'Porsche' }]);
   *
   * // Insert with returning clause
   * const insertedCar: Car[] = await db.insert(cars)
   *   .values({ brand: 'BMW' })
   *   .returning();
   * ```
   */
  insert(table) {
    return new PgInsertBuilder(table, this.session, this.dialect);
  }
  /**
   * Creates a delete query.
   *
   * Calling this method without `.where()` clause will delete all rows in a table. The `.where()` clause specifies which rows should be deleted.
   *
   * See docs: {@link https://orm.drizzle.team/docs/delete}
   *
   * @param table The table to delete from.
   *
   * @example
   *
   * ```ts
   * // Delete all rows in the 'cars' table
   * await db.delete(cars);
   *
   * // Delete rows with filters and conditions
   * await db.delete(cars).where(eq(cars.color, 'green'));
   *
   * // Delete with returning clause
   * const deletedCar: Car[] = await db.delete(cars)
   *   .where(eq(cars.id, 1))
   *   .returning();
   * ```
   */
  delete(table) {
    return new PgDeleteBase(table, this.session, this.dialect);
  }
  refreshMaterializedView(view3) {
    return new PgRefreshMaterializedView(view3, this.session, this.dialect);
  }
  authToken;
  execute(query) {
    const sequel = typeof query === "string" ? sql.raw(query) : query.getSQL();
    const builtQuery = this.dialect.sqlToQuery(sequel);
    const prepared = this.session.prepareQuery(
      builtQuery,
      void 0,
      void 0,
      false
    );
    return new PgRaw(
      () => prepared.execute(void 0, this.authToken),
      sequel,
      builtQuery,
      (result) => prepared.mapResult(result, true)
    );
  }
  transaction(transaction, config) {
    return this.session.transaction(transaction, config);
  }
};

// node_modules/drizzle-orm/pg-core/sequence.js
var PgSequence = class {
  constructor(seqName, seqOptions, schema) {
    this.seqName = seqName;
    this.seqOptions = seqOptions;
    this.schema = schema;
  }
  static [entityKind] = "PgSequence";
};
function pgSequence(name, options) {
  return pgSequenceWithSchema(name, options, void 0);
}
function pgSequenceWithSchema(name, options, schema) {
  return new PgSequence(name, options, schema);
}

// node_modules/drizzle-orm/cache/core/cache.js
var Cache = class {
  static [entityKind] = "Cache";
};
var NoopCache = class extends Cache {
  strategy() {
    return "all";
  }
  static [entityKind] = "NoopCache";
  async get(_key) {
    return void 0;
  }
  async put(_hashedQuery, _response, _tables, _config) {
  }
  async onMutate(_params) {
  }
};
async function hashQuery(sql2, params) {
  const dataToHash = `${sql2}-${JSON.stringify(params)}`;
  const encoder = new TextEncoder();
  const data = encoder.encode(dataToHash);
  const hashBuffer = await crypto.subtle.digest("SHA-256", data);
  const hashArray = [...new Uint8Array(hashBuffer)];
  const hashHex = hashArray.map((b) => b.toString(16).padStart(2, "0")).join("");
  return hashHex;
}

// node_modules/drizzle-orm/pg-core/session.js
var PgPreparedQuery = class {
  constructor(query, cache, queryMetadata, cacheConfig) {
    this.query = query;
    this.cache = cache;
    this.queryMetadata = queryMetadata;
    this.cacheConfig = cacheConfig;
    if (cache && cache.strategy() === "all" && cacheConfig === void 0) {
      this.cacheConfig = { enable: true, autoInvalidate: true };
    }
    if (!this.cacheConfig?.enable) {
      this.cacheConfig = void 0;
    }
  }
  authToken;
  getQuery() {
    return this.query;
  }
  mapResult(response, _isFromBatch) {
    return response;
  }
  /** @internal */
  setToken(token) {
    this.authToken = token;
    return this;
  }
  static [entityKind] = "PgPreparedQuery";
  /** @internal */
  joinsNotNullableMap;
  /** @internal */
  async queryWithCache(queryString, params, query) {
    if (this.cache === void 0 || is(this.cache, NoopCache) || this.queryMetadata === void 0) {
      try {
        return await query();
      } catch (e) {
        throw new DrizzleQueryError(queryString, params, e);
      }
    }
    if (this.cacheConfig && !this.cacheConfig.enable) {
      try {
        return await query();
      } catch (e) {
        throw new DrizzleQueryError(queryString, params, e);
      }
    }
    if ((this.queryMetadata.type === "insert" || this.queryMetadata.type === "update" || this.queryMetadata.type === "delete") && this.queryMetadata.tables.length > 0) {
      try {
        const [res] = await Promise.all([
          query(),
          this.cache.onMutate({ tables: this.queryMetadata.tables })
        ]);
        return res;
      } catch (e) {
        throw new DrizzleQueryError(queryString, params, e);
      }
    }
    if (!this.cacheConfig) {
      try {
        return await query();
      } catch (e) {
        throw new DrizzleQueryError(queryString, params, e);
      }
    }
    if (this.queryMetadata.type === "select") {
      const fromCache = await this.cache.get(
        this.cacheConfig.tag ?? await hashQuery(queryString, params),
        this.queryMetadata.tables,
        this.cacheConfig.tag !== void 0,
        this.cacheConfig.autoInvalidate
      );
      if (fromCache === void 0) {
        let result;
        try {
          result = await query();
        } catch (e) {
          throw new DrizzleQueryError(queryString, params, e);
        }
        await this.cache.put(
          this.cacheConfig.tag ?? await hashQuery(queryString, params),
          result,
          // make sure we send tables that were used in a query only if user wants to invalidate it on each write
          this.cacheConfig.autoInvalidate ? this.queryMetadata.tables : [],
          this.cacheConfig.tag !== void 0,
          this.cacheConfig.config
        );
        return result;
      }
      return fromCache;
    }
    try {
      return await query();
    } catch (e) {
      throw new DrizzleQueryError(queryString, params, e);
    }
  }
};
var PgSession = class {
  constructor(dialect) {
    this.dialect = dialect;
  }
  static [entityKind] = "PgSession";
  /** @internal */
  execute(query, token) {
    return tracer.startActiveSpan("drizzle.operation", () => {
      const prepared = tracer.startActiveSpan("drizzle.prepareQuery", () => {
        return this.prepareQuery(
          this.dialect.sqlToQuery(query),
          void 0,
          void 0,
          false
        );
      });
      return prepared.setToken(token).execute(void 0, token);
    });
  }
  all(query) {
    return this.prepareQuery(
      this.dialect.sqlToQuery(query),
      void 0,
      void 0,
      false
    ).all();
  }
  /** @internal */
  async count(sql2, token) {
    const res = await this.execute(sql2, token);
    return Number(
      res[0]["count"]
    );
  }
};
var PgTransaction = class extends PgDatabase {
  constructor(dialect, session, schema, nestedIndex = 0) {
    super(dialect, session, schema);
    this.schema = schema;
    this.nestedIndex = nestedIndex;
  }
  static [entityKind] = "PgTransaction";
  rollback() {
    throw new TransactionRollbackError();
  }
  /** @internal */
  getTransactionConfigSQL(config) {
    const chunks = [];
    if (config.isolationLevel) {
      chunks.push(`isolation level ${config.isolationLevel}`);
    }
    if (config.accessMode) {
      chunks.push(config.accessMode);
    }
    if (typeof config.deferrable === "boolean") {
      chunks.push(config.deferrable ? "deferrable" : "not deferrable");
    }
    return sql.raw(chunks.join(" "));
  }
  setTransaction(config) {
    return this.session.execute(sql`set transaction ${this.getTransactionConfigSQL(config)}`);
  }
};

// db/schema/auth.ts
var apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role", { enum: ["agent", "manager", "admin"] }).notNull(),
  /** Short, non-secret id of the key (part of generated secrets: sla_<keyId>_<random>), shown in listings. */
  keyId: text("key_id").notNull().unique(),
  /** HMAC-SHA256 of the secret under API_KEY_PEPPER ('sha256': a key stored before migration 0009, re-hashed at its next use). */
  keyHash: text("key_hash").notNull().unique(),
  hashScheme: text("hash_scheme", { enum: ["hmac-sha256", "sha256"] }).notNull().default("hmac-sha256"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" })
});
var idempotencyRecords = pgTable(
  "idempotency_records",
  {
    apiKeyId: uuid("api_key_id").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    /** The answer's media type, replayed as it was (application/problem+json for a refusal). */
    contentType: text("content_type").notNull().default("application/json"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** After this the key is new again (IDEMPOTENCY_KEY_TTL_HOURS after the answer). */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("idempotency_records_expires_at_idx").on(t.expiresAt)]
);

// db/schema/customers.ts
var serviceLevels = ["standard", "premium", "enterprise"];
var accounts = pgTable("accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  serviceLevel: text("service_level", { enum: serviceLevels }).notNull().default("standard"),
  email: text("email"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  version: integer("version").notNull().default(1)
});
var contacts = pgTable("contacts", {
  id: uuid("id").primaryKey().defaultRandom(),
  accountId: uuid("account_id").references(() => accounts.id),
  name: text("name").notNull(),
  email: text("email"),
  phone: text("phone"),
  serviceLevel: text("service_level", { enum: serviceLevels }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  version: integer("version").notNull().default(1)
});
var agents = pgTable("agents", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  managerId: uuid("manager_id").references(() => agents.id),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});

// db/schema/queues.ts
var queues = pgTable("queues", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description"),
  /** SLA "escalate to queue" actions may target any queue; this marks the default one. */
  isEscalation: boolean("is_escalation").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});
var queueItems = pgTable(
  "queue_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    queueId: uuid("queue_id").notNull().references(() => queues.id),
    caseId: uuid("case_id").notNull(),
    workedById: uuid("worked_by_id").references(() => agents.id),
    enteredAt: timestamp("entered_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    reason: text("reason")
  },
  (t) => [
    uniqueIndex("queue_items_one_open_per_case").on(t.caseId).where(sql`${t.removedAt} is null`),
    index("queue_items_queue_idx").on(t.queueId)
  ]
);

// db/schema/products.ts
var productNumberSeq = pgSequence("product_number_seq", { startWith: 1 });
var products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human product number, e.g. PRD-000123, from product_number_seq. */
    number: text("number").notNull().unique(),
    name: text("name").notNull(),
    parentId: uuid("parent_id").references(() => products.id),
    /** Inactive products stay on the cases that have them; new cases and entitlements cannot take them. */
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer("version").notNull().default(1)
  },
  (t) => [uniqueIndex("products_name_key").on(sql`lower(${t.name})`), index("products_parent_idx").on(t.parentId)]
);

// db/schema/audit.ts
var actorKindValues = ["api_key", "sla", "system"];
var actorColumnDefinitions = () => ({
  actorKind: text("actor_kind", { enum: actorKindValues }).notNull().default("system"),
  actorApiKeyId: uuid("actor_api_key_id"),
  actorName: text("actor_name").notNull().default("System")
});
var auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    entity: text("entity", { enum: ["sla", "calendar", "holiday_list"] }).notNull(),
    entityId: uuid("entity_id").notNull(),
    /** The entity's version after the change (for a delete: the version deleted). */
    version: integer("version"),
    action: text("action").notNull(),
    ...actorColumnDefinitions(),
    data: jsonb("data").$type().notNull().default({}),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId, t.id)]
);

// db/schema/case-values.ts
var casePriorities = ["low", "normal", "high"];
var caseOrigins = ["phone", "email", "web", "facebook", "twitter", "iot"];
var activeCaseStatuses = ["in_progress", "on_hold", "waiting_for_details", "researching"];
var caseStatuses = [...activeCaseStatuses, "resolved", "cancelled"];

// db/schema/cases.ts
var caseNumberSeq = pgSequence("case_number_seq", { startWith: 1 });
var cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human case number, e.g. CAS-001042, from the cases_number_seq sequence. */
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    description: text("description"),
    accountId: uuid("account_id").references(() => accounts.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    priority: text("priority", { enum: casePriorities }).notNull().default("normal"),
    /** Copied from the customer at creation, editable; SLA conditions read it. */
    serviceLevel: text("service_level").notNull().default("standard"),
    origin: text("origin", { enum: caseOrigins }).notNull(),
    /** The product's name, kept with productId (SLA conditions and older clients read it). */
    product: text("product"),
    productId: uuid("product_id").references(() => products.id),
    ownerId: uuid("owner_id").references(() => agents.id),
    queueId: uuid("queue_id").references(() => queues.id),
    entitlementId: uuid("entitlement_id"),
    /** Set when the case was created although its entitlement had no terms left (non-restricting). */
    entitlementExhausted: boolean("entitlement_exhausted").notNull().default(false),
    slaId: uuid("sla_id"),
    /** The SLA version the case's clocks follow (set with slaId); a newer version reaches them only when applied. */
    slaVersion: integer("sla_version"),
    status: text("status", { enum: caseStatuses }).notNull().default("in_progress"),
    /** Free-form fields SLA actions may set, e.g. { "firstResponseSlaMet": "no" }. */
    fields: jsonb("fields").$type().notNull().default({}),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    /** True once any KPI instance of the case became Noncompliant. */
    breached: boolean("breached").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Optimistic concurrency: the ETag is derived from it. */
    version: integer("version").notNull().default(1)
  },
  (t) => [
    index("cases_status_idx").on(t.status),
    index("cases_owner_idx").on(t.ownerId),
    index("cases_queue_idx").on(t.queueId),
    index("cases_product_idx").on(t.productId),
    index("cases_created_idx").on(t.createdAt, t.id),
    /** Similar cases (src/knowledge/similar-cases.ts): words as written, matched by stem prefixes. */
    index("cases_text_search_idx").using("gin", sql`to_tsvector('simple'::regconfig, coalesce(${t.title}, '') || ' ' || coalesce(${t.description}, ''))`)
  ]
);
var activityKinds = ["phone_call", "email", "task", "appointment", "note", "resolution"];
var caseActivities = pgTable(
  "case_activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    kind: text("kind", { enum: activityKinds }).notNull(),
    direction: text("direction", { enum: ["incoming", "outgoing"] }),
    subject: text("subject").notNull(),
    body: text("body"),
    state: text("state", { enum: ["open", "completed"] }).notNull().default("completed"),
    durationMinutes: integer("duration_minutes").notNull().default(0),
    billable: boolean("billable").notNull().default(true),
    /** Resolution activities carry the case's totals. */
    totalMinutes: integer("total_minutes"),
    billableMinutes: integer("billable_minutes"),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Who logged it (a later completion is a case event with its own actor). */
    ...actorColumnDefinitions(),
    /** Optimistic concurrency for PATCH (ETag W/"<version>"). */
    version: integer("version").notNull().default(1)
  },
  (t) => [index("case_activities_case_idx").on(t.caseId, t.occurredAt)]
);
var caseEvents = pgTable(
  "case_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    kind: text("kind").notNull(),
    summary: text("summary").notNull(),
    data: jsonb("data").$type().notNull().default({}),
    /** Idempotency for events written by retried activities. */
    dedupeKey: text("dedupe_key").unique(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Who made it happen: the request's API key, or the SLA engine for workflow transitions and actions. */
    ...actorColumnDefinitions()
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.occurredAt)]
);

// db/schema/calendars.ts
var calendars = pgTable("calendars", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  currentVersion: integer("current_version").notNull().default(1),
  /** Holiday lists the current version includes (ids of `holiday_lists`); their holidays are resolved into each version. */
  holidayListIds: jsonb("holiday_list_ids").$type().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" })
});
var calendarVersions = pgTable(
  "calendar_versions",
  {
    calendarId: uuid("calendar_id").notNull().references(() => calendars.id),
    version: integer("version").notNull(),
    /** The calendar JSON (see src/calendar/calendar-definition.ts) with holiday lists resolved in. Never changes. */
    definition: jsonb("definition").$type().notNull(),
    /** The definition as the admin wrote it (holiday lists not resolved); null for rows written before it existed. */
    sourceDefinition: jsonb("source_definition").$type(),
    /** The holiday lists resolved into `definition`, with the list versions used. */
    holidayLists: jsonb("holiday_lists").$type().notNull().default([]),
    /** Why this version exists, e.g. "created", "updated", "holiday list Public holidays changed to version 3". */
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.version] })]
);
var holidayLists = pgTable("holiday_lists", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  holidays: jsonb("holidays").$type().notNull().default([]),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" })
});

// db/schema/slas.ts
var slas = pgTable(
  "slas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    /** Null means 24x7. */
    calendarId: uuid("calendar_id").references(() => calendars.id),
    allowPause: boolean("allow_pause").notNull().default(true),
    pausingStatuses: jsonb("pausing_statuses").$type().notNull().default(["on_hold", "waiting_for_details"]),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" })
  },
  (t) => [uniqueIndex("slas_one_default").on(t.isDefault).where(sql`${t.isDefault} and ${t.deletedAt} is null`)]
);
var slaVersions = pgTable(
  "sla_versions",
  {
    slaId: uuid("sla_id").notNull().references(() => slas.id),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    calendarId: uuid("calendar_id").references(() => calendars.id),
    allowPause: boolean("allow_pause").notNull(),
    pausingStatuses: jsonb("pausing_statuses").$type().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.slaId, t.version] })]
);
var slaItems = pgTable(
  "sla_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slaId: uuid("sla_id").notNull().references(() => slas.id),
    /** The SLA version this item belongs to (`sla_versions`); an edit writes a new version's items. */
    slaVersion: integer("sla_version").notNull().default(1),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    /** 'first_response', 'resolve' or a custom KPI name. */
    kpi: text("kpi").notNull(),
    applicableWhen: jsonb("applicable_when").$type(),
    successCriteria: jsonb("success_criteria").$type(),
    /** Case field that starts the clock; default the case's creation time. */
    applicableFrom: text("applicable_from").notNull().default("createdAt"),
    warningMinutes: integer("warning_minutes"),
    failureMinutes: integer("failure_minutes").notNull(),
    warningActions: jsonb("warning_actions").$type().notNull().default([]),
    failureActions: jsonb("failure_actions").$type().notNull().default([]),
    successActions: jsonb("success_actions").$type().notNull().default([]),
    /** Stale-pause alert (migration 0017): paused longer than this (minutes of `stalePauseTime`) runs `stalePauseActions` once per pause. */
    stalePauseMinutes: integer("stale_pause_minutes"),
    stalePauseTime: text("stale_pause_time", { enum: ["business", "calendar"] }),
    stalePauseActions: jsonb("stale_pause_actions").$type().notNull().default([]),
    /** Items are never deleted (instances point at them); an edit retires the old rows. */
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index("sla_items_sla_version_idx").on(t.slaId, t.slaVersion, t.position),
    check(
      "sla_items_stale_pause_check",
      sql`(${t.stalePauseMinutes} is null and ${t.stalePauseTime} is null) or (coalesce(${t.stalePauseMinutes} > 0, false) and coalesce(${t.stalePauseTime} in ('business', 'calendar'), false))`
    )
  ]
);
var kpiInstanceStates = ["in_progress", "nearing_noncompliance", "noncompliant", "succeeded", "paused", "canceled"];
var slaKpiInstances = pgTable(
  "sla_kpi_instances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    slaId: uuid("sla_id").notNull().references(() => slas.id),
    slaItemId: uuid("sla_item_id").notNull().references(() => slaItems.id),
    kpi: text("kpi").notNull(),
    /** Increments when re-evaluation or reopening replaces the instance of a KPI. */
    generation: integer("generation").notNull(),
    workflowId: text("workflow_id").notNull().unique(),
    /** The item and calendar as they were when the instance started (editing an SLA never changes it). */
    itemSnapshot: jsonb("item_snapshot").$type().notNull(),
    calendarId: uuid("calendar_id"),
    calendarVersion: integer("calendar_version"),
    state: text("state", { enum: kpiInstanceStates }).notNull().default("in_progress"),
    applicableFrom: timestamp("applicable_from", { withTimezone: true, mode: "date" }).notNull(),
    warningAt: timestamp("warning_at", { withTimezone: true, mode: "date" }),
    failureAt: timestamp("failure_at", { withTimezone: true, mode: "date" }),
    warnedAt: timestamp("warned_at", { withTimezone: true, mode: "date" }),
    failedAt: timestamp("failed_at", { withTimezone: true, mode: "date" }),
    succeededAt: timestamp("succeeded_at", { withTimezone: true, mode: "date" }),
    /** Set when success came after the failure instant (state stays noncompliant). */
    lateSucceededAt: timestamp("late_succeeded_at", { withTimezone: true, mode: "date" }),
    pausedSince: timestamp("paused_since", { withTimezone: true, mode: "date" }),
    pausedBusinessMinutes: integer("paused_business_minutes").notNull().default(0),
    carriedPausedMinutes: integer("carried_paused_minutes").notNull().default(0),
    /** Pause intervals as sent to the workflow (ISO instants, `to` null while paused); carried on re-evaluation. */
    pauses: jsonb("pauses").$type().notNull().default([]),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason"),
    /** Monotonic counter from the workflow: older mirror writes never overwrite newer ones. */
    mirrorSeq: integer("mirror_seq").notNull().default(0),
    workflowStartedAt: timestamp("workflow_started_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    index("sla_kpi_instances_case_idx").on(t.caseId),
    uniqueIndex("sla_kpi_instances_case_kpi_gen").on(t.caseId, t.kpi, t.generation),
    index("sla_kpi_instances_state_idx").on(t.state)
  ]
);
var slaCommands = pgTable(
  "sla_commands",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id").notNull(),
    instanceId: uuid("instance_id").notNull().references(() => slaKpiInstances.id),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** The dispatcher that claimed the command for delivery, until `claimedUntil` (a lease: a crashed one is re-claimed). */
    claimToken: uuid("claim_token"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true, mode: "date" }),
    /** After a transient failure: not claimed again before this instant (per-instance backoff). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index("sla_commands_pending_idx").on(t.id).where(sql`${t.deliveredAt} is null`),
    index("sla_commands_instance_pending_idx").on(t.instanceId, t.id).where(sql`${t.deliveredAt} is null`)
  ]
);
var slaActionRuns = pgTable("sla_action_runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  actionKey: text("action_key").notNull().unique(),
  instanceId: uuid("instance_id").notNull().references(() => slaKpiInstances.id),
  caseId: uuid("case_id").notNull(),
  phase: text("phase", { enum: ["warning", "failure", "success", "pause_stale"] }).notNull(),
  kind: text("kind").notNull(),
  summary: text("summary").notNull(),
  detail: jsonb("detail").$type().notNull().default({}),
  ranAt: timestamp("ran_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});
var emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    to: jsonb("to").$type().notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** Optional HTML alternative (knowledge articles), already sanitised. */
    html: text("html"),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    messageId: text("message_id"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" })
  },
  // Survey emails have no workflow to deliver them: the worker's survey sweep finds them here (migration 0011).
  (t) => [index("email_outbox_survey_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending' AND ${t.idempotencyKey} LIKE 'survey:%'`)]
);

// db/schema/entitlements.ts
var entitlementAllocationTypes = ["cases", "hours"];
var entitlementStates = ["draft", "activated", "cancelled"];
var entitlementDecreaseOn = ["create", "resolve"];
var entitlements = pgTable(
  "entitlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    /** Exactly one of accountId and contactId is set. */
    accountId: uuid("account_id").references(() => accounts.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    /** UTC calendar dates; the entitlement covers startDate 00:00Z up to and including all of endDate. */
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    state: text("state", { enum: entitlementStates }).notNull().default("draft"),
    allocationType: text("allocation_type", { enum: entitlementAllocationTypes }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer("total_units").notNull(),
    decreaseOn: text("decrease_on", { enum: entitlementDecreaseOn }).notNull(),
    restrictCaseCreation: boolean("restrict_case_creation").notNull().default(false),
    /** Before migration 0010: the products' names as typed. Kept as written; entitlement_products is what counts. */
    products: jsonb("products").$type().notNull().default([]),
    /** SLA that applies to the entitlement's cases instead of the default SLA (spec §2.3). */
    slaId: uuid("sla_id").references(() => slas.id),
    /** At most one activated default per customer; a draft marked default becomes it when activated. */
    isDefault: boolean("is_default").notNull().default(false),
    activatedAt: timestamp("activated_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer("version").notNull().default(1)
  },
  (t) => [
    check("entitlements_one_customer", sql`(${t.accountId} is null) <> (${t.contactId} is null)`),
    check("entitlements_dates", sql`${t.startDate} <= ${t.endDate}`),
    check("entitlements_total_positive", sql`${t.totalUnits} > 0`),
    index("entitlements_account_idx").on(t.accountId),
    index("entitlements_contact_idx").on(t.contactId),
    index("entitlements_created_idx").on(t.createdAt, t.id),
    uniqueIndex("entitlements_one_default_per_account").on(t.accountId).where(sql`${t.isDefault} and ${t.accountId} is not null and ${t.state} = 'activated'`),
    uniqueIndex("entitlements_one_default_per_contact").on(t.contactId).where(sql`${t.isDefault} and ${t.contactId} is not null and ${t.state} = 'activated'`)
  ]
);
var entitlementChannels = pgTable(
  "entitlement_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entitlementId: uuid("entitlement_id").notNull().references(() => entitlements.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: caseOrigins }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer("total_units").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    uniqueIndex("entitlement_channels_entitlement_channel").on(t.entitlementId, t.channel),
    check("entitlement_channels_total_positive", sql`${t.totalUnits} > 0`)
  ]
);
var entitlementUsageKinds = ["case", "hours"];
var entitlementUsages = pgTable(
  "entitlement_usages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entitlementId: uuid("entitlement_id").notNull().references(() => entitlements.id),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    kind: text("kind", { enum: entitlementUsageKinds }).notNull(),
    /** The origin channel whose terms this drew from; null when the entitlement has no terms for the channel. */
    channel: text("channel", { enum: caseOrigins }),
    /** 1 case, or billable minutes. */
    units: integer("units").notNull(),
    /** What used it: case creation, resolution, a reopened cancelled case, or the case moved to this entitlement. */
    trigger: text("trigger", { enum: ["created", "resolved", "reopened", "reassigned"] }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true, mode: "date" }).notNull(),
    releasedAt: timestamp("released_at", { withTimezone: true, mode: "date" }),
    /** Why it was given back: the case was cancelled, reopened, or moved to another entitlement (or none). */
    releaseReason: text("release_reason", { enum: ["cancelled", "reopened", "reassigned"] })
  },
  (t) => [
    uniqueIndex("entitlement_usages_once_per_case").on(t.entitlementId, t.caseId, t.kind).where(sql`${t.releasedAt} is null`),
    index("entitlement_usages_case_idx").on(t.caseId),
    index("entitlement_usages_entitlement_idx").on(t.entitlementId, t.consumedAt),
    check("entitlement_usages_units_nonnegative", sql`${t.units} >= 0`)
  ]
);

// db/schema/surveys.ts
var surveyKinds = ["csat", "nps", "engagement"];
var surveyTriggers = ["resolution", "on_demand", "schedule"];
var surveys = pgTable(
  "surveys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: surveyKinds }).notNull(),
    trigger: text("trigger", { enum: surveyTriggers }).notNull(),
    /** Hex SHA-256 of the link's token (256 random bits); the token itself is only in the email. */
    tokenHash: text("token_hash").notNull().unique(),
    /** The batch it was issued in (an engagement pulse, an NPS request for an account). */
    roundId: uuid("round_id"),
    caseId: uuid("case_id").references(() => cases.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    accountId: uuid("account_id").references(() => accounts.id),
    agentId: uuid("agent_id").references(() => agents.id),
    recipientEmail: text("recipient_email").notNull(),
    emailOutboxId: uuid("email_outbox_id"),
    issuedAt: timestamp("issued_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    answered: boolean("answered").notNull().default(false),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
    /** Who issued it: the manager's key (on demand) or the system (resolution, schedule). */
    ...actorColumnDefinitions()
  },
  (t) => [
    check("surveys_kind_check", sql`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check("surveys_trigger_check", sql`${t.trigger} IN ('resolution', 'on_demand', 'schedule')`),
    check(
      "surveys_subject_check",
      sql`(${t.kind} = 'csat' AND ${t.caseId} IS NOT NULL) OR (${t.kind} = 'nps' AND ${t.contactId} IS NOT NULL) OR (${t.kind} = 'engagement' AND ${t.agentId} IS NOT NULL AND ${t.answeredAt} IS NULL)`
    ),
    index("surveys_kind_issued_idx").on(t.kind, t.issuedAt),
    index("surveys_case_idx").on(t.caseId, t.issuedAt).where(sql`${t.caseId} IS NOT NULL`),
    index("surveys_contact_idx").on(t.contactId, t.issuedAt).where(sql`${t.contactId} IS NOT NULL`),
    index("surveys_account_idx").on(t.accountId, t.issuedAt).where(sql`${t.accountId} IS NOT NULL`)
  ]
);
var surveyResponses = pgTable(
  "survey_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: surveyKinds }).notNull(),
    surveyId: uuid("survey_id").unique().references(() => surveys.id),
    roundId: uuid("round_id"),
    caseId: uuid("case_id").references(() => cases.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    accountId: uuid("account_id").references(() => accounts.id),
    /** CSAT 1-5; NPS and engagement 0-10. */
    score: smallint("score").notNull(),
    comment: text("comment"),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [
    check("survey_responses_kind_check", sql`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check(
      "survey_responses_score_check",
      sql`(${t.kind} = 'csat' AND ${t.score} BETWEEN 1 AND 5) OR (${t.kind} IN ('nps', 'engagement') AND ${t.score} BETWEEN 0 AND 10)`
    ),
    check(
      "survey_responses_anonymous_check",
      sql`(${t.kind} = 'engagement') = (${t.surveyId} IS NULL) AND (${t.kind} <> 'engagement' OR (${t.caseId} IS NULL AND ${t.contactId} IS NULL AND ${t.accountId} IS NULL))`
    ),
    index("survey_responses_kind_answered_idx").on(t.kind, t.answeredAt),
    index("survey_responses_case_idx").on(t.caseId).where(sql`${t.caseId} IS NOT NULL`)
  ]
);

// db/schema/previews.ts
var changePreviewKinds = ["calendar", "holiday_list", "sla"];
var changePreviews = pgTable(
  "change_previews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: changePreviewKinds }).notNull(),
    /** The calendar, holiday list or SLA. */
    subjectId: uuid("subject_id").notNull(),
    /** The subject's version when previewed (a proposal is written on top of it when applied). */
    baseVersion: integer("base_version").notNull(),
    /** The proposed new definition (the body of the PUT it stands for); null: the current version is applied. */
    proposed: jsonb("proposed").$type(),
    target: jsonb("target").$type().notNull(),
    totals: jsonb("totals").$type().notNull(),
    /** One `PreviewDecision` per instance in scope, stored as a tuple (see src/previews/preview-store.ts). */
    decisions: jsonb("decisions").$type().notNull(),
    /** The instant breaches were judged at. */
    asOf: timestamp("as_of", { withTimezone: true, mode: "date" }).notNull(),
    ...actorColumnDefinitions(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true, mode: "date" }),
    appliedBy: text("applied_by")
  },
  (t) => [index("change_previews_subject_idx").on(t.kind, t.subjectId, t.createdAt)]
);

// db/schema/entitlement-products.ts
var entitlementProducts = pgTable(
  "entitlement_products",
  {
    entitlementId: uuid("entitlement_id").notNull().references(() => entitlements.id, { onDelete: "cascade" }),
    productId: uuid("product_id").notNull().references(() => products.id)
  },
  (t) => [primaryKey({ columns: [t.entitlementId, t.productId] }), index("entitlement_products_product_idx").on(t.productId)]
);

// db/schema/reports.ts
var reportCaseFacts = pgTable(
  "report_case_facts",
  {
    caseId: uuid("case_id").primaryKey().references(() => cases.id),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    /** Resolved or cancelled (null while the case is active). */
    closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
    calendarId: uuid("calendar_id"),
    calendarVersion: integer("calendar_version"),
    firstResponseBusinessMinutes: doublePrecision("first_response_business_minutes"),
    firstResponseCalendarMinutes: doublePrecision("first_response_calendar_minutes"),
    resolutionBusinessMinutes: doublePrecision("resolution_business_minutes"),
    resolutionCalendarMinutes: doublePrecision("resolution_calendar_minutes"),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    index("report_case_facts_created_idx").on(t.createdAt),
    index("report_case_facts_first_response_idx").on(t.firstResponseAt).where(sql`${t.firstResponseAt} is not null`),
    index("report_case_facts_resolved_idx").on(t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index("report_case_facts_closed_idx").on(t.closedAt),
    index("report_case_facts_open_idx").on(t.createdAt).where(sql`${t.closedAt} is null`)
  ]
);
var kpiOutcomes = ["met", "paused_at_resolution", "breached", "late_success", "open", "canceled"];
var reportKpiFacts = pgTable(
  "report_kpi_facts",
  {
    instanceId: uuid("instance_id").primaryKey().references(() => slaKpiInstances.id),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    kpi: text("kpi").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    outcome: text("outcome", { enum: kpiOutcomes }).notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [index("report_kpi_facts_started_idx").on(t.startedAt), index("report_kpi_facts_case_idx").on(t.caseId)]
);
var reportDirtyCases = pgTable("report_dirty_cases", {
  caseId: uuid("case_id").primaryKey()
});

// db/schema/goals.ts
var goalOwnerTypes = ["agent", "queue"];
var goalPeriodTypes = ["month", "quarter", "fiscal_year", "custom"];
var goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    metric: text("metric").notNull(),
    ownerType: text("owner_type", { enum: goalOwnerTypes }).notNull(),
    ownerId: uuid("owner_id").notNull(),
    periodType: text("period_type", { enum: goalPeriodTypes }).notNull(),
    /** e.g. "2027-03", "2027-Q1", "FY2027 (from April)", "2027-03-01..2027-03-15". */
    periodLabel: text("period_label").notNull(),
    /** UTC dates, both included. */
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    target: doublePrecision("target").notNull(),
    stretchTarget: doublePrecision("stretch_target"),
    parentId: uuid("parent_id").references(() => goals.id),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    ...actorColumnDefinitions()
  },
  (t) => [
    index("goals_parent_idx").on(t.parentId),
    index("goals_owner_idx").on(t.ownerType, t.ownerId),
    check("goals_period", sql`${t.periodStart} <= ${t.periodEnd}`),
    check("goals_owner_type", sql`${t.ownerType} in ('agent', 'queue')`)
  ]
);

// db/schema/webhooks.ts
var webhookSubscriptions = pgTable("webhook_subscriptions", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  description: text("description"),
  eventTypes: jsonb("event_types").$type().notNull(),
  enabled: boolean("enabled").notNull().default(true),
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true, mode: "date" }),
  /** Who is told when the subscription is disabled (else WEBHOOK_ADMIN_EMAIL). */
  alertEmail: text("alert_email"),
  failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
  disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
  disabledReason: text("disabled_reason"),
  ...actorColumnDefinitions(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  version: integer("version").notNull().default(1)
});
var webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    sourceKey: text("source_key").notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    payload: jsonb("payload").$type().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [uniqueIndex("webhook_events_source_key_unique").on(t.sourceKey)]
);
var webhookDeliveryStatuses = ["pending", "succeeded", "failed", "canceled"];
var webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id").notNull().references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull().references(() => webhookEvents.id),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    /** Set once its delivery workflow was started (the dispatcher's claim). */
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true, mode: "date" }),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    /** The delivery this one repeats (manual redelivery). */
    redeliveryOf: uuid("redelivery_of"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.createdAt, t.id),
    index("webhook_deliveries_undispatched_idx").on(t.createdAt).where(sql`${t.dispatchedAt} is null and ${t.status} = 'pending'`)
  ]
);
var webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    deliveryId: uuid("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error")
  },
  (t) => [uniqueIndex("webhook_delivery_attempts_unique").on(t.deliveryId, t.attempt)]
);

// db/schema/knowledge.ts
var knowledgeArticleNumberSeq = pgSequence("knowledge_article_number_seq", { startWith: 1 });
var tsvector = customType({ dataType: () => "tsvector" });
var articleStatuses = ["draft", "published", "archived"];
var articleVersionStatuses = ["draft", "published", "superseded", "archived"];
var knowledgeArticles = pgTable("knowledge_articles", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Human article number, e.g. KA-000123, from knowledge_article_number_seq. */
  number: text("number").notNull().unique(),
  status: text("status", { enum: articleStatuses }).notNull().default("draft"),
  /** The version agents and customers are served; null until the first publication. */
  publishedVersion: integer("published_version"),
  latestVersion: integer("latest_version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  /** Optimistic concurrency (ETag W/"<version>"); bumped by every change. */
  version: integer("version").notNull().default(1),
  ...actorColumnDefinitions()
});
var knowledgeArticleVersions = pgTable(
  "knowledge_article_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    articleId: uuid("article_id").notNull().references(() => knowledgeArticles.id),
    version: integer("version").notNull(),
    status: text("status", { enum: articleVersionStatuses }).notNull().default("draft"),
    title: text("title").notNull(),
    content: text("content").notNull(),
    contentHtml: text("content_html").notNull(),
    keywords: jsonb("keywords").$type().notNull().default([]),
    /** Canonical BCP 47 tag and its primary subtag (what the language filter compares). */
    language: text("language").notNull(),
    languageBase: text("language_base").notNull(),
    searchConfig: text("search_config").notNull(),
    productId: uuid("product_id").references(() => products.id),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    searchVector: tsvector("search_vector").notNull(),
    searchText: text("search_text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    /** Who wrote this version. */
    ...actorColumnDefinitions()
  },
  (t) => [
    uniqueIndex("knowledge_article_versions_article_version_key").on(t.articleId, t.version),
    index("knowledge_article_versions_search_idx").using("gin", t.searchVector),
    index("knowledge_article_versions_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("knowledge_article_versions_status_idx").on(t.status, t.languageBase),
    index("knowledge_article_versions_product_idx").on(t.productId)
  ]
);
var knowledgeLinks = pgTable(
  "knowledge_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    articleId: uuid("article_id").notNull().references(() => knowledgeArticles.id),
    articleVersion: integer("article_version").notNull(),
    resolvesCase: boolean("resolves_case").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ...actorColumnDefinitions()
  },
  (t) => [uniqueIndex("knowledge_links_case_article_key").on(t.caseId, t.articleId), index("knowledge_links_article_idx").on(t.articleId)]
);
var knowledgeSends = pgTable(
  "knowledge_sends",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    articleId: uuid("article_id").notNull().references(() => knowledgeArticles.id),
    articleVersion: integer("article_version").notNull(),
    outboxId: uuid("outbox_id").notNull().references(() => emailOutbox.id),
    activityId: uuid("activity_id").notNull().references(() => caseActivities.id),
    to: jsonb("to").$type().notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull(),
    ...actorColumnDefinitions()
  },
  (t) => [index("knowledge_sends_case_idx").on(t.caseId), index("knowledge_sends_article_idx").on(t.articleId)]
);
var knowledgeSuggestions = pgTable(
  "knowledge_suggestions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    articleId: uuid("article_id").notNull().references(() => knowledgeArticles.id),
    times: integer("times").notNull().default(1),
    firstAt: timestamp("first_at", { withTimezone: true, mode: "date" }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [uniqueIndex("knowledge_suggestions_case_article_key").on(t.caseId, t.articleId), index("knowledge_suggestions_article_idx").on(t.articleId)]
);

// db/schema/processes.ts
var processes = pgTable(
  "processes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Only active processes start on new cases or can be switched to. */
    active: boolean("active").notNull().default(true),
    /** Processes are tried in this order (then by creation) when a case is created: the first that applies starts. */
    rank: integer("rank").notNull().default(100),
    currentVersion: integer("current_version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [index("processes_rank_idx").on(t.rank, t.createdAt)]
);
var processVersions = pgTable(
  "process_versions",
  {
    processId: uuid("process_id").notNull().references(() => processes.id),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    applicableWhen: jsonb("applicable_when"),
    /** The validated stages, in order (see src/processes/definition.ts). */
    stages: jsonb("stages").$type().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ...actorColumnDefinitions()
  },
  (t) => [primaryKey({ columns: [t.processId, t.version] })]
);
var caseProcessStatuses = ["active", "finished", "switched"];
var caseProcesses = pgTable(
  "case_processes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    processId: uuid("process_id").notNull().references(() => processes.id),
    processVersion: integer("process_version").notNull(),
    status: text("status", { enum: caseProcessStatuses }).notNull().default("active"),
    activeStage: text("active_stage"),
    /** The stages taken to reach the active (or last) stage, in order: a move on appends, a move back removes the last. */
    path: jsonb("path").$type().notNull().default([]),
    /** Checklist steps completed: { "<stage>/<step>": { at, actorName } }. Field steps are read from the case. */
    checked: jsonb("checked").$type().notNull().default({}),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    /** Optimistic concurrency for the process commands (ETag W/"<version>"). */
    version: integer("version").notNull().default(1)
  },
  (t) => [
    uniqueIndex("case_processes_one_active").on(t.caseId).where(sql`${t.status} = 'active'`),
    index("case_processes_case_idx").on(t.caseId, t.startedAt),
    index("case_processes_process_idx").on(t.processId, t.status)
  ]
);
var stageExits = ["next", "back", "switched", "finished", "migrated"];
var caseProcessStages = pgTable(
  "case_process_stages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseProcessId: uuid("case_process_id").notNull().references(() => caseProcesses.id),
    stage: text("stage").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true, mode: "date" }).notNull(),
    leftAt: timestamp("left_at", { withTimezone: true, mode: "date" }),
    exit: text("exit", { enum: stageExits }),
    ...actorColumnDefinitions()
  },
  (t) => [index("case_process_stages_instance_idx").on(t.caseProcessId, t.id)]
);

// src/sla/action-summary.ts
var PHASE_WORDS = { warning: "at risk", failure: "breached", success: "met", pause_stale: "paused too long" };
function actionSummary(action, ctx) {
  const what = `${ctx.caseNumber} ${ctx.kpiLabel} ${PHASE_WORDS[ctx.phase]}`;
  switch (action.type) {
    case "send_email":
      return `Email ${action.to.map((r) => typeof r === "string" ? r : r.address).join("+")}: ${what}`;
    case "escalate_to_queue":
      return `Escalate to ${action.queue ? `queue ${action.queue}` : "the escalation queue"}: ${what}`;
    case "set_case_field":
      return `Set ${action.field} = ${JSON.stringify(action.value)}: ${what}`;
  }
}

// src/sla/email-template.ts
var TEMPLATE_PLACEHOLDERS = [
  "case.number",
  "case.title",
  "kpi",
  "item",
  "sla",
  "phase",
  "zone",
  ...["warningAt", "failureAt"].flatMap((k) => [k, `${k}.local`, `${k}.utc`, `${k}.iso`, `${k}Local`, `${k}Utc`])
];
var PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
function instant(text3, part) {
  if (!text3) return "none";
  if (part === "both") return `${text3.local} (${text3.utc})`;
  return text3[part];
}
function valueOf(name, ctx) {
  switch (name) {
    case "case.number":
      return ctx.case.number;
    case "case.title":
      return ctx.case.title;
    case "kpi":
      return ctx.kpi;
    case "item":
      return ctx.item;
    case "sla":
      return ctx.sla;
    case "phase":
      return ctx.phase;
    case "zone":
      return ctx.zone;
  }
  const m = /^(warningAt|failureAt)(?:\.(local|utc|iso)|(Local|Utc))?$/.exec(name);
  if (m) {
    const part = m[2] ?? m[3]?.toLowerCase();
    return instant(ctx[m[1]], part ?? "both");
  }
  return void 0;
}
function renderTemplate(template, ctx) {
  return template.replace(PLACEHOLDER, (whole, name) => valueOf(name, ctx) ?? whole);
}
function unknownPlaceholders(template) {
  const known = new Set(TEMPLATE_PLACEHOLDERS);
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((n) => !known.has(n)))];
}

// src/sla/kpis.ts
var FIRST_RESPONSE = "first_response";
var RESOLVE = "resolve";
function kpiLabel(kpi) {
  if (kpi === FIRST_RESPONSE) return "First Response By";
  if (kpi === RESOLVE) return "Resolve By";
  return kpi.replace(/[_-]+/g, " ").replace(/\b\w/g, (m) => m.toUpperCase());
}
function defaultSuccessCriteria(kpi) {
  if (kpi === FIRST_RESPONSE) return { field: "firstResponseAt", op: "is_set" };
  if (kpi === RESOLVE) return { field: "status", op: "equals", value: "resolved" };
  return null;
}

// src/errors.ts
var AppError = class extends Error {
  constructor(code, status, message, details = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
    this.name = "AppError";
  }
};
var badRequest = (code, message, details) => new AppError(code, 400, message, details);
var unauthorized = (message = 'A valid API key is required: send "Authorization: Bearer <key>".') => new AppError("UNAUTHORIZED", 401, message);
var forbidden = (message, details) => new AppError("FORBIDDEN", 403, message, details);
var notFound = (resource, id) => new AppError(`${resource.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_NOT_FOUND`, 404, `No ${resource} with id "${id}".`, { id });
var conflict = (code, message, details) => new AppError(code, 409, message, details);
var preconditionFailed = (message, details) => new AppError("PRECONDITION_FAILED", 412, message, details);
var unprocessable = (code, message, details) => new AppError(code, 422, message, details);
var invalidField = (field, message) => new AppError("VALIDATION_FAILED", 400, `${field} ${message}`, { field, errors: [{ field, message }] });

// src/cases/case-status.ts
var endpoint = {
  status: "POST /v1/cases/{id}/status",
  resolve: "POST /v1/cases/{id}/resolve",
  cancel: "POST /v1/cases/{id}/cancel",
  reopen: "POST /v1/cases/{id}/reopen"
};
function isActive(status) {
  return activeCaseStatuses.includes(status);
}
function transitionsFrom(from) {
  if (!isActive(from)) return [{ status: "in_progress", via: endpoint.reopen }];
  return [
    ...activeCaseStatuses.filter((s) => s !== from).map((status) => ({ status, via: endpoint.status })),
    { status: "resolved", via: endpoint.resolve },
    { status: "cancelled", via: endpoint.cancel }
  ];
}
function assertTransition(from, to, command) {
  const transitions = transitionsFrom(from);
  if (transitions.some((t) => t.status === to && t.via === endpoint[command])) return;
  const allowed = transitions.map((t) => t.status);
  throw conflict(
    "ILLEGAL_STATUS_TRANSITION",
    `A case cannot go from ${from} to ${to} through ${endpoint[command]}. From ${from} it can go to: ${transitions.map((t) => `${t.status} (${t.via})`).join(", ")}.`,
    { from, to, allowed, transitions }
  );
}

// src/paging.ts
import { createHash } from "node:crypto";
var MAX_PAGE_SIZE = 100;
function keysetOrderBy(keys, order) {
  return keys.map((k) => order === "asc" ? sql`${k.expr} asc` : sql`${k.expr} desc`);
}
function keysetValues(keys) {
  return sql`json_build_array(${sql.join(
    keys.map((k) => sql`(${k.expr})::text`),
    sql`, `
  )})`;
}
function keysetAfter(keys, after, order) {
  if (!after) return void 0;
  const left = sql.join(keys.map((k) => sql`${k.expr}`), sql`, `);
  const right = sql.join(keys.map((k, i) => sql`cast(${after[i]} as ${sql.raw(k.type)})`), sql`, `);
  return order === "asc" ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}
function cursorScope(what) {
  return createHash("sha256").update(JSON.stringify(what ?? null)).digest("base64url").slice(0, 12);
}
function encodeCursor(values, scope) {
  return Buffer.from(JSON.stringify({ k: values, s: scope })).toString("base64url");
}
var invalidCursor = (message) => new AppError("INVALID_CURSOR", 400, `querystring.cursor ${message}`, {
  field: "querystring.cursor",
  errors: [{ field: "querystring.cursor", message }]
});
function decodeCursor(cursor, scope, keyCount) {
  if (cursor === void 0) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("is not a cursor returned by this API (use nextCursor from the previous page)");
  }
  const p = parsed;
  if (!p || !Array.isArray(p.k) || p.k.length !== keyCount || !p.k.every((v) => typeof v === "string") || typeof p.s !== "string") {
    throw invalidCursor("is not a cursor returned by this API (use nextCursor from the previous page)");
  }
  if (p.s !== scope) {
    throw invalidCursor("was issued for a different sort order or different filters; repeat the same query parameters with the cursor");
  }
  return p.k;
}
function toPage(rows, limit, scope) {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const pageRows = rows.slice(0, limit);
  return { rows: pageRows, nextCursor: encodeCursor(pageRows[pageRows.length - 1].cursorKey, scope) };
}
async function paginate(spec, page, fetch) {
  const scope = cursorScope([spec.scope, spec.order]);
  const after = decodeCursor(page.cursor, scope, spec.keys.length);
  const rows = await fetch({
    after: keysetAfter(spec.keys, after, spec.order),
    orderBy: keysetOrderBy(spec.keys, spec.order),
    cursorKey: keysetValues(spec.keys),
    limit: page.limit + 1
  });
  return toPage(rows, page.limit, scope);
}

// src/versioned.ts
function assertVersion(resource, current2, expected) {
  if (expected !== void 0 && expected !== current2) {
    throw preconditionFailed(`The ${resource} changed since you read it (If-Match names version ${expected}); read it again and reapply your change.`);
  }
}
function changedValues(current2, patch) {
  const set = {};
  let any = false;
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === void 0 || value === current2[key]) continue;
    set[key] = value;
    any = true;
  }
  return any ? set : void 0;
}

// src/customers/agents.ts
async function assertAgent(db2, agentId, field) {
  const [row] = await db2.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
  if (!row) throw unprocessable("AGENT_NOT_FOUND", `${field}: no agent with id "${agentId}"`, { field, id: agentId });
}
async function createAgent(db2, input, now) {
  if (input.managerId) await assertAgent(db2, input.managerId, "body.managerId");
  const [row] = await db2.insert(agents).values({ name: input.name, email: input.email, managerId: input.managerId ?? null, createdAt: now }).returning();
  return row;
}
async function getAgent(db2, id) {
  const [row] = await db2.select().from(agents).where(eq(agents.id, id));
  if (!row) throw notFound("agent", id);
  return row;
}
function listAgents(db2, filter, page) {
  const keys = [
    { expr: agents.createdAt, type: "timestamptz" },
    { expr: agents.id, type: "uuid" }
  ];
  return paginate(
    { keys, order: "asc", scope: ["agents", filter.managerId ?? null] },
    page,
    (p) => db2.select({ agent: agents, cursorKey: p.cursorKey }).from(agents).where(and(filter.managerId ? eq(agents.managerId, filter.managerId) : void 0, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
}
async function assertNoManagerCycle(db2, agentId, managerId) {
  const seen = /* @__PURE__ */ new Set();
  for (let current2 = managerId; current2; ) {
    if (current2 === agentId) {
      throw unprocessable("MANAGER_CYCLE", `body.managerId: agent "${managerId}" is managed (directly or indirectly) by this agent`, { field: "body.managerId" });
    }
    if (seen.has(current2)) return;
    seen.add(current2);
    const [row] = await db2.select({ managerId: agents.managerId }).from(agents).where(eq(agents.id, current2));
    current2 = row?.managerId ?? null;
  }
}
async function updateAgent(db2, id, patch) {
  return db2.transaction(async (tx) => {
    const [current2] = await tx.select().from(agents).where(eq(agents.id, id)).for("update");
    if (!current2) throw notFound("agent", id);
    const set = changedValues(current2, patch);
    if (!set) return current2;
    if (set.managerId) {
      await assertAgent(tx, set.managerId, "body.managerId");
      await assertNoManagerCycle(tx, id, set.managerId);
    }
    const [row] = await tx.update(agents).set(set).where(eq(agents.id, id)).returning();
    return row;
  });
}

// src/customers/case-customer.ts
async function resolveCaseCustomer(db2, input) {
  if (!input.accountId && !input.contactId) {
    throw invalidField("body.accountId", "or body.contactId is required: a case belongs to an account, a contact or both");
  }
  let contact;
  if (input.contactId) {
    [contact] = await db2.select({ accountId: contacts.accountId, serviceLevel: contacts.serviceLevel }).from(contacts).where(eq(contacts.id, input.contactId));
    if (!contact) throw customerNotFound("body.contactId", "contact", input.contactId);
  }
  let accountId = input.accountId;
  if (contact?.accountId) {
    if (!input.accountExplicit || !accountId) accountId = contact.accountId;
    else if (accountId !== contact.accountId) {
      throw unprocessable("CONTACT_NOT_IN_ACCOUNT", `body.contactId: the contact belongs to account "${contact.accountId}", not "${accountId}"`, {
        field: "body.contactId",
        contactAccountId: contact.accountId
      });
    }
  }
  let accountTier;
  if (accountId) {
    const [account] = await db2.select({ serviceLevel: accounts.serviceLevel }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw customerNotFound("body.accountId", "account", accountId);
    accountTier = account.serviceLevel;
  }
  return { accountId, contactId: input.contactId, tier: contact?.serviceLevel ?? accountTier ?? "standard" };
}
var customerNotFound = (field, kind, id) => unprocessable("CUSTOMER_NOT_FOUND", `${field}: no ${kind} with id "${id}"`, { field, id });

// src/audit/actor.ts
var actorKinds = ["api_key", "sla", "system"];
var SLA_ENGINE = { kind: "sla", name: "SLA engine" };
var SYSTEM = { kind: "system", name: "System" };
function apiKeyActor(key) {
  return { kind: "api_key", apiKeyId: key.id, name: key.name };
}
function actorColumns(actor) {
  return { actorKind: actor.kind, actorApiKeyId: actor.kind === "api_key" ? actor.apiKeyId : null, actorName: actor.name };
}
function actorView(columns3) {
  return { kind: columns3.actorKind, apiKeyId: columns3.actorApiKeyId, name: columns3.actorName };
}

// src/cases/case-store.ts
async function lockCase(tx, id, expectedVersion) {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for("update");
  if (!row) throw notFound("case", id);
  if (expectedVersion !== void 0 && row.version !== expectedVersion) {
    throw preconditionFailed(`The case changed since you read it (If-Match names version ${expectedVersion}); read it again and reapply your change.`, {
      etag: `W/"${row.version}"`
    });
  }
  return row;
}
async function writeCase(tx, before, set, now) {
  const [row] = await tx.update(cases).set({ ...set, updatedAt: now, version: before.version + 1 }).where(and(eq(cases.id, before.id), eq(cases.version, before.version))).returning();
  if (!row) throw preconditionFailed("The case changed while this request was processed; read it again and retry.");
  return row;
}
async function recordCaseEvent(tx, event3, now) {
  const { actor, ...values } = event3;
  await tx.insert(caseEvents).values({ ...values, data: values.data ?? {}, ...actorColumns(actor), createdAt: now });
}
function assertActive(c) {
  if (!isActive(c.status)) {
    throw conflict("CASE_NOT_ACTIVE", `Case ${c.number} is ${c.status}; reopen it first (POST /v1/cases/{id}/reopen).`, { caseStatus: c.status });
  }
}
var FUTURE_TOLERANCE_MS = 6e4;
var statusEventKinds = ["created", "status_changed", "resolved", "cancelled", "reopened"];
async function checkEventTime(tx, c, reported, now, options) {
  const at = reported > now ? now : reported;
  const refuse = (reason, details = {}) => unprocessable("INVALID_EVENT_TIME", `body.at ${reason}`, { field: "body.at", at: reported.toISOString(), ...details });
  if (reported.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw refuse("is in the future", { now: now.toISOString() });
  if (at < c.createdAt) throw refuse("is before the case was created", { createdAt: c.createdAt.toISOString() });
  if (!options.statusChange) return at;
  const [last] = await tx.select({ occurredAt: caseEvents.occurredAt }).from(caseEvents).where(and(eq(caseEvents.caseId, c.id), inArray(caseEvents.kind, statusEventKinds))).orderBy(desc(caseEvents.occurredAt)).limit(1);
  if (last && at < last.occurredAt) {
    throw refuse("is before the last status change of the case", { lastStatusChangeAt: last.occurredAt.toISOString() });
  }
  return at;
}

// src/products/products.ts
function formatProductNumber(n) {
  return `PRD-${String(n).padStart(6, "0")}`;
}
function uniqueViolation(e) {
  for (let err = e; err && typeof err === "object"; err = err.cause) {
    const { code, constraint_name: a, constraint: b, message } = err;
    if (code === "23505") return a ?? b ?? message ?? "";
    if (err.cause === err) break;
  }
  return void 0;
}
function takenError(e, input) {
  const which = uniqueViolation(e);
  if (which === void 0) return e;
  if (which.includes("number")) {
    return conflict("PRODUCT_NUMBER_TAKEN", `A product numbered "${input.number}" already exists; product numbers are unique.`, { field: "body.number" });
  }
  return conflict("PRODUCT_NAME_TAKEN", `A product named "${input.name}" already exists (names are unique without regard to case).`, { field: "body.name" });
}
var cleanName = (name, field = "body.name") => {
  const t = name.trim();
  if (!t) throw invalidField(field, "must not be blank");
  return t;
};
async function nextNumber(tx) {
  const [{ n }] = await tx.select({ n: sql`nextval('product_number_seq')` }).from(sql`(select 1) as one`);
  return formatProductNumber(Number(n));
}
async function assertParent(tx, productId, parentId) {
  const [parent] = await tx.select({ id: products.id }).from(products).where(eq(products.id, parentId));
  if (!parent) throw unprocessable("PRODUCT_NOT_FOUND", `body.parentId: no product with id "${parentId}".`, { field: "body.parentId", id: parentId });
  if (!productId) return;
  const rows = await tx.execute(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from products where id = ${parentId}
      union select p.id, p.parent_id from products p join up on p.id = up.parent_id
    ) select id from up where id = ${productId}`);
  const found = Array.isArray(rows) ? rows : rows.rows;
  if (found.length) {
    throw unprocessable("PRODUCT_PARENT_CYCLE", `body.parentId: "${parentId}" is this product or one of its sub-products; a family cannot contain itself.`, {
      field: "body.parentId"
    });
  }
}
async function createProduct(db2, input, now) {
  const name = cleanName(input.name);
  try {
    return await db2.transaction(async (tx) => {
      if (input.parentId) await assertParent(tx, null, input.parentId);
      const [row] = await tx.insert(products).values({ number: input.number ?? await nextNumber(tx), name, parentId: input.parentId ?? null, active: input.active ?? true, createdAt: now, updatedAt: now }).returning();
      return row;
    });
  } catch (e) {
    throw takenError(e, { name, number: input.number });
  }
}
async function getProduct(db2, id) {
  const [row] = await db2.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound("product", id);
  return row;
}
async function updateProduct(db2, id, patch, expectedVersion, now) {
  const name = patch.name !== void 0 ? cleanName(patch.name) : void 0;
  try {
    return await db2.transaction(async (tx) => {
      const [row] = await tx.select().from(products).where(eq(products.id, id)).for("update");
      if (!row) throw notFound("product", id);
      if (expectedVersion !== void 0 && row.version !== expectedVersion) {
        throw preconditionFailed(`The product changed since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
          currentVersion: row.version
        });
      }
      if (patch.parentId) await assertParent(tx, id, patch.parentId);
      const next = {
        name: name ?? row.name,
        parentId: patch.parentId !== void 0 ? patch.parentId : row.parentId,
        active: patch.active ?? row.active
      };
      if (next.name === row.name && next.parentId === row.parentId && next.active === row.active) return row;
      const [after] = await tx.update(products).set({ ...next, updatedAt: now, version: row.version + 1 }).where(eq(products.id, id)).returning();
      if (next.name !== row.name) await tx.update(cases).set({ product: next.name }).where(eq(cases.productId, id));
      return after;
    });
  } catch (e) {
    throw takenError(e, { name });
  }
}
function listProducts(db2, filter, page) {
  const keys = [
    { expr: products.number, type: "text" },
    { expr: products.id, type: "uuid" }
  ];
  const where = [];
  if (filter.active !== void 0) where.push(eq(products.active, filter.active));
  if (filter.parentId) where.push(eq(products.parentId, filter.parentId));
  if (filter.name) where.push(sql`strpos(lower(${products.name}), lower(${filter.name})) > 0`);
  return paginate(
    { keys, order: "asc", scope: ["products", filter] },
    page,
    (p) => db2.select({ product: products, cursorKey: p.cursorKey }).from(products).where(and(p.after, ...where)).orderBy(...p.orderBy).limit(p.limit)
  );
}
async function productForName(tx, rawName, field, now) {
  const name = cleanName(rawName, field);
  const find = async () => (await tx.select().from(products).where(sql`lower(${products.name}) = lower(${name})`))[0];
  const existing = await find();
  if (existing) return existing;
  const number = await nextNumber(tx);
  await tx.insert(products).values({ number, name, createdAt: now, updatedAt: now }).onConflictDoNothing();
  return await find();
}

// src/products/product-refs.ts
function assertActive2(p, field) {
  if (!p.active) {
    throw unprocessable("PRODUCT_INACTIVE", `${field}: product "${p.name}" (${p.number}) is inactive; choose an active product or reactivate it.`, {
      field,
      id: p.id
    });
  }
}
async function productById(tx, id, field) {
  try {
    return await getProduct(tx, id);
  } catch {
    throw unprocessable("PRODUCT_NOT_FOUND", `${field}: no product with id "${id}"; list them with GET /v1/products.`, { field, id });
  }
}
async function resolveCaseProduct(tx, ref, now) {
  if (ref.productId === void 0 && ref.product === void 0) return void 0;
  if (ref.productId === null || ref.productId === void 0 && ref.product === null) return { productId: null, product: null };
  if (ref.productId) {
    const p2 = await productById(tx, ref.productId, "body.productId");
    if (ref.product != null && ref.product.trim().toLowerCase() !== p2.name.toLowerCase()) {
      throw badRequest("PRODUCT_MISMATCH", `body.product "${ref.product}" is not the name of body.productId (${p2.name}); send only productId.`, {
        field: "body.product"
      });
    }
    assertActive2(p2, "body.productId");
    return { productId: p2.id, product: p2.name };
  }
  const p = await productForName(tx, ref.product, "body.product", now);
  assertActive2(p, "body.product");
  return { productId: p.id, product: p.name };
}

// src/cases/update-case.ts
var simple = ["title", "description", "priority", "serviceLevel", "origin", "ownerId", "entitlementId"];
async function updateCase(db2, events, id, patch, expectedVersion, now, actor) {
  return db2.transaction(async (tx) => {
    const before = await lockCase(tx, id, expectedVersion);
    assertActive(before);
    const next = {};
    for (const key of simple) if (patch[key] !== void 0) Object.assign(next, { [key]: patch[key] });
    const product = await resolveCaseProduct(tx, { productId: patch.productId, product: patch.product }, now);
    if (product) Object.assign(next, product);
    if (patch.ownerId && patch.ownerId !== before.ownerId) await assertAgent(tx, patch.ownerId, "body.ownerId");
    if (patch.accountId !== void 0 || patch.contactId !== void 0) {
      const customer = await resolveCaseCustomer(tx, {
        accountId: patch.accountId !== void 0 ? patch.accountId : before.accountId,
        contactId: patch.contactId !== void 0 ? patch.contactId : before.contactId,
        accountExplicit: patch.accountId !== void 0
      });
      next.accountId = customer.accountId;
      next.contactId = customer.contactId;
      if (patch.serviceLevel === void 0 && (customer.accountId !== before.accountId || customer.contactId !== before.contactId)) {
        next.serviceLevel = customer.tier;
      }
    }
    const changed = Object.keys(next).filter((k) => next[k] !== before[k]);
    if (!changed.length) return before;
    const set = Object.fromEntries(changed.map((k) => [k, next[k]]));
    const after = await writeCase(tx, before, set, now);
    const changes2 = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }]));
    await recordCaseEvent(tx, { caseId: id, kind: "fields_updated", summary: `Updated ${changed.join(", ")}`, data: { changes: changes2 }, occurredAt: now, actor }, now);
    await events.emit("onUpdated", tx, before, after, changed, now, actor);
    return after;
  });
}
async function setCaseField(tx, events, before, field, value, now, actor) {
  const fields = before.fields ?? {};
  if (Object.hasOwn(fields, field) && fields[field] === value) return { case: before, changed: false };
  const name = `fields.${field}`;
  const after = await writeCase(tx, before, { fields: { ...fields, [field]: value } }, now);
  const changes2 = { [name]: { from: fields[field] ?? null, to: value } };
  await recordCaseEvent(tx, { caseId: before.id, kind: "fields_updated", summary: `Updated ${name}`, data: { changes: changes2 }, occurredAt: now, actor }, now);
  await events.emit("onUpdated", tx, before, after, [name], now, actor);
  return { case: after, changed: true };
}

// src/queues/queue-items.ts
async function openItemOf(tx, caseId) {
  const [row] = await tx.select().from(queueItems).where(and(eq(queueItems.caseId, caseId), isNull(queueItems.removedAt)));
  return row;
}
async function queueNames(tx, ids) {
  const wanted = ids.filter((id) => id !== null);
  if (!wanted.length) return /* @__PURE__ */ new Map();
  const rows = await tx.select({ id: queues.id, name: queues.name }).from(queues).where(inArray(queues.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
async function moveCaseToQueue(tx, events, c, queueId, reason, now, actor) {
  const current2 = await openItemOf(tx, c.id);
  const fromQueueId = current2?.queueId ?? null;
  if (fromQueueId === queueId && c.queueId === queueId) return { case: c, item: current2 ?? null, moved: false };
  if (current2) await tx.update(queueItems).set({ removedAt: now }).where(eq(queueItems.id, current2.id));
  let item = null;
  if (queueId) [item] = await tx.insert(queueItems).values({ queueId, caseId: c.id, enteredAt: now, reason }).returning();
  const after = await writeCase(tx, c, { queueId }, now);
  const names = await queueNames(tx, [fromQueueId, queueId]);
  const label = (id) => id ? `"${names.get(id) ?? id}"` : "no queue";
  await recordCaseEvent(
    tx,
    {
      caseId: c.id,
      kind: "queue_changed",
      summary: `Moved from ${label(fromQueueId)} to ${label(queueId)}${reason ? `: ${reason}` : ""}`,
      data: { fromQueueId, toQueueId: queueId, queueItemId: item?.id ?? null, reason },
      occurredAt: now,
      actor
    },
    now
  );
  await events.emit("onUpdated", tx, c, after, ["queueId"], now, actor);
  return { case: after, item, moved: true };
}
async function closeOpenItem(tx, caseId, now) {
  await tx.update(queueItems).set({ removedAt: now }).where(and(eq(queueItems.caseId, caseId), isNull(queueItems.removedAt)));
}
async function addCaseToQueue(db2, events, input, now, actor) {
  return db2.transaction(async (tx) => {
    await assertQueueExists(tx, input.queueId);
    const c = await lockCase(tx, input.caseId).catch((e) => {
      if (e instanceof AppError && e.code === "CASE_NOT_FOUND") {
        throw unprocessable("CASE_NOT_FOUND", `body.caseId: no case with id "${input.caseId}"`, { field: "body.caseId", id: input.caseId });
      }
      throw e;
    });
    assertActive(c);
    const moved = await moveCaseToQueue(tx, events, c, input.queueId, input.reason ?? null, now, actor);
    return { item: moved.item, created: moved.moved };
  });
}
async function assertQueueExists(tx, queueId) {
  const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, queueId));
  if (!q) throw notFound("queue", queueId);
}
async function getQueueItem(db2, id) {
  const [row] = await db2.select().from(queueItems).where(eq(queueItems.id, id));
  if (!row) throw notFound("queue item", id);
  return row;
}
async function lockOpenItem(tx, id) {
  const found = await getQueueItem(tx, id);
  const c = await lockCase(tx, found.caseId);
  const [item] = await tx.select().from(queueItems).where(eq(queueItems.id, id));
  if (item.removedAt) {
    throw conflict("QUEUE_ITEM_NOT_OPEN", `Queue item ${id} was closed at ${item.removedAt.toISOString()}: the case left that queue.`, {
      removedAt: item.removedAt.toISOString(),
      caseQueueId: c.queueId
    });
  }
  return { item, c };
}
async function pickQueueItem(db2, id, agentId, now, actor) {
  return db2.transaction(async (tx) => {
    const { item, c } = await lockOpenItem(tx, id);
    await assertAgent(tx, agentId, "body.agentId");
    if (item.workedById === agentId) return item;
    if (item.workedById) {
      throw conflict("QUEUE_ITEM_ALREADY_PICKED", `Queue item ${id} is already being worked by agent ${item.workedById}; release it first.`, {
        workedById: item.workedById
      });
    }
    const [row] = await tx.update(queueItems).set({ workedById: agentId }).where(eq(queueItems.id, id)).returning();
    const [agent] = await tx.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId));
    await recordCaseEvent(tx, { caseId: c.id, kind: "queue_item_picked", summary: `Picked by ${agent.name}`, data: { queueItemId: id, queueId: item.queueId, agentId }, occurredAt: now, actor }, now);
    return row;
  });
}
async function releaseQueueItem(db2, id, now, actor) {
  return db2.transaction(async (tx) => {
    const { item, c } = await lockOpenItem(tx, id);
    if (!item.workedById) return item;
    const [row] = await tx.update(queueItems).set({ workedById: null }).where(eq(queueItems.id, id)).returning();
    await recordCaseEvent(
      tx,
      { caseId: c.id, kind: "queue_item_released", summary: "Released back to the queue", data: { queueItemId: id, queueId: item.queueId, agentId: item.workedById }, occurredAt: now, actor },
      now
    );
    return row;
  });
}
async function routeQueueItem(db2, events, id, input, now, actor) {
  return db2.transaction(async (tx) => {
    const { c } = await lockOpenItem(tx, id);
    const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, input.queueId));
    if (!q) throw unprocessable("QUEUE_NOT_FOUND", `body.queueId: no queue with id "${input.queueId}"`, { field: "body.queueId", id: input.queueId });
    const moved = await moveCaseToQueue(tx, events, c, input.queueId, input.reason ?? null, now, actor);
    return { item: moved.item, moved: moved.moved };
  });
}
async function removeQueueItem(db2, events, id, now, actor) {
  return db2.transaction(async (tx) => {
    const { c } = await lockOpenItem(tx, id);
    await moveCaseToQueue(tx, events, c, null, null, now, actor);
    return c.id;
  });
}
function listQueueItems(db2, queueId, filter, page) {
  const keys = [
    { expr: queueItems.enteredAt, type: "timestamptz" },
    { expr: queueItems.id, type: "uuid" }
  ];
  return paginate({ keys, order: "asc", scope: ["queue-items", queueId, filter.workedById ?? null] }, page, async (p) => {
    await assertQueueExists(db2, queueId);
    return db2.select({
      item: queueItems,
      case: { number: cases.number, title: cases.title, priority: cases.priority, status: cases.status, ownerId: cases.ownerId },
      cursorKey: p.cursorKey
    }).from(queueItems).innerJoin(cases, eq(cases.id, queueItems.caseId)).where(
      and(eq(queueItems.queueId, queueId), isNull(queueItems.removedAt), filter.workedById ? eq(queueItems.workedById, filter.workedById) : void 0, p.after)
    ).orderBy(...p.orderBy).limit(p.limit);
  });
}

// activities/recipients.ts
async function agentById(db2, id) {
  const [row] = await db2.select({ email: agents.email, managerId: agents.managerId }).from(agents).where(eq(agents.id, id));
  return row;
}
async function resolveRecipients(db2, c, to) {
  const out = { addresses: [], described: [], skipped: [] };
  const add = (label, email, missing) => {
    const address = email?.trim();
    if (!address) {
      out.skipped.push(`${label}: ${missing}`);
      return;
    }
    out.described.push(`${label} <${address}>`);
    if (!out.addresses.some((a) => a.toLowerCase() === address.toLowerCase())) out.addresses.push(address);
  };
  const owner = c.ownerId ? await agentById(db2, c.ownerId) : void 0;
  for (const r of to) {
    if (typeof r === "object") add("address", r.address, "empty address");
    else if (r === "owner") add("owner", owner?.email, c.ownerId ? "the owner has no email" : "the case has no owner");
    else if (r === "manager") {
      const manager2 = owner?.managerId ? await agentById(db2, owner.managerId) : void 0;
      add("manager", manager2?.email, !owner ? "the case has no owner" : !owner.managerId ? "the owner has no manager" : "the manager has no email");
    } else if (r === "customer") {
      const [contact] = c.contactId ? await db2.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, c.contactId)) : [];
      const [account] = !contact?.email && c.accountId ? await db2.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, c.accountId)) : [];
      add("customer", contact?.email ?? account?.email, "neither the contact nor the account has an email");
    }
  }
  return out;
}
async function caseForEmail(db2, caseId) {
  const [row] = await db2.select({ number: cases.number, title: cases.title, ownerId: cases.ownerId, contactId: cases.contactId, accountId: cases.accountId }).from(cases).where(eq(cases.id, caseId));
  return row;
}

// activities/actions.activities.ts
var SLA_ACTION_CONFIG_ERROR = "SlaActionConfigError";
var configError = (message) => ApplicationFailure.create({ type: SLA_ACTION_CONFIG_ERROR, message, nonRetryable: true });
async function lockActionCase(tx, caseId) {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
  if (!c) throw configError(`Case ${caseId} does not exist`);
  return c;
}
async function claimRun(tx, input, summary, detail, ranAt) {
  const rows = await tx.insert(slaActionRuns).values({
    actionKey: input.key,
    instanceId: input.context.instanceId,
    caseId: input.context.caseId,
    phase: input.phase,
    kind: input.action.type,
    summary,
    detail: { ...detail, dueAt: input.at },
    ranAt
  }).onConflictDoNothing({ target: slaActionRuns.actionKey }).returning({ id: slaActionRuns.id });
  return rows.length > 0;
}
async function timelineEvent(tx, input, summary, data, occurredAt, kind = `sla.action.${input.action.type}`) {
  await tx.insert(caseEvents).values({
    caseId: input.context.caseId,
    kind,
    summary,
    data: { ...data, actionKey: input.key, instanceId: input.context.instanceId, kpi: input.context.kpi, phase: input.phase, dueAt: input.at },
    dedupeKey: `sla-action:${input.key}`,
    occurredAt,
    ...actorColumns(SLA_ENGINE)
  }).onConflictDoNothing({ target: caseEvents.dedupeKey });
}
function createActionActivities(deps) {
  const { db: db2, clock: clock2, caseLifecycle: caseLifecycle2 } = deps;
  const instantText = (iso8, zone) => {
    if (!iso8) return null;
    const ms3 = Date.parse(iso8);
    return { local: deps.formatInstant(ms3, zone), utc: deps.formatInstant(ms3, "UTC"), iso: new Date(ms3).toISOString() };
  };
  async function sendEmail(input, action) {
    const c = await caseForEmail(db2, input.context.caseId);
    if (!c) throw configError(`Case ${input.context.caseId} does not exist`);
    const recipients = await resolveRecipients(db2, c, action.to);
    const ctx = {
      case: { number: c.number, title: c.title },
      kpi: kpiLabel(input.context.kpi),
      item: input.context.itemName,
      sla: input.context.slaName,
      phase: input.phase,
      zone: input.context.zone,
      warningAt: instantText(input.context.warningAt, input.context.zone),
      failureAt: instantText(input.context.failureAt, input.context.zone)
    };
    const subject = renderTemplate(action.subject, ctx).replace(/[\r\n]+/g, " ");
    const body = renderTemplate(action.body, ctx);
    const note = recipients.skipped.length ? `skipped ${recipients.skipped.join("; ")}` : void 0;
    const summary = recipients.addresses.length ? `Email "${subject}" to ${recipients.described.join(", ")}` : `Email "${subject}" not sent: no recipient (${recipients.skipped.join("; ")})`;
    const at = clock2();
    return db2.transaction(async (tx) => {
      if (!await claimRun(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject }, at)) {
        const [existing] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, input.key));
        return { applied: false, outboxId: existing?.id, note: "already ran" };
      }
      let outboxId;
      if (recipients.addresses.length) {
        const [row] = await tx.insert(emailOutbox).values({ idempotencyKey: input.key, to: recipients.addresses, subject, body, createdAt: at }).onConflictDoNothing({ target: emailOutbox.idempotencyKey }).returning({ id: emailOutbox.id });
        outboxId = row?.id ?? (await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, input.key)))[0]?.id;
      }
      await timelineEvent(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject, outboxId }, at);
      return { applied: true, outboxId, note };
    });
  }
  async function escalate(input, action) {
    const at = clock2();
    const why = `${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]}`;
    const result = await db2.transaction(async (tx) => {
      const [target] = action.queue ? await tx.select().from(queues).where(eq(queues.name, action.queue)) : await tx.select().from(queues).where(eq(queues.isEscalation, true)).orderBy(asc(queues.createdAt)).limit(1);
      if (!target) throw configError(action.queue ? `No queue named "${action.queue}"` : "No queue is marked as the escalation queue");
      const c = await lockActionCase(tx, input.context.caseId);
      const closed = !isActive(c.status);
      const moved = !closed && c.queueId !== target.id;
      const summary = moved ? `Moved to queue "${target.name}" (SLA: ${why})` : closed ? `Not moved to queue "${target.name}": the case is ${c.status} (SLA: ${why})` : `Already in queue "${target.name}" (SLA: ${why})`;
      const detail = { fromQueueId: c.queueId, toQueueId: target.id, queue: target.name, moved };
      if (!await claimRun(tx, input, summary, detail, at)) return { applied: false, note: "already ran" };
      if (moved) await moveCaseToQueue(tx, caseLifecycle2, c, target.id, `SLA escalation: ${why}`, at, SLA_ENGINE);
      await timelineEvent(tx, input, summary, detail, at);
      return { applied: true, note: moved ? void 0 : closed ? `the case is ${c.status}` : "the case was already in that queue" };
    });
    if (result.applied) caseLifecycle2.afterCommit(input.context.caseId);
    return result;
  }
  async function setCaseField2(input, action) {
    const at = clock2();
    const summary = `Set case field ${action.field} = ${JSON.stringify(action.value)} (SLA: ${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]})`;
    const result = await db2.transaction(async (tx) => {
      const c = await lockActionCase(tx, input.context.caseId);
      if (!await claimRun(tx, input, summary, { field: action.field, value: action.value }, at)) return { applied: false, note: "already ran" };
      const { changed } = await setCaseField(tx, caseLifecycle2, c, action.field, action.value, at, SLA_ENGINE);
      await timelineEvent(tx, input, summary, { field: action.field, value: action.value, changed }, at);
      return changed ? { applied: true } : { applied: true, note: "the field already had that value" };
    });
    if (result.applied) caseLifecycle2.afterCommit(input.context.caseId);
    return result;
  }
  async function recordNotRun(input, reason) {
    const at = clock2();
    const what = actionSummary(input.action, { caseNumber: input.context.caseNumber, kpiLabel: kpiLabel(input.context.kpi), phase: input.phase });
    const summary = `Not run (${reason}): ${what}`;
    return db2.transaction(async (tx) => {
      if (!await claimRun(tx, input, summary, { notRun: reason }, at)) return { applied: false, note: "already ran" };
      await timelineEvent(tx, input, summary, { notRun: reason, type: input.action.type }, at, "sla.action.not_run");
      return { applied: true, note: reason };
    });
  }
  return {
    /** Runs one SLA action once per `key` (see module doc). Summaries: `actionSummary()`. */
    async runAction(input) {
      const a = input.action;
      if (input.notRun) return recordNotRun(input, input.notRun);
      switch (a.type) {
        case "send_email":
          return sendEmail(input, a);
        case "escalate_to_queue":
          return escalate(input, a);
        case "set_case_field":
          return setCaseField2(input, a);
        default:
          throw configError(`Unknown SLA action type ${JSON.stringify(a.type)}`);
      }
    }
  };
}

// activities/deadlines.activities.ts
import { ApplicationFailure as ApplicationFailure2 } from "@temporalio/common";

// src/calendar/civil-date.ts
var MS_PER_SECOND = 1e3;
var MS_PER_MINUTE = 6e4;
var MS_PER_DAY = 864e5;
var MINUTES_PER_DAY = 1440;
var MIN_YEAR = 1900;
var END_YEAR = 2400;
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(dayNumber) {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
function yearOfDay(dayNumber) {
  return civilFromDays(dayNumber).year;
}
var MIN_DAY = daysFromCivil(MIN_YEAR, 1, 1);
var END_DAY = daysFromCivil(END_YEAR, 1, 1);
function weekdayIndex(dayNumber) {
  return ((dayNumber + 3) % 7 + 7) % 7;
}
var WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDate(text3) {
  const m = DATE_RE.exec(text3);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const dn = daysFromCivil(year, month, day);
  const back = civilFromDays(dn);
  return back.month === month && back.day === day ? dn : null;
}
function formatDate(dayNumber) {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}
var CLOCK_RE = /^(\d{2}):(\d{2})$/;
function parseClock(text3) {
  const m = CLOCK_RE.exec(text3);
  if (!m) return null;
  const h = Number(m[1]);
  const min2 = Number(m[2]);
  if (h === 24 && min2 === 0) return MINUTES_PER_DAY;
  if (h > 23 || min2 > 59) return null;
  return h * 60 + min2;
}
function formatClock(minuteOfDay) {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}
function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}

// src/calendar/minute-intervals.ts
function mergeIntervals(intervals) {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
function subtractIntervals(base, cut) {
  let out = [...base];
  for (const [cs, ce] of cut) {
    const next = [];
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (s < cs) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    out = next;
  }
  return out;
}
function totalLength(intervals) {
  let sum = 0;
  for (const [s, e] of intervals) sum += e - s;
  return sum;
}

// src/calendar/zone-offsets.ts
var ZoneOffsets = class {
  constructor(zone) {
    this.zone = zone;
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
  }
  format;
  years = /* @__PURE__ */ new Map();
  /** The last segment of constant offset that answered a look-up: [segStart, segEnd) → segOffset. */
  segStart = 1;
  segEnd = 0;
  segOffset = 0;
  /** Offset (local − UTC) in ms in effect at instant `ms`. */
  offsetAt(ms3) {
    if (ms3 >= this.segStart && ms3 < this.segEnd) return this.segOffset;
    const table = this.yearTable(yearOfDay(Math.floor(ms3 / MS_PER_DAY)));
    let i = table.starts.length - 1;
    while (i > 0 && table.starts[i] > ms3) i--;
    this.segStart = table.starts[i];
    this.segEnd = i + 1 < table.starts.length ? table.starts[i + 1] : table.end;
    this.segOffset = table.offsets[i];
    return this.segOffset;
  }
  /** True if the offset changes at some instant strictly inside (from, to). */
  changesWithin(from, to) {
    const offset = this.offsetAt(from);
    let t = from;
    for (; ; ) {
      this.offsetAt(t);
      const next = this.segEnd;
      if (next >= to) return false;
      if (this.offsetAt(next) !== offset) return true;
      t = next;
    }
  }
  /** First instant in (before, after] whose offset differs from the offset at `before`. */
  firstChangeAfter(before, after) {
    const offset = this.offsetAt(before);
    let lo = before;
    let hi = after;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetAt(mid) === offset) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  yearTable(year) {
    let table = this.years.get(year);
    if (!table) {
      table = this.buildYear(year);
      this.years.set(year, table);
    }
    return table;
  }
  /** Probes every day of the year, then bisects each change to the second. */
  buildYear(year) {
    const start = daysFromCivil(year, 1, 1) * MS_PER_DAY;
    const end = daysFromCivil(year + 1, 1, 1) * MS_PER_DAY;
    const starts = [start];
    const offsets = [this.probe(start)];
    let prevT = start;
    let prevO = offsets[0];
    for (let t = start + MS_PER_DAY; prevT < end - MS_PER_SECOND; t += MS_PER_DAY) {
      const probeT = Math.min(t, end - MS_PER_SECOND);
      const o = this.probe(probeT);
      while (o !== prevO) {
        let lo = prevT;
        let hi = probeT;
        while (hi - lo > MS_PER_SECOND) {
          const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
          if (this.probe(mid) === prevO) lo = mid;
          else hi = mid;
        }
        prevO = this.probe(hi);
        prevT = hi;
        starts.push(hi);
        offsets.push(prevO);
      }
      prevT = probeT;
    }
    return { end, starts, offsets };
  }
  /** Offset at a whole-second instant, from the wall clock Intl shows there. */
  probe(ms3) {
    const text3 = this.format.format(ms3);
    let field = 0;
    let value = 0;
    let inNumber = false;
    const parts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < text3.length; i++) {
      const c = text3.charCodeAt(i) - 48;
      if (c >= 0 && c <= 9) {
        value = value * 10 + c;
        inNumber = true;
      } else if (inNumber) {
        parts[field++] = value;
        value = 0;
        inNumber = false;
      }
    }
    if (inNumber) parts[field++] = value;
    if (field !== 6) throw new Error(`unexpected Intl output for ${this.zone}: ${text3}`);
    const [month, day, year, hour, minute, second] = parts;
    const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    return wall - ms3;
  }
};
var zones = /* @__PURE__ */ new Map();
function zoneOffsets(zone) {
  let z = zones.get(zone);
  if (!z) {
    z = new ZoneOffsets(zone);
    zones.set(zone, z);
  }
  return z;
}
function isIanaTimeZone(zone) {
  let known = zoneValidity.get(zone);
  if (known === void 0) {
    known = zone.length > 0 && !/^[+-]|^(UTC|GMT)\s*[-+\u2212]/i.test(zone) && runtimeKnowsZone(zone);
    if (zoneValidity.size < 1e4) zoneValidity.set(zone, known);
  }
  return known;
}
var zoneValidity = /* @__PURE__ */ new Map();
function runtimeKnowsZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// src/calendar/validate-calendar.ts
var TOP_LEVEL_KEYS = [
  "timeZone",
  "is24x7",
  "weekly",
  "holidays",
  "closures",
  "specialHours",
  "businessDayMinutes",
  "id",
  "version",
  "name",
  "description"
];
function validateCalendar(definition) {
  const problems2 = [];
  const report = (path7, message) => {
    problems2.push({ path: path7, message });
  };
  if (!isObject(definition)) {
    return { ok: false, problems: [{ path: "", message: "a calendar must be a JSON object" }] };
  }
  const def = definition;
  unknownKeys(def, TOP_LEVEL_KEYS, "", report);
  const timeZone = def.timeZone;
  if (typeof timeZone !== "string" || !isIanaTimeZone(timeZone)) {
    report("timeZone", typeof timeZone === "string" ? `"${timeZone}" is not a known IANA time zone (use a name such as "Europe/Paris"; fixed UTC offsets are wrong half the year where there is daylight saving)` : 'required: an IANA time zone name such as "Europe/Paris"');
  }
  if (def.is24x7 !== void 0 && typeof def.is24x7 !== "boolean") report("is24x7", "must be true or false");
  const is24x7 = def.is24x7 === true;
  const declared = WEEKDAY_KEYS.map(() => []);
  if (def.weekly !== void 0) {
    if (!isObject(def.weekly)) report("weekly", "must be an object with keys mon, tue, wed, thu, fri, sat, sun");
    else {
      unknownKeys(def.weekly, WEEKDAY_KEYS, "weekly", report, "weekday keys are mon, tue, wed, thu, fri, sat, sun");
      WEEKDAY_KEYS.forEach((key, wd) => {
        const list = def.weekly[key];
        if (list === void 0) return;
        const path7 = `weekly.${key}`;
        if (!Array.isArray(list)) return report(path7, 'must be a list of ["HH:MM", "HH:MM"] intervals');
        list.forEach((item, i) => {
          const iv = parseInterval(item, `${path7}[${i}]`, true, report);
          if (iv) declared[wd].push(iv);
        });
      });
      if (is24x7 && declared.some((d) => d.length > 0)) {
        report("weekly", "must be empty when is24x7 is true (a 24x7 calendar is open all day every day)");
      }
    }
  }
  const holidays = /* @__PURE__ */ new Map();
  listOf(def, "holidays", report, (entry, path7) => {
    unknownKeys(entry, ["date", "name"], path7, report);
    const date5 = parseDateField(entry.date, `${path7}.date`, report);
    const name = optionalString(entry.name, `${path7}.name`, report) ?? "Holiday";
    if (date5) holidays.set(date5, [...holidays.get(date5) ?? [], name]);
  });
  const closures = [];
  listOf(def, "closures", report, (entry, path7) => {
    unknownKeys(entry, ["date", "from", "to", "reason"], path7, report);
    const date5 = parseDateField(entry.date, `${path7}.date`, report);
    const from = parseTime(entry.from, `${path7}.from`, report);
    const to = parseTime(entry.to, `${path7}.to`, report);
    const reason = optionalString(entry.reason, `${path7}.reason`, report) ?? "Closed";
    if (from === MINUTES_PER_DAY) report(`${path7}.from`, "a closure cannot start at 24:00");
    else if (from !== null && to !== null && to <= from) {
      report(`${path7}.to`, 'must be after "from" (a closure lies within one date; use "24:00" for midnight)');
    } else if (date5 && from !== null && to !== null) closures.push({ date: date5, from, to, reason });
  });
  const special = /* @__PURE__ */ new Map();
  listOf(def, "specialHours", report, (entry, path7) => {
    unknownKeys(entry, ["date", "intervals", "name"], path7, report);
    const date5 = parseDateField(entry.date, `${path7}.date`, report);
    const name = optionalString(entry.name, `${path7}.name`, report) ?? "Special hours";
    const intervals = [];
    if (!Array.isArray(entry.intervals)) report(`${path7}.intervals`, 'required: a list of ["HH:MM", "HH:MM"] intervals (empty closes the date)');
    else {
      entry.intervals.forEach((item, i) => {
        const iv = parseInterval(item, `${path7}.intervals[${i}]`, false, report);
        if (iv) intervals.push(iv);
      });
    }
    if (!date5) return;
    if (holidays.has(date5)) {
      report(`${path7}.date`, `${date5} is also listed as a holiday; a date is either a holiday or has special hours`);
    }
    const prev = special.get(date5);
    special.set(date5, { names: [...prev?.names ?? [], name], intervals: [...prev?.intervals ?? [], ...intervals] });
  });
  let businessDayMinutes2;
  if (def.businessDayMinutes !== void 0) {
    const v = def.businessDayMinutes;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MINUTES_PER_DAY) {
      report("businessDayMinutes", "must be a whole number of minutes from 1 to 1440");
    } else businessDayMinutes2 = v;
  }
  if (def.id !== void 0 && typeof def.id !== "string") report("id", "must be a string");
  if (def.version !== void 0 && typeof def.version !== "number" && typeof def.version !== "string") {
    report("version", "must be a number or a string");
  }
  optionalString(def.name, "name", report);
  optionalString(def.description, "description", report);
  const parts = WEEKDAY_KEYS.map(() => is24x7 ? [[0, MINUTES_PER_DAY]] : []);
  declared.forEach((list, wd) => {
    for (const [s, e] of list) {
      parts[wd].push([s, Math.min(e, MINUTES_PER_DAY)]);
      if (e > MINUTES_PER_DAY) parts[(wd + 1) % 7].push([0, e - MINUTES_PER_DAY]);
    }
  });
  const weekly = parts.map(mergeIntervals);
  const specialHours = [...special.entries()].sort(([a], [b]) => a < b ? -1 : 1).map(([date5, v]) => ({ date: date5, name: v.names.join("; "), intervals: mergeIntervals(v.intervals) }));
  const weeklyMinutes = weekly.reduce((sum, list) => sum + totalLength(list), 0);
  const specialMinutes = specialHours.reduce((sum, s) => sum + totalLength(s.intervals), 0);
  if (weeklyMinutes === 0 && specialMinutes === 0 && problems2.length === 0) {
    report("weekly", "the calendar has no open time at all: give weekly hours, set is24x7, or add special hours");
  }
  if (problems2.length > 0) return { ok: false, problems: problems2 };
  const dayLengths = is24x7 ? [MINUTES_PER_DAY] : declared.map((list) => totalLength(mergeIntervals(list)));
  const fallbackLengths = specialHours.map((s) => totalLength(s.intervals));
  return {
    ok: true,
    calendar: {
      ...typeof def.id === "string" ? { id: def.id } : {},
      ...def.version !== void 0 ? { version: def.version } : {},
      ...typeof def.name === "string" ? { name: def.name } : {},
      timeZone,
      is24x7,
      weekly,
      holidays: [...holidays.entries()].sort(([a], [b]) => a < b ? -1 : 1).map(([date5, names]) => ({ date: date5, name: names.join("; ") })),
      closures: closures.sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : a.from - b.from),
      specialHours,
      businessDayMinutes: businessDayMinutes2 ?? mostCommonLength(dayLengths) ?? mostCommonLength(fallbackLengths) ?? MINUTES_PER_DAY
    }
  };
}
function mostCommonLength(lengths) {
  const counts = /* @__PURE__ */ new Map();
  for (const l of lengths) if (l > 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best;
  let bestCount = 0;
  for (const [l, c] of counts) {
    if (c > bestCount || c === bestCount && best !== void 0 && l > best) {
      best = l;
      bestCount = c;
    }
  }
  return best;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function unknownKeys(obj, allowed, path7, report, hint) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      report(path7 ? `${path7}.${key}` : key, `unknown key${hint ? ` (${hint})` : ` (allowed: ${allowed.join(", ")})`}`);
    }
  }
}
function listOf(def, key, report, each) {
  const list = def[key];
  if (list === void 0) return;
  if (!Array.isArray(list)) return report(key, "must be a list");
  list.forEach((entry, i) => {
    const path7 = `${key}[${i}]`;
    if (!isObject(entry)) report(path7, "must be an object");
    else each(entry, path7);
  });
}
function optionalString(v, path7, report) {
  if (v === void 0) return void 0;
  if (typeof v !== "string") {
    report(path7, "must be a string");
    return void 0;
  }
  return v;
}
function parseDateField(v, path7, report) {
  const dn = typeof v === "string" ? parseDate(v) : null;
  if (dn === null) {
    report(path7, `${JSON.stringify(v)} is not a date "YYYY-MM-DD"`);
    return null;
  }
  const { year } = civilFromDays(dn);
  if (year < MIN_YEAR || year >= END_YEAR) {
    report(path7, `must be between ${MIN_YEAR}-01-01 and ${END_YEAR - 1}-12-31`);
    return null;
  }
  return v;
}
function parseTime(v, path7, report) {
  const m = typeof v === "string" ? parseClock(v) : null;
  if (m === null) report(path7, `${JSON.stringify(v)} is not a time "HH:MM" from 00:00 to 24:00`);
  return m;
}
function parseInterval(item, path7, overnight, report) {
  if (!Array.isArray(item) || item.length !== 2) {
    report(path7, 'must be a pair ["HH:MM", "HH:MM"]');
    return null;
  }
  const s = parseTime(item[0], `${path7}[0]`, report);
  const e = parseTime(item[1], `${path7}[1]`, report);
  if (s === null || e === null) return null;
  if (s === MINUTES_PER_DAY) {
    report(`${path7}[0]`, "an interval cannot start at 24:00 (use 00:00 of the next day)");
    return null;
  }
  if (e > s) return [s, e];
  if (overnight) return [s, e + MINUTES_PER_DAY];
  report(`${path7}[1]`, 'must be after the start: special hours lie within their date (use "24:00" for midnight, and give the next date its own special hours)');
  return null;
}

// src/calendar/local-time.ts
var BLOCK_DAYS = 256;
var LOOKAHEAD_BLOCKS = 3;
var LocalDays = class {
  constructor(zone) {
    this.zone = zone;
    this.offsets = zoneOffsets(zone);
  }
  offsets;
  blocks = /* @__PURE__ */ new Map();
  lastBlock = null;
  /**
   * Instant of a local wall time given as ms since 1970-01-01T00:00 local ('compatible'): a wall
   * time in a gap moves forward by the gap's length, one that occurs twice takes the earlier instant.
   */
  localToUtc(wallMs) {
    return this.resolve(wallMs, false);
  }
  /** Instant at which local day `dayNumber` starts (its 00:00; if 00:00 is skipped, the instant the clock jumps). */
  dayStart(dayNumber) {
    let block = this.lastBlock;
    if (block === null || dayNumber < block.first || dayNumber >= block.first + BLOCK_DAYS) {
      block = this.block(Math.floor(dayNumber / BLOCK_DAYS));
      this.lastBlock = block;
    }
    return block.starts[dayNumber - block.first];
  }
  /** The local day that contains instant `ms` (days partition time as [dayStart(d), dayStart(d+1))). */
  dayOf(ms3) {
    let dn = Math.floor((ms3 + this.offsets.offsetAt(ms3)) / MS_PER_DAY);
    while (ms3 < this.dayStart(dn)) dn--;
    while (ms3 >= this.dayStart(dn + 1)) dn++;
    return dn;
  }
  /**
   * First irregular day >= dayNumber, or a barrier day (which may be regular) at most
   * LOOKAHEAD_BLOCKS blocks ahead: callers treat the answer as "days before it are regular".
   */
  nextIrregularDay(dayNumber) {
    const b = Math.floor(dayNumber / BLOCK_DAYS);
    for (let k = 0; k < LOOKAHEAD_BLOCKS; k++) {
      const irregular = this.block(b + k).irregular;
      for (let i = 0; i < irregular.length; i++) if (irregular[i] >= dayNumber) return irregular[i];
    }
    return (b + LOOKAHEAD_BLOCKS) * BLOCK_DAYS;
  }
  isIrregular(dayNumber) {
    return this.block(Math.floor(dayNumber / BLOCK_DAYS)).irregular.includes(dayNumber);
  }
  /** ISO 8601 local time with offset, e.g. "2025-06-13T10:00:00-04:00" (ms shown only when non-zero). */
  formatIso(ms3) {
    const offset = this.offsets.offsetAt(ms3);
    const wall = ms3 + offset;
    const dn = Math.floor(wall / MS_PER_DAY);
    const { year, month, day } = civilFromDays(dn);
    const t = wall - dn * MS_PER_DAY;
    const msPart = t % 1e3;
    const clock2 = `${pad2(Math.floor(t / 36e5))}:${pad2(Math.floor(t / MS_PER_MINUTE) % 60)}:${pad2(Math.floor(t / 1e3) % 60)}`;
    return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}T${clock2}${msPart ? `.${String(msPart).padStart(3, "0")}` : ""}${formatOffset(offset)}`;
  }
  block(index2) {
    let block = this.blocks.get(index2);
    if (!block) {
      block = this.buildBlock(index2);
      this.blocks.set(index2, block);
    }
    return block;
  }
  buildBlock(index2) {
    const first = index2 * BLOCK_DAYS;
    const starts = new Float64Array(BLOCK_DAYS + 1);
    for (let i = 0; i <= BLOCK_DAYS; i++) starts[i] = this.resolve((first + i) * MS_PER_DAY, true);
    const irregular = [];
    for (let i = 0; i < BLOCK_DAYS; i++) {
      if (starts[i + 1] - starts[i] !== MS_PER_DAY || this.offsets.changesWithin(starts[i], starts[i + 1])) {
        irregular.push(first + i);
      }
    }
    return { first, starts, irregular: Int32Array.from(irregular) };
  }
  /**
   * 'compatible' resolution. With `clampGap`, a wall time inside a gap resolves to the instant the
   * clock jumps (used for day starts, so that days partition time and never overlap).
   */
  resolve(wall, clampGap) {
    const o = this.offsets;
    const before = o.offsetAt(wall - MS_PER_DAY);
    const after = o.offsetAt(wall + MS_PER_DAY);
    const tBefore = wall - before;
    const tAfter = wall - after;
    const okBefore = o.offsetAt(tBefore) === before;
    const okAfter = o.offsetAt(tAfter) === after;
    if (okBefore && okAfter) return Math.min(tBefore, tAfter);
    if (okBefore) return tBefore;
    if (okAfter) return tAfter;
    const lo = Math.min(tBefore, tAfter);
    const hi = Math.max(tBefore, tAfter);
    return clampGap ? o.firstChangeAfter(lo, hi) : hi;
  }
};
var zones2 = /* @__PURE__ */ new Map();
function localDays(zone) {
  let days = zones2.get(zone);
  if (!days) {
    days = new LocalDays(zone);
    zones2.set(zone, days);
  }
  return days;
}
function formatOffset(offsetMs) {
  const sign = offsetMs < 0 ? "-" : "+";
  const abs = Math.abs(offsetMs) / 1e3;
  const h = Math.floor(abs / 3600);
  const m = Math.floor(abs / 60) % 60;
  const s = abs % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ""}`;
}

// src/calendar/stable-json.ts
function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value;
    return `{${Object.keys(obj).filter((k) => obj[k] !== void 0).sort().map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

// src/calendar/compile-calendar.ts
var NO_EXCEPTION = Number.MAX_SAFE_INTEGER;
var CompiledCalendar = class {
  constructor(calendar) {
    this.calendar = calendar;
    this.timeZone = calendar.timeZone;
    this.businessDayMinutes = calendar.businessDayMinutes;
    this.days = localDays(calendar.timeZone);
    this.template = calendar.weekly.map((list) => Float64Array.from(list.flat(), (m) => m * MS_PER_MINUTE));
    this.dayMs = Float64Array.from(this.template, (iv) => {
      let sum = 0;
      for (let i = 0; i < iv.length; i += 2) sum += iv[i + 1] - iv[i];
      return sum;
    });
    this.weekMs = this.dayMs.reduce((a, b) => a + b, 0);
    this.prefixMs = new Float64Array(15);
    for (let i = 0; i < 14; i++) this.prefixMs[i + 1] = this.prefixMs[i] + this.dayMs[i % 7];
    const rules = /* @__PURE__ */ new Map();
    const rulesOf = (date5) => {
      const dn = parseDate(date5);
      let r = rules.get(dn);
      if (!r) rules.set(dn, r = { closures: [] });
      return r;
    };
    for (const h of calendar.holidays) rulesOf(h.date).holiday = h.name;
    for (const s of calendar.specialHours) rulesOf(s.date).special = { name: s.name, intervals: s.intervals };
    for (const c of calendar.closures) rulesOf(c.date).closures.push({ from: c.from, to: c.to, reason: c.reason });
    this.exceptions = rules;
    this.exceptionDays = Int32Array.from([...rules.keys()].sort((a, b) => a - b));
    this.alwaysOpen = this.weekMs === 7 * MS_PER_DAY && this.exceptionDays.length === 0;
  }
  timeZone;
  businessDayMinutes;
  /** Local days of the calendar's zone (shared per zone). */
  days;
  /** Per weekday (0 = Monday): template intervals as ms from local midnight, flat [s0, e0, ...]. */
  template;
  /** Template business ms per weekday, per week, and a two-week prefix sum for partial weeks. */
  dayMs;
  weekMs;
  prefixMs;
  /** Sorted day numbers of holidays, closures and special hours. */
  exceptionDays;
  exceptions;
  /** Open all the time: every day 00:00-24:00 and no exception day (plain arithmetic). */
  alwaysOpen;
  irregularCache = /* @__PURE__ */ new Map();
  get id() {
    return this.calendar.id;
  }
  get version() {
    return this.calendar.version;
  }
  /**
   * First day >= dayNumber that is not plain (holiday, closure, special hours, UTC-offset change),
   * or a barrier day up to which all days are plain. Days before the answer follow the template.
   */
  nextExceptionDay(dayNumber) {
    const ex = this.exceptionDays;
    let lo = 0;
    let hi = ex.length;
    while (lo < hi) {
      const mid = lo + hi >>> 1;
      if (ex[mid] < dayNumber) lo = mid + 1;
      else hi = mid;
    }
    const own = lo < ex.length ? ex[lo] : NO_EXCEPTION;
    const zone = this.days.nextIrregularDay(dayNumber);
    return own < zone ? own : zone;
  }
  /** Template business ms of `count` plain days starting at day `dayNumber`. */
  plainSpanMs(dayNumber, count) {
    const weeks = Math.floor(count / 7);
    const wd = weekdayIndex(dayNumber);
    return weeks * this.weekMs + this.prefixMs[wd + count - weeks * 7] - this.prefixMs[wd];
  }
  /** The open intervals of a local date in local minutes, after holidays, special hours and closures. */
  localIntervals(dayNumber) {
    const rules = this.exceptions.get(dayNumber);
    if (!rules) return this.calendar.weekly[weekdayIndex(dayNumber)];
    if (rules.holiday !== void 0) return [];
    const base = rules.special ? rules.special.intervals : this.calendar.weekly[weekdayIndex(dayNumber)];
    return rules.closures.length ? subtractIntervals(base, rules.closures.map((c) => [c.from, c.to])) : base;
  }
  /**
   * Open intervals of any day as instants, each wall-clock boundary resolved on its own
   * ('compatible'), clipped to the day. Cached: used for exception and irregular days.
   */
  dayIntervals(dayNumber) {
    let entry = this.irregularCache.get(dayNumber);
    if (entry) return entry;
    const days = this.days;
    const dayStart = days.dayStart(dayNumber);
    const dayEnd = days.dayStart(dayNumber + 1);
    const wall0 = dayNumber * MS_PER_DAY;
    const pairs = [];
    for (const [s, e] of this.localIntervals(dayNumber)) {
      const a = s === 0 ? dayStart : Math.max(dayStart, days.localToUtc(wall0 + s * MS_PER_MINUTE));
      const b = e === MINUTES_PER_DAY ? dayEnd : Math.min(dayEnd, days.localToUtc(wall0 + e * MS_PER_MINUTE));
      if (b > a) pairs.push([a, b]);
    }
    pairs.sort((x, y) => x[0] - y[0]);
    const flat = [];
    let totalMs = 0;
    for (const [a, b] of pairs) {
      const n = flat.length;
      if (n > 0 && a <= flat[n - 1]) {
        if (b > flat[n - 1]) {
          totalMs += b - flat[n - 1];
          flat[n - 1] = b;
        }
      } else {
        flat.push(a, b);
        totalMs += b - a;
      }
    }
    entry = { instants: Float64Array.from(flat), totalMs };
    this.irregularCache.set(dayNumber, entry);
    return entry;
  }
};
var MEMO_LIMIT = 500;
var memo = /* @__PURE__ */ new Map();
function compileCalendar(definition, options = {}) {
  const useMemo = options.memo ?? true;
  const key = useMemo ? stableJson(definition) : "";
  if (useMemo) {
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const result = validateCalendar(definition);
  if (!result.ok) throw invalidCalendar(result.problems);
  const compiled = new CompiledCalendar(result.calendar);
  if (useMemo) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value);
    memo.set(key, compiled);
  }
  return compiled;
}

// src/calendar/deadline.ts
var NO_BUSINESS_TIME_HORIZON_DAYS = 3660;
function deadlineCore(cal, startMs, budgetMs, fill, strategy = "jump") {
  if (cal.alwaysOpen && strategy === "jump") return inRange(startMs + budgetMs);
  const days = cal.days;
  const jumps = strategy === "jump";
  const startDay = days.dayOf(startMs);
  let dn = startDay;
  let rem = budgetMs;
  let next = strategy === "resolve-all" ? dn : cal.nextExceptionDay(dn);
  let lastOpenDay = dn;
  for (; ; ) {
    let base;
    let iv;
    if (dn >= next) {
      if (dn > next) {
        next = strategy === "resolve-all" ? dn : cal.nextExceptionDay(dn);
        continue;
      }
      base = 0;
      iv = cal.dayIntervals(dn).instants;
      next = strategy === "resolve-all" ? dn + 1 : cal.nextExceptionDay(dn + 1);
    } else {
      if (jumps && dn > startDay) {
        const runMs = cal.plainSpanMs(dn, next - dn);
        if (runMs === 0 || rem > runMs) {
          rem -= runMs;
          if (runMs > 0) lastOpenDay = next - 1;
          dn = next;
          checkProgress(cal, dn, lastOpenDay);
          continue;
        }
        if (rem > cal.weekMs) {
          const weeks = Math.floor((rem - 1) / cal.weekMs);
          rem -= weeks * cal.weekMs;
          dn += 7 * weeks;
          lastOpenDay = dn;
        }
      }
      base = days.dayStart(dn);
      iv = cal.template[weekdayIndex(dn)];
    }
    for (let i = 0; i < iv.length; i += 2) {
      const b = base + iv[i + 1];
      if (b <= startMs) continue;
      let a = base + iv[i];
      if (a < startMs) a = startMs;
      const len = b - a;
      if (rem < len || rem === len && fill) return a + rem;
      rem -= len;
      lastOpenDay = dn;
    }
    dn++;
    checkProgress(cal, dn, lastOpenDay);
  }
}
function checkProgress(cal, dn, lastOpenDay) {
  if (dn - lastOpenDay > NO_BUSINESS_TIME_HORIZON_DAYS) {
    throw new CalendarError(
      "NO_BUSINESS_TIME",
      `no business time in ${NO_BUSINESS_TIME_HORIZON_DAYS} days after the last open day (calendar in ${cal.timeZone})`
    );
  }
  if (dn >= END_DAY) throw new CalendarError("OUT_OF_RANGE", "the result would be after the year 2399");
}
function inRange(ms3) {
  if (ms3 >= END_DAY * 864e5) throw new CalendarError("OUT_OF_RANGE", "the result would be after the year 2399");
  return ms3;
}

// src/calendar/elapsed.ts
function elapsedCore(cal, fromMs, toMs, strategy = "jump", trace = null) {
  if (toMs <= fromMs) return 0;
  if (cal.alwaysOpen && strategy === "jump" && trace === null) return toMs - fromMs;
  const days = cal.days;
  const jumps = strategy === "jump";
  const firstDay = days.dayOf(fromMs);
  const lastDay = days.dayOf(toMs);
  let total = 0;
  let dn = firstDay;
  let next = strategy === "resolve-all" ? dn : cal.nextExceptionDay(dn);
  while (dn <= lastDay) {
    let base;
    let iv;
    if (dn >= next) {
      if (dn > next) {
        next = strategy === "resolve-all" ? dn : cal.nextExceptionDay(dn);
        continue;
      }
      base = 0;
      iv = cal.dayIntervals(dn).instants;
      if (trace !== null && (cal.exceptions.has(dn) || days.isIrregular(dn))) trace.exceptionDay(dn);
      next = strategy === "resolve-all" ? dn + 1 : cal.nextExceptionDay(dn + 1);
    } else {
      if (jumps && dn > firstDay && dn < lastDay) {
        const end = next < lastDay ? next : lastDay;
        const ms3 = cal.plainSpanMs(dn, end - dn);
        total += ms3;
        if (trace !== null) trace.plainRun(dn, end, ms3);
        dn = end;
        continue;
      }
      base = days.dayStart(dn);
      iv = cal.template[weekdayIndex(dn)];
    }
    for (let i = 0; i < iv.length; i += 2) {
      let a = base + iv[i];
      let b = base + iv[i + 1];
      if (a < fromMs) a = fromMs;
      if (b > toMs) b = toMs;
      if (b > a) {
        total += b - a;
        if (trace !== null) trace.interval(dn, a, b);
      }
    }
    dn++;
  }
  return total;
}

// src/calendar/pauses.ts
function mergePauses(pauses) {
  const sorted = pauses.filter((p) => p.to > p.from).sort((a, b) => a.from - b.from);
  const out = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else out.push({ from: p.from, to: p.to });
  }
  return out;
}
function deadlineAroundPauses(cal, startMs, budgetMs, fill, pauses) {
  let cursor = startMs;
  let rem = budgetMs;
  for (const p of pauses) {
    if (p.to <= cursor) continue;
    if (p.from > cursor) {
      const candidate = deadlineCore(cal, cursor, rem, fill);
      if (candidate < p.from || candidate === p.from && fill && rem > 0) return candidate;
      rem -= elapsedCore(cal, cursor, p.from);
    }
    cursor = p.to;
    if (cursor === Infinity) {
      throw new CalendarError(
        "DEADLINE_UNDEFINED",
        `the deadline is undefined: ${rem / 6e4} business minutes remain when the open-ended pause from ${cal.days.formatIso(p.from)} starts`,
        [],
        { pausedFrom: p.from, remainingMinutes: rem / 6e4 }
      );
    }
  }
  return deadlineCore(cal, cursor, rem, fill);
}
function pausedBusinessMs(cal, fromMs, toMs, pauses) {
  let sum = 0;
  for (const p of pauses) {
    const a = p.from > fromMs ? p.from : fromMs;
    const b = p.to < toMs ? p.to : toMs;
    if (b > a) sum += elapsedCore(cal, a, b);
  }
  return sum;
}

// src/calendar/arguments.ts
var MIN_MS = MIN_DAY * MS_PER_DAY;
var END_MS = END_DAY * MS_PER_DAY;
function checkInstant(ms3, name) {
  if (typeof ms3 !== "number" || !Number.isInteger(ms3)) {
    throw invalidArgument(`${name} must be an instant as whole epoch milliseconds, got ${String(ms3)}`);
  }
  if (ms3 < MIN_MS || ms3 >= END_MS) throw new CalendarError("OUT_OF_RANGE", `${name} must be in the years 1900..2399`);
  return ms3;
}
function minutesToMs(minutes, name) {
  if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
    throw invalidArgument(`${name} must be a finite number of minutes >= 0, got ${String(minutes)}`);
  }
  const raw = minutes * MS_PER_MINUTE;
  const ms3 = Math.round(raw);
  if (Math.abs(raw - ms3) > FLOAT_NOISE_MS) throw invalidArgument(`${name} must be a whole number of milliseconds, got ${minutes} minutes`);
  return ms3;
}
var FLOAT_NOISE_MS = 1e-3;
function checkPauses(pauses) {
  if (pauses === void 0 || pauses.length === 0) return [];
  pauses.forEach((p, i) => {
    if (p === null || typeof p !== "object") throw invalidArgument(`pauses[${i}] must be { from, to }`);
    checkInstant(p.from, `pauses[${i}].from`);
    if (p.to !== Infinity) checkInstant(p.to, `pauses[${i}].to`);
    if (p.to < p.from) throw invalidArgument(`pauses[${i}] ends before it starts`);
  });
  return mergePauses(pauses);
}

// src/calendar/business-time.ts
function deadline(cal, startMs, businessMinutes, options = {}) {
  checkInstant(startMs, "startMs");
  const budget = minutesToMs(businessMinutes, "businessMinutes");
  const boundary = options.boundary ?? "fill";
  if (boundary !== "fill" && boundary !== "next-open") throw invalidArgument(`boundary must be 'fill' or 'next-open'`);
  const pauses = checkPauses(options.pauses);
  if (pauses.length > 0) return deadlineAroundPauses(cal, startMs, budget, boundary === "fill", pauses);
  return deadlineCore(cal, startMs, budget, boundary === "fill", options.strategy);
}
function elapsedMs(cal, fromMs, toMs, options = {}) {
  checkInstant(fromMs, "fromMs");
  checkInstant(toMs, "toMs");
  const pauses = checkPauses(options.pauses);
  const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  let ms3 = elapsedCore(cal, a, b, options.strategy);
  if (pauses.length > 0) ms3 -= pausedBusinessMs(cal, a, b, pauses);
  return fromMs <= toMs ? ms3 : 0 - ms3;
}
function elapsed(cal, fromMs, toMs, options = {}) {
  return elapsedMs(cal, fromMs, toMs, options) / MS_PER_MINUTE;
}
function nextOpen(cal, ms3) {
  checkInstant(ms3, "ms");
  return deadlineCore(cal, ms3, 0, true);
}

// src/calendar/business-days.ts
function businessDaysToMinutes(cal, days) {
  if (typeof days !== "number" || !Number.isFinite(days) || days < 0) {
    throw invalidArgument(`business days must be a finite number >= 0, got ${String(days)}`);
  }
  return days * cal.businessDayMinutes;
}

// src/calendar/explain.ts
function explainDeadline(cal, startMs, businessMinutes, options = {}) {
  const result = deadline(cal, startMs, businessMinutes, options);
  const budgetMs = minutesToMs(businessMinutes, "businessMinutes");
  const pauses = checkPauses(options.pauses);
  const { steps, openMs } = traceSpan(cal, startMs, result);
  const pauseViews = viewPauses(cal, startMs, result, pauses);
  return {
    kind: "deadline",
    timeZone: cal.timeZone,
    calendar: calendarRef(cal),
    start: view(cal, startMs),
    businessMinutes: budgetMs / MS_PER_MINUTE,
    boundary: options.boundary ?? "fill",
    firstOpen: view(cal, nextOpen(cal, startMs)),
    result: view(cal, result),
    steps,
    pauses: pauseViews,
    openMinutes: openMs / MS_PER_MINUTE,
    pausedMinutes: pauseViews.reduce((s, p) => s + p.businessMinutes, 0)
  };
}
function explainElapsed(cal, fromMs, toMs, options = {}) {
  checkInstant(fromMs, "fromMs");
  checkInstant(toMs, "toMs");
  const pauses = checkPauses(options.pauses);
  const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  const { steps, openMs } = traceSpan(cal, a, b);
  const pauseViews = viewPauses(cal, a, b, pauses);
  const pausedMinutes = pauseViews.reduce((s, p) => s + p.businessMinutes, 0);
  const minutes = openMs / MS_PER_MINUTE - pausedMinutes;
  return {
    kind: "elapsed",
    timeZone: cal.timeZone,
    calendar: calendarRef(cal),
    from: view(cal, fromMs),
    to: view(cal, toMs),
    steps,
    pauses: pauseViews,
    openMinutes: openMs / MS_PER_MINUTE,
    pausedMinutes,
    businessMinutes: fromMs <= toMs ? minutes : 0 - minutes
  };
}
function traceSpan(cal, fromMs, toMs) {
  const steps = [];
  const trace = {
    interval(day, from, to) {
      steps.push({ kind: "open", date: formatDate(day), from: view(cal, from), to: view(cal, to), minutes: (to - from) / MS_PER_MINUTE });
    },
    plainRun(fromDay, toDay, ms3) {
      const days = toDay - fromDay;
      steps.push({
        kind: "plain-days",
        fromDate: formatDate(fromDay),
        toDate: formatDate(toDay - 1),
        days,
        wholeWeeks: Math.floor(days / 7),
        minutes: ms3 / MS_PER_MINUTE
      });
    },
    exceptionDay(day) {
      steps.push(...describeDay(cal, day));
    }
  };
  const openMs = elapsedCore(cal, fromMs, toMs, "jump", trace);
  return { steps, openMs };
}
function describeDay(cal, day) {
  const date5 = formatDate(day);
  const out = [];
  const rules = cal.exceptions.get(day);
  if (rules?.holiday !== void 0) out.push({ kind: "holiday", date: date5, name: rules.holiday });
  if (rules?.special) {
    out.push({
      kind: "special-hours",
      date: date5,
      name: rules.special.name,
      hours: rules.special.intervals.map(([s, e]) => `${formatClock(s)}-${formatClock(e)}`)
    });
  }
  for (const c of rules?.closures ?? []) {
    out.push({ kind: "closure", date: date5, from: formatClock(c.from), to: formatClock(c.to), reason: c.reason });
  }
  if (cal.days.isIrregular(day)) {
    const start = cal.days.dayStart(day);
    const end = cal.days.dayStart(day + 1);
    out.push({
      kind: "utc-offset-change",
      date: date5,
      dayLengthMinutes: (end - start) / MS_PER_MINUTE,
      offsetAtStart: formatOffset(cal.days.offsets.offsetAt(start)),
      offsetAtEnd: formatOffset(cal.days.offsets.offsetAt(end - 1))
    });
  }
  return out;
}
function viewPauses(cal, fromMs, toMs, pauses) {
  return pauses.filter((p) => p.to > fromMs && p.from < toMs).map((p) => {
    const a = Math.max(p.from, fromMs);
    const b = Math.min(p.to, toMs);
    return {
      from: view(cal, p.from),
      to: p.to === Infinity ? null : view(cal, p.to),
      businessMinutes: elapsedCore(cal, a, b) / MS_PER_MINUTE
    };
  });
}
function view(cal, ms3) {
  return { ms: ms3, utc: utcIso(ms3), local: cal.days.formatIso(ms3) };
}
function utcIso(ms3) {
  return new Date(ms3).toISOString();
}
function calendarRef(cal) {
  return { ...cal.id !== void 0 ? { id: cal.id } : {}, ...cal.version !== void 0 ? { version: cal.version } : {} };
}

// src/sla/kpi-deadlines.ts
var ALWAYS_OPEN = { timeZone: "UTC", is24x7: true };
function computeKpiDeadlines(input) {
  const cal = compileCalendar(input.calendar?.definition ?? ALWAYS_OPEN);
  const zone = input.calendar ? cal.timeZone : "UTC";
  const start = Date.parse(input.applicableFrom);
  const pauses = input.pauses.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })).filter((p) => p.to > p.from);
  const failureAt = deadline(cal, start, input.failureMinutes, { pauses });
  const warningAt = input.warningMinutes === null ? null : deadline(cal, start, input.warningMinutes, { pauses });
  const pausedBusinessMinutes = pauses.reduce((sum, p) => sum + elapsed(cal, Math.max(p.from, start), Math.max(p.to, start)), 0);
  return {
    zone,
    warningAt: warningAt === null ? null : new Date(warningAt).toISOString(),
    failureAt: new Date(failureAt).toISOString(),
    warningLabel: warningAt === null ? null : formatLabel(warningAt, zone),
    failureLabel: formatLabel(failureAt, zone),
    pausedBusinessMinutes
  };
}

// src/sla/stale-pause.ts
var ALWAYS_OPEN2 = { timeZone: "UTC", is24x7: true };
function calendarTimeAlertAt(pausedFromMs, afterMinutes) {
  return pausedFromMs + afterMinutes * 6e4;
}
function stalePauseAlertAt(input) {
  const from = Date.parse(input.pausedFrom);
  if (input.time === "calendar") return new Date(calendarTimeAlertAt(from, input.afterMinutes)).toISOString();
  const cal = compileCalendar(input.calendar?.definition ?? ALWAYS_OPEN2);
  return new Date(deadline(cal, from, input.afterMinutes)).toISOString();
}

// activities/deadlines.activities.ts
function createDeadlineActivities() {
  return {
    async computeDeadlines(input) {
      try {
        return computeKpiDeadlines(input);
      } catch (err) {
        if (err instanceof CalendarError) {
          throw ApplicationFailure2.nonRetryable(
            `Calendar ${input.calendar?.id} v${input.calendar?.version} is invalid: ${err.message}`,
            "CalendarInvalid",
            err.problems
          );
        }
        throw err;
      }
    },
    /** When the current pause's stale-pause alert fires, in business time (src/sla/stale-pause.ts); a local activity. */
    async stalePauseAlertAt(input) {
      try {
        return stalePauseAlertAt(input);
      } catch (err) {
        if (err instanceof CalendarError) {
          throw ApplicationFailure2.nonRetryable(`Calendar ${input.calendar?.id} v${input.calendar?.version} is invalid: ${err.message}`, "CalendarInvalid", err.problems);
        }
        throw err;
      }
    }
  };
}

// activities/email.activities.ts
import { ApplicationFailure as ApplicationFailure3 } from "@temporalio/common";

// src/mail/mailer.ts
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
function outboxMessageId(outboxId, from) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "sla.localhost";
  return `<outbox-${outboxId}@${domain}>`;
}
function createMailer(config) {
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport(config.smtpUrl);
    return {
      transport: "smtp",
      from: config.from,
      async send(email) {
        const info = await transporter.sendMail({ from: config.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
        return { messageId: info.messageId ?? email.messageId, transport: "smtp" };
      },
      close: () => transporter.close()
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    transport: "mailbox",
    from: config.from,
    async send(email) {
      const info = await builder.sendMail({ from: config.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
      await mkdir(config.mailboxDir, { recursive: true });
      const name = `${email.messageId.replace(/[<>]/g, "").replace(/[^\w.@-]+/g, "_")}.eml`;
      const file = path.join(config.mailboxDir, name);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, info.message);
      await rename(tmp, file);
      return { messageId: email.messageId, transport: "mailbox", file };
    },
    close: () => builder.close()
  };
}

// activities/email.activities.ts
function isPermanent(err) {
  const code = err.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
function createEmailActivities({ db: db2, mailer, clock: clock2 }) {
  return {
    async deliverEmail(outboxId) {
      try {
        return await db2.transaction(async (tx) => {
          const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId)).for("update", { skipLocked: true });
          if (!row) {
            const [exists2] = await tx.select({ status: emailOutbox.status, messageId: emailOutbox.messageId }).from(emailOutbox).where(eq(emailOutbox.id, outboxId));
            if (!exists2) throw ApplicationFailure3.nonRetryable(`No outbox email ${outboxId}`, "EmailOutboxMissing");
            if (exists2.status === "sent") return { status: "already_sent", messageId: exists2.messageId ?? "" };
            throw ApplicationFailure3.retryable(`Outbox email ${outboxId} is being delivered by another attempt`, "EmailOutboxBusy");
          }
          if (row.status === "sent") return { status: "already_sent", messageId: row.messageId ?? "" };
          const messageId = outboxMessageId(row.id, mailer.from);
          await mailer.send({ to: row.to, subject: row.subject, text: row.body, html: row.html ?? void 0, messageId, headers: { "X-SLA-Outbox-Id": row.id } });
          await tx.update(emailOutbox).set({ status: "sent", sentAt: clock2(), messageId, attempts: sql`${emailOutbox.attempts} + 1`, lastError: null }).where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "pending")));
          return { status: "sent", messageId };
        });
      } catch (err) {
        if (err instanceof ApplicationFailure3) throw err;
        const message = err instanceof Error ? err.message : String(err);
        const permanent = isPermanent(err);
        await db2.update(emailOutbox).set({ attempts: sql`${emailOutbox.attempts} + 1`, lastError: message, ...permanent ? { status: "failed" } : {} }).where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, "pending"))).catch(() => void 0);
        if (permanent) throw ApplicationFailure3.nonRetryable(`SMTP refused the email: ${message}`, "EmailRejected");
        throw err;
      }
    }
  };
}

// src/sla/kpi-mirror-row.ts
var date2 = (iso8) => iso8 ? new Date(iso8) : null;
function kpiStateColumns(status, calendar, seq, at) {
  return {
    state: status.state,
    warningAt: date2(status.warningAt),
    failureAt: date2(status.failureAt),
    warnedAt: date2(status.warnedAt),
    failedAt: date2(status.failedAt),
    succeededAt: date2(status.succeededAt),
    lateSucceededAt: date2(status.lateSucceededAt),
    pausedBusinessMinutes: Math.round(status.pausedBusinessMinutes),
    calendarId: calendar?.id ?? null,
    calendarVersion: calendar?.version ?? null,
    mirrorSeq: seq,
    updatedAt: at
  };
}
function kpiTimelineEvent(instance, status, transition2, seq) {
  return {
    caseId: instance.caseId,
    kind: `sla.${transition2.kind}`,
    summary: transition2.summary,
    data: {
      instanceId: instance.instanceId,
      kpi: instance.kpi,
      state: status.state,
      warningAt: status.warningAt,
      failureAt: status.failureAt,
      pausedBusinessMinutes: status.pausedBusinessMinutes,
      ...transition2.note ? { note: transition2.note } : {}
    },
    dedupeKey: `sla:${instance.instanceId}:${seq}`,
    occurredAt: new Date(transition2.at),
    ...actorColumns(SLA_ENGINE)
  };
}

// workflows/contract.ts
import { defineQuery, defineSignal, defineUpdate } from "@temporalio/workflow";
var KPI_WORKFLOW_TYPE = "slaKpiWorkflow";
function kpiWorkflowId(caseId, kpi, generation) {
  return `sla:${caseId}:${kpi}:${generation}`;
}
var pauseUpdate = defineUpdate("pause");
var resumeUpdate = defineUpdate("resume");
var succeedUpdate = defineUpdate("succeed");
var cancelSignal = defineSignal("cancel");
var applyCalendarSignal = defineSignal("applyCalendar");
var statusQuery = defineQuery("status");

// src/webhooks/event-catalogue.ts
var caseExample = {
  id: "5b0c7a52-5f59-4d3e-9a36-1f1f1c0e6a10",
  number: "CAS-000042",
  title: "Printer on fire",
  status: "in_progress",
  priority: "high",
  serviceLevel: "premium",
  accountId: "9e7f5c1e-2a43-4b8e-8f0e-5f3f0e9e2b11",
  queueId: null,
  ownerId: null,
  slaId: "0c9d7a0e-6a3b-4c55-9f64-8f0f2c1c7d22",
  breached: false,
  fields: {},
  createdAt: "2027-03-01T09:00:00.000Z",
  updatedAt: "2027-03-01T09:00:00.000Z",
  firstResponseAt: null,
  resolvedAt: null
};
var slaExample = (state, extra = {}) => ({
  caseId: caseExample.id,
  caseNumber: caseExample.number,
  instanceId: "3f1e2d4c-8b7a-4c6d-9e0f-1a2b3c4d5e6f",
  kpi: "first_response",
  state,
  at: "2027-03-01T10:30:00.000Z",
  warningAt: "2027-03-01T10:30:00.000Z",
  failureAt: "2027-03-01T11:00:00.000Z",
  pausedBusinessMinutes: 0,
  ...extra
});
var WEBHOOK_EVENT_TYPES = [
  { type: "case.created", description: "A case was created (or imported).", example: { case: caseExample } },
  {
    type: "case.updated",
    description: "Fields or the status of a case changed (not its resolution: case.resolved).",
    example: { case: { ...caseExample, status: "on_hold" }, changed: ["status"] }
  },
  { type: "case.resolved", description: "A case was resolved.", example: { case: { ...caseExample, status: "resolved", resolvedAt: "2027-03-01T15:00:00.000Z" } } },
  { type: "sla.started", description: "A KPI clock started.", example: slaExample("in_progress", { at: "2027-03-01T09:00:00.000Z" }) },
  { type: "sla.warning", description: "A KPI clock reached its warning instant (nearing noncompliance).", example: slaExample("nearing_noncompliance") },
  { type: "sla.breached", description: "A KPI clock reached its failure instant: the promise is broken (Noncompliant).", example: slaExample("noncompliant", { at: "2027-03-01T11:00:00.000Z" }) },
  {
    type: "sla.succeeded",
    description: "A KPI was met; `late` is true when it was met after the breach.",
    example: slaExample("succeeded", { at: "2027-03-01T10:05:00.000Z", late: false })
  },
  { type: "sla.paused", description: "A KPI clock paused (the case went on hold).", example: slaExample("paused", { warningAt: null, failureAt: null }) },
  { type: "sla.resumed", description: "A paused KPI clock runs again, with its moved deadlines.", example: slaExample("in_progress", { pausedBusinessMinutes: 45 }) },
  { type: "sla.canceled", description: "A KPI clock was canceled (case canceled, or re-evaluated to another SLA item).", example: slaExample("canceled") },
  {
    type: "sla.pause_stale",
    description: "A KPI clock has been paused longer than its SLA allows before alerting (once per pause).",
    example: slaExample("paused", { warningAt: null, failureAt: null, note: "paused for more than 3 business days" })
  }
];
var webhookEventTypeNames = WEBHOOK_EVENT_TYPES.map((e) => e.type);
function isWebhookEventType(type) {
  return webhookEventTypeNames.includes(type);
}
var SLA_TIMELINE_ALIASES = {
  "sla.failed": { type: "sla.breached" },
  "sla.succeeded": { type: "sla.succeeded", late: false },
  "sla.late_succeeded": { type: "sla.succeeded", late: true }
};
function slaEventTypeOf(timelineKind) {
  const alias2 = SLA_TIMELINE_ALIASES[timelineKind];
  if (alias2) return alias2;
  return isWebhookEventType(timelineKind) && timelineKind.startsWith("sla.") ? { type: timelineKind } : null;
}

// src/webhooks/webhook-outbox.ts
import { randomUUID } from "node:crypto";
var newEventId = () => `evt_${randomUUID().replaceAll("-", "")}`;
function eventPayload(id, e, data) {
  return { id, type: e.type, timestamp: e.occurredAt.toISOString(), data };
}
async function publishWebhookEvent(tx, e, now = /* @__PURE__ */ new Date()) {
  const listeners = await tx.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(and(eq(webhookSubscriptions.enabled, true), sql`${webhookSubscriptions.eventTypes} @> ${JSON.stringify([e.type])}::jsonb`));
  if (listeners.length === 0) return 0;
  const id = newEventId();
  const data = typeof e.data === "function" ? await e.data() : e.data;
  const [event3] = await tx.insert(webhookEvents).values({ id, type: e.type, sourceKey: e.sourceKey, caseId: e.caseId, payload: eventPayload(id, e, data), occurredAt: e.occurredAt }).onConflictDoNothing({ target: webhookEvents.sourceKey }).returning({ id: webhookEvents.id });
  if (!event3) return 0;
  await tx.insert(webhookDeliveries).values(listeners.map((s) => ({ subscriptionId: s.id, eventId: event3.id, createdAt: now })));
  return listeners.length;
}

// src/webhooks/sla-webhook-events.ts
async function publishSlaTransition(tx, row) {
  const event3 = slaEventTypeOf(row.kind);
  if (!event3 || !row.dedupeKey) return 0;
  const { instanceId, kpi, state, warningAt, failureAt, pausedBusinessMinutes, note } = row.data ?? {};
  return publishWebhookEvent(tx, {
    type: event3.type,
    sourceKey: row.dedupeKey,
    caseId: row.caseId,
    occurredAt: row.occurredAt,
    data: async () => ({
      caseId: row.caseId,
      caseNumber: (await tx.select({ number: cases.number }).from(cases).where(eq(cases.id, row.caseId)))[0]?.number ?? null,
      instanceId,
      kpi,
      state,
      at: row.occurredAt.toISOString(),
      warningAt: warningAt ?? null,
      failureAt: failureAt ?? null,
      pausedBusinessMinutes: pausedBusinessMinutes ?? 0,
      ...event3.late !== void 0 ? { late: event3.late } : {},
      ...note ? { note } : {}
    })
  });
}

// activities/mirror.activities.ts
var date3 = (iso8) => iso8 ? new Date(iso8) : null;
function createMirrorActivities({ db: db2, webhookWaker = null }) {
  return {
    async mirrorInstance({ seq, status, transition: transition2, instance }) {
      const at = new Date(transition2.at);
      const state = kpiStateColumns(status, instance.calendar, seq, at);
      const result = await db2.transaction(async (tx) => {
        const rows = await tx.insert(slaKpiInstances).values({
          id: instance.instanceId,
          caseId: instance.caseId,
          slaId: instance.slaId,
          slaItemId: instance.slaItemId,
          kpi: instance.kpi,
          generation: instance.generation,
          workflowId: status.workflowId || kpiWorkflowId(instance.caseId, instance.kpi, instance.generation),
          itemSnapshot: { name: instance.itemName, kpi: instance.kpi, warningMinutes: instance.warningMinutes, failureMinutes: instance.failureMinutes },
          applicableFrom: new Date(status.applicableFrom),
          pausedSince: date3(status.pausedSince),
          pauses: status.pauses,
          endedAt: date3(status.endedAt),
          endReason: status.endReason,
          workflowStartedAt: transition2.kind === "started" ? at : null,
          ...state
        }).onConflictDoUpdate({
          target: slaKpiInstances.id,
          set: {
            ...state,
            // An operator's apply-to-running records the new version before the workflow hears of it.
            calendarVersion: sql`greatest(${slaKpiInstances.calendarVersion}, ${state.calendarVersion}::int)`,
            endedAt: sql`coalesce(${slaKpiInstances.endedAt}, ${status.endedAt}::timestamptz)`,
            endReason: sql`coalesce(${slaKpiInstances.endReason}, ${status.endReason}::text)`,
            workflowStartedAt: sql`coalesce(${slaKpiInstances.workflowStartedAt}, ${transition2.kind === "started" ? transition2.at : null}::timestamptz)`
          },
          setWhere: sql`${slaKpiInstances.mirrorSeq} < ${seq}`
        }).returning({ id: slaKpiInstances.id });
        const timelineRow = kpiTimelineEvent(instance, status, transition2, seq);
        const [recorded] = await tx.insert(caseEvents).values(timelineRow).onConflictDoNothing({ target: caseEvents.dedupeKey }).returning({ id: caseEvents.id });
        const published = recorded ? await publishSlaTransition(tx, timelineRow) : 0;
        if (transition2.kind === "failed") {
          await tx.update(cases).set({ breached: true, version: sql`${cases.version} + 1` }).where(and(eq(cases.id, instance.caseId), eq(cases.breached, false)));
        }
        return { mirrored: rows.length > 0, published };
      });
      if (result.published > 0) webhookWaker?.wake();
      return { mirrored: result.mirrored };
    }
  };
}

// activities/pending-commands.activities.ts
var KINDS = ["pause", "resume", "succeed", "cancel"];
var slaCommandUpdateId = (commandId) => `sla-command-${commandId}`;
function createPendingCommandActivities({ db: db2 }) {
  return {
    async undeliveredSlaCommands({ instanceId, upTo }) {
      const rows = await db2.select({ id: slaCommands.id, kind: slaCommands.kind, payload: slaCommands.payload }).from(slaCommands).where(and(eq(slaCommands.instanceId, instanceId), isNull(slaCommands.deliveredAt), inArray(slaCommands.kind, [...KINDS]))).orderBy(asc(slaCommands.id));
      const limit = Date.parse(upTo);
      const found = [];
      for (const r of rows) {
        const at = r.payload.at;
        if (typeof at !== "string" || !(Date.parse(at) <= limit)) break;
        const reason = typeof r.payload.reason === "string" ? r.payload.reason : void 0;
        found.push({ commandId: String(r.id), updateId: slaCommandUpdateId(r.id), kind: r.kind, at, ...reason ? { reason } : {} });
      }
      return found;
    }
  };
}

// activities/webhook.activities.ts
import { ApplicationFailure as ApplicationFailure4 } from "@temporalio/common";

// src/webhooks/signature.ts
import { createHmac, randomBytes } from "node:crypto";
var SECRET_PREFIX = "whsec_";
function newWebhookSecret() {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}
function keyOf(secret) {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}
function signPayload(secret, webhookId, timestampSeconds, body) {
  const digest = createHmac("sha256", keyOf(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${digest}`;
}
function activeSecrets(s, at) {
  const previous = s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt.getTime() > at.getTime() ? [s.previousSecret] : [];
  return [s.secret, ...previous];
}
function webhookHeaders(s, webhookId, at, body) {
  const timestamp2 = Math.floor(at.getTime() / 1e3);
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp2),
    "webhook-signature": activeSecrets(s, at).map((secret) => signPayload(secret, webhookId, timestamp2, body)).join(" ")
  };
}

// src/webhooks/send-webhook.ts
import http from "node:http";
import https from "node:https";

// src/webhooks/receiver-address.ts
import { lookup as dnsLookup } from "node:dns";
import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
var LOOKUP_TIMEOUT_MS = 5e3;
var ReceiverRefused = class extends Error {
  name = "ReceiverRefused";
};
function isPublicAddress(address) {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
function refuseUnlessPublic(host, addresses, policy) {
  if (policy.allowPrivateNetworks) return;
  const privateOnes = addresses.filter((a) => !isPublicAddress(a));
  if (privateOnes.length > 0) {
    throw new ReceiverRefused(`${host} resolves to a private or reserved address (${privateOnes.join(", ")}); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it`);
  }
}
function bareHost(hostname) {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}
async function checkReceiverUrl(url, policy) {
  const host = bareHost(url.hostname);
  let addresses;
  if (isIP(host)) addresses = [host];
  else {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("DNS timeout"), { code: `no answer within ${LOOKUP_TIMEOUT_MS / 1e3} s` })), LOOKUP_TIMEOUT_MS);
    });
    try {
      addresses = (await Promise.race([dns.lookup(host, { all: true, verbatim: true }), timeout])).map((a) => a.address);
    } catch (err) {
      throw new ReceiverRefused(`${host} does not resolve (${err.code ?? "DNS error"})`);
    } finally {
      clearTimeout(timer);
    }
  }
  refuseUnlessPublic(host, addresses, policy);
}
function guardedLookup(policy) {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, result) => {
      if (err) return callback(err, "", 0);
      const addresses = result;
      try {
        refuseUnlessPublic(hostname, addresses.map((a) => a.address), policy);
      } catch (refused2) {
        return callback(refused2, "", 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}
function checkLiteralAddress(url, policy) {
  const host = bareHost(url.hostname);
  if (isIP(host)) refuseUnlessPublic(host, [host], policy);
}

// src/webhooks/send-webhook.ts
var MAX_ANSWER_BYTES = 4096;
async function sendWebhook(target, headers6, body, options) {
  const started = performance.now();
  const done = (o) => ({ ...o, latencyMs: Math.round(performance.now() - started) });
  let url;
  try {
    url = new URL(target);
    checkLiteralAddress(url, options);
  } catch (err) {
    return done({ ok: false, statusCode: null, error: err.message, refused: err instanceof ReceiverRefused });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers6, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "sla-service-webhooks/1" },
        lookup: guardedLookup(options),
        timeout: options.timeoutMs,
        agent: false
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const finish = () => {
          const statusCode = res.statusCode ?? null;
          const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
          resolve(done({ ok, statusCode, error: ok ? null : `receiver answered ${statusCode}`, refused: false }));
        };
        res.once("end", finish);
        res.once("close", finish);
      }
    );
    req.once("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.once("error", (err) => resolve(done({ ok: false, statusCode: null, error: err.message, refused: err instanceof ReceiverRefused })));
    req.end(body);
  });
}

// src/webhooks/disabled-email.ts
function disabledEmail(subscription, reason, at) {
  const name = subscription.description ? `${subscription.description} (${subscription.url})` : subscription.url;
  return {
    subject: `Webhook subscription disabled: ${subscription.url}`.slice(0, 300),
    body: [
      `The webhook subscription ${name} was disabled at ${at.toISOString()}: ${reason}.`,
      "",
      "No further events are sent to it. Its delivery log: GET /v1/webhooks/" + subscription.id + "/deliveries",
      "Fix the receiver, then enable it again: PATCH /v1/webhooks/" + subscription.id + ' {"enabled": true},',
      "and redeliver what it missed: POST /v1/webhooks/" + subscription.id + "/deliveries/{deliveryId}/redeliver."
    ].join("\n")
  };
}

// activities/webhook.activities.ts
var disabledEmailKey = (subscriptionId, attemptAt) => `webhook-disabled:${subscriptionId}:${attemptAt.getTime()}`;
var DEFAULT_WEBHOOK_DELIVERY_SETTINGS = { allowPrivateNetworks: false, adminEmail: "admin@localhost", timeoutSeconds: 10 };
function createWebhookActivities({ db: db2, clock: clock2, settings }) {
  return {
    async attemptWebhookDelivery(input) {
      const [row] = await db2.select({ delivery: webhookDeliveries, subscription: webhookSubscriptions, event: webhookEvents }).from(webhookDeliveries).innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId)).innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId)).where(eq(webhookDeliveries.id, input.deliveryId));
      if (!row) return { outcome: "stopped" };
      const { delivery, subscription, event: event3 } = row;
      const attemptAt = new Date(input.attemptAt);
      if (delivery.attempts >= input.attempt || delivery.status !== "pending") {
        if (delivery.status === "succeeded") return { outcome: "succeeded" };
        const [mail] = await db2.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, disabledEmailKey(subscription.id, attemptAt)));
        if (mail && delivery.attempts === input.attempt) return { outcome: "disabled", emailOutboxId: mail.id };
        return { outcome: delivery.status === "pending" ? "retry" : delivery.status === "failed" ? "failed" : "stopped" };
      }
      if (!subscription.enabled) {
        await db2.update(webhookDeliveries).set({ status: "canceled", finishedAt: attemptAt, nextAttemptAt: null, lastError: "subscription disabled" }).where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "pending")));
        return { outcome: "stopped" };
      }
      const body = JSON.stringify(event3.payload);
      const sent = await sendWebhook(subscription.url, webhookHeaders(subscription, event3.id, clock2(), body), body, {
        allowPrivateNetworks: settings.allowPrivateNetworks,
        timeoutMs: settings.timeoutSeconds * 1e3
      });
      const last = input.nextAttemptAt === null;
      return db2.transaction(async (tx) => {
        await tx.insert(webhookDeliveryAttempts).values({ deliveryId: delivery.id, attempt: input.attempt, at: attemptAt, statusCode: sent.statusCode, latencyMs: sent.latencyMs, error: sent.error }).onConflictDoNothing();
        const status = sent.ok ? "succeeded" : last ? "failed" : "pending";
        await tx.update(webhookDeliveries).set({
          status,
          attempts: input.attempt,
          lastStatusCode: sent.statusCode,
          lastLatencyMs: sent.latencyMs,
          lastError: sent.error,
          lastAttemptAt: attemptAt,
          nextAttemptAt: status === "pending" ? new Date(input.nextAttemptAt) : null,
          finishedAt: status === "pending" ? null : attemptAt
        }).where(eq(webhookDeliveries.id, delivery.id));
        if (sent.ok) {
          await tx.update(webhookSubscriptions).set({ failingSince: null }).where(eq(webhookSubscriptions.id, subscription.id));
          return { outcome: "succeeded" };
        }
        const [failing] = await tx.update(webhookSubscriptions).set({ failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, ${attemptAt.toISOString()}::timestamptz)` }).where(eq(webhookSubscriptions.id, subscription.id)).returning({ failingSince: webhookSubscriptions.failingSince, enabled: webhookSubscriptions.enabled });
        const failingForMs = failing?.failingSince ? attemptAt.getTime() - failing.failingSince.getTime() : 0;
        if (!failing?.enabled || failingForMs < input.disableAfterMs) return { outcome: last ? "failed" : "retry" };
        const reason = `every delivery failed for ${Math.round(failingForMs / 36e5)} h (last: ${sent.error})`;
        await tx.update(webhookSubscriptions).set({ enabled: false, disabledAt: attemptAt, disabledReason: reason, updatedAt: attemptAt, version: sql`${webhookSubscriptions.version} + 1` }).where(eq(webhookSubscriptions.id, subscription.id));
        const mail = disabledEmail(subscription, reason, attemptAt);
        const key = disabledEmailKey(subscription.id, attemptAt);
        await tx.insert(emailOutbox).values({ idempotencyKey: key, to: [subscription.alertEmail ?? settings.adminEmail], subject: mail.subject, body: mail.body }).onConflictDoNothing({ target: emailOutbox.idempotencyKey });
        const [queued] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, key));
        if (!queued) throw ApplicationFailure4.retryable("admin email of a disabled webhook subscription was not queued");
        if (!last) await tx.update(webhookDeliveries).set({ status: "canceled", finishedAt: attemptAt, nextAttemptAt: null }).where(eq(webhookDeliveries.id, delivery.id));
        return { outcome: "disabled", emailOutboxId: queued.id };
      });
    }
  };
}

// activities/index.ts
function createSlaActivities({ db: db2, mailer, clock: clock2 = () => /* @__PURE__ */ new Date(), caseLifecycle: caseLifecycle2, webhooks: webhooks2 = DEFAULT_WEBHOOK_DELIVERY_SETTINGS, webhookWaker = null }) {
  return {
    ...createDeadlineActivities(),
    ...createActionActivities({ db: db2, clock: clock2, formatInstant: formatLabel, caseLifecycle: caseLifecycle2 }),
    ...createEmailActivities({ db: db2, mailer, clock: clock2 }),
    ...createMirrorActivities({ db: db2, webhookWaker }),
    ...createPendingCommandActivities({ db: db2 }),
    // Signed with real time: receivers compare `webhook-timestamp` with their own clock.
    ...createWebhookActivities({ db: db2, clock: () => /* @__PURE__ */ new Date(), settings: webhooks2 })
  };
}

// src/main/runtime.ts
var runtime_exports = {};
__export(runtime_exports, {
  connectClient: () => connectClient,
  createSlaCommandDispatcher: () => createSlaCommandDispatcher,
  createSurveySweeper: () => createSurveySweeper,
  createWebhookDispatcher: () => createWebhookDispatcher,
  openConfiguredDatabase: () => openConfiguredDatabase,
  startApi: () => startApi,
  startWorker: () => startWorker
});
import path6 from "node:path";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection } from "@temporalio/worker";

// db/client.ts
import fs3 from "node:fs";
import path3 from "node:path";

// node_modules/drizzle-orm/pglite/driver.js
import { PGlite } from "@electric-sql/pglite";

// node_modules/drizzle-orm/pglite/session.js
import { types } from "@electric-sql/pglite";
var PglitePreparedQuery = class extends PgPreparedQuery {
  constructor(client, queryString, params, logger, cache, queryMetadata, cacheConfig, fields, name, _isResponseInArrayMode, customResultMapper) {
    super({ sql: queryString, params }, cache, queryMetadata, cacheConfig);
    this.client = client;
    this.queryString = queryString;
    this.params = params;
    this.logger = logger;
    this.fields = fields;
    this._isResponseInArrayMode = _isResponseInArrayMode;
    this.customResultMapper = customResultMapper;
    this.rawQueryConfig = {
      rowMode: "object",
      parsers: {
        [types.TIMESTAMP]: (value) => value,
        [types.TIMESTAMPTZ]: (value) => value,
        [types.INTERVAL]: (value) => value,
        [types.DATE]: (value) => value,
        // numeric[]
        [1231]: (value) => value,
        // timestamp[]
        [1115]: (value) => value,
        // timestamp with timezone[]
        [1185]: (value) => value,
        // interval[]
        [1187]: (value) => value,
        // date[]
        [1182]: (value) => value
      }
    };
    this.queryConfig = {
      rowMode: "array",
      parsers: {
        [types.TIMESTAMP]: (value) => value,
        [types.TIMESTAMPTZ]: (value) => value,
        [types.INTERVAL]: (value) => value,
        [types.DATE]: (value) => value,
        // numeric[]
        [1231]: (value) => value,
        // timestamp[]
        [1115]: (value) => value,
        // timestamp with timezone[]
        [1185]: (value) => value,
        // interval[]
        [1187]: (value) => value,
        // date[]
        [1182]: (value) => value
      }
    };
  }
  static [entityKind] = "PglitePreparedQuery";
  rawQueryConfig;
  queryConfig;
  async execute(placeholderValues = {}) {
    const params = fillPlaceholders(this.params, placeholderValues);
    this.logger.logQuery(this.queryString, params);
    const { fields, client, queryConfig, joinsNotNullableMap, customResultMapper, queryString, rawQueryConfig } = this;
    if (!fields && !customResultMapper) {
      return this.queryWithCache(queryString, params, async () => {
        return await client.query(queryString, params, rawQueryConfig);
      });
    }
    const result = await this.queryWithCache(queryString, params, async () => {
      return await client.query(queryString, params, queryConfig);
    });
    return customResultMapper ? customResultMapper(result.rows) : result.rows.map((row) => mapResultRow(fields, row, joinsNotNullableMap));
  }
  all(placeholderValues = {}) {
    const params = fillPlaceholders(this.params, placeholderValues);
    this.logger.logQuery(this.queryString, params);
    return this.queryWithCache(this.queryString, params, async () => {
      return await this.client.query(this.queryString, params, this.rawQueryConfig);
    }).then((result) => result.rows);
  }
  /** @internal */
  isResponseInArrayMode() {
    return this._isResponseInArrayMode;
  }
};
var PgliteSession = class _PgliteSession extends PgSession {
  constructor(client, dialect, schema, options = {}) {
    super(dialect);
    this.client = client;
    this.schema = schema;
    this.options = options;
    this.logger = options.logger ?? new NoopLogger();
    this.cache = options.cache ?? new NoopCache();
  }
  static [entityKind] = "PgliteSession";
  logger;
  cache;
  prepareQuery(query, fields, name, isResponseInArrayMode, customResultMapper, queryMetadata, cacheConfig) {
    return new PglitePreparedQuery(
      this.client,
      query.sql,
      query.params,
      this.logger,
      this.cache,
      queryMetadata,
      cacheConfig,
      fields,
      name,
      isResponseInArrayMode,
      customResultMapper
    );
  }
  async transaction(transaction, config) {
    return this.client.transaction(async (client) => {
      const session = new _PgliteSession(
        client,
        this.dialect,
        this.schema,
        this.options
      );
      const tx = new PgliteTransaction(this.dialect, session, this.schema);
      if (config) {
        await tx.setTransaction(config);
      }
      return transaction(tx);
    });
  }
  async count(sql2) {
    const res = await this.execute(sql2);
    return Number(
      res["rows"][0]["count"]
    );
  }
};
var PgliteTransaction = class _PgliteTransaction extends PgTransaction {
  static [entityKind] = "PgliteTransaction";
  async transaction(transaction) {
    const savepointName = `sp${this.nestedIndex + 1}`;
    const tx = new _PgliteTransaction(
      this.dialect,
      this.session,
      this.schema,
      this.nestedIndex + 1
    );
    await tx.execute(sql.raw(`savepoint ${savepointName}`));
    try {
      const result = await transaction(tx);
      await tx.execute(sql.raw(`release savepoint ${savepointName}`));
      return result;
    } catch (err) {
      await tx.execute(sql.raw(`rollback to savepoint ${savepointName}`));
      throw err;
    }
  }
};

// node_modules/drizzle-orm/pglite/driver.js
var PgliteDriver = class {
  constructor(client, dialect, options = {}) {
    this.client = client;
    this.dialect = dialect;
    this.options = options;
  }
  static [entityKind] = "PgliteDriver";
  createSession(schema) {
    return new PgliteSession(this.client, this.dialect, schema, {
      logger: this.options.logger,
      cache: this.options.cache
    });
  }
};
var PgliteDatabase = class extends PgDatabase {
  static [entityKind] = "PgliteDatabase";
};
function construct(client, config = {}) {
  const dialect = new PgDialect({ casing: config.casing });
  let logger;
  if (config.logger === true) {
    logger = new DefaultLogger();
  } else if (config.logger !== false) {
    logger = config.logger;
  }
  let schema;
  if (config.schema) {
    const tablesConfig = extractTablesRelationalConfig(
      config.schema,
      createTableRelationsHelpers
    );
    schema = {
      fullSchema: config.schema,
      schema: tablesConfig.tables,
      tableNamesMap: tablesConfig.tableNamesMap
    };
  }
  const driver = new PgliteDriver(client, dialect, { logger, cache: config.cache });
  const session = driver.createSession(schema);
  const db2 = new PgliteDatabase(dialect, session, schema);
  db2.$client = client;
  db2.$cache = config.cache;
  if (db2.$cache) {
    db2.$cache["invalidate"] = config.cache?.onMutate;
  }
  return db2;
}
function drizzle(...params) {
  if (params[0] === void 0 || typeof params[0] === "string") {
    const instance = new PGlite(params[0]);
    return construct(instance, params[1]);
  }
  if (isConfig(params[0])) {
    const { connection, client, ...drizzleConfig } = params[0];
    if (client) return construct(client, drizzleConfig);
    if (typeof connection === "object") {
      const { dataDir, ...options } = connection;
      const instance2 = new PGlite(dataDir, options);
      return construct(instance2, drizzleConfig);
    }
    const instance = new PGlite(connection);
    return construct(instance, drizzleConfig);
  }
  return construct(params[0], params[1]);
}
((drizzle22) => {
  function mock(config) {
    return construct({}, config);
  }
  drizzle22.mock = mock;
})(drizzle || (drizzle = {}));

// node_modules/drizzle-orm/migrator.js
import crypto2 from "node:crypto";
import fs from "node:fs";
function readMigrationFiles(config) {
  const migrationFolderTo = config.migrationsFolder;
  const migrationQueries = [];
  const journalPath = `${migrationFolderTo}/meta/_journal.json`;
  if (!fs.existsSync(journalPath)) {
    throw new Error(`Can't find meta/_journal.json file`);
  }
  const journalAsString = fs.readFileSync(`${migrationFolderTo}/meta/_journal.json`).toString();
  const journal = JSON.parse(journalAsString);
  for (const journalEntry of journal.entries) {
    const migrationPath = `${migrationFolderTo}/${journalEntry.tag}.sql`;
    try {
      const query = fs.readFileSync(`${migrationFolderTo}/${journalEntry.tag}.sql`).toString();
      const result = query.split("--> statement-breakpoint").map((it) => {
        return it;
      });
      migrationQueries.push({
        sql: result,
        bps: journalEntry.breakpoints,
        folderMillis: journalEntry.when,
        hash: crypto2.createHash("sha256").update(query).digest("hex")
      });
    } catch {
      throw new Error(`No file ${migrationPath} found in ${migrationFolderTo} folder`);
    }
  }
  return migrationQueries;
}

// node_modules/drizzle-orm/postgres-js/migrator.js
async function migrate(db2, config) {
  const migrations = readMigrationFiles(config);
  await db2.dialect.migrate(migrations, db2.session, config);
}

// node_modules/drizzle-orm/pglite/migrator.js
async function migrate2(db2, config) {
  const migrations = readMigrationFiles(config);
  await db2.dialect.migrate(migrations, db2.session, config);
}

// db/postgres-pool.ts
import fs2 from "node:fs";
import { createRequire } from "node:module";
import path2 from "node:path";
import postgres from "postgres";

// node_modules/drizzle-orm/postgres-js/driver.js
import pgClient from "postgres";

// node_modules/drizzle-orm/postgres-js/session.js
var PostgresJsPreparedQuery = class extends PgPreparedQuery {
  constructor(client, queryString, params, logger, cache, queryMetadata, cacheConfig, fields, _isResponseInArrayMode, prepare, customResultMapper) {
    super({ sql: queryString, params }, cache, queryMetadata, cacheConfig);
    this.client = client;
    this.queryString = queryString;
    this.params = params;
    this.logger = logger;
    this.fields = fields;
    this._isResponseInArrayMode = _isResponseInArrayMode;
    this.prepare = prepare;
    this.customResultMapper = customResultMapper;
  }
  static [entityKind] = "PostgresJsPreparedQuery";
  async execute(placeholderValues = {}) {
    return tracer.startActiveSpan("drizzle.execute", async (span2) => {
      const params = fillPlaceholders(this.params, placeholderValues);
      span2?.setAttributes({
        "drizzle.query.text": this.queryString,
        "drizzle.query.params": JSON.stringify(params)
      });
      this.logger.logQuery(this.queryString, params);
      const { fields, queryString: query, client, joinsNotNullableMap, customResultMapper } = this;
      if (!fields && !customResultMapper) {
        return tracer.startActiveSpan("drizzle.driver.execute", () => {
          return this.queryWithCache(query, params, async () => {
            return await client.unsafe(query, params, {
              prepare: this.prepare
            });
          });
        });
      }
      const rows = await tracer.startActiveSpan("drizzle.driver.execute", () => {
        span2?.setAttributes({
          "drizzle.query.text": query,
          "drizzle.query.params": JSON.stringify(params)
        });
        return this.queryWithCache(query, params, async () => {
          return await client.unsafe(query, params, {
            prepare: this.prepare
          }).values();
        });
      });
      return tracer.startActiveSpan("drizzle.mapResponse", () => {
        return customResultMapper ? customResultMapper(rows) : rows.map((row) => mapResultRow(fields, row, joinsNotNullableMap));
      });
    });
  }
  all(placeholderValues = {}) {
    return tracer.startActiveSpan("drizzle.execute", async (span2) => {
      const params = fillPlaceholders(this.params, placeholderValues);
      span2?.setAttributes({
        "drizzle.query.text": this.queryString,
        "drizzle.query.params": JSON.stringify(params)
      });
      this.logger.logQuery(this.queryString, params);
      return tracer.startActiveSpan("drizzle.driver.execute", () => {
        span2?.setAttributes({
          "drizzle.query.text": this.queryString,
          "drizzle.query.params": JSON.stringify(params)
        });
        return this.queryWithCache(this.queryString, params, async () => {
          return this.client.unsafe(this.queryString, params, {
            prepare: this.prepare
          });
        });
      });
    });
  }
  /** @internal */
  isResponseInArrayMode() {
    return this._isResponseInArrayMode;
  }
};
var PostgresJsSession = class _PostgresJsSession extends PgSession {
  constructor(client, dialect, schema, options = {}) {
    super(dialect);
    this.client = client;
    this.schema = schema;
    this.options = options;
    this.logger = options.logger ?? new NoopLogger();
    this.cache = options.cache ?? new NoopCache();
  }
  static [entityKind] = "PostgresJsSession";
  logger;
  cache;
  prepareQuery(query, fields, name, isResponseInArrayMode, customResultMapper, queryMetadata, cacheConfig) {
    return new PostgresJsPreparedQuery(
      this.client,
      query.sql,
      query.params,
      this.logger,
      this.cache,
      queryMetadata,
      cacheConfig,
      fields,
      isResponseInArrayMode,
      name !== void 0,
      customResultMapper
    );
  }
  query(query, params) {
    this.logger.logQuery(query, params);
    return this.client.unsafe(query, params).values();
  }
  queryObjects(query, params) {
    return this.client.unsafe(query, params);
  }
  transaction(transaction, config) {
    return this.client.begin(async (client) => {
      const session = new _PostgresJsSession(
        client,
        this.dialect,
        this.schema,
        this.options
      );
      const tx = new PostgresJsTransaction(this.dialect, session, this.schema);
      if (config) {
        await tx.setTransaction(config);
      }
      return transaction(tx);
    });
  }
};
var PostgresJsTransaction = class _PostgresJsTransaction extends PgTransaction {
  constructor(dialect, session, schema, nestedIndex = 0) {
    super(dialect, session, schema, nestedIndex);
    this.session = session;
  }
  static [entityKind] = "PostgresJsTransaction";
  transaction(transaction) {
    return this.session.client.savepoint((client) => {
      const session = new PostgresJsSession(
        client,
        this.dialect,
        this.schema,
        this.session.options
      );
      const tx = new _PostgresJsTransaction(this.dialect, session, this.schema);
      return transaction(tx);
    });
  }
};

// node_modules/drizzle-orm/postgres-js/driver.js
var PostgresJsDatabase = class extends PgDatabase {
  static [entityKind] = "PostgresJsDatabase";
};
function construct2(client, config = {}) {
  const transparentParser = (val) => val;
  for (const type of ["1184", "1082", "1083", "1114", "1182", "1185", "1115", "1231"]) {
    client.options.parsers[type] = transparentParser;
    client.options.serializers[type] = transparentParser;
  }
  client.options.serializers["114"] = transparentParser;
  client.options.serializers["3802"] = transparentParser;
  const dialect = new PgDialect({ casing: config.casing });
  let logger;
  if (config.logger === true) {
    logger = new DefaultLogger();
  } else if (config.logger !== false) {
    logger = config.logger;
  }
  let schema;
  if (config.schema) {
    const tablesConfig = extractTablesRelationalConfig(
      config.schema,
      createTableRelationsHelpers
    );
    schema = {
      fullSchema: config.schema,
      schema: tablesConfig.tables,
      tableNamesMap: tablesConfig.tableNamesMap
    };
  }
  const session = new PostgresJsSession(client, dialect, schema, { logger, cache: config.cache });
  const db2 = new PostgresJsDatabase(dialect, session, schema);
  db2.$client = client;
  db2.$cache = config.cache;
  if (db2.$cache) {
    db2.$cache["invalidate"] = config.cache?.onMutate;
  }
  return db2;
}
function drizzle2(...params) {
  if (typeof params[0] === "string") {
    const instance = pgClient(params[0]);
    return construct2(instance, params[1]);
  }
  if (isConfig(params[0])) {
    const { connection, client, ...drizzleConfig } = params[0];
    if (client) return construct2(client, drizzleConfig);
    if (typeof connection === "object" && connection.url !== void 0) {
      const { url, ...config } = connection;
      const instance2 = pgClient(url, config);
      return construct2(instance2, drizzleConfig);
    }
    const instance = pgClient(connection);
    return construct2(instance, drizzleConfig);
  }
  return construct2(params[0], params[1]);
}
((drizzle22) => {
  function mock(config) {
    return construct2({
      options: {
        parsers: {},
        serializers: {}
      }
    }, config);
  }
  drizzle22.mock = mock;
})(drizzle2 || (drizzle2 = {}));

// db/postgres-pool.ts
var CONNECT_TIMEOUT_SECONDS = 5;
var patchChecked = false;
function assertPostgresPatched() {
  if (patchChecked) return;
  const entry = createRequire(import.meta.url).resolve("postgres");
  const src = path2.join(path2.dirname(entry), "..", "..", "src");
  const connection = fs2.readFileSync(path2.join(src, "connection.js"), "utf8");
  const index2 = fs2.readFileSync(path2.join(src, "index.js"), "utf8");
  if (!connection.includes("sla-service patch") || !index2.includes("sla-service patch")) {
    throw new Error(`postgres.js in ${src} lacks patches/postgres+3.4.9.patch; run \`npm install\` (its postinstall runs patch-package)`);
  }
  patchChecked = true;
}
function createPostgresPool(options) {
  assertPostgresPatched();
  const sql2 = postgres(options.url, {
    max: options.max,
    onnotice: () => {
    },
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    idle_timeout: 30,
    max_lifetime: 30 * 60
  });
  const db2 = drizzle2(sql2, { schema: options.schema });
  async function withSession(fn) {
    const session = await sql2.reserve();
    try {
      return await fn(session);
    } finally {
      session.release();
    }
  }
  return { sql: sql2, db: db2, withSession };
}

// db/client.ts
var migrationsFolder = path3.resolve(path3.dirname(new URL(import.meta.url).pathname), "migrations");
async function openDatabase(options) {
  if (options.url) {
    const postgres2 = createPostgresPool({ url: options.url, max: options.maxConnections ?? 10, schema: schema_exports });
    const db3 = postgres2.db;
    return {
      db: db3,
      driver: "postgres",
      migrate: () => (
        // Serialise concurrent migrators (API and worker starting together): the lock is held by one reserved
        // session (a pooled query could unlock on another connection); the migration runs on the pool.
        postgres2.withSession(async (session) => {
          await session`select pg_advisory_lock(7423001)`;
          try {
            await migrate(db3, { migrationsFolder });
          } finally {
            await session`select pg_advisory_unlock(7423001)`;
          }
        })
      ),
      ping: async () => {
        await db3.execute(sql`select 1`);
      },
      close: () => postgres2.sql.end({ timeout: 5 })
    };
  }
  const { PGlite: PGlite2 } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  if (options.pgliteDir) fs3.mkdirSync(options.pgliteDir, { recursive: true });
  const client = new PGlite2({ dataDir: options.pgliteDir, extensions: { pg_trgm } });
  const db2 = drizzle(client, { schema: schema_exports });
  return {
    db: db2,
    driver: "pglite",
    migrate: () => migrate2(db2, { migrationsFolder }),
    ping: async () => {
      await db2.execute(sql`select 1`);
    },
    close: () => client.close()
  };
}

// src/app.ts
import Fastify from "fastify";
import rateLimit from "@fastify/rate-limit";
import { randomUUID as randomUUID6 } from "node:crypto";

// src/http/plugins/problem-details.ts
import fp from "fastify-plugin";

// db/unavailable.ts
var CONNECTION_ERROR_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT"
]);
var UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
var UNAVAILABLE_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed/i;
var wasmRuntimeError = globalThis.WebAssembly?.RuntimeError;
function isDatabaseUnavailable(error) {
  const seen = /* @__PURE__ */ new Set();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = e.cause) {
    seen.add(e);
    const { code, message } = e;
    if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (typeof message === "string" && !e.cause && UNAVAILABLE_MESSAGE.test(message)) return true;
    if (wasmRuntimeError && e instanceof wasmRuntimeError) return true;
  }
  return false;
}

// src/http/validation-problem.ts
var depthOf = (e) => (e.instancePath.match(/\//g) ?? []).length;
function mostSpecificFirst(errors2) {
  const candidates = errors2.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "if");
  if (candidates.length === 0) return errors2;
  const best = candidates.reduce((a, b) => depthOf(b) > depthOf(a) ? b : a);
  return [best, ...errors2.filter((e) => e !== best)];
}
function validationErrors(validation, where) {
  return mostSpecificFirst(validation).map((v) => {
    const missing = v.params && typeof v.params.missingProperty === "string" ? `/${v.params.missingProperty}` : "";
    const extra = v.params && typeof v.params.additionalProperty === "string" ? `/${v.params.additionalProperty}` : "";
    const field = `${where}${v.instancePath}${missing}${extra}`.replace(/\//g, ".");
    let message = v.message ?? "is invalid";
    if (extra) message = "is not a known property";
    if (v.params && Array.isArray(v.params.allowedValues)) message += `: ${v.params.allowedValues.join(", ")}`;
    return { field, message };
  });
}

// src/http/plugins/problem-details.ts
var titles = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable"
};
function sendProblem(reply, request, problem) {
  const body = {
    type: `https://sla-service.dev/problems/${problem.code.toLowerCase().replace(/_/g, "-")}`,
    ...problem,
    title: problem.title ?? titles[problem.status] ?? "Error",
    instance: request.url,
    requestId: request.id
  };
  return reply.code(problem.status).type("application/problem+json").send(body);
}
var problem_details_default = fp(async function problemDetails(app) {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, request, { ...error.details, status: error.status, code: error.code, detail: error.message });
    }
    const fe = error;
    if (fe.validation) {
      const where = fe.validationContext ?? "body";
      const errors2 = validationErrors(fe.validation, where);
      const first = errors2[0];
      return sendProblem(reply, request, {
        status: 400,
        code: "VALIDATION_FAILED",
        detail: first ? `${first.field} ${first.message}` : "The request is invalid.",
        errors: errors2
      });
    }
    const status = typeof fe.statusCode === "number" ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = fe.code && fe.code.startsWith("FST_") ? mapFastifyCode(fe.code, status) : fe.code ?? "BAD_REQUEST";
      return sendProblem(reply, request, { status, code, detail: fe.message });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ cause: rootMessage(error) }, "database unavailable");
      return sendDatabaseUnavailable(reply, request);
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, request, { status: 500, code: "INTERNAL", detail: "An unexpected error occurred; it has been logged with this request id." });
  });
  app.setNotFoundHandler(
    (request, reply) => sendProblem(reply, request, { status: 404, code: "ROUTE_NOT_FOUND", detail: `No route ${request.method} ${request.url}.` })
  );
});
var DATABASE_RETRY_AFTER_SECONDS = 5;
function sendDatabaseUnavailable(reply, request) {
  reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
  return sendProblem(reply, request, {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    detail: `The database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS
  });
}
function rootMessage(error) {
  let e = error;
  while (e.cause && typeof e.cause === "object") e = e.cause;
  return String(e.message ?? e);
}
function mapFastifyCode(code, status) {
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return "UNSUPPORTED_MEDIA_TYPE";
  if (code === "FST_ERR_CTP_EMPTY_JSON_BODY" || code === "FST_ERR_CTP_INVALID_CONTENT_LENGTH") return "INVALID_BODY";
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return "BODY_TOO_LARGE";
  if (status === 429) return "RATE_LIMITED";
  if (status === 400) return "INVALID_BODY";
  return code.replace(/^FST_ERR_/, "");
}

// src/http/plugins/db.ts
import fp2 from "fastify-plugin";

// db/request-transaction.ts
import { AsyncLocalStorage } from "node:async_hooks";
var ROLLBACK = Symbol("rollback");
async function openTransaction(db2) {
  let opened;
  let failedToOpen;
  const ready = new Promise((resolve, reject) => {
    opened = resolve;
    failedToOpen = reject;
  });
  let decide2;
  const decided = new Promise((resolve) => decide2 = resolve);
  const finished = db2.transaction(async (tx2) => {
    opened(tx2);
    const outcome = await decided;
    if (outcome.kind === "rollback") throw ROLLBACK;
    await outcome.last?.(tx2);
  });
  finished.catch(failedToOpen);
  const tx = await ready;
  const afterCommit = [];
  let settled = false;
  const handle = {
    tx,
    afterCommit,
    get settled() {
      return settled;
    },
    async commit(last) {
      if (settled) throw new Error("transaction already settled");
      settled = true;
      decide2({ kind: "commit", last });
      await finished;
      for (const fn of afterCommit.splice(0)) fn();
    },
    async rollback() {
      if (settled) return;
      settled = true;
      afterCommit.length = 0;
      decide2({ kind: "rollback" });
      await finished.catch(() => void 0);
    }
  };
  scopes.set(handle, handle);
  return handle;
}
var scopes = /* @__PURE__ */ new WeakMap();
var current = new AsyncLocalStorage();
function runInTransaction(t, fn) {
  const scope = scopes.get(t);
  if (!scope) throw new Error("not a transaction from openTransaction()");
  return current.run(scope, fn);
}
function runAfterCommit(fn) {
  const scope = current.getStore();
  if (scope && !scope.settled) scope.afterCommit.push(fn);
  else fn();
}
function scopedDb(db2) {
  return new Proxy(db2, {
    get(target, property) {
      const scope = current.getStore();
      const base = scope && !scope.settled ? scope.tx : target;
      const value = Reflect.get(base, property, base);
      return typeof value === "function" ? value.bind(base) : value;
    }
  });
}

// src/http/plugins/db.ts
var db_default = fp2(
  async function db(app, { database, closeOnShutdown }) {
    app.decorate("database", database);
    app.decorate("db", scopedDb(database.db));
    if (closeOnShutdown) app.addHook("onClose", () => database.close());
  },
  { name: "db" }
);

// src/http/plugins/temporal.ts
import fp3 from "fastify-plugin";
var temporal_default = fp3(
  async function temporal(app, { client }) {
    app.decorate("temporal", client);
  },
  { name: "temporal" }
);

// src/http/plugins/auth.ts
import fp4 from "fastify-plugin";

// src/auth/api-keys.ts
import { createHash as createHash2, createHmac as createHmac2, randomBytes as randomBytes2 } from "node:crypto";
var roles = ["agent", "manager", "admin"];
function roleAllows(held, required) {
  return roles.indexOf(held) >= roles.indexOf(required);
}
var SECRET_RANDOM_BYTES = 32;
function hashApiKey(secret, pepper) {
  return createHmac2("sha256", pepper).update(secret).digest("hex");
}
function legacyHash(secret) {
  return createHash2("sha256").update(secret).digest("hex");
}
function generateKeyId() {
  return randomBytes2(6).toString("hex");
}
function generateApiKeySecret(keyId) {
  return `sla_${keyId}_${randomBytes2(SECRET_RANDOM_BYTES).toString("base64url")}`;
}
function newApiKey(pepper) {
  const keyId = generateKeyId();
  const secret = generateApiKeySecret(keyId);
  return { keyId, secret, keyHash: hashApiKey(secret, pepper) };
}
async function upgradeLegacyKey(db2, secret, pepper) {
  const [row] = await db2.update(apiKeys).set({ keyHash: hashApiKey(secret, pepper), hashScheme: "hmac-sha256" }).where(and(eq(apiKeys.keyHash, legacyHash(secret)), eq(apiKeys.hashScheme, "sha256"))).returning();
  return row;
}
async function findActiveKey(db2, secret, pepper) {
  let [row] = await db2.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(secret, pepper))).limit(1);
  row ??= await upgradeLegacyKey(db2, secret, pepper);
  if (!row || row.revokedAt) return void 0;
  return { id: row.id, keyId: row.keyId, name: row.name, role: row.role };
}
async function ensureBootstrapAdminKey(db2, secret, pepper) {
  await upgradeLegacyKey(db2, secret, pepper);
  await db2.insert(apiKeys).values({ name: "bootstrap admin (from configuration)", role: "admin", keyId: generateKeyId(), keyHash: hashApiKey(secret, pepper) }).onConflictDoNothing({ target: apiKeys.keyHash });
}

// src/http/auth-failure-limiter.ts
var WINDOW_MS = 6e4;
var MAX_ADDRESSES = 5e4;
var AuthFailureLimiter = class {
  constructor(limit) {
    this.limit = limit;
  }
  windows = /* @__PURE__ */ new Map();
  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfterSeconds(address, now) {
    const w = this.windows.get(address);
    if (!w) return 0;
    if (w.endsAt <= now) {
      this.windows.delete(address);
      return 0;
    }
    return w.failures >= this.limit ? Math.ceil((w.endsAt - now) / 1e3) : 0;
  }
  recordFailure(address, now) {
    const w = this.windows.get(address);
    if (w && w.endsAt > now) {
      w.failures += 1;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= MAX_ADDRESSES) this.forgetOldest(now);
    this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
  }
  /** Windows are inserted in the order they end, so the expired and the oldest ones are at the front. */
  forgetOldest(now) {
    for (const [address, w] of this.windows) {
      if (w.endsAt > now && this.windows.size < MAX_ADDRESSES) break;
      this.windows.delete(address);
      if (w.endsAt > now) break;
    }
  }
};

// src/http/plugins/auth.ts
function bearer(request) {
  const header = request.headers.authorization;
  if (!header) return void 0;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : void 0;
}
var auth_default = fp4(
  async function auth(app, { pepper, failuresPerMinute }) {
    app.decorate("apiKeyPepper", pepper);
    app.decorateRequest("apiKey", null);
    const failures = new AuthFailureLimiter(failuresPerMinute);
    app.addHook("onRequest", async (request, reply) => {
      const config = request.routeOptions.config ?? {};
      if (config.public || request.url.startsWith("/docs")) return;
      if (!request.routeOptions.url) return;
      const now = app.now().getTime();
      const retryAfter = failures.retryAfterSeconds(request.ip, now);
      if (retryAfter > 0) {
        reply.header("retry-after", String(retryAfter));
        throw new AppError(
          "RATE_LIMITED",
          429,
          `Too many failed authentications from this address (${failuresPerMinute} per minute); retry in ${retryAfter} seconds with a valid API key.`
        );
      }
      const secret = bearer(request);
      const key = secret ? await findActiveKey(app.db, secret, pepper) : void 0;
      if (!key) {
        failures.recordFailure(request.ip, now);
        throw secret ? unauthorized("The API key is unknown or has been revoked.") : unauthorized();
      }
      request.apiKey = key;
      const required = config.role ?? "agent";
      if (!roleAllows(key.role, required)) {
        throw forbidden(`This operation needs the "${required}" role; the key has "${key.role}".`, { requiredRole: required, role: key.role });
      }
    });
  },
  { name: "auth", dependencies: ["db"] }
);

// src/http/plugins/idempotency.ts
import fp5 from "fastify-plugin";
import { createHash as createHash3 } from "node:crypto";
var LEGACY_IN_PROGRESS = 0;
var PURGE_EVERY_MS = 60 * 60 * 1e3;
function hashRequest(method, url, body) {
  return createHash3("sha256").update(`${method} ${url}
${JSON.stringify(body ?? null)}`).digest("hex");
}
var idempotency_default = fp5(
  async function idempotency(app, options) {
    app.decorateRequest("idempotency", null);
    const ttlMs = options.ttlHours * 60 * 60 * 1e3;
    app.addHook("preHandler", (request, reply, done) => {
      if (request.method !== "POST") return done();
      const raw = request.headers["idempotency-key"];
      if (raw === void 0) return done();
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || key.length > 255) return done(badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 255 characters."));
      const apiKey = request.apiKey;
      if (!apiKey) return done();
      const requestHash = hashRequest(request.method, request.url, request.body);
      const claim = async () => {
        const transaction = await openTransaction(app.database.db);
        try {
          const { tx } = transaction;
          const now = app.now();
          const where = and(eq(idempotencyRecords.apiKeyId, apiKey.id), eq(idempotencyRecords.key, key));
          if (app.database.driver === "postgres") {
            const result = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`${apiKey.id}
${key}`}, 0)) as locked`);
            if (rowsOf(result)[0]?.locked !== true) throw inProgress(key);
          }
          await tx.delete(idempotencyRecords).where(and(where, lte(idempotencyRecords.expiresAt, now)));
          const [existing] = await tx.select().from(idempotencyRecords).where(where);
          if (!existing) return transaction;
          await transaction.rollback();
          if (existing.requestHash !== requestHash) {
            throw conflict("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request; use a new key for a new request.", { idempotencyKey: key });
          }
          if (existing.statusCode === LEGACY_IN_PROGRESS) throw inProgress(key);
          reply.header("idempotent-replayed", "true");
          reply.code(existing.statusCode).type(existing.contentType).send(existing.responseBody);
          return void 0;
        } catch (err) {
          await transaction.rollback();
          throw err;
        }
      };
      claim().then(
        (transaction) => {
          if (!transaction) return;
          request.idempotency = { key, transaction };
          runInTransaction(transaction, () => done());
        },
        (err) => done(err)
      );
    });
    app.addHook("onSend", async (request, reply, payload) => {
      const claimed = request.idempotency;
      if (!claimed || claimed.transaction.settled || !request.apiKey) return payload;
      if (reply.statusCode >= 500) {
        await claimed.transaction.rollback();
        return payload;
      }
      const record = {
        apiKeyId: request.apiKey.id,
        key: claimed.key,
        method: request.method,
        path: request.url,
        requestHash: hashRequest(request.method, request.url, request.body),
        statusCode: reply.statusCode,
        contentType: String(reply.getHeader("content-type") ?? "application/json").split(";")[0].trim(),
        responseBody: parseBody(payload),
        createdAt: app.now(),
        expiresAt: new Date(app.now().getTime() + ttlMs)
      };
      try {
        await claimed.transaction.commit(async (tx) => {
          await tx.insert(idempotencyRecords).values(record);
        });
        return payload;
      } catch (err) {
        request.log.warn({ cause: err instanceof Error ? err.message : String(err) }, "idempotent request not committed");
        for (const header of ["location", "etag"]) reply.removeHeader(header);
        const unavailable = isDatabaseUnavailable(err);
        const status = unavailable ? 503 : 500;
        reply.code(status).type("application/problem+json");
        if (unavailable) reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        else request.log.error({ err }, "idempotent request failed to commit");
        return JSON.stringify({
          type: `https://sla-service.dev/problems/${unavailable ? "service-unavailable" : "internal"}`,
          title: unavailable ? "Service Unavailable" : "Internal Server Error",
          status,
          code: unavailable ? "SERVICE_UNAVAILABLE" : "INTERNAL",
          detail: "The request could not be committed, so nothing was changed; retry it with the same Idempotency-Key.",
          instance: request.url,
          requestId: request.id
        });
      }
    });
    app.addHook("onResponse", async (request) => {
      await request.idempotency?.transaction.rollback();
    });
    app.addHook("onRequestAbort", async (request) => {
      await request.idempotency?.transaction.rollback();
    });
    const purge = () => app.database.db.delete(idempotencyRecords).where(lte(idempotencyRecords.expiresAt, app.now())).catch((err) => app.log.warn({ cause: err.message }, "purging expired idempotency records failed"));
    let timer;
    app.addHook("onReady", async () => {
      timer = setInterval(() => void purge(), PURGE_EVERY_MS).unref();
    });
    app.addHook("onClose", async () => clearInterval(timer));
  },
  { name: "idempotency", dependencies: ["db", "auth"] }
);
function inProgress(key) {
  return conflict("IDEMPOTENCY_KEY_IN_PROGRESS", "A request with this Idempotency-Key is being processed; retry shortly.", { idempotencyKey: key });
}
function rowsOf(result) {
  return Array.isArray(result) ? result : result.rows;
}
function parseBody(payload) {
  if (typeof payload !== "string" || payload.length === 0) return null;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

// src/http/plugins/openapi.ts
import fp6 from "fastify-plugin";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
var openapi_default = fp6(
  async function openapi(app) {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "SLA service API",
          version: "1.0.0",
          description: "Cases, customers, queues, activities, SLAs, business-hours calendars and entitlements. Errors are RFC 9457 problem+json with a stable `code`. POSTs that create things accept `Idempotency-Key`; updates accept `If-Match` with the ETag from the last read."
        },
        components: {
          securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key created by an admin" } }
        },
        security: [{ apiKey: [] }]
      }
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
  },
  { name: "openapi" }
);

// src/http/plugins/common-answers.ts
import fp7 from "fastify-plugin";

// src/http/schemas/common.ts
import { Type } from "@sinclair/typebox";

// src/column-limits.ts
var INT4_MAX = 2147483647;

// src/http/schemas/common.ts
var Uuid = Type.String({ format: "uuid" });
var IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
var VersionNumber = Type.Integer({ minimum: 1, maximum: INT4_MAX });
var VersionParams = Type.Object({ id: Type.String({ format: "uuid" }), version: VersionNumber });
var Nullable = (schema) => Type.Union([schema, Type.Null()]);
var InstantView = Type.String({ format: "date-time" });
var InstantInput = Type.String({
  maxLength: 64,
  description: "ISO 8601 instant WITH an offset, e.g. 2025-03-04T09:30:00Z or 2025-03-04T10:30:00+01:00; without one: 400 INSTANT_WITHOUT_OFFSET"
});
var PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: `Page size, at most ${MAX_PAGE_SIZE}` }),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2048, pattern: "^[A-Za-z0-9_-]+$", description: "Opaque `nextCursor` of the previous page (same query parameters)" })
  )
};
var Page = (item) => Type.Object({
  items: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: "Cursor of the next page; null on the last page" })
});
var ifMatchHeader = {
  "if-match": Type.Optional(Type.String({ description: 'ETag from the last read (e.g. W/"3"); the change is refused with 412 if the resource changed since' }))
};
var requiredIfMatchHeader = {
  "if-match": Type.Optional(Type.String({ description: 'Required: ETag from the last read (e.g. W/"3") or *. Missing: 428; stale: 412.' }))
};
var idempotencyKeyHeader = {
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: "Makes the POST safe to retry: a retry with the same key and body replays the first answer (status and body)"
    })
  )
};
var Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: "Stable machine-readable error code" }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String())
  },
  { additionalProperties: true, description: "RFC 9457 problem details; extension members (field, errors, allowed, ...) depend on the code" }
);
var problemDescriptions = {
  400: "Invalid request: VALIDATION_FAILED names the field",
  401: "Missing, unknown or revoked API key",
  403: "The API key\u2019s role does not allow this operation",
  404: "Not found",
  409: "Conflict with the current state",
  412: "If-Match does not match the current ETag",
  413: "The body is larger than 1 MiB (BODY_TOO_LARGE)",
  415: "The body is not application/json (UNSUPPORTED_MEDIA_TYPE)",
  422: "A referenced resource does not exist or a business rule refuses the change",
  428: "If-Match is required",
  431: "The request line and headers exceed 16 KiB (HEADERS_TOO_LARGE)",
  429: "Too many requests (RATE_LIMITED): for this API key, or failed authentications from this address; see Retry-After",
  503: "A dependency is unavailable (SERVICE_UNAVAILABLE); retry after Retry-After seconds"
};
var problemAnswer = (status) => ({
  description: problemDescriptions[status] ?? "Error",
  content: { "application/problem+json": { schema: Problem } }
});
function problems(...statuses) {
  const out = {};
  for (const status of [400, 401, 403, ...statuses]) out[status] = problemAnswer(status);
  return out;
}
var StringEnum = (values, options = {}) => Type.Unsafe({ type: "string", enum: [...values], ...options });

// src/http/plugins/common-answers.ts
function strictQuery(querystring) {
  const q = querystring;
  if (!q || typeof q !== "object" || !q.properties) return querystring;
  const required = (q.required ?? []).filter((name) => q.properties[name]?.default === void 0);
  const { required: _all, ...rest } = q;
  return { ...rest, ...required.length ? { required } : {}, additionalProperties: q.additionalProperties ?? false };
}
function headerNames(headers6) {
  const properties = headers6?.properties;
  return properties ? Object.keys(properties).map((h) => h.toLowerCase()) : [];
}
function commonAnswers(route) {
  const schema = route.schema ?? {};
  const statuses = [431, 503];
  if (!route.config?.public) statuses.push(400, 401, 403, 429);
  if (schema.params) statuses.push(404);
  if (schema.body) statuses.push(400, 413, 415);
  const headers6 = headerNames(schema.headers);
  if (headers6.includes("if-match")) {
    statuses.push(412);
    const ifMatch = schema.headers.properties["if-match"];
    if (ifMatch?.description?.startsWith("Required")) statuses.push(428);
  }
  if (headers6.includes("idempotency-key")) statuses.push(409);
  return [...new Set(statuses)].sort();
}
var common_answers_default = fp7(
  async function commonAnswersPlugin(app) {
    app.addHook("onRoute", (route) => {
      if (!route.schema || route.url.startsWith("/docs")) return;
      const schema = route.schema;
      const response = { ...schema.response ?? {} };
      for (const status of commonAnswers({ method: route.method, config: route.config, schema })) {
        if (!(status in response)) response[status] = problemAnswer(status);
      }
      route.schema = { ...schema, response, ...schema.querystring ? { querystring: strictQuery(schema.querystring) } : {} };
    });
  },
  { name: "common-answers" }
);

// src/http/plugins/storable-input.ts
import fp8 from "fastify-plugin";

// src/http/input-guard.ts
var MAX_JSON_DEPTH = 32;
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function refused(code, field, message) {
  return new AppError(code, 400, `${field} ${message}`, { field, errors: [{ field, message }] });
}
function checkString(s, field) {
  const nul = s.indexOf("\0");
  if (nul >= 0) {
    throw refused("NUL_CHARACTER", field, `contains a NUL character (\\u0000) at position ${nul}, which cannot be stored; remove it`);
  }
  const lone = LONE_SURROGATE.exec(s);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16);
    throw refused(
      "INVALID_UNICODE",
      field,
      `contains a lone UTF-16 surrogate (\\u${unit}) at position ${lone.index}, which is not valid Unicode; send the complete surrogate pair or remove it`
    );
  }
}
var keyText = (key) => /^[\w-]*$/.test(key) ? key : JSON.stringify(key).slice(1, -1);
function assertStorableInput(value, root) {
  const stack = [{ value, field: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, field, depth } = stack.pop();
    if (typeof v === "string") {
      checkString(v, field);
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw refused("JSON_TOO_DEEP", field, `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; flatten the value`);
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], field: `${field}.${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = `${field}.${keyText(key)}`;
      checkString(key, child);
      stack.push({ value: v[key], field: child, depth: depth + 1 });
    }
  }
}

// src/http/plugins/storable-input.ts
var storable_input_default = fp8(
  async function storableInput(app) {
    app.addHook("preValidation", async (request) => {
      const schema = request.routeOptions.schema ?? {};
      if (schema.params) assertStorableInput(request.params, "params");
      if (schema.querystring) assertStorableInput(request.query, "querystring");
      if (schema.body) assertStorableInput(request.body, "body");
    });
  },
  { name: "storable-input" }
);

// src/http/log-redaction.ts
var SAFE_KEYS = ["code", "severity", "routine", "constraint_name", "constraint", "table_name", "table", "column_name", "column", "schema_name", "statusCode"];
var MAX_CAUSES = 5;
function redactQueryParameters(text3, count) {
  return text3.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, `
params: [${count ?? "?"} redacted]`).replace(/(invalid input (?:syntax|value) for (?:type|enum) [\w ]+: )"[^\n]*"/g, '$1"[redacted]"');
}
function redactedError(err, depth = 0) {
  if (!(err instanceof Error)) return { type: typeof err, message: redactQueryParameters(String(err)), stack: "" };
  const e = err;
  const params = Array.isArray(e.params) ? e.params.length : Array.isArray(e.parameters) ? e.parameters.length : void 0;
  const out = {
    type: e.name,
    message: redactQueryParameters(String(e.message), params),
    stack: typeof e.stack === "string" ? redactQueryParameters(e.stack, params) : ""
  };
  if (typeof e.query === "string") out.query = e.query;
  for (const key of SAFE_KEYS) if (e[key] !== void 0 && typeof e[key] !== "object") out[key] = e[key];
  if (e.cause instanceof Error && depth < MAX_CAUSES) out.cause = redactedError(e.cause, depth + 1);
  else if (e.cause !== void 0 && typeof e.cause !== "object") out.cause = e.cause;
  return out;
}
function redactSurveyToken(url) {
  return url.replace(/(\/v1\/surveys\/)[A-Za-z0-9_-]{43}(?=[/?#]|$)/, "$1[token]");
}
function redactedRequest(req) {
  return { method: req.method, url: req.url === void 0 ? void 0 : redactSurveyToken(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

// src/http/validators.ts
import AjvCompiler from "@fastify/ajv-compiler";
function buildRequestValidator() {
  const pool = AjvCompiler();
  return ((externalSchemas, options) => {
    const coercing = pool(externalSchemas, options);
    const exact = pool(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } });
    return (route) => route.httpPart === "body" ? exact(route) : coercing(route);
  });
}

// src/http/transport-errors.ts
import http2 from "node:http";
var socketProblems = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "REQUEST_TIMEOUT", detail: "The request was not received in time; send headers and body without pausing." },
  HPE_HEADER_OVERFLOW: { status: 431, code: "HEADERS_TOO_LARGE", detail: "The request line and headers exceed 16 KiB; shorten the URL or the headers." }
};
function clientErrorHandler(err, socket) {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const problem = socketProblems[err.code ?? ""] ?? { status: 400, code: "MALFORMED_REQUEST", detail: "The request is not valid HTTP/1.1." };
  const title = http2.STATUS_CODES[problem.status] ?? "Error";
  const body = JSON.stringify({ type: `https://sla-service.dev/problems/${problem.code.toLowerCase().replace(/_/g, "-")}`, title, ...problem });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${title}\r
Content-Type: application/problem+json\r
Content-Length: ${Buffer.byteLength(body)}\r
Connection: close\r
\r
${body}`
    );
  }
  socket.destroy(err);
}
var MAX_PARAM_LENGTH = 200;
function frameworkErrors(error, request, reply) {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return sendProblem(reply, request, {
      status: 400,
      code: "PARAMETER_TOO_LONG",
      detail: `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; ids are UUIDs.`
    });
  }
  return sendProblem(reply, request, { status: 400, code: "INVALID_URL", detail: "The URL is not valid: check its percent-encoding." });
}

// src/http/routes/health.ts
import { Type as Type2 } from "@sinclair/typebox";

// src/sla/command-outbox.ts
import { randomUUID as randomUUID2 } from "node:crypto";
async function claimCommands(db2, options) {
  const { limit, now, leaseMs } = options;
  if (limit <= 0) return [];
  const earlier = alias(slaCommands, "earlier");
  const claimable = db2.select({ id: slaCommands.id }).from(slaCommands).where(
    and(
      isNull(slaCommands.deliveredAt),
      or(isNull(slaCommands.claimedUntil), lte(slaCommands.claimedUntil, now)),
      or(isNull(slaCommands.nextAttemptAt), lte(slaCommands.nextAttemptAt, now)),
      notExists(
        db2.select({ one: sql`1` }).from(earlier).where(and(eq(earlier.instanceId, slaCommands.instanceId), isNull(earlier.deliveredAt), lt(earlier.id, slaCommands.id)))
      )
    )
  ).orderBy(asc(slaCommands.id)).limit(limit).for("update", { skipLocked: true });
  const claimToken = randomUUID2();
  const result = await db2.execute(sql`
    with claimable as materialized (${claimable})
    update ${slaCommands}
       set claim_token = ${claimToken}, claimed_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz, attempts = ${slaCommands.attempts} + 1
      from claimable, ${slaKpiInstances}
     where ${slaCommands.id} = claimable.id and ${slaKpiInstances.id} = ${slaCommands.instanceId}
     returning ${slaCommands.id} as id, ${slaCommands.caseId} as case_id, ${slaCommands.instanceId} as instance_id,
               ${slaKpiInstances.workflowId} as workflow_id, ${slaCommands.kind} as kind, ${slaCommands.payload} as payload,
               ${slaCommands.attempts} as attempts`);
  const rows = Array.isArray(result) ? result : result.rows;
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: String(r.case_id),
    instanceId: String(r.instance_id),
    workflowId: String(r.workflow_id),
    kind: String(r.kind),
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
    attempts: Number(r.attempts),
    claimToken
  })).sort((a, b) => a.id - b.id);
}
var ours = (c) => and(eq(slaCommands.id, c.id), eq(slaCommands.claimToken, c.claimToken));
var released = { claimToken: null, claimedUntil: null };
async function markDelivered(db2, c, at, rejection) {
  const done = { ...released, deliveredAt: at, nextAttemptAt: null, lastError: rejection === void 0 ? null : `rejected: ${rejection}` };
  if (c.kind !== "start" || rejection !== void 0) {
    return (await db2.update(slaCommands).set(done).where(ours(c)).returning({ id: slaCommands.id })).length > 0;
  }
  return db2.transaction(async (tx) => {
    const rows = await tx.update(slaCommands).set(done).where(ours(c)).returning({ id: slaCommands.id });
    if (!rows.length) return false;
    await tx.update(slaKpiInstances).set({ workflowStartedAt: sql`coalesce(${slaKpiInstances.workflowStartedAt}, ${at.toISOString()}::timestamptz)` }).where(eq(slaKpiInstances.id, c.instanceId));
    return true;
  });
}
async function markForRetry(db2, c, retryAt, error) {
  const rows = await db2.update(slaCommands).set({ ...released, nextAttemptAt: retryAt, lastError: error }).where(ours(c)).returning({ id: slaCommands.id });
  return rows.length > 0;
}
async function pendingCommandStats(db2) {
  const [row] = await db2.select({
    pending: sql`count(*)`,
    oldest: sql`extract(epoch from now() - min(${slaCommands.createdAt}))`
  }).from(slaCommands).where(isNull(slaCommands.deliveredAt));
  const oldest = row?.oldest === null || row?.oldest === void 0 ? null : Math.max(0, Math.round(Number(row.oldest)));
  return { pending: Number(row?.pending ?? 0), oldestPendingSeconds: oldest };
}

// src/http/routes/health.ts
var Check2 = Type2.Object({ ok: Type2.Boolean(), detail: Type2.Optional(Type2.String()) });
var SlaCommands = Type2.Object(
  {
    ok: Type2.Boolean(),
    pending: Type2.Optional(Type2.Integer({ description: "SLA commands not yet delivered to Temporal" })),
    oldestPendingSeconds: Type2.Optional(Type2.Union([Type2.Integer(), Type2.Null()], { description: "Age of the oldest undelivered command" })),
    detail: Type2.Optional(Type2.String())
  },
  { description: "The outbox towards Temporal: delivered in the background, so a backlog here is what waits" }
);
var Health = {
  database: Check2,
  temporal: Check2,
  slaCommands: SlaCommands,
  down: Type2.Array(StringEnum(["database", "temporal"]), { description: "The dependencies that did not answer (empty when ok)" })
};
var CHECK_TIMEOUT_MS = 1500;
function within(ms3, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms3} ms`)), ms3);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
var health = async (app) => {
  app.get(
    "/healthz",
    {
      config: { public: true },
      schema: {
        tags: ["health"],
        summary: "Database and Temporal reachability, and the SLA commands waiting for delivery",
        security: [],
        response: {
          200: Type2.Object({ status: Type2.Literal("ok"), ...Health }),
          503: Type2.Object({ status: Type2.Literal("degraded"), ...Health })
        }
      }
    },
    async (_request, reply) => {
      const client = app.temporal;
      const [database, temporal2, slaCommands2] = await Promise.all([
        within(CHECK_TIMEOUT_MS, "the database", app.database.ping()).then(() => ({ ok: true, detail: app.database.driver })).catch((e) => ({ ok: false, detail: e.message })),
        client ? within(
          CHECK_TIMEOUT_MS,
          "Temporal",
          client.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => client.connection.workflowService.getSystemInfo({}))
        ).then(() => ({ ok: true, detail: client.options.namespace })).catch((e) => ({ ok: false, detail: e.message })) : { ok: false, detail: "not configured" },
        within(CHECK_TIMEOUT_MS, "the SLA command count", pendingCommandStats(app.db)).then((stats3) => ({ ok: true, ...stats3 })).catch((e) => ({ ok: false, detail: e.message }))
      ]);
      const down = [...database.ok ? [] : ["database"], ...temporal2.ok ? [] : ["temporal"]];
      const body = { database, temporal: temporal2, slaCommands: slaCommands2, down };
      if (down.length === 0) return { status: "ok", ...body };
      return reply.code(503).header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS)).send({ status: "degraded", ...body });
    }
  );
};
var health_default = health;

// src/http/routes/entitlements.ts
import { Type as Type4 } from "@sinclair/typebox";

// src/entitlements/entitlement-schemas.ts
import { Type as Type3 } from "@sinclair/typebox";

// src/entitlements/rules.ts
var entitlementStatuses = ["draft", "waiting", "active", "expired", "cancelled"];
var utcDate = (at) => at.toISOString().slice(0, 10);
function entitlementStatus(e, now) {
  if (e.state === "cancelled") return "cancelled";
  if (e.state === "draft") return "draft";
  const today = utcDate(now);
  if (today < e.startDate) return "waiting";
  if (today > e.endDate) return "expired";
  return "active";
}
function termsToUnits(allocationType, terms) {
  if (!Number.isFinite(terms)) return void 0;
  if (allocationType === "cases") return Number.isInteger(terms) ? terms : void 0;
  const minutes = Math.round(terms * 60);
  return Math.abs(minutes - terms * 60) < 1e-6 ? minutes : void 0;
}
function unitsToTerms(allocationType, units) {
  return allocationType === "cases" ? units : units / 60;
}
function defaultDecreaseOn(allocationType) {
  return allocationType === "cases" ? "create" : "resolve";
}
function formatTerms(allocationType, units) {
  if (allocationType === "cases") return `${units} ${units === 1 ? "case" : "cases"}`;
  const hours = units / 60;
  return `${Number.isInteger(hours) ? hours : Number(hours.toFixed(2))} h`;
}
var normaliseProduct = (p) => p.trim().toLowerCase();
function coverageProblem(c, origin, product) {
  if (c.channels.length > 0 && !c.channels.includes(origin)) return "channel";
  if (c.products.length > 0) {
    if (!product) return "product";
    const wanted = normaliseProduct(product);
    if (!c.products.some((p) => normaliseProduct(p) === wanted)) return "product";
  }
  return void 0;
}
var hasTermsLeft = (c) => c.totalRemaining > 0 && (c.channelRemaining === void 0 || c.channelRemaining > 0);
function rankCandidates(candidates) {
  const key = (c) => [
    hasTermsLeft(c) ? 0 : 1,
    hasTermsLeft(c) || !c.restrictCaseCreation ? 0 : 1,
    c.level === "contact" ? 0 : 1,
    c.isDefault ? 0 : 1,
    c.products.length > 0 ? 0 : 1,
    c.channels.length > 0 ? 0 : 1,
    c.endDate,
    c.createdAt.toISOString(),
    c.id
  ];
  return [...candidates].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] < kb[i]) return -1;
      if (ka[i] > kb[i]) return 1;
    }
    return 0;
  });
}

// src/entitlements/entitlement-schemas.ts
var Channel = Type3.Unsafe({ type: "string", enum: [...caseOrigins], description: "Origin channel of a case" });
var AllocationType = Type3.Unsafe({
  type: "string",
  enum: [...entitlementAllocationTypes],
  description: "'cases': terms count support cases; 'hours': terms count billable hours"
});
var DecreaseOn = Type3.Unsafe({
  type: "string",
  enum: [...entitlementDecreaseOn],
  description: "When a case uses terms: 'create' (cases-based only) or 'resolve'. Default: 'create' for cases, 'resolve' for hours"
});
var EntitlementStatusSchema = Type3.Unsafe({
  type: "string",
  enum: [...entitlementStatuses],
  description: "draft (not activated yet), waiting (activated, before startDate), active, expired (after endDate), cancelled"
});
var DateOnly = (description2) => Type3.String({ format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: `${description2} (YYYY-MM-DD, UTC, inclusive)` });
var Terms = (description2) => Type3.Number({ exclusiveMinimum: 0, maximum: 1e6, description: description2 });
var Products = Type3.Array(Type3.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 100,
  description: "Products covered, by name as before the catalogue (each name stands for the product of that name, added to the catalogue if new); prefer productIds. Empty: every product"
});
var ProductIds = Type3.Array(Type3.String({ format: "uuid" }), {
  maxItems: 100,
  description: "Products covered (/v1/products); empty or absent: every product. Unknown id: 422 PRODUCT_NOT_FOUND"
});
var ChannelTermsInput = Type3.Object(
  {
    channel: Channel,
    totalTerms: Terms("Terms for cases from this channel, in the entitlement\u2019s unit (cases or hours); at most the total")
  },
  { additionalProperties: false }
);
var ChannelTermsUpdate = Type3.Object(
  { totalTerms: Terms("Terms for cases from this channel, in the entitlement\u2019s unit (cases or hours); at most the total") },
  { additionalProperties: false }
);
var EntitlementInput = Type3.Object(
  {
    name: Type3.String({ minLength: 1, maxLength: 200 }),
    description: Type3.Optional(Type3.Union([Type3.String({ maxLength: 5e3 }), Type3.Null()])),
    accountId: Type3.Optional(Type3.String({ format: "uuid", description: "The account entitled (set exactly one of accountId, contactId)" })),
    contactId: Type3.Optional(Type3.String({ format: "uuid", description: "The contact entitled (set exactly one of accountId, contactId)" })),
    startDate: DateOnly("First day covered"),
    endDate: DateOnly("Last day covered"),
    allocationType: AllocationType,
    totalTerms: Terms("Cases, or hours (whole minutes, e.g. 10 or 7.5)"),
    decreaseOn: Type3.Optional(DecreaseOn),
    restrictCaseCreation: Type3.Optional(Type3.Boolean({ description: "Refuse new cases once the terms are used up (default false: create and flag them)" })),
    products: Type3.Optional(Products),
    productIds: Type3.Optional(ProductIds),
    slaId: Type3.Optional(Type3.Union([Type3.String({ format: "uuid" }), Type3.Null()], { description: "SLA for this entitlement\u2019s cases instead of the default SLA" })),
    isDefault: Type3.Optional(
      Type3.Boolean({
        description: "The customer\u2019s default entitlement. One active default per customer: when this one is (or, as a draft, becomes) activated, the previous default stops being the default"
      })
    ),
    channels: Type3.Optional(Type3.Array(ChannelTermsInput, { maxItems: 6, description: "Per-channel terms; when given, only these channels are covered" }))
  },
  { additionalProperties: false }
);
var EntitlementPatch = Type3.Object(
  {
    name: Type3.Optional(Type3.String({ minLength: 1, maxLength: 200 })),
    description: Type3.Optional(Type3.Union([Type3.String({ maxLength: 5e3 }), Type3.Null()])),
    accountId: Type3.Optional(Type3.String({ format: "uuid", description: "Draft only" })),
    contactId: Type3.Optional(Type3.String({ format: "uuid", description: "Draft only" })),
    startDate: Type3.Optional(DateOnly("First day covered")),
    endDate: Type3.Optional(DateOnly("Last day covered")),
    allocationType: Type3.Optional(AllocationType),
    totalTerms: Type3.Optional(Terms("Cases, or hours; not below what is already used")),
    decreaseOn: Type3.Optional(DecreaseOn),
    restrictCaseCreation: Type3.Optional(Type3.Boolean()),
    products: Type3.Optional(Products),
    productIds: Type3.Optional(ProductIds),
    slaId: Type3.Optional(Type3.Union([Type3.String({ format: "uuid" }), Type3.Null()])),
    isDefault: Type3.Optional(Type3.Boolean({ description: "See create; an activated default replaces the previous default at once" }))
  },
  { additionalProperties: false, minProperties: 1 }
);
var MinutesFigures = {
  totalMinutes: Type3.Optional(Type3.Integer({ description: "Hours-based only: exact figures in minutes" })),
  usedMinutes: Type3.Optional(Type3.Integer()),
  remainingMinutes: Type3.Optional(Type3.Integer()),
  overageMinutes: Type3.Optional(Type3.Integer())
};
var TermsFigures = {
  totalTerms: Type3.Number({ description: "In the entitlement\u2019s unit: cases or hours" }),
  usedTerms: Type3.Number(),
  remainingTerms: Type3.Number({ description: "total - used, never below 0" }),
  overageTerms: Type3.Number({ description: "used beyond the total (cases created or time billed after the terms ran out)" }),
  ...MinutesFigures
};
var ChannelView = Type3.Object({ channel: Channel, ...TermsFigures });
var EntitlementView = Type3.Object({
  id: Type3.String({ format: "uuid" }),
  name: Type3.String(),
  description: Type3.Union([Type3.String(), Type3.Null()]),
  accountId: Type3.Union([Type3.String({ format: "uuid" }), Type3.Null()]),
  contactId: Type3.Union([Type3.String({ format: "uuid" }), Type3.Null()]),
  startDate: Type3.String({ format: "date" }),
  endDate: Type3.String({ format: "date" }),
  status: EntitlementStatusSchema,
  allocationType: AllocationType,
  decreaseOn: DecreaseOn,
  restrictCaseCreation: Type3.Boolean(),
  ...TermsFigures,
  products: Type3.Array(Type3.String(), { description: "Names of the products covered" }),
  productIds: Type3.Array(Type3.String({ format: "uuid" }), { description: "The products covered; empty: every product" }),
  slaId: Type3.Union([Type3.String({ format: "uuid" }), Type3.Null()]),
  isDefault: Type3.Boolean(),
  channels: Type3.Array(ChannelView),
  activatedAt: Type3.Union([Type3.String({ format: "date-time" }), Type3.Null()]),
  cancelledAt: Type3.Union([Type3.String({ format: "date-time" }), Type3.Null()]),
  createdAt: Type3.String({ format: "date-time" }),
  updatedAt: Type3.String({ format: "date-time" }),
  version: Type3.Integer()
});
var EntitlementListQuery = Type3.Object(
  {
    accountId: Type3.Optional(Type3.String({ format: "uuid", description: "Entitlements of this account" })),
    contactId: Type3.Optional(Type3.String({ format: "uuid", description: "Entitlements of this contact" })),
    customerId: Type3.Optional(
      Type3.String({ format: "uuid", description: "Entitlements of this account or contact; for a contact also those of its account" })
    ),
    status: Type3.Optional(EntitlementStatusSchema),
    ...PageQuery
  },
  { additionalProperties: false }
);
var EntitlementList = Page(EntitlementView);
var UsageEntry = Type3.Object({
  id: Type3.String({ format: "uuid" }),
  caseId: Type3.String({ format: "uuid" }),
  caseNumber: Type3.String(),
  kind: Type3.Unsafe({ type: "string", enum: ["case", "hours"], description: "One case, or billable hours" }),
  channel: Type3.Union([Channel, Type3.Null()], { description: "Channel whose terms it drew from, null: the total only" }),
  amount: Type3.Number({ description: "In the entitlement\u2019s unit: 1 case, or hours" }),
  minutes: Type3.Optional(Type3.Integer({ description: "Hours-based only: the exact billable minutes" })),
  trigger: Type3.Unsafe({
    type: "string",
    enum: ["created", "resolved", "reopened", "reassigned"],
    description: "What used the terms: case creation, resolution, reopening of a cancelled case, or the case moved to this entitlement"
  }),
  at: Type3.String({ format: "date-time", description: "When the terms were used" }),
  returnedAt: Type3.Union([Type3.String({ format: "date-time" }), Type3.Null()], { description: "When they were given back, if they were" }),
  returnReason: Type3.Union([Type3.Unsafe({ type: "string", enum: ["cancelled", "reopened", "reassigned"] }), Type3.Null()], {
    description: "Why they were given back: case cancelled, case reopened (hours / decrease on resolution), or case moved to another entitlement"
  })
});
var UsageView = Type3.Object({
  entitlementId: Type3.String({ format: "uuid" }),
  name: Type3.String(),
  status: EntitlementStatusSchema,
  allocationType: AllocationType,
  ...TermsFigures,
  channels: Type3.Array(ChannelView),
  entries: Type3.Array(UsageEntry, { description: "The ledger, oldest first; entries given back no longer count" })
});

// src/entitlements/entitlement-products.ts
async function coveredProductsOf(db2, entitlementIds) {
  const out = new Map(entitlementIds.map((id) => [id, { ids: [], names: [] }]));
  if (!entitlementIds.length) return out;
  const rows = await db2.select({ entitlementId: entitlementProducts.entitlementId, id: products.id, name: products.name }).from(entitlementProducts).innerJoin(products, eq(products.id, entitlementProducts.productId)).where(inArray(entitlementProducts.entitlementId, entitlementIds)).orderBy(asc(products.name), asc(products.id));
  for (const r of rows) {
    const c = out.get(r.entitlementId);
    c.ids.push(r.id);
    c.names.push(r.name);
  }
  return out;
}
async function resolveCoveredProducts(tx, input, now) {
  if (input.productIds !== void 0 && input.products !== void 0) {
    throw invalidField("body.products", "cannot be sent with body.productIds: name the products one way (productIds is preferred)");
  }
  const found = [];
  if (input.productIds !== void 0) {
    for (const [i, id] of input.productIds.entries()) found.push(await productById(tx, id, `body.productIds[${i}]`));
  } else if (input.products !== void 0) {
    for (const [i, name] of input.products.entries()) if (name.trim()) found.push(await productForName(tx, name, `body.products[${i}]`, now));
  } else {
    return void 0;
  }
  const seen = /* @__PURE__ */ new Set();
  return found.filter((p) => !seen.has(p.id) && seen.add(p.id));
}
async function setCoveredProducts(tx, entitlementId, covered) {
  await tx.delete(entitlementProducts).where(eq(entitlementProducts.entitlementId, entitlementId));
  if (covered.length) await tx.insert(entitlementProducts).values(covered.map((p) => ({ entitlementId, productId: p.id })));
  return covered.map((p) => p.name);
}

// src/case-activities/activity-totals.ts
var counted = and(eq(caseActivities.state, "completed"), ne(caseActivities.kind, "resolution"));
async function activityTotals(db2, caseId) {
  const [row] = await db2.select({
    totalMinutes: sql`coalesce(sum(${caseActivities.durationMinutes}), 0)::int`,
    billableMinutes: sql`coalesce(sum(${caseActivities.durationMinutes}) filter (where ${caseActivities.billable}), 0)::int`
  }).from(caseActivities).where(and(eq(caseActivities.caseId, caseId), counted));
  return { totalMinutes: Number(row.totalMinutes), billableMinutes: Number(row.billableMinutes) };
}
async function activityTotalsByCase(db2, caseIds) {
  if (!caseIds.length) return /* @__PURE__ */ new Map();
  const rows = await db2.select({
    caseId: caseActivities.caseId,
    totalMinutes: sql`coalesce(sum(${caseActivities.durationMinutes}), 0)::int`,
    billableMinutes: sql`coalesce(sum(${caseActivities.durationMinutes}) filter (where ${caseActivities.billable}), 0)::int`
  }).from(caseActivities).where(and(inArray(caseActivities.caseId, caseIds), counted)).groupBy(caseActivities.caseId);
  return new Map(rows.map((r) => [r.caseId, { totalMinutes: Number(r.totalMinutes), billableMinutes: Number(r.billableMinutes) }]));
}

// src/entitlements/ledger.ts
async function usedUnits(db2, entitlementIds) {
  const out = /* @__PURE__ */ new Map();
  for (const id of entitlementIds) out.set(id, { total: 0, byChannel: /* @__PURE__ */ new Map() });
  if (entitlementIds.length === 0) return out;
  const rows = await db2.select({
    entitlementId: entitlementUsages.entitlementId,
    channel: entitlementUsages.channel,
    units: sql`sum(${entitlementUsages.units})`
  }).from(entitlementUsages).where(and(inArray(entitlementUsages.entitlementId, entitlementIds), isNull(entitlementUsages.releasedAt))).groupBy(entitlementUsages.entitlementId, entitlementUsages.channel);
  for (const r of rows) {
    const used = out.get(r.entitlementId);
    const units = Number(r.units);
    used.total += units;
    if (r.channel) used.byChannel.set(r.channel, (used.byChannel.get(r.channel) ?? 0) + units);
  }
  return out;
}
async function channelsOf(db2, entitlementIds, forUpdate = false) {
  const out = /* @__PURE__ */ new Map();
  for (const id of entitlementIds) out.set(id, []);
  if (entitlementIds.length === 0) return out;
  const q = db2.select().from(entitlementChannels).where(inArray(entitlementChannels.entitlementId, entitlementIds)).orderBy(asc(entitlementChannels.id));
  const rows = forUpdate ? await q.for("update") : await q;
  for (const r of rows) out.get(r.entitlementId).push(r);
  for (const list of out.values()) list.sort((a, b) => a.channel.localeCompare(b.channel));
  return out;
}
async function lockEntitlement(tx, id) {
  const [entitlement] = await tx.select().from(entitlements).where(eq(entitlements.id, id)).for("update");
  if (!entitlement) return void 0;
  const channels = (await channelsOf(tx, [id], true)).get(id);
  return { entitlement, channels };
}
async function consume(tx, u) {
  const inserted = await tx.insert(entitlementUsages).values({ ...u, consumedAt: u.at }).onConflictDoNothing().returning({ id: entitlementUsages.id });
  return inserted.length > 0;
}
async function release(tx, caseId, reason, at, onlyTriggers) {
  const conditions = [eq(entitlementUsages.caseId, caseId), isNull(entitlementUsages.releasedAt)];
  if (onlyTriggers) conditions.push(inArray(entitlementUsages.trigger, onlyTriggers));
  return tx.update(entitlementUsages).set({ releasedAt: at, releaseReason: reason }).where(and(...conditions)).returning();
}
async function billableMinutesOf(db2, caseId) {
  return (await activityTotals(db2, caseId)).billableMinutes;
}

// src/entitlements/entitlements.ts
function isUniqueViolation(e, constraint) {
  for (let err = e; err && typeof err === "object"; err = err.cause) {
    const { code, constraint_name: cn, constraint: c2, message } = err;
    if (code === "23505") return !constraint || cn === constraint || c2 === constraint || (message ?? "").includes(constraint);
    if (err.cause === err) break;
  }
  return false;
}
function toUnits(allocationType, terms, field) {
  const units = termsToUnits(allocationType, terms);
  if (units === void 0 || units <= 0) {
    throw invalidField(
      field,
      allocationType === "cases" ? "must be a whole number of cases (at least 1)" : "must be hours in whole minutes, at least one minute (e.g. 10, 7.5 or 0.25)"
    );
  }
  return units;
}
function figures(allocationType, total, used) {
  const remaining = Math.max(0, total - used);
  const overage = Math.max(0, used - total);
  const base = {
    totalTerms: unitsToTerms(allocationType, total),
    usedTerms: unitsToTerms(allocationType, used),
    remainingTerms: unitsToTerms(allocationType, remaining),
    overageTerms: unitsToTerms(allocationType, overage)
  };
  return allocationType === "hours" ? { ...base, totalMinutes: total, usedMinutes: used, remainingMinutes: remaining, overageMinutes: overage } : base;
}
function toChannelViews(e, channels, used) {
  return channels.map((c) => ({ channel: c.channel, ...figures(e.allocationType, c.totalUnits, used.byChannel.get(c.channel) ?? 0) }));
}
function toEntitlementView(e, channels, used, covered, now) {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    accountId: e.accountId,
    contactId: e.contactId,
    startDate: e.startDate,
    endDate: e.endDate,
    status: entitlementStatus(e, now),
    allocationType: e.allocationType,
    decreaseOn: e.decreaseOn,
    restrictCaseCreation: e.restrictCaseCreation,
    ...figures(e.allocationType, e.totalUnits, used.total),
    products: covered.names,
    productIds: covered.ids,
    slaId: e.slaId,
    isDefault: e.isDefault,
    channels: toChannelViews(e, channels, used),
    activatedAt: e.activatedAt?.toISOString() ?? null,
    cancelledAt: e.cancelledAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    version: e.version
  };
}
async function views(db2, rows, now) {
  const ids = rows.map((r) => r.id);
  const [channels, used, covered] = [await channelsOf(db2, ids), await usedUnits(db2, ids), await coveredProductsOf(db2, ids)];
  return rows.map((r) => toEntitlementView(r, channels.get(r.id), used.get(r.id), covered.get(r.id), now));
}
async function getEntitlement(db2, id, now) {
  const [row] = await db2.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound("entitlement", id);
  return (await views(db2, [row], now))[0];
}
async function assertCustomer(tx, accountId, contactId, prefix) {
  if (accountId === null === (contactId === null)) {
    throw invalidField(`${prefix}.accountId`, "or contactId is required: set exactly one of them (the account or the contact entitled)");
  }
  if (accountId) {
    const [a] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!a) throw unprocessable("ACCOUNT_NOT_FOUND", `${prefix}.accountId: no account with id "${accountId}".`, { field: `${prefix}.accountId` });
  }
  if (contactId) {
    const [c] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
    if (!c) throw unprocessable("CONTACT_NOT_FOUND", `${prefix}.contactId: no contact with id "${contactId}".`, { field: `${prefix}.contactId` });
  }
}
async function assertSla(tx, slaId) {
  if (!slaId) return;
  const [s] = await tx.select({ id: slas.id }).from(slas).where(and(eq(slas.id, slaId), isNull(slas.deletedAt)));
  if (!s) throw unprocessable("SLA_NOT_FOUND", `body.slaId: no SLA with id "${slaId}".`, { field: "body.slaId" });
}
function assertDates(startDate, endDate) {
  for (const [field, value] of [
    ["body.startDate", startDate],
    ["body.endDate", endDate]
  ]) {
    const d = /* @__PURE__ */ new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw invalidField(field, `must be a real calendar date (YYYY-MM-DD), got "${value}"`);
  }
  if (startDate > endDate) throw invalidField("body.endDate", `must be on or after startDate (${startDate}); both dates are inclusive`);
}
function assertDecreaseOn(allocationType, decreaseOn) {
  if (allocationType === "hours" && decreaseOn === "create") {
    throw invalidField("body.decreaseOn", "must be 'resolve' for hours-based entitlements: billable time is only known when the case is resolved");
  }
}
function assertChannelWithinTotal(e, channel, units, field) {
  if (units > e.totalUnits) {
    throw unprocessable(
      "CHANNEL_TERMS_EXCEED_TOTAL",
      `${field}: the ${channel} terms (${formatTerms(e.allocationType, units)}) cannot exceed the entitlement's total (${formatTerms(e.allocationType, e.totalUnits)}).`,
      { field, channel }
    );
  }
}
async function lockCustomerEntitlements(tx, ids) {
  const conds = [];
  if (ids.accountIds.length) conds.push(inArray(entitlements.accountId, ids.accountIds));
  if (ids.contactIds.length) conds.push(inArray(entitlements.contactId, ids.contactIds));
  if (ids.extraIds?.length) conds.push(inArray(entitlements.id, ids.extraIds));
  if (!conds.length) return [];
  return tx.select().from(entitlements).where(or(...conds)).orderBy(asc(entitlements.id)).for("update");
}
async function clearOtherDefaults(tx, e, now) {
  const customer = e.accountId ? eq(entitlements.accountId, e.accountId) : eq(entitlements.contactId, e.contactId);
  await tx.update(entitlements).set({ isDefault: false, updatedAt: now, version: sql`${entitlements.version} + 1` }).where(and(customer, eq(entitlements.isDefault, true), eq(entitlements.state, "activated"), ne(entitlements.id, e.id)));
}
var customerIds = (e) => ({
  accountIds: e.accountId ? [e.accountId] : [],
  contactIds: e.contactId ? [e.contactId] : []
});
function defaultConflict(e) {
  if (isUniqueViolation(e)) {
    throw conflict("ENTITLEMENT_DEFAULT_CONFLICT", "Another default entitlement was set for this customer at the same time; read it again and retry.");
  }
  throw e;
}
async function createEntitlement(db2, input, now) {
  const accountId = input.accountId ?? null;
  const contactId = input.contactId ?? null;
  assertDates(input.startDate, input.endDate);
  const totalUnits = toUnits(input.allocationType, input.totalTerms, "body.totalTerms");
  const decreaseOn = input.decreaseOn ?? defaultDecreaseOn(input.allocationType);
  assertDecreaseOn(input.allocationType, decreaseOn);
  const channelRows = (input.channels ?? []).map((c, i) => {
    const field = `body.channels[${i}].totalTerms`;
    const units = toUnits(input.allocationType, c.totalTerms, field);
    assertChannelWithinTotal({ allocationType: input.allocationType, totalUnits }, c.channel, units, field);
    return { channel: c.channel, totalUnits: units };
  });
  channelRows.forEach((c, i) => {
    if (channelRows.findIndex((o) => o.channel === c.channel) !== i) throw invalidField(`body.channels[${i}].channel`, `lists "${c.channel}" twice`);
  });
  const id = await db2.transaction(async (tx) => {
    await assertCustomer(tx, accountId, contactId, "body");
    await assertSla(tx, input.slaId ?? null);
    const [row] = await tx.insert(entitlements).values({
      name: input.name.trim(),
      description: input.description ?? null,
      accountId,
      contactId,
      startDate: input.startDate,
      endDate: input.endDate,
      state: "draft",
      allocationType: input.allocationType,
      totalUnits,
      decreaseOn,
      restrictCaseCreation: input.restrictCaseCreation ?? false,
      products: [],
      slaId: input.slaId ?? null,
      // A draft: its default mark takes effect when it is activated.
      isDefault: input.isDefault ?? false,
      createdAt: now,
      updatedAt: now
    }).returning();
    const covered = await resolveCoveredProducts(tx, input, now);
    if (covered?.length) await tx.update(entitlements).set({ products: await setCoveredProducts(tx, row.id, covered) }).where(eq(entitlements.id, row.id));
    if (channelRows.length) await tx.insert(entitlementChannels).values(channelRows.map((c) => ({ ...c, entitlementId: row.id, createdAt: now, updatedAt: now })));
    return row.id;
  }).catch(defaultConflict);
  return getEntitlement(db2, id, now);
}
async function lockForChange(tx, id, expectedVersion) {
  const [row] = await tx.select().from(entitlements).where(eq(entitlements.id, id)).for("update");
  if (!row) throw notFound("entitlement", id);
  if (expectedVersion !== void 0 && row.version !== expectedVersion) {
    throw preconditionFailed(`The entitlement changed since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
      currentVersion: row.version
    });
  }
  return row;
}
function assertNotCancelled(row) {
  if (row.state === "cancelled") {
    throw conflict("ENTITLEMENT_CANCELLED", `Entitlement "${row.name}" (${row.id}) is cancelled and can no longer be changed.`, { entitlementId: row.id });
  }
}
async function updateEntitlement(db2, id, patch, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const [peek] = await tx.select().from(entitlements).where(eq(entitlements.id, id));
    if (!peek) throw notFound("entitlement", id);
    const newCustomer = patch.accountId !== void 0 || patch.contactId !== void 0;
    const accountId = newCustomer ? patch.accountId ?? null : peek.accountId;
    const contactId = newCustomer ? patch.contactId ?? null : peek.contactId;
    if (patch.isDefault) {
      await lockCustomerEntitlements(tx, {
        accountIds: [peek.accountId, accountId].filter((x) => !!x),
        contactIds: [peek.contactId, contactId].filter((x) => !!x),
        extraIds: [id]
      });
    }
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const draftOnly = ["accountId", "contactId", "allocationType", "decreaseOn"].filter(
      (k) => patch[k] !== void 0 && patch[k] !== (k === "accountId" ? row.accountId : k === "contactId" ? row.contactId : row[k])
    );
    if (draftOnly.length && row.state !== "draft") {
      throw conflict(
        "ENTITLEMENT_NOT_DRAFT",
        `body.${draftOnly[0]} can only change while the entitlement is a draft; "${row.name}" is activated (cases may already use it). Cancel it and create a new one.`,
        { field: `body.${draftOnly[0]}` }
      );
    }
    if (newCustomer) await assertCustomer(tx, accountId, contactId, "body");
    if (patch.slaId !== void 0) await assertSla(tx, patch.slaId);
    const startDate = patch.startDate ?? row.startDate;
    const endDate = patch.endDate ?? row.endDate;
    assertDates(startDate, endDate);
    const allocationType = patch.allocationType ?? row.allocationType;
    const decreaseOn = patch.decreaseOn ?? (patch.allocationType && patch.allocationType !== row.allocationType ? defaultDecreaseOn(allocationType) : row.decreaseOn);
    assertDecreaseOn(allocationType, decreaseOn);
    const totalUnits = patch.totalTerms !== void 0 ? toUnits(allocationType, patch.totalTerms, "body.totalTerms") : row.totalUnits;
    const channels = (await channelsOf(tx, [id], true)).get(id);
    if (allocationType !== row.allocationType && patch.totalTerms === void 0) {
      throw invalidField("body.totalTerms", `is required when the allocation type changes (the terms are counted in ${allocationType} now)`);
    }
    if (allocationType !== row.allocationType && channels.length) {
      throw conflict("ENTITLEMENT_HAS_CHANNELS", "Remove the channel terms before changing the allocation type (they are in the old unit).", {
        field: "body.allocationType"
      });
    }
    const used = (await usedUnits(tx, [id])).get(id);
    if (totalUnits < used.total) {
      throw unprocessable(
        "ENTITLEMENT_TERMS_BELOW_USED",
        `body.totalTerms: "${row.name}" has already used ${formatTerms(allocationType, used.total)}; the total cannot be lower.`,
        { field: "body.totalTerms" }
      );
    }
    for (const c of channels) assertChannelWithinTotal({ allocationType, totalUnits }, c.channel, c.totalUnits, "body.totalTerms");
    const covered = await resolveCoveredProducts(tx, patch, now);
    if (patch.isDefault && row.state === "activated") await clearOtherDefaults(tx, { id, accountId, contactId }, now);
    await tx.update(entitlements).set({
      name: patch.name?.trim() ?? row.name,
      description: patch.description !== void 0 ? patch.description : row.description,
      accountId,
      contactId,
      startDate,
      endDate,
      allocationType,
      totalUnits,
      decreaseOn,
      restrictCaseCreation: patch.restrictCaseCreation ?? row.restrictCaseCreation,
      products: covered ? await setCoveredProducts(tx, id, covered) : row.products,
      slaId: patch.slaId !== void 0 ? patch.slaId : row.slaId,
      isDefault: patch.isDefault ?? row.isDefault,
      updatedAt: now,
      version: row.version + 1
    }).where(eq(entitlements.id, id));
  }).catch(defaultConflict);
  return getEntitlement(db2, id, now);
}
async function activateEntitlement(db2, id, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const [peek] = await tx.select().from(entitlements).where(eq(entitlements.id, id));
    if (peek?.isDefault && peek.state === "draft") await lockCustomerEntitlements(tx, { ...customerIds(peek), extraIds: [id] });
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    if (row.state === "activated") return;
    if (row.endDate < utcDate(now)) {
      throw unprocessable("ENTITLEMENT_ENDED", `Entitlement "${row.name}" ended on ${row.endDate}; extend its endDate before activating it.`, {
        field: "endDate",
        entitlementId: row.id
      });
    }
    if (row.isDefault) await clearOtherDefaults(tx, row, now);
    await tx.update(entitlements).set({ state: "activated", activatedAt: now, updatedAt: now, version: row.version + 1 }).where(eq(entitlements.id, id));
  }).catch(defaultConflict);
  return getEntitlement(db2, id, now);
}
async function cancelEntitlement(db2, id, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    if (row.state === "cancelled") return;
    await tx.update(entitlements).set({ state: "cancelled", isDefault: false, cancelledAt: now, updatedAt: now, version: row.version + 1 }).where(eq(entitlements.id, id));
  });
  return getEntitlement(db2, id, now);
}
function statusCondition(status, now) {
  const today = utcDate(now);
  switch (status) {
    case "draft":
      return eq(entitlements.state, "draft");
    case "cancelled":
      return eq(entitlements.state, "cancelled");
    case "waiting":
      return and(eq(entitlements.state, "activated"), gt(entitlements.startDate, today));
    case "expired":
      return and(eq(entitlements.state, "activated"), lt(entitlements.endDate, today));
    case "active":
      return and(eq(entitlements.state, "activated"), lte(entitlements.startDate, today), gte(entitlements.endDate, today));
  }
}
async function listEntitlements(db2, q, now) {
  const conds = [];
  if (q.accountId) conds.push(eq(entitlements.accountId, q.accountId));
  if (q.contactId) conds.push(eq(entitlements.contactId, q.contactId));
  if (q.customerId) {
    conds.push(
      or(
        eq(entitlements.accountId, q.customerId),
        eq(entitlements.contactId, q.customerId),
        sql`${entitlements.accountId} = (select ${contacts.accountId} from ${contacts} where ${contacts.id} = ${q.customerId})`
      )
    );
  }
  if (q.status) conds.push(statusCondition(q.status, now));
  const { rows, nextCursor } = await paginate(
    {
      keys: [
        { expr: entitlements.createdAt, type: "timestamptz" },
        { expr: entitlements.id, type: "uuid" }
      ],
      order: "asc",
      // The status filter depends on today's date: a cursor is only valid on the day it was made for it.
      scope: ["entitlements", q.accountId, q.contactId, q.customerId, q.status, q.status ? utcDate(now) : null]
    },
    { limit: q.limit ?? 50, cursor: q.cursor },
    async (p) => db2.select({ row: entitlements, cursorKey: p.cursorKey }).from(entitlements).where(and(...conds, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
  return { items: await views(db2, rows.map((r) => r.row), now), nextCursor };
}
async function bumpVersion(tx, row, now) {
  await tx.update(entitlements).set({ updatedAt: now, version: row.version + 1 }).where(eq(entitlements.id, row.id));
}
async function listChannels(db2, id) {
  const [row] = await db2.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound("entitlement", id);
  const channels = (await channelsOf(db2, [id])).get(id);
  return toChannelViews(row, channels, (await usedUnits(db2, [id])).get(id));
}
var channelNotFound = (id, channel) => new AppError("ENTITLEMENT_CHANNEL_NOT_FOUND", 404, `Entitlement ${id} has no ${channel} terms.`, { id, channel });
async function getChannel(db2, id, channel) {
  const found = (await listChannels(db2, id)).find((c) => c.channel === channel);
  if (!found) throw channelNotFound(id, channel);
  return found;
}
async function addChannel(db2, id, input, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const units = toUnits(row.allocationType, input.totalTerms, "body.totalTerms");
    assertChannelWithinTotal(row, input.channel, units, "body.totalTerms");
    await tx.insert(entitlementChannels).values({ entitlementId: id, channel: input.channel, totalUnits: units, createdAt: now, updatedAt: now });
    await bumpVersion(tx, row, now);
  }).catch((e) => {
    if (isUniqueViolation(e)) {
      throw conflict("ENTITLEMENT_CHANNEL_EXISTS", `The entitlement already has ${input.channel} terms; change them with PUT /v1/entitlements/${id}/channels/${input.channel}.`, {
        channel: input.channel
      });
    }
    throw e;
  });
  return getChannel(db2, id, input.channel);
}
async function updateChannel(db2, id, channel, totalTerms, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const [existing] = await tx.select().from(entitlementChannels).where(and(eq(entitlementChannels.entitlementId, id), eq(entitlementChannels.channel, channel))).for("update");
    if (!existing) throw channelNotFound(id, channel);
    const units = toUnits(row.allocationType, totalTerms, "body.totalTerms");
    assertChannelWithinTotal(row, channel, units, "body.totalTerms");
    const used = (await usedUnits(tx, [id])).get(id).byChannel.get(channel) ?? 0;
    if (units < used) {
      throw unprocessable("ENTITLEMENT_TERMS_BELOW_USED", `body.totalTerms: ${formatTerms(row.allocationType, used)} of the ${channel} terms are already used; they cannot be lower.`, {
        field: "body.totalTerms"
      });
    }
    await tx.update(entitlementChannels).set({ totalUnits: units, updatedAt: now }).where(eq(entitlementChannels.id, existing.id));
    await bumpVersion(tx, row, now);
  });
  return getChannel(db2, id, channel);
}
async function deleteChannel(db2, id, channel, expectedVersion, now) {
  await db2.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const deleted = await tx.delete(entitlementChannels).where(and(eq(entitlementChannels.entitlementId, id), eq(entitlementChannels.channel, channel))).returning({ id: entitlementChannels.id });
    if (!deleted.length) throw channelNotFound(id, channel);
    await bumpVersion(tx, row, now);
  });
}
async function getUsage(db2, id, now) {
  const [row] = await db2.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound("entitlement", id);
  const view3 = (await views(db2, [row], now))[0];
  const entries = await db2.select({ usage: entitlementUsages, caseNumber: cases.number }).from(entitlementUsages).innerJoin(cases, eq(cases.id, entitlementUsages.caseId)).where(eq(entitlementUsages.entitlementId, id)).orderBy(asc(entitlementUsages.consumedAt), asc(entitlementUsages.id));
  const { id: entitlementId, name, status, allocationType, channels, totalTerms, usedTerms, remainingTerms, overageTerms } = view3;
  const minutes = allocationType === "hours" ? { totalMinutes: view3.totalMinutes, usedMinutes: view3.usedMinutes, remainingMinutes: view3.remainingMinutes, overageMinutes: view3.overageMinutes } : {};
  return {
    entitlementId,
    name,
    status,
    allocationType,
    totalTerms,
    usedTerms,
    remainingTerms,
    overageTerms,
    ...minutes,
    channels,
    entries: entries.map(({ usage: u, caseNumber }) => ({
      id: u.id,
      caseId: u.caseId,
      caseNumber,
      kind: u.kind,
      channel: u.channel,
      amount: unitsToTerms(allocationType, u.units),
      ...allocationType === "hours" ? { minutes: u.units } : {},
      trigger: u.trigger,
      at: u.consumedAt.toISOString(),
      returnedAt: u.releasedAt?.toISOString() ?? null,
      returnReason: u.releaseReason
    }))
  };
}

// src/http/etag.ts
var etagOf = (version2) => `W/"${version2}"`;
function ifMatchVersion(request) {
  const raw = request.headers["if-match"];
  if (raw === void 0 || raw.trim() === "*") return void 0;
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m || Number(m[1]) > INT4_MAX) throw badRequest("INVALID_IF_MATCH", 'If-Match must be an ETag from a previous read, e.g. W/"3".', { field: "headers.if-match" });
  return Number(m[1]);
}
function requiredIfMatchVersion(request) {
  if (request.headers["if-match"] === void 0) {
    throw new AppError(
      "PRECONDITION_REQUIRED",
      428,
      'This update needs an If-Match header with the ETag of your last read (e.g. W/"3"), so it cannot overwrite a change you have not seen; send If-Match: * to update unconditionally.',
      { field: "headers.if-match" }
    );
  }
  return ifMatchVersion(request);
}

// src/http/resource-headers.ts
function resourceHeaders(locationOf) {
  return async (_request, reply, payload) => {
    if (reply.statusCode >= 300 || !payload || typeof payload !== "object") return payload;
    const body = payload;
    if (typeof body.version === "number") reply.header("etag", etagOf(body.version));
    if (reply.statusCode === 201 && locationOf && typeof body.id === "string") reply.header("location", locationOf(body));
    return payload;
  };
}

// src/http/routes/entitlements.ts
var tags = ["entitlements"];
var ChannelParams = Type4.Object({ id: Type4.String({ format: "uuid" }), channel: Channel });
var withHeaders = resourceHeaders((e) => `/v1/entitlements/${e.id}`);
var entitlementRoutes = async (app) => {
  app.post(
    "/v1/entitlements",
    {
      config: { role: "admin" },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: "Create an entitlement (a draft until activated)",
        headers: Type4.Object(idempotencyKeyHeader),
        body: EntitlementInput,
        response: { 201: EntitlementView, ...problems(409, 422) }
      }
    },
    async (request, reply) => reply.code(201).send(await createEntitlement(app.db, request.body, app.now()))
  );
  app.get(
    "/v1/entitlements",
    {
      config: { role: "agent" },
      schema: {
        tags,
        summary: "List entitlements, by customer and status (oldest first)",
        description: "status is derived from the dates at the time of the request: waiting before startDate, active within, expired after endDate (UTC, inclusive).",
        querystring: EntitlementListQuery,
        response: { 200: EntitlementList, ...problems() }
      }
    },
    async (request) => listEntitlements(app.db, request.query, app.now())
  );
  app.get(
    "/v1/entitlements/:id",
    {
      config: { role: "agent" },
      preSerialization: withHeaders,
      schema: { tags, summary: "Read an entitlement with its terms and what is left", params: IdParams, response: { 200: EntitlementView, ...problems(404) } }
    },
    async (request) => getEntitlement(app.db, request.params.id, app.now())
  );
  app.patch(
    "/v1/entitlements/:id",
    {
      config: { role: "admin" },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: "Change an entitlement (If-Match required)",
        description: "Customer, allocationType and decreaseOn can only change while it is a draft. totalTerms cannot go below what is already used, nor below any channel\u2019s terms.",
        params: IdParams,
        headers: Type4.Object(requiredIfMatchHeader),
        body: EntitlementPatch,
        response: { 200: EntitlementView, ...problems(404, 409, 412, 422, 428) }
      }
    },
    async (request) => updateEntitlement(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now())
  );
  app.post(
    "/v1/entitlements/:id/activate",
    {
      config: { role: "admin" },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: "Activate a draft entitlement (then waiting, active or expired by its dates)",
        params: IdParams,
        headers: Type4.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: EntitlementView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => activateEntitlement(app.db, request.params.id, ifMatchVersion(request), app.now())
  );
  app.post(
    "/v1/entitlements/:id/cancel",
    {
      config: { role: "admin" },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: "Cancel an entitlement: it covers no new case (cases under it keep it)",
        params: IdParams,
        headers: Type4.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: EntitlementView, ...problems(404, 412) }
      }
    },
    async (request) => cancelEntitlement(app.db, request.params.id, ifMatchVersion(request), app.now())
  );
  app.get(
    "/v1/entitlements/:id/usage",
    {
      config: { role: "agent" },
      schema: {
        tags,
        summary: "Terms used and left, in total and per channel, with the usage ledger",
        params: IdParams,
        response: { 200: UsageView, ...problems(404) }
      }
    },
    async (request) => getUsage(app.db, request.params.id, app.now())
  );
  app.get(
    "/v1/entitlements/:id/channels",
    {
      config: { role: "agent" },
      schema: { tags, summary: "Per-channel terms", params: IdParams, response: { 200: Type4.Object({ items: Type4.Array(ChannelView) }), ...problems(404) } }
    },
    async (request) => ({ items: await listChannels(app.db, request.params.id) })
  );
  app.post(
    "/v1/entitlements/:id/channels",
    {
      config: { role: "admin" },
      schema: {
        tags,
        summary: "Add terms for a channel (the entitlement then covers only its listed channels)",
        params: IdParams,
        headers: Type4.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: ChannelTermsInput,
        response: { 201: ChannelView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request, reply) => {
      const view3 = await addChannel(app.db, request.params.id, request.body, ifMatchVersion(request), app.now());
      return reply.code(201).header("location", `/v1/entitlements/${request.params.id}/channels/${view3.channel}`).send(view3);
    }
  );
  app.get(
    "/v1/entitlements/:id/channels/:channel",
    {
      config: { role: "agent" },
      schema: { tags, summary: "One channel\u2019s terms", params: ChannelParams, response: { 200: ChannelView, ...problems(404) } }
    },
    async (request) => getChannel(app.db, request.params.id, request.params.channel)
  );
  app.put(
    "/v1/entitlements/:id/channels/:channel",
    {
      config: { role: "admin" },
      schema: {
        tags,
        summary: "Change a channel\u2019s terms",
        params: ChannelParams,
        headers: Type4.Object(ifMatchHeader),
        body: ChannelTermsUpdate,
        response: { 200: ChannelView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => updateChannel(app.db, request.params.id, request.params.channel, request.body.totalTerms, ifMatchVersion(request), app.now())
  );
  app.delete(
    "/v1/entitlements/:id/channels/:channel",
    {
      config: { role: "admin" },
      schema: {
        tags,
        summary: "Remove a channel\u2019s terms (what its cases used stays in the ledger and the total)",
        params: ChannelParams,
        headers: Type4.Object(ifMatchHeader),
        response: { 204: Type4.Null(), ...problems(404, 409, 412) }
      }
    },
    async (request, reply) => {
      await deleteChannel(app.db, request.params.id, request.params.channel, ifMatchVersion(request), app.now());
      return reply.code(204).send(null);
    }
  );
};
var entitlements_default = entitlementRoutes;

// src/http/routes/slas.ts
import { Type as Type6 } from "@sinclair/typebox";

// src/sla/sla-schemas.ts
import { Type as Type5 } from "@sinclair/typebox";
var DurationInput = Type5.Union(
  [
    Type5.Object({ minutes: Type5.Integer({ minimum: 0, maximum: 1e7 }) }, { additionalProperties: false }),
    Type5.Object({ hours: Type5.Number({ minimum: 0, maximum: 1e5 }) }, { additionalProperties: false }),
    Type5.Object({ businessDays: Type5.Number({ minimum: 0, maximum: 1e4 }) }, { additionalProperties: false })
  ],
  { description: "Business time: {minutes}, {hours} or {businessDays} (a business day is the calendar\u2019s working-day length)" }
);
var Recipient = Type5.Union([
  Type5.Literal("owner"),
  Type5.Literal("manager"),
  Type5.Literal("customer"),
  Type5.Object({ address: Type5.String({ format: "email" }) }, { additionalProperties: false })
]);
var SlaAction = Type5.Union([
  Type5.Object(
    {
      type: Type5.Literal("send_email"),
      to: Type5.Array(Recipient, { minItems: 1 }),
      subject: Type5.String({ minLength: 1, maxLength: 300 }),
      body: Type5.String({ minLength: 1, maxLength: 2e4 })
    },
    { additionalProperties: false }
  ),
  Type5.Object({ type: Type5.Literal("escalate_to_queue"), queue: Type5.Optional(Type5.String({ minLength: 1 })) }, { additionalProperties: false }),
  Type5.Object(
    {
      type: Type5.Literal("set_case_field"),
      field: Type5.String({ pattern: "^[A-Za-z_][\\w-]{0,63}$" }),
      value: Type5.Union([Type5.String(), Type5.Number(), Type5.Boolean(), Type5.Null()])
    },
    { additionalProperties: false }
  )
]);
var StalePauseAlertInput = Type5.Object(
  {
    after: DurationInput,
    time: Type5.Optional(
      Type5.Union([Type5.Literal("business"), Type5.Literal("calendar")], {
        description: "business (when absent): paused business time on the SLA\u2019s calendar; calendar: wall-clock time since the pause began"
      })
    ),
    actions: Type5.Array(SlaAction, { minItems: 1, maxItems: 20 })
  },
  { additionalProperties: false }
);
var ConditionJson = Type5.Union([Type5.Object({}, { additionalProperties: true }), Type5.Null()], {
  description: "Condition over case fields: {field, op, value} | {and: [...]} | {or: [...]} | {not: ...}; null = always"
});
var SlaItemInput = Type5.Object(
  {
    name: Type5.String({ minLength: 1, maxLength: 200 }),
    kpi: Type5.String({ pattern: "^[a-z][a-z0-9_]{1,63}$", description: "'first_response', 'resolve' or a custom KPI name" }),
    applicableWhen: Type5.Optional(ConditionJson),
    successCriteria: Type5.Optional(ConditionJson),
    applicableFrom: Type5.Optional(
      Type5.Union([Type5.Literal("createdAt"), Type5.Literal("firstResponseAt"), Type5.String({ pattern: "^stage:[a-z][a-z0-9_-]{0,63}$" })], {
        description: "When the clock starts: createdAt, firstResponseAt, or stage:<key> (when the case enters that process stage; it succeeds when the stage is completed)"
      })
    ),
    warning: Type5.Optional(Type5.Union([DurationInput, Type5.Null()])),
    failure: DurationInput,
    warningActions: Type5.Optional(Type5.Array(SlaAction)),
    failureActions: Type5.Optional(Type5.Array(SlaAction)),
    successActions: Type5.Optional(Type5.Array(SlaAction)),
    stalePauseAlert: Type5.Optional(Type5.Union([StalePauseAlertInput, Type5.Null()], { description: "null or absent: no stale-pause alert" }))
  },
  { additionalProperties: false }
);
var caseStatusValues = ["in_progress", "on_hold", "waiting_for_details", "researching"];
var SlaInput = Type5.Object(
  {
    name: Type5.String({ minLength: 1, maxLength: 200 }),
    description: Type5.Optional(Type5.String({ maxLength: 2e3 })),
    calendarId: Type5.Optional(Type5.Union([Type5.String({ format: "uuid" }), Type5.Null()], { description: "null = 24x7" })),
    allowPause: Type5.Optional(Type5.Boolean({ default: true })),
    pausingStatuses: Type5.Optional(Type5.Array(Type5.Union(caseStatusValues.map((s) => Type5.Literal(s))), { uniqueItems: true })),
    isDefault: Type5.Optional(Type5.Boolean()),
    items: Type5.Array(SlaItemInput, { maxItems: 100 })
  },
  { additionalProperties: false }
);
var SlaItemView = Type5.Object({
  id: Type5.String({ format: "uuid" }),
  position: Type5.Integer(),
  name: Type5.String(),
  kpi: Type5.String(),
  kpiLabel: Type5.String(),
  applicableWhen: Type5.Unknown(),
  successCriteria: Type5.Unknown(),
  applicableFrom: Type5.String(),
  warningMinutes: Type5.Union([Type5.Integer(), Type5.Null()]),
  failureMinutes: Type5.Integer(),
  warningActions: Type5.Array(SlaAction),
  failureActions: Type5.Array(SlaAction),
  successActions: Type5.Array(SlaAction),
  stalePauseAlert: Type5.Union([
    Type5.Object({
      afterMinutes: Type5.Integer({ description: "minutes of `time` (business or calendar)" }),
      time: Type5.Union([Type5.Literal("business"), Type5.Literal("calendar")]),
      actions: Type5.Array(SlaAction)
    }),
    Type5.Null()
  ])
});
var SlaView = Type5.Object({
  id: Type5.String({ format: "uuid" }),
  name: Type5.String(),
  description: Type5.Union([Type5.String(), Type5.Null()]),
  calendarId: Type5.Union([Type5.String(), Type5.Null()]),
  allowPause: Type5.Boolean(),
  pausingStatuses: Type5.Array(Type5.String()),
  isDefault: Type5.Boolean(),
  version: Type5.Integer(),
  createdAt: Type5.String({ format: "date-time" }),
  updatedAt: Type5.String({ format: "date-time" }),
  items: Type5.Array(SlaItemView)
});
var SlaVersionView = Type5.Object({
  id: Type5.String({ format: "uuid" }),
  version: Type5.Integer(),
  current: Type5.Boolean({ description: "whether this is the SLA\u2019s current version (the one new cases get)" }),
  currentVersion: Type5.Integer(),
  deleted: Type5.Boolean({ description: "the SLA was deleted: no new case gets it, cases that pinned a version keep following it" }),
  name: Type5.String(),
  description: Type5.Union([Type5.String(), Type5.Null()]),
  calendarId: Type5.Union([Type5.String(), Type5.Null()]),
  allowPause: Type5.Boolean(),
  pausingStatuses: Type5.Array(Type5.String()),
  createdAt: Type5.String({ format: "date-time" }),
  items: Type5.Array(SlaItemView)
});

// src/sla/stage-items.ts
var STAGE_PREFIX = "stage:";
function stageOfItem(applicableFrom) {
  return typeof applicableFrom === "string" && applicableFrom.startsWith(STAGE_PREFIX) ? applicableFrom.slice(STAGE_PREFIX.length) : null;
}

// src/audit/audit-log.ts
async function recordChange(tx, entry, actor, at) {
  await tx.insert(auditLog).values({ ...entry, data: entry.data ?? {}, ...actorColumns(actor), at });
}
async function listChanges(db2, filter, page) {
  const keys = [{ expr: auditLog.id, type: "bigint" }];
  const result = await paginate(
    { keys, order: "asc", scope: ["audit-log", filter.entity ?? null, filter.entityId ?? null] },
    page,
    (p) => db2.select({ row: auditLog, cursorKey: p.cursorKey }).from(auditLog).where(
      and(filter.entity ? eq(auditLog.entity, filter.entity) : void 0, filter.entityId ? eq(auditLog.entityId, filter.entityId) : void 0, p.after)
    ).orderBy(...p.orderBy).limit(p.limit)
  );
  return {
    items: result.rows.map(
      ({ row }) => ({
        id: String(row.id),
        entity: row.entity,
        entityId: row.entityId,
        version: row.version,
        action: row.action,
        actor: actorView(row),
        at: row.at.toISOString(),
        data: row.data
      })
    ),
    nextCursor: result.nextCursor
  };
}

// src/sla/case-fields.ts
var caseFieldCatalog = {
  priority: { kind: "ordered", values: ["low", "normal", "high"], description: "case priority (low < normal < high)" },
  serviceLevel: { kind: "enum", values: ["standard", "premium", "enterprise"], description: "customer tier / service level on the case" },
  origin: { kind: "enum", values: ["phone", "email", "web", "facebook", "twitter", "iot"], description: "origin channel" },
  status: {
    kind: "enum",
    values: ["in_progress", "on_hold", "waiting_for_details", "researching", "resolved", "cancelled"],
    description: "case status"
  },
  product: { kind: "string", description: "product name" },
  productId: { kind: "id", description: "product id (/v1/products)" },
  title: { kind: "string", description: "case title" },
  ownerId: { kind: "id", description: "owning agent id" },
  queueId: { kind: "id", description: "current queue id" },
  accountId: { kind: "id", description: "account id" },
  contactId: { kind: "id", description: "contact id" },
  entitlementId: { kind: "id", description: "entitlement id" },
  createdAt: { kind: "instant", description: "creation instant" },
  firstResponseAt: { kind: "instant", description: "first response instant" },
  resolvedAt: { kind: "instant", description: "resolution instant" },
  breached: { kind: "boolean", description: "any KPI of the case is noncompliant" }
};
function readField(facts, field) {
  if (field.startsWith("fields.")) return facts.fields?.[field.slice("fields.".length)];
  const v = facts[field];
  return v instanceof Date ? v.toISOString() : v;
}
function isKnownField(field) {
  return field in caseFieldCatalog || /^fields\.[A-Za-z_][\w-]{0,63}$/.test(field);
}

// src/sla/conditions.ts
var conditionOperators = ["equals", "not_equals", "in", "not_in", "greater_than", "less_than", "is_set", "is_not_set"];
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var MAX_CONDITION_DEPTH = 10;
var MAX_CONDITION_NODES = 200;
function shapeProblem(input) {
  const stack = [{ node: input, path: "", depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, path: path7, depth } = stack.pop();
    if (!isObject2(node)) continue;
    nodes += 1;
    if (depth > MAX_CONDITION_DEPTH) {
      return { path: path7 || "/", code: "CONDITION_TOO_DEEP", message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep (and/or/not); simplify the condition` };
    }
    if (nodes > MAX_CONDITION_NODES) {
      return { path: path7 || "/", code: "CONDITION_TOO_LARGE", message: `a condition has at most ${MAX_CONDITION_NODES} parts; simplify it` };
    }
    for (const combinator of ["and", "or"]) {
      const list = node[combinator];
      if (Array.isArray(list)) list.forEach((c, i) => stack.push({ node: c, path: `${path7}/${combinator}/${i}`, depth: depth + 1 }));
    }
    if ("not" in node) stack.push({ node: node.not, path: `${path7}/not`, depth: depth + 1 });
  }
  return void 0;
}
function validateCondition(input, path7 = "") {
  if (input === null || input === void 0) return [];
  if (path7 === "") {
    const tooBig = shapeProblem(input);
    if (tooBig) return [tooBig];
  }
  if (!isObject2(input)) return [{ path: path7 || "/", code: "INVALID_CONDITION", message: "a condition must be an object" }];
  const keys = Object.keys(input);
  for (const combinator of ["and", "or"]) {
    if (combinator in input) {
      if (keys.length !== 1) return [{ path: path7 || "/", code: "INVALID_CONDITION", message: `"${combinator}" must be the only key of its object` }];
      const list = input[combinator];
      if (!Array.isArray(list) || list.length === 0) {
        return [{ path: `${path7}/${combinator}`, code: "INVALID_CONDITION", message: `"${combinator}" needs a non-empty array of conditions` }];
      }
      return list.flatMap((c, i) => c === null ? [{ path: `${path7}/${combinator}/${i}`, code: "INVALID_CONDITION", message: "null is not a condition" }] : validateCondition(c, `${path7}/${combinator}/${i}`));
    }
  }
  if ("not" in input) {
    if (keys.length !== 1) return [{ path: path7 || "/", code: "INVALID_CONDITION", message: '"not" must be the only key of its object' }];
    if (input.not === null) return [{ path: `${path7}/not`, code: "INVALID_CONDITION", message: "null is not a condition" }];
    return validateCondition(input.not, `${path7}/not`);
  }
  if (!("field" in input) || !("op" in input)) {
    const unknownKey = keys.find((k) => !["field", "op", "value"].includes(k));
    return [{
      path: path7 || "/",
      code: unknownKey ? "UNKNOWN_OPERATOR" : "INVALID_CONDITION",
      message: unknownKey ? `unknown operator "${unknownKey}"; use and, or, not, or {field, op, value}` : 'a comparison needs "field" and "op"'
    }];
  }
  const extra = keys.filter((k) => !["field", "op", "value"].includes(k));
  if (extra.length) return [{ path: `${path7}/${extra[0]}`, code: "INVALID_CONDITION", message: `unexpected key "${extra[0]}"` }];
  const { field, op, value } = input;
  if (typeof field !== "string" || !isKnownField(field)) {
    return [{
      path: `${path7}/field`,
      code: "UNKNOWN_FIELD",
      message: `unknown case field "${String(field)}"; known fields: ${Object.keys(caseFieldCatalog).join(", ")}, fields.<name>`
    }];
  }
  if (typeof op !== "string" || !conditionOperators.includes(op)) {
    return [{ path: `${path7}/op`, code: "UNKNOWN_OPERATOR", message: `unknown operator "${String(op)}"; use one of ${conditionOperators.join(", ")}` }];
  }
  const spec = caseFieldCatalog[field];
  const checkValue = (v, at) => {
    if (spec?.values && !spec.values.includes(v)) {
      return [{ path: at, code: "INVALID_VALUE", message: `"${String(v)}" is not a value of ${field}; use one of ${spec.values.join(", ")}` }];
    }
    if (v !== null && typeof v === "object") return [{ path: at, code: "INVALID_VALUE", message: "values must be strings, numbers, booleans or null" }];
    return [];
  };
  switch (op) {
    case "is_set":
    case "is_not_set":
      return value === void 0 ? [] : [{ path: `${path7}/value`, code: "INVALID_VALUE", message: `"${op}" takes no value` }];
    case "in":
    case "not_in":
      if (!Array.isArray(value) || value.length === 0) return [{ path: `${path7}/value`, code: "INVALID_VALUE", message: `"${op}" needs a non-empty array value` }];
      return value.flatMap((v, i) => checkValue(v, `${path7}/value/${i}`));
    case "greater_than":
    case "less_than":
      if (spec && !["ordered", "instant"].includes(spec.kind)) {
        return [{ path: `${path7}/op`, code: "INVALID_VALUE", message: `"${op}" needs an ordered field (priority, instants, or fields.*), not ${field}` }];
      }
      if (value === void 0 || value === null) return [{ path: `${path7}/value`, code: "INVALID_VALUE", message: `"${op}" needs a value` }];
      if (spec?.kind === "instant" && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
        return [{ path: `${path7}/value`, code: "INVALID_VALUE", message: `"${op}" on ${field} needs an ISO instant` }];
      }
      return checkValue(value, `${path7}/value`);
    default:
      if (value === void 0) return [{ path: `${path7}/value`, code: "INVALID_VALUE", message: `"${op}" needs a value` }];
      return checkValue(value, `${path7}/value`);
  }
}
function compare(field, a, b) {
  const spec = caseFieldCatalog[field];
  if (spec?.kind === "ordered" && spec.values) {
    const ia = spec.values.indexOf(a);
    const ib = spec.values.indexOf(b);
    return ia < 0 || ib < 0 ? void 0 : ia - ib;
  }
  if (spec?.kind === "instant") {
    const ta = typeof a === "string" ? Date.parse(a) : NaN;
    const tb = typeof b === "string" ? Date.parse(b) : NaN;
    return Number.isNaN(ta) || Number.isNaN(tb) ? void 0 : ta - tb;
  }
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return void 0;
}
var isSet = (v) => v !== void 0 && v !== null && v !== "";
function evaluateCondition(condition, facts) {
  if (condition === null || condition === void 0) return true;
  const c = condition;
  if (Array.isArray(c.and)) return c.and.every((x) => evaluateCondition(x, facts));
  if (Array.isArray(c.or)) return c.or.some((x) => evaluateCondition(x, facts));
  if ("not" in c) return !evaluateCondition(c.not, facts);
  const field = c.field;
  const actual = readField(facts, field);
  switch (c.op) {
    case "equals":
      return actual === c.value;
    case "not_equals":
      return actual !== c.value;
    case "in":
      return c.value.includes(actual);
    case "not_in":
      return !c.value.includes(actual);
    case "greater_than": {
      const r = compare(field, actual, c.value);
      return r !== void 0 && r > 0;
    }
    case "less_than": {
      const r = compare(field, actual, c.value);
      return r !== void 0 && r < 0;
    }
    case "is_set":
      return isSet(actual);
    case "is_not_set":
      return !isSet(actual);
    default:
      return false;
  }
}

// src/sla/durations.ts
function durationToMinutes(d, businessDayMinutes2) {
  if ("minutes" in d) return d.minutes;
  if ("hours" in d) return Math.round(d.hours * 60);
  return Math.round(d.businessDays * businessDayMinutes2);
}

// src/sla/sla-definitions.ts
function validateItems(input) {
  input.items.forEach((item, i) => {
    for (const key of ["applicableWhen", "successCriteria"]) {
      const problems2 = validateCondition(item[key] ?? null);
      if (problems2.length) {
        const p = problems2[0];
        throw badRequest(p.code === "INVALID_VALUE" ? "INVALID_CONDITION" : p.code, `body.items[${i}].${key}${p.path}: ${p.message}`, {
          field: `body.items[${i}].${key}${p.path}`,
          problems: problems2
        });
      }
    }
    const phases = { warningActions: item.warningActions, failureActions: item.failureActions, successActions: item.successActions, "stalePauseAlert.actions": item.stalePauseAlert?.actions };
    for (const [phase, actions] of Object.entries(phases)) {
      (actions ?? []).forEach((action, j) => {
        if (action.type !== "send_email") return;
        for (const part of ["subject", "body"]) {
          const unknown = unknownPlaceholders(action[part]);
          if (unknown.length) {
            const field = `body.items[${i}].${phase}[${j}].${part}`;
            throw badRequest("UNKNOWN_PLACEHOLDER", `${field}: unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(", ")}; see the README for the list`, { field });
          }
        }
      });
    }
    if (!item.successCriteria && !defaultSuccessCriteria(item.kpi) && !stageOfItem(item.applicableFrom)) {
      throw badRequest("SUCCESS_CRITERIA_REQUIRED", `body.items[${i}].successCriteria is required for the custom KPI "${item.kpi}"`, {
        field: `body.items[${i}].successCriteria`
      });
    }
  });
}
async function itemRows(tx, slaId, slaVersion, input, businessDayMinutes2) {
  const dayMinutes = await businessDayMinutes2(tx, input.calendarId ?? null);
  return input.items.map((item, i) => {
    const failureMinutes = durationToMinutes(item.failure, dayMinutes);
    const warningMinutes = item.warning ? durationToMinutes(item.warning, dayMinutes) : null;
    if (failureMinutes <= 0) throw badRequest("INVALID_DURATION", `body.items[${i}].failure must be more than 0 minutes`, { field: `body.items[${i}].failure` });
    if (warningMinutes !== null && warningMinutes >= failureMinutes) {
      throw badRequest("INVALID_DURATION", `body.items[${i}].warning (${warningMinutes} min) must be shorter than the failure duration (${failureMinutes} min)`, {
        field: `body.items[${i}].warning`
      });
    }
    const stale2 = stalePauseColumns(item.stalePauseAlert ?? null, dayMinutes, i);
    return {
      slaId,
      slaVersion,
      position: i + 1,
      name: item.name,
      kpi: item.kpi,
      applicableWhen: item.applicableWhen ?? null,
      successCriteria: item.successCriteria ?? null,
      applicableFrom: item.applicableFrom ?? "createdAt",
      warningMinutes,
      failureMinutes,
      warningActions: item.warningActions ?? [],
      failureActions: item.failureActions ?? [],
      successActions: item.successActions ?? [],
      ...stale2
    };
  });
}
function stalePauseColumns(alert, dayMinutes, i) {
  if (!alert) return { stalePauseMinutes: null, stalePauseTime: null, stalePauseActions: [] };
  const field = `body.items[${i}].stalePauseAlert.after`;
  const time2 = alert.time ?? "business";
  if (time2 === "calendar" && "businessDays" in alert.after) {
    throw badRequest("INVALID_DURATION", `${field}: calendar time takes {minutes} or {hours}, not {businessDays}`, { field });
  }
  const minutes = durationToMinutes(alert.after, dayMinutes);
  if (minutes <= 0) throw badRequest("INVALID_DURATION", `${field} must be more than 0 minutes`, { field });
  return { stalePauseMinutes: minutes, stalePauseTime: time2, stalePauseActions: alert.actions };
}
async function assertCalendar(tx, calendarId) {
  if (!calendarId) return;
  const [cal] = await tx.select({ id: calendars.id }).from(calendars).where(and(eq(calendars.id, calendarId), isNull(calendars.deletedAt))).for("share");
  if (!cal) throw unprocessable("CALENDAR_NOT_FOUND", `body.calendarId: no calendar with id "${calendarId}"`, { field: "body.calendarId" });
}
function slaColumns(input) {
  return {
    name: input.name,
    description: input.description ?? null,
    calendarId: input.calendarId ?? null,
    allowPause: input.allowPause ?? true,
    pausingStatuses: input.pausingStatuses ?? ["on_hold", "waiting_for_details"],
    isDefault: input.isDefault ?? false
  };
}
async function insertVersion(tx, slaId, version2, input, businessDayMinutes2, now) {
  const { name, description: description2, calendarId, allowPause, pausingStatuses } = slaColumns(input);
  await tx.insert(slaVersions).values({ slaId, version: version2, name, description: description2, calendarId, allowPause, pausingStatuses, createdAt: now });
  const items = await itemRows(tx, slaId, version2, input, businessDayMinutes2);
  if (items.length) await tx.insert(slaItems).values(items);
}
async function createSla(db2, input, businessDayMinutes2, now, actor) {
  validateItems(input);
  const id = await db2.transaction(async (tx) => {
    await assertCalendar(tx, input.calendarId);
    if (input.isDefault) await tx.update(slas).set({ isDefault: false, updatedAt: now }).where(eq(slas.isDefault, true));
    const [row] = await tx.insert(slas).values({ ...slaColumns(input), createdAt: now, updatedAt: now, version: 1 }).returning();
    await insertVersion(tx, row.id, 1, input, businessDayMinutes2, now);
    await recordChange(tx, { entity: "sla", entityId: row.id, version: 1, action: "created", data: { name: input.name } }, actor, now);
    return row.id;
  });
  return getSla(db2, id);
}
async function replaceSla(db2, id, input, expectedVersion, businessDayMinutes2, now, actor) {
  validateItems(input);
  await db2.transaction(async (tx) => {
    const [current2] = await tx.select().from(slas).where(and(eq(slas.id, id), isNull(slas.deletedAt))).for("update");
    if (!current2) throw notFound("SLA", id);
    if (expectedVersion !== void 0 && current2.version !== expectedVersion) {
      throw preconditionFailed(`The SLA changed since you read it (version ${current2.version}, If-Match had ${expectedVersion}); read it again and retry.`);
    }
    await assertCalendar(tx, input.calendarId);
    if (input.isDefault) await tx.update(slas).set({ isDefault: false, updatedAt: now }).where(and(eq(slas.isDefault, true), ne(slas.id, id)));
    await tx.update(slas).set({ ...slaColumns(input), updatedAt: now, version: current2.version + 1 }).where(eq(slas.id, id));
    await tx.update(slaItems).set({ retiredAt: now }).where(and(eq(slaItems.slaId, id), isNull(slaItems.retiredAt)));
    await insertVersion(tx, id, current2.version + 1, input, businessDayMinutes2, now);
    await recordChange(tx, { entity: "sla", entityId: id, version: current2.version + 1, action: "updated", data: { name: input.name } }, actor, now);
  });
  return getSla(db2, id);
}
async function deleteSla(db2, id, now, actor) {
  await db2.transaction(async (tx) => {
    const rows = await tx.update(slas).set({ deletedAt: now, isDefault: false }).where(and(eq(slas.id, id), isNull(slas.deletedAt))).returning({ id: slas.id, version: slas.version });
    if (!rows.length) throw notFound("SLA", id);
    await recordChange(tx, { entity: "sla", entityId: id, version: rows[0].version, action: "deleted" }, actor, now);
  });
}
async function loadSla(db2, id) {
  const [sla] = await db2.select().from(slas).where(and(eq(slas.id, id), isNull(slas.deletedAt)));
  if (!sla) return void 0;
  const items = await db2.select().from(slaItems).where(and(eq(slaItems.slaId, id), isNull(slaItems.retiredAt))).orderBy(asc(slaItems.position));
  return { sla, items };
}
async function defaultSlaId(db2) {
  const [row] = await db2.select({ id: slas.id }).from(slas).where(and(eq(slas.isDefault, true), isNull(slas.deletedAt)));
  return row?.id ?? null;
}
function toSlaView(sla, items) {
  return {
    id: sla.id,
    name: sla.name,
    description: sla.description,
    calendarId: sla.calendarId,
    allowPause: sla.allowPause,
    pausingStatuses: sla.pausingStatuses,
    isDefault: sla.isDefault,
    version: sla.version,
    createdAt: sla.createdAt.toISOString(),
    updatedAt: sla.updatedAt.toISOString(),
    items: items.map(toItemView)
  };
}
function toItemView(i) {
  return {
    id: i.id,
    position: i.position,
    name: i.name,
    kpi: i.kpi,
    kpiLabel: kpiLabel(i.kpi),
    applicableWhen: i.applicableWhen ?? null,
    successCriteria: i.successCriteria ?? defaultSuccessCriteria(i.kpi),
    applicableFrom: i.applicableFrom,
    warningMinutes: i.warningMinutes,
    failureMinutes: i.failureMinutes,
    warningActions: i.warningActions,
    failureActions: i.failureActions,
    successActions: i.successActions,
    stalePauseAlert: i.stalePauseMinutes !== null && i.stalePauseTime !== null ? { afterMinutes: i.stalePauseMinutes, time: i.stalePauseTime, actions: i.stalePauseActions } : null
  };
}
async function getSla(db2, id) {
  const loaded = await loadSla(db2, id);
  if (!loaded) throw notFound("SLA", id);
  return toSlaView(loaded.sla, loaded.items);
}
async function listSlas(db2) {
  const rows = await db2.select().from(slas).where(isNull(slas.deletedAt)).orderBy(asc(slas.createdAt));
  if (rows.length === 0) return [];
  const items = await db2.select().from(slaItems).where(and(inArray(slaItems.slaId, rows.map((r) => r.id)), isNull(slaItems.retiredAt))).orderBy(asc(slaItems.position));
  return rows.map((r) => toSlaView(r, items.filter((i) => i.slaId === r.id)));
}

// src/sla/sla-versions.ts
function isPausingStatus(settings, status) {
  return settings.allowPause && settings.pausingStatuses.includes(status);
}
async function currentSlaVersion(db2, slaId) {
  const [row] = await db2.select({ version: slas.version }).from(slas).where(and(eq(slas.id, slaId), isNull(slas.deletedAt)));
  return row?.version ?? null;
}
async function loadSlaVersion(db2, slaId, version2) {
  const [row] = await db2.select({ settings: slaVersions, currentVersion: slas.version, deletedAt: slas.deletedAt }).from(slaVersions).innerJoin(slas, eq(slas.id, slaVersions.slaId)).where(and(eq(slaVersions.slaId, slaId), eq(slaVersions.version, version2)));
  if (!row) return void 0;
  const items = await db2.select().from(slaItems).where(and(eq(slaItems.slaId, slaId), eq(slaItems.slaVersion, version2))).orderBy(asc(slaItems.position));
  return { ...row, items };
}
async function getSlaVersion(db2, slaId, version2) {
  const loaded = await loadSlaVersion(db2, slaId, version2);
  if (!loaded) {
    const [sla] = await db2.select({ name: slas.name, version: slas.version }).from(slas).where(eq(slas.id, slaId));
    if (!sla) throw notFound("SLA", slaId);
    throw new AppError("SLA_VERSION_NOT_FOUND", 404, `The SLA "${sla.name}" has no version ${version2} (its current version is ${sla.version}).`, {
      id: slaId,
      version: version2,
      currentVersion: sla.version
    });
  }
  const { settings: s } = loaded;
  return {
    id: s.slaId,
    version: s.version,
    current: s.version === loaded.currentVersion,
    currentVersion: loaded.currentVersion,
    deleted: loaded.deletedAt !== null,
    name: s.name,
    description: s.description,
    calendarId: s.calendarId,
    allowPause: s.allowPause,
    pausingStatuses: s.pausingStatuses,
    createdAt: s.createdAt.toISOString(),
    items: loaded.items.map(toItemView)
  };
}
async function caseSlaPin(db2, caseId) {
  const [row] = await db2.select({ id: slaVersions.slaId, name: slaVersions.name, version: slaVersions.version, currentVersion: slas.version, deletedAt: slas.deletedAt }).from(cases).innerJoin(slaVersions, and(eq(slaVersions.slaId, cases.slaId), eq(slaVersions.version, cases.slaVersion))).innerJoin(slas, eq(slas.id, cases.slaId)).where(eq(cases.id, caseId));
  if (!row) return null;
  const { deletedAt, ...pin } = row;
  return { ...pin, deleted: deletedAt !== null };
}

// src/calendars/calendar-versions.ts
async function loadCalendarVersion(db2, calendarId, version2) {
  const [cal] = await db2.select().from(calendars).where(and(eq(calendars.id, calendarId), isNull(calendars.deletedAt)));
  if (!cal) return void 0;
  const v = version2 ?? cal.currentVersion;
  const [row] = await db2.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, calendarId), eq(calendarVersions.version, v)));
  return row ? { id: calendarId, version: v, definition: row.definition } : void 0;
}

// src/sla/business-day-length.ts
async function businessDayMinutesOf(db2, calendarId) {
  if (!calendarId) return 1440;
  const pinned = await loadCalendarVersion(db2, calendarId);
  if (!pinned) throw unprocessable("CALENDAR_NOT_FOUND", `body.calendarId: no calendar with id "${calendarId}"`, { field: "body.calendarId" });
  return businessDaysToMinutes(compileCalendar(pinned.definition), 1);
}

// src/http/actor.ts
function actorOf(request) {
  return request.apiKey ? apiKeyActor(request.apiKey) : SYSTEM;
}

// src/http/routes/slas.ts
var Params = Type6.Object({ id: Type6.String({ format: "uuid" }) });
var tags2 = ["slas"];
var slaRoutes = async (app) => {
  app.post(
    "/v1/slas",
    { config: { role: "admin" }, schema: { tags: tags2, summary: "Create an SLA with its ordered items", body: SlaInput, response: { 201: SlaView, ...problems(422) } } },
    async (request, reply) => {
      const sla = await createSla(app.db, request.body, businessDayMinutesOf, app.now(), actorOf(request));
      return reply.code(201).header("location", `/v1/slas/${sla.id}`).header("etag", etagOf(sla.version)).send(sla);
    }
  );
  app.get("/v1/slas", { config: { role: "agent" }, schema: { tags: tags2, summary: "List SLAs", response: { 200: Type6.Object({ items: Type6.Array(SlaView) }), ...problems() } } }, async () => ({
    items: await listSlas(app.db)
  }));
  app.get(
    "/v1/slas/:id",
    { config: { role: "agent" }, schema: { tags: tags2, summary: "Read an SLA", params: Params, response: { 200: SlaView, ...problems(404) } } },
    async (request, reply) => {
      const sla = await getSla(app.db, request.params.id);
      return reply.header("etag", etagOf(sla.version)).send(sla);
    }
  );
  app.get(
    "/v1/slas/:id/versions/:version",
    {
      config: { role: "agent" },
      schema: {
        tags: tags2,
        summary: "Read one version of an SLA (versions never change; also for a deleted SLA)",
        description: "The settings and items that the clocks of the cases that pinned this version follow (GET /v1/cases/{id}/sla names it).",
        params: VersionParams,
        response: { 200: SlaVersionView, ...problems(404) }
      }
    },
    async (request) => getSlaVersion(app.db, request.params.id, request.params.version)
  );
  app.put(
    "/v1/slas/:id",
    {
      config: { role: "admin" },
      schema: {
        tags: tags2,
        summary: "Replace an SLA definition (running instances keep their snapshot)",
        description: "Needs If-Match with the ETag of your last read (428 without it, 412 when stale; `*` replaces unconditionally).",
        params: Params,
        body: SlaInput,
        headers: Type6.Object({ ...requiredIfMatchHeader }),
        response: { 200: SlaView, ...problems(404, 412, 422, 428) }
      }
    },
    async (request, reply) => {
      const sla = await replaceSla(app.db, request.params.id, request.body, requiredIfMatchVersion(request), businessDayMinutesOf, app.now(), actorOf(request));
      return reply.header("etag", etagOf(sla.version)).send(sla);
    }
  );
  app.delete(
    "/v1/slas/:id",
    { config: { role: "admin" }, schema: { tags: tags2, summary: "Delete an SLA (running instances continue)", params: Params, response: { 204: Type6.Null(), ...problems(404) } } },
    async (request, reply) => {
      await deleteSla(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    }
  );
};
var slas_default = slaRoutes;

// src/http/routes/case-sla.ts
import { Type as Type7 } from "@sinclair/typebox";

// src/sla/case-sla-view.ts
function byDefinitionOrder(a, b) {
  const due = (r) => String(r.detail.dueAt ?? r.ranAt.toISOString());
  const index2 = (r) => Number(r.actionKey.split(":").at(-1));
  const phases = ["warning", "failure", "success", "pause_stale"];
  return due(a).localeCompare(due(b)) || phases.indexOf(a.phase) - phases.indexOf(b.phase) || index2(a) - index2(b);
}
var TWENTY_FOUR_SEVEN = { timeZone: "UTC", is24x7: true };
function view2(ms3, zone) {
  return { utc: new Date(ms3).toISOString(), local: formatInZone(ms3, zone) };
}
async function caseSlaView(db2, caseId, now) {
  const [c] = await db2.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const instances = await db2.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.kpi));
  if (instances.length === 0) return [];
  const runs = (await db2.select().from(slaActionRuns).where(inArray(slaActionRuns.instanceId, instances.map((i) => i.id))).orderBy(asc(slaActionRuns.ranAt))).sort(
    byDefinitionOrder
  );
  const calendars2 = /* @__PURE__ */ new Map();
  for (const i of instances) {
    if (!i.calendarId || i.calendarVersion === null) continue;
    const key = `${i.calendarId}@${i.calendarVersion}`;
    if (calendars2.has(key)) continue;
    const [row] = await db2.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, i.calendarId), eq(calendarVersions.version, i.calendarVersion)));
    if (row) calendars2.set(key, compileCalendar(row.definition));
  }
  return instances.map((i) => {
    const cal = i.calendarId && calendars2.get(`${i.calendarId}@${i.calendarVersion}`) || compileCalendar(TWENTY_FOUR_SEVEN);
    const zone = cal.timeZone;
    let left = null;
    let overdue = 0;
    if (!i.endedAt && i.failureAt) {
      const from = i.pausedSince ? i.pausedSince.getTime() : now.getTime();
      const remaining = elapsed(cal, from, i.failureAt.getTime());
      left = Math.max(0, Math.round(remaining * 100) / 100);
      overdue = remaining < 0 ? Math.round(-remaining * 100) / 100 : 0;
    } else if (i.endedAt && i.failedAt && i.failureAt) {
      const end = (i.lateSucceededAt ?? i.endedAt).getTime();
      overdue = Math.max(0, Math.round(elapsed(cal, i.failureAt.getTime(), end) * 100) / 100);
    }
    const snapshot = i.itemSnapshot;
    return {
      instanceId: i.id,
      workflowId: i.workflowId,
      kpi: i.kpi,
      kpiLabel: kpiLabel(i.kpi),
      itemName: snapshot.name ?? "",
      generation: i.generation,
      state: i.state,
      timeZone: zone,
      calendar: i.calendarId && i.calendarVersion !== null ? { id: i.calendarId, version: i.calendarVersion } : null,
      applicableFrom: view2(i.applicableFrom.getTime(), zone),
      warningAt: i.warningAt ? view2(i.warningAt.getTime(), zone) : null,
      failureAt: i.failureAt ? view2(i.failureAt.getTime(), zone) : null,
      warnedAt: i.warnedAt?.toISOString() ?? null,
      failedAt: i.failedAt?.toISOString() ?? null,
      succeededAt: i.succeededAt?.toISOString() ?? null,
      lateSucceededAt: i.lateSucceededAt?.toISOString() ?? null,
      pausedSince: i.pausedSince?.toISOString() ?? null,
      pausedBusinessMinutes: i.pausedBusinessMinutes,
      businessMinutesLeft: left,
      businessMinutesOverdue: overdue,
      endedAt: i.endedAt?.toISOString() ?? null,
      endReason: i.endReason,
      actions: runs.filter((r) => r.instanceId === i.id).map((r) => ({ phase: r.phase, kind: r.kind, summary: r.summary, ranAt: r.ranAt.toISOString() }))
    };
  });
}

// src/http/routes/case-sla.ts
var Instant = Type7.Object({ utc: Type7.String({ format: "date-time" }), local: Type7.String({ description: "the same instant in the calendar\u2019s zone" }) });
var NullableInstant = Type7.Union([Instant, Type7.Null()]);
var NullableString = Type7.Union([Type7.String(), Type7.Null()]);
var KpiInstance = Type7.Object({
  instanceId: Type7.String({ format: "uuid" }),
  workflowId: Type7.String({ description: "Temporal workflow id: open it in the Temporal UI" }),
  kpi: Type7.String(),
  kpiLabel: Type7.String(),
  itemName: Type7.String(),
  generation: Type7.Integer(),
  state: Type7.String({ description: "in_progress | nearing_noncompliance | noncompliant | succeeded | paused | canceled" }),
  timeZone: Type7.String(),
  calendar: Type7.Union([Type7.Object({ id: Type7.String(), version: Type7.Integer() }), Type7.Null()]),
  applicableFrom: Instant,
  warningAt: NullableInstant,
  failureAt: NullableInstant,
  warnedAt: NullableString,
  failedAt: NullableString,
  succeededAt: NullableString,
  lateSucceededAt: NullableString,
  pausedSince: NullableString,
  pausedBusinessMinutes: Type7.Number(),
  businessMinutesLeft: Type7.Union([Type7.Number(), Type7.Null()]),
  businessMinutesOverdue: Type7.Number(),
  endedAt: NullableString,
  endReason: NullableString,
  actions: Type7.Array(Type7.Object({ phase: Type7.String(), kind: Type7.String(), summary: Type7.String(), ranAt: Type7.String() }))
});
var PinnedSla = Type7.Union(
  [
    Type7.Object({
      id: Type7.String({ format: "uuid" }),
      name: Type7.String(),
      version: Type7.Integer({ description: "the SLA version these clocks follow (GET /v1/slas/{id}/versions/{version})" }),
      currentVersion: Type7.Integer({ description: "the SLA\u2019s current version; a newer one reaches these clocks only when applied" }),
      deleted: Type7.Boolean()
    }),
    Type7.Null()
  ],
  { description: "the SLA version the case pinned; null when the case has no SLA" }
);
var caseSla = async (app) => {
  app.get(
    "/v1/cases/:id/sla",
    {
      schema: {
        tags: ["cases", "slas"],
        summary: "A case's KPI instances: state, warning and failure instants, business time left or overdue, paused time, actions",
        params: Type7.Object({ id: Type7.String({ format: "uuid" }) }),
        response: { 200: Type7.Object({ caseId: Type7.String(), sla: PinnedSla, items: Type7.Array(KpiInstance) }), ...problems(404) }
      }
    },
    async (request) => {
      const items = await caseSlaView(app.db, request.params.id, app.now());
      return { caseId: request.params.id, sla: await caseSlaPin(app.db, request.params.id), items };
    }
  );
};
var case_sla_default = caseSla;

// src/http/routes/case-sla-timeline.ts
import { Type as Type8 } from "@sinclair/typebox";

// src/sla-picture/timeline-chart.ts
import * as echarts from "echarts";
import { DateTime as DateTime2 } from "luxon";

// src/svg-text.ts
var NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
function xmlSafe(svg) {
  return svg.replace(NOT_XML, "");
}

// src/sla-picture/timeline-chart.ts
var MARKS = {
  "business-hours": { name: "Business hours", color: "#e3f2e6", shape: "band" },
  holiday: { name: "Holiday", color: "#f8d7da", shape: "band" },
  closure: { name: "Closure", color: "#ffe8c2", shape: "band" },
  clock: { name: "Clock", color: "#90a4ae", shape: "bar" },
  pause: { name: "Paused", color: "#ff9800", shape: "overlay" },
  "warning-due": { name: "Warning due", color: "#f9a825", shape: "tick" },
  "failure-due": { name: "Failure due", color: "#c62828", shape: "tick" },
  warned: { name: "Warned", color: "#f9a825", shape: "dot" },
  breached: { name: "Breached", color: "#c62828", shape: "cross" },
  succeeded: { name: "Succeeded", color: "#2e7d32", shape: "dot" },
  "late-succeeded": { name: "Succeeded late", color: "#6d4c41", shape: "dot" },
  "pause-stale": { name: "Stale-pause alert", color: "#8e24aa", shape: "triangle" },
  action: { name: "Action ran", color: "#1a237e", shape: "diamond" },
  now: { name: "Now", color: "#1565c0", shape: "line" }
};
var HOUR = 36e5;
var STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 7 * 24 * HOUR];
function axis(from, to, width, zone) {
  const wanted = (to - from) / Math.max(2, Math.floor(width / 110));
  const step = STEPS.find((s) => s >= wanted) ?? STEPS[STEPS.length - 1];
  const min2 = step >= 24 * HOUR ? DateTime2.fromMillis(from, { zone }).startOf("day").toMillis() : Math.floor(from / step) * step;
  const fmt = step >= 24 * HOUR ? "ccc d LLL" : "ccc HH:mm";
  return { min: min2, max: to, interval: step, label: (v) => DateTime2.fromMillis(v, { zone }).setLocale("en-GB").toFormat(fmt) };
}
function renderer(style) {
  return (params, api) => {
    const cs = params.coordSys;
    const band = api.size([0, 1])[1];
    const x0 = Math.max(cs.x, api.coord([api.value(0), 0])[0]);
    const row = style.shape === "band" || style.shape === "line" ? -1 : api.value(style.shape === "bar" || style.shape === "overlay" ? 2 : 1);
    const yMid = row >= 0 ? api.coord([0, row])[1] : 0;
    const fill = { fill: style.color };
    switch (style.shape) {
      case "band": {
        const x1 = Math.min(cs.x + cs.width, api.coord([api.value(1), 0])[0]);
        return { type: "rect", shape: { x: x0, y: cs.y, width: Math.max(x1 - x0, 0.5), height: cs.height }, style: fill, silent: true };
      }
      case "bar":
      case "overlay": {
        const x1 = api.coord([api.value(1), 0])[0];
        const h = band * (style.shape === "bar" ? 0.18 : 0.34);
        return { type: "rect", shape: { x: x0, y: yMid - h / 2, width: Math.max(x1 - x0, 1), height: h }, style: fill };
      }
      case "tick":
        return { type: "line", shape: { x1: x0, y1: yMid - band * 0.36, x2: x0, y2: yMid + band * 0.36 }, style: { stroke: style.color, lineWidth: 2, lineDash: [4, 3] } };
      case "line":
        return { type: "line", shape: { x1: x0, y1: cs.y, x2: x0, y2: cs.y + cs.height }, style: { stroke: style.color, lineWidth: 2 } };
      case "dot":
        return { type: "circle", shape: { cx: x0, cy: yMid, r: 6 }, style: { ...fill, stroke: "#fff", lineWidth: 1.5 } };
      case "cross": {
        const r = 6;
        return { type: "path", shape: { pathData: `M${x0 - r} ${yMid - r}L${x0 + r} ${yMid + r}M${x0 - r} ${yMid + r}L${x0 + r} ${yMid - r}` }, style: { stroke: style.color, lineWidth: 3, fill: "none" } };
      }
      case "triangle": {
        const y = yMid - band * 0.3;
        return { type: "polygon", shape: { points: [[x0, y + 7], [x0 - 7, y - 5], [x0 + 7, y - 5]] }, style: fill };
      }
      case "diamond": {
        const y = yMid + band * 0.3;
        return { type: "polygon", shape: { points: [[x0, y - 6], [x0 + 5, y], [x0, y + 6], [x0 - 5, y]] }, style: fill };
      }
    }
  };
}
function markData(m) {
  const spans = (list) => list.map((s) => [s.from, s.to, -1]);
  const rows = (pick) => m.kpis.flatMap((k, row) => pick(k).filter((t) => t !== null).map((t) => [t, row]));
  return [
    ["business-hours", spans(m.spans.open)],
    ["holiday", spans(m.spans.holidays)],
    ["closure", spans(m.spans.closures)],
    ["clock", m.kpis.map((k, row) => [k.start, k.end, row])],
    ["pause", m.kpis.flatMap((k, row) => k.pauses.map((p) => [p.from, p.to, row]))],
    ["warning-due", rows((k) => [k.warningAt])],
    ["failure-due", rows((k) => [k.failureAt])],
    ["warned", rows((k) => [k.warnedAt])],
    ["breached", rows((k) => [k.failedAt])],
    ["succeeded", rows((k) => [k.succeededAt])],
    ["late-succeeded", rows((k) => [k.lateSucceededAt])],
    ["pause-stale", rows((k) => k.staleAlerts)],
    ["action", rows((k) => k.actions.map((a) => a.at))],
    ["now", [[m.now, -1]]]
  ];
}
var escapeXml = (s) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
function renderTimelineSvg(m, size = { width: 1e3, height: 0 }) {
  const height = size.height || 150 + Math.max(1, m.kpis.length) * 56;
  const series = markData(m).filter(([, data]) => data.length > 0);
  const ax = axis(m.from, m.to, size.width, m.spans.zone);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: "DejaVu Sans, Arial, sans-serif" },
      title: {
        text: `${m.caseNumber} SLA timeline`,
        subtext: `${m.caseTitle} \xB7 ${m.calendar ? `calendar v${m.calendar.version}, ${m.spans.zone}` : "24x7 (UTC)"} \xB7 now ${DateTime2.fromMillis(m.now, { zone: m.spans.zone }).setLocale("en-GB").toFormat("ccc d LLL HH:mm")}`,
        left: 12,
        top: 6,
        textStyle: { fontSize: 15 },
        subtextStyle: { fontSize: 11 }
      },
      legend: { bottom: 4, left: "center", itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 10 }, data: series.map(([kind]) => MARKS[kind].name) },
      grid: { left: 130, right: 24, top: 62, bottom: 64 },
      xAxis: { type: "value", min: ax.min, max: ax.max, interval: ax.interval, axisLabel: { formatter: ax.label, fontSize: 10, showMaxLabel: false }, splitLine: { show: true, lineStyle: { color: "#eceff1" } } },
      yAxis: { type: "category", inverse: true, data: m.kpis.map((k) => `${k.label}
${k.state.replace(/_/g, " ")}`), axisLabel: { fontSize: 11 }, axisTick: { show: false } },
      series: series.map(([kind, data]) => ({
        type: "custom",
        name: MARKS[kind].name,
        color: MARKS[kind].color,
        clip: true,
        renderItem: renderer(MARKS[kind]),
        encode: MARKS[kind].shape === "band" || MARKS[kind].shape === "bar" || MARKS[kind].shape === "overlay" ? { x: [0, 1], y: 2 } : { x: 0, y: 1 },
        data
      }))
    });
    const svg = xmlSafe(chart.renderToSVGString());
    return tagMarks(svg, series, m);
  } finally {
    chart.dispose();
  }
}
function tagMarks(svg, series, m) {
  const tagged = svg.replace(/ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="(\w+)"/g, (all, s, d, type) => {
    const entry = series[Number(s)];
    if (!entry) return all;
    const [kind, data] = entry;
    if (type !== "chart") return `${all} data-legend="${kind}"`;
    const datum = data[Number(d)];
    const row = datum ? datum[datum.length - 1] : -1;
    return `${all} data-mark="${kind}"${row >= 0 ? ` data-row="${row}"` : ""}`;
  });
  const title = `<title>${escapeXml(`${m.caseNumber} SLA timeline`)}</title>`;
  return tagged.replace(/<svg ([^>]*)>/, (_all, attrs) => `<svg ${attrs} class="sla-timeline" data-case="${escapeXml(m.caseNumber)}" data-now="${new Date(m.now).toISOString()}">${title}`);
}
var MARK_KINDS = Object.keys(MARKS);

// src/sla-picture/calendar-spans.ts
var MAX_SHADED_DAYS = 120;
var clip = (s, from, to) => {
  const a = Math.max(s.from, from);
  const b = Math.min(s.to, to);
  return b > a ? { from: a, to: b } : null;
};
function calendarSpans(definition, from, to) {
  if (definition === null || definition === void 0) return { zone: "UTC", open: [{ from, to }], holidays: [], closures: [] };
  const cal = compileCalendar(definition);
  const days = cal.days;
  const first = days.dayOf(from);
  const last = days.dayOf(to);
  const open = [];
  const holidays = [];
  const closures = [];
  if (last - first > MAX_SHADED_DAYS) return { zone: cal.timeZone, open, holidays, closures };
  for (let day = first; day <= last; day++) {
    const { instants } = cal.dayIntervals(day);
    for (let i = 0; i < instants.length; i += 2) {
      const s = clip({ from: instants[i], to: instants[i + 1] }, from, to);
      if (s) open.push(s);
    }
    const rules = cal.exceptions.get(day);
    if (!rules) continue;
    const dayStart = days.dayStart(day);
    if (rules.holiday !== void 0) {
      const s = clip({ from: dayStart, to: days.dayStart(day + 1) }, from, to);
      if (s) holidays.push({ ...s, name: rules.holiday });
    }
    for (const c of rules.closures) {
      const wall0 = day * 864e5;
      const s = clip({ from: days.localToUtc(wall0 + c.from * 6e4), to: days.localToUtc(wall0 + c.to * 6e4) }, from, to);
      if (s) closures.push({ ...s, reason: c.reason });
    }
  }
  return { zone: cal.timeZone, open, holidays, closures };
}

// src/sla-picture/timeline-model.ts
var MAX_KPI_ROWS = 12;
var ms = (d) => d ? d.getTime() : null;
function dueAtOf(run) {
  const due = typeof run.detail.dueAt === "string" ? Date.parse(run.detail.dueAt) : NaN;
  return Number.isFinite(due) ? due : run.ranAt.getTime();
}
async function loadTimelineModel(db2, caseId, now) {
  const [c] = await db2.select({ id: cases.id, number: cases.number, title: cases.title }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const instances = (await db2.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.kpi))).slice(-MAX_KPI_ROWS);
  const runs = await db2.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, caseId)).orderBy(asc(slaActionRuns.ranAt));
  const stale2 = await db2.select({ occurredAt: caseEvents.occurredAt, data: caseEvents.data }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "sla.pause_stale")));
  const nowMs = now.getTime();
  const kpis = instances.map((i) => {
    const endedAt = ms(i.endedAt);
    const end = endedAt ?? nowMs;
    const generations = instances.filter((o) => o.kpi === i.kpi).length;
    return {
      label: `${kpiLabel(i.kpi)}${generations > 1 ? ` #${i.generation}` : ""}`,
      kpi: i.kpi,
      state: i.state,
      start: i.applicableFrom.getTime(),
      end,
      ended: endedAt !== null,
      pauses: i.pauses.map((p) => ({ from: Date.parse(p.from), to: p.to ? Date.parse(p.to) : end })).filter((p) => p.to > p.from),
      warningAt: ms(i.warningAt),
      failureAt: ms(i.failureAt),
      warnedAt: ms(i.warnedAt),
      failedAt: ms(i.failedAt),
      succeededAt: ms(i.succeededAt),
      lateSucceededAt: ms(i.lateSucceededAt),
      staleAlerts: stale2.filter((e) => e.data.instanceId === i.id).map((e) => e.occurredAt.getTime()),
      // Drawn at the SLA instant the action belongs to (recorded as `dueAt`), not when the worker got to it.
      actions: runs.filter((r) => r.instanceId === i.id).map((r) => ({ at: dueAtOf(r), phase: r.phase, kind: r.kind, summary: r.summary }))
    };
  });
  const instants = kpis.flatMap((k) => [k.start, k.end, k.warningAt, k.failureAt, k.succeededAt, k.lateSucceededAt, ...k.actions.map((a) => a.at)]);
  const known = [nowMs, ...instants.filter((t) => t !== null)];
  const first = Math.min(...known);
  const last = Math.max(...known);
  const pad = Math.max((last - first) * 0.04, 30 * 6e4);
  const from = first - pad;
  const to = last + pad;
  const pinned = [...instances].reverse().find((i) => i.calendarId !== null && i.calendarVersion !== null);
  let definition = null;
  if (pinned) {
    const [row] = await db2.select({ definition: calendarVersions.definition }).from(calendarVersions).where(and(eq(calendarVersions.calendarId, pinned.calendarId), eq(calendarVersions.version, pinned.calendarVersion)));
    definition = row?.definition ?? null;
  }
  return {
    caseNumber: c.number,
    caseTitle: c.title,
    now: nowMs,
    from,
    to,
    calendar: pinned && definition ? { id: pinned.calendarId, version: pinned.calendarVersion } : null,
    spans: calendarSpans(definition, from, to),
    kpis
  };
}

// src/sla-picture/timeline-png.ts
import { Resvg } from "@resvg/resvg-js";
function svgToPng(svg) {
  const resvg = new Resvg(svg, { background: "#ffffff", font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } });
  return resvg.render().asPng();
}

// src/http/routes/case-sla-timeline.ts
var tags3 = ["cases"];
var description = "Each KPI clock of the case on a time axis (calendar zone): open business hours of the pinned calendar shaded, holidays and closures, pauses, warning and failure instants (dashed), warned / breached / succeeded, stale-pause alerts, the actions that ran, and now. Marks carry `data-mark` (business-hours, holiday, closure, clock, pause, warning-due, failure-due, warned, breached, succeeded, late-succeeded, pause-stale, action, now) and `data-row`.";
var caseSlaTimelineRoutes = async (app) => {
  app.get(
    "/v1/cases/:id/sla/timeline.svg",
    {
      schema: {
        tags: tags3,
        summary: "The case\u2019s SLA timeline as an SVG picture",
        description,
        params: IdParams,
        response: { 200: { description: "SVG image", content: { "image/svg+xml": { schema: Type8.String() } } }, ...problems(404) }
      }
    },
    async (request, reply) => {
      const model = await loadTimelineModel(app.db, request.params.id, app.now());
      return reply.type("image/svg+xml; charset=utf-8").header("cache-control", "no-store").send(renderTimelineSvg(model));
    }
  );
  app.get(
    "/v1/cases/:id/sla/timeline.png",
    {
      schema: {
        tags: tags3,
        summary: "The case\u2019s SLA timeline as a PNG picture",
        description: `The SVG picture rasterised (resvg). ${description}`,
        params: IdParams,
        response: { 200: { description: "PNG image", content: { "image/png": { schema: Type8.Unsafe({ type: "string", format: "binary" }) } } }, ...problems(404) }
      }
    },
    async (request, reply) => {
      const model = await loadTimelineModel(app.db, request.params.id, app.now());
      return reply.type("image/png").header("cache-control", "no-store").send(svgToPng(renderTimelineSvg(model)));
    }
  );
};
var case_sla_timeline_default = caseSlaTimelineRoutes;

// src/http/routes/accounts.ts
import { Type as Type10 } from "@sinclair/typebox";

// src/customers/accounts.ts
async function createAccount(db2, input, now) {
  const [row] = await db2.insert(accounts).values({ name: input.name, serviceLevel: input.serviceLevel ?? "standard", email: input.email ?? null, createdAt: now, updatedAt: now }).returning();
  return row;
}
async function getAccount(db2, id) {
  const [row] = await db2.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw notFound("account", id);
  return row;
}
function listAccounts(db2, page) {
  const keys = [
    { expr: accounts.createdAt, type: "timestamptz" },
    { expr: accounts.id, type: "uuid" }
  ];
  return paginate(
    { keys, order: "asc", scope: "accounts" },
    page,
    (p) => db2.select({ account: accounts, cursorKey: p.cursorKey }).from(accounts).where(p.after).orderBy(...p.orderBy).limit(p.limit)
  );
}
async function updateAccount(db2, id, patch, expectedVersion, now) {
  return db2.transaction(async (tx) => {
    const [current2] = await tx.select().from(accounts).where(eq(accounts.id, id)).for("update");
    if (!current2) throw notFound("account", id);
    assertVersion("account", current2.version, expectedVersion);
    const set = changedValues(current2, patch);
    if (!set) return current2;
    const [row] = await tx.update(accounts).set({ ...set, updatedAt: now, version: current2.version + 1 }).where(eq(accounts.id, id)).returning();
    return row;
  });
}

// src/http/schemas/customers.ts
import { Type as Type9 } from "@sinclair/typebox";
var ServiceLevel = StringEnum(serviceLevels, { description: "Customer tier" });
var Name2 = Type9.String({ minLength: 1, maxLength: 300 });
var Email = Type9.String({ format: "email", maxLength: 320 });
var AccountView = Type9.Object({
  id: Uuid,
  name: Type9.String(),
  serviceLevel: ServiceLevel,
  email: Nullable(Type9.String()),
  version: Type9.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView
});
var AccountCreate = Type9.Object(
  { name: Name2, serviceLevel: Type9.Optional(ServiceLevel), email: Type9.Optional(Nullable(Email)) },
  { additionalProperties: false }
);
var AccountPatch = Type9.Partial(AccountCreate, { additionalProperties: false, minProperties: 1 });
var ContactView = Type9.Object({
  id: Uuid,
  accountId: Nullable(Uuid),
  name: Type9.String(),
  email: Nullable(Type9.String()),
  phone: Nullable(Type9.String()),
  serviceLevel: Nullable(ServiceLevel),
  version: Type9.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView
});
var ContactCreate = Type9.Object(
  {
    name: Name2,
    accountId: Type9.Optional(Nullable(Uuid)),
    email: Type9.Optional(Nullable(Email)),
    phone: Type9.Optional(Nullable(Type9.String({ minLength: 1, maxLength: 50 }))),
    serviceLevel: Type9.Optional(Nullable(ServiceLevel))
  },
  { additionalProperties: false }
);
var ContactPatch = Type9.Partial(ContactCreate, { additionalProperties: false, minProperties: 1 });
var AgentView = Type9.Object({
  id: Uuid,
  name: Type9.String(),
  email: Type9.String(),
  managerId: Nullable(Uuid),
  createdAt: InstantView
});
var AgentCreate = Type9.Object({ name: Name2, email: Email, managerId: Type9.Optional(Nullable(Uuid)) }, { additionalProperties: false });
var AgentPatch = Type9.Partial(AgentCreate, { additionalProperties: false, minProperties: 1 });
var toAccountView = (a) => ({
  id: a.id,
  name: a.name,
  serviceLevel: a.serviceLevel,
  email: a.email,
  version: a.version,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString()
});
var toContactView = (c) => ({
  id: c.id,
  accountId: c.accountId,
  name: c.name,
  email: c.email,
  phone: c.phone,
  serviceLevel: c.serviceLevel,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString()
});
var toAgentView = (a) => ({
  id: a.id,
  name: a.name,
  email: a.email,
  managerId: a.managerId,
  createdAt: a.createdAt.toISOString()
});

// src/http/routes/accounts.ts
var tags4 = ["customers"];
var headers = resourceHeaders((a) => `/v1/accounts/${a.id}`);
var accountRoutes = async (app) => {
  app.post(
    "/v1/accounts",
    {
      preSerialization: headers,
      schema: {
        tags: tags4,
        summary: "Create an account",
        headers: Type10.Object({ ...idempotencyKeyHeader }),
        body: AccountCreate,
        response: { 201: AccountView, ...problems(409) }
      }
    },
    async (request, reply) => reply.code(201).send(toAccountView(await createAccount(app.db, request.body, app.now())))
  );
  app.get(
    "/v1/accounts",
    { schema: { tags: tags4, summary: "List accounts (oldest first)", querystring: Type10.Object(PageQuery), response: { 200: Page(AccountView), ...problems() } } },
    async (request) => {
      const page = await listAccounts(app.db, request.query);
      return { items: page.rows.map((r) => toAccountView(r.account)), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/accounts/:id",
    { preSerialization: headers, schema: { tags: tags4, summary: "Read an account (with its ETag)", params: IdParams, response: { 200: AccountView, ...problems(404) } } },
    async (request) => toAccountView(await getAccount(app.db, request.params.id))
  );
  app.patch(
    "/v1/accounts/:id",
    {
      preSerialization: headers,
      schema: {
        tags: tags4,
        summary: "Change an account (If-Match required)",
        params: IdParams,
        headers: Type10.Object({ ...requiredIfMatchHeader }),
        body: AccountPatch,
        response: { 200: AccountView, ...problems(404, 412, 428) }
      }
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return toAccountView(await updateAccount(app.db, request.params.id, request.body, expected, app.now()));
    }
  );
};
var accounts_default = accountRoutes;

// src/http/routes/contacts.ts
import { Type as Type11 } from "@sinclair/typebox";

// src/customers/contacts.ts
async function assertAccount(db2, accountId) {
  if (!accountId) return;
  const [row] = await db2.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw unprocessable("ACCOUNT_NOT_FOUND", `body.accountId: no account with id "${accountId}"`, { field: "body.accountId", id: accountId });
}
async function createContact(db2, input, now) {
  await assertAccount(db2, input.accountId);
  const [row] = await db2.insert(contacts).values({
    name: input.name,
    accountId: input.accountId ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    serviceLevel: input.serviceLevel ?? null,
    createdAt: now,
    updatedAt: now
  }).returning();
  return row;
}
async function getContact(db2, id) {
  const [row] = await db2.select().from(contacts).where(eq(contacts.id, id));
  if (!row) throw notFound("contact", id);
  return row;
}
function listContacts(db2, filter, page) {
  const keys = [
    { expr: contacts.createdAt, type: "timestamptz" },
    { expr: contacts.id, type: "uuid" }
  ];
  return paginate(
    { keys, order: "asc", scope: ["contacts", filter.accountId ?? null] },
    page,
    (p) => db2.select({ contact: contacts, cursorKey: p.cursorKey }).from(contacts).where(and(filter.accountId ? eq(contacts.accountId, filter.accountId) : void 0, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
}
async function updateContact(db2, id, patch, expectedVersion, now) {
  return db2.transaction(async (tx) => {
    const [current2] = await tx.select().from(contacts).where(eq(contacts.id, id)).for("update");
    if (!current2) throw notFound("contact", id);
    assertVersion("contact", current2.version, expectedVersion);
    const set = changedValues(current2, patch);
    if (!set) return current2;
    if (set.accountId) await assertAccount(tx, set.accountId);
    const [row] = await tx.update(contacts).set({ ...set, updatedAt: now, version: current2.version + 1 }).where(eq(contacts.id, id)).returning();
    return row;
  });
}

// src/http/routes/contacts.ts
var tags5 = ["customers"];
var headers2 = resourceHeaders((c) => `/v1/contacts/${c.id}`);
var contactRoutes = async (app) => {
  app.post(
    "/v1/contacts",
    {
      preSerialization: headers2,
      schema: {
        tags: tags5,
        summary: "Create a contact",
        headers: Type11.Object({ ...idempotencyKeyHeader }),
        body: ContactCreate,
        response: { 201: ContactView, ...problems(409, 422) }
      }
    },
    async (request, reply) => reply.code(201).send(toContactView(await createContact(app.db, request.body, app.now())))
  );
  app.get(
    "/v1/contacts",
    {
      schema: {
        tags: tags5,
        summary: "List contacts (oldest first), optionally of one account",
        querystring: Type11.Object({ accountId: Type11.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(ContactView), ...problems() }
      }
    },
    async (request) => {
      const { accountId, ...page } = request.query;
      const result = await listContacts(app.db, { accountId }, page);
      return { items: result.rows.map((r) => toContactView(r.contact)), nextCursor: result.nextCursor };
    }
  );
  app.get(
    "/v1/contacts/:id",
    { preSerialization: headers2, schema: { tags: tags5, summary: "Read a contact (with its ETag)", params: IdParams, response: { 200: ContactView, ...problems(404) } } },
    async (request) => toContactView(await getContact(app.db, request.params.id))
  );
  app.patch(
    "/v1/contacts/:id",
    {
      preSerialization: headers2,
      schema: {
        tags: tags5,
        summary: "Change a contact (If-Match required)",
        params: IdParams,
        headers: Type11.Object({ ...requiredIfMatchHeader }),
        body: ContactPatch,
        response: { 200: ContactView, ...problems(404, 412, 422, 428) }
      }
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return toContactView(await updateContact(app.db, request.params.id, request.body, expected, app.now()));
    }
  );
};
var contacts_default = contactRoutes;

// src/http/routes/agents.ts
import { Type as Type12 } from "@sinclair/typebox";
var tags6 = ["agents"];
var headers3 = resourceHeaders((a) => `/v1/agents/${a.id}`);
var agentRoutes = async (app) => {
  app.post(
    "/v1/agents",
    {
      preSerialization: headers3,
      config: { role: "manager" },
      schema: {
        tags: tags6,
        summary: "Create an agent (manager)",
        headers: Type12.Object({ ...idempotencyKeyHeader }),
        body: AgentCreate,
        response: { 201: AgentView, ...problems(409, 422) }
      }
    },
    async (request, reply) => reply.code(201).send(toAgentView(await createAgent(app.db, request.body, app.now())))
  );
  app.get(
    "/v1/agents",
    {
      schema: {
        tags: tags6,
        summary: "List agents (oldest first), optionally those of one manager",
        querystring: Type12.Object({ managerId: Type12.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(AgentView), ...problems() }
      }
    },
    async (request) => {
      const { managerId, ...page } = request.query;
      const result = await listAgents(app.db, { managerId }, page);
      return { items: result.rows.map((r) => toAgentView(r.agent)), nextCursor: result.nextCursor };
    }
  );
  app.get(
    "/v1/agents/:id",
    { schema: { tags: tags6, summary: "Read an agent", params: IdParams, response: { 200: AgentView, ...problems(404) } } },
    async (request) => toAgentView(await getAgent(app.db, request.params.id))
  );
  app.patch(
    "/v1/agents/:id",
    {
      config: { role: "manager" },
      schema: { tags: tags6, summary: "Change an agent (manager)", params: IdParams, body: AgentPatch, response: { 200: AgentView, ...problems(404, 422) } }
    },
    async (request) => toAgentView(await updateAgent(app.db, request.params.id, request.body))
  );
};
var agents_default = agentRoutes;

// src/http/routes/cases.ts
import { Type as Type14 } from "@sinclair/typebox";

// src/cases/create-case.ts
function formatCaseNumber(n) {
  return `CAS-${String(n).padStart(6, "0")}`;
}
async function createCase(db2, events, input, now, actor) {
  return db2.transaction(async (tx) => {
    const customer = await resolveCaseCustomer(tx, {
      accountId: input.accountId ?? null,
      contactId: input.contactId ?? null,
      accountExplicit: input.accountId !== void 0
    });
    if (input.ownerId) await assertAgent(tx, input.ownerId, "body.ownerId");
    if (input.queueId) {
      const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, input.queueId));
      if (!q) throw unprocessable("QUEUE_NOT_FOUND", `body.queueId: no queue with id "${input.queueId}"`, { field: "body.queueId", id: input.queueId });
    }
    const product = await resolveCaseProduct(tx, { productId: input.productId, product: input.product }, now) ?? { productId: null, product: null };
    const [{ n }] = await tx.select({ n: sql`nextval('case_number_seq')` }).from(sql`(select 1) as one`);
    const draft = {
      number: formatCaseNumber(Number(n)),
      title: input.title,
      description: input.description ?? null,
      accountId: customer.accountId,
      contactId: customer.contactId,
      priority: input.priority ?? "normal",
      serviceLevel: input.serviceLevel ?? customer.tier,
      origin: input.origin,
      product: product.product,
      productId: product.productId,
      ownerId: input.ownerId ?? null,
      queueId: input.queueId ?? null,
      entitlementId: input.entitlementId ?? null,
      status: "in_progress",
      fields: {},
      createdAt: now,
      updatedAt: now,
      version: 1
    };
    await events.emit("beforeCreate", tx, draft, now, actor);
    const [created] = await tx.insert(cases).values(draft).returning();
    if (created.queueId) await tx.insert(queueItems).values({ queueId: created.queueId, caseId: created.id, enteredAt: now, reason: "created" });
    await recordCaseEvent(
      tx,
      {
        caseId: created.id,
        kind: "created",
        summary: `Case ${created.number} created (${created.priority} priority, ${created.serviceLevel})`,
        data: { status: created.status, priority: created.priority, serviceLevel: created.serviceLevel, origin: created.origin, queueId: created.queueId },
        occurredAt: now,
        actor
      },
      now
    );
    await events.emit("onCreated", tx, created, now, actor);
    return created;
  });
}

// src/cases/case-commands.ts
async function transition(db2, events, cmd, move, apply, now) {
  return db2.transaction(async (tx) => {
    const before = await lockCase(tx, cmd.id, cmd.expectedVersion);
    assertTransition(before.status, move.to, move.command);
    const at = await checkEventTime(tx, before, cmd.at, now, { statusChange: true });
    const change = await apply(tx, before, at);
    const after = await writeCase(tx, before, { ...change.set, status: move.to }, now);
    await recordCaseEvent(
      tx,
      { caseId: cmd.id, kind: change.kind, summary: change.summary, data: { from: before.status, to: move.to, ...change.data }, occurredAt: at, actor: cmd.actor },
      now
    );
    await events.emit(move.listener, tx, before, after, at, cmd.actor);
    return after;
  });
}
function changeStatus(db2, events, cmd, now) {
  return transition(
    db2,
    events,
    cmd,
    { to: cmd.status, command: "status", listener: "onStatusChanged" },
    async (_tx, before) => ({ set: {}, kind: "status_changed", summary: `Status ${before.status} \u2192 ${cmd.status}` }),
    now
  );
}
function resolveCase(db2, events, cmd, now) {
  return transition(
    db2,
    events,
    cmd,
    { to: "resolved", command: "resolve", listener: "onResolved" },
    async (tx, before, at) => {
      const totals = await activityTotals(tx, cmd.id);
      await closeOpenItem(tx, cmd.id, now);
      const [activity] = await tx.insert(caseActivities).values({ caseId: cmd.id, kind: "resolution", subject: cmd.resolution, state: "completed", durationMinutes: 0, billable: false, ...totals, occurredAt: at, createdAt: now, ...actorColumns(cmd.actor) }).returning({ id: caseActivities.id });
      return {
        set: { resolvedAt: at, queueId: null },
        kind: "resolved",
        summary: `Resolved: ${cmd.resolution}`,
        data: { resolution: cmd.resolution, activityId: activity.id, ...totals, leftQueueId: before.queueId }
      };
    },
    now
  );
}
function cancelCase(db2, events, cmd, now) {
  return transition(
    db2,
    events,
    cmd,
    { to: "cancelled", command: "cancel", listener: "onCancelled" },
    async (tx, before, at) => {
      await closeOpenItem(tx, cmd.id, now);
      return { set: { cancelledAt: at, queueId: null }, kind: "cancelled", summary: `Cancelled: ${cmd.reason}`, data: { reason: cmd.reason, leftQueueId: before.queueId } };
    },
    now
  );
}
function reopenCase(db2, events, cmd, now) {
  return transition(
    db2,
    events,
    cmd,
    { to: "in_progress", command: "reopen", listener: "onReopened" },
    async () => ({
      set: { resolvedAt: null, cancelledAt: null },
      kind: "reopened",
      summary: `Reopened${cmd.reason ? `: ${cmd.reason}` : ""}`,
      data: { reason: cmd.reason ?? null }
    }),
    now
  );
}
async function markFirstResponse(tx, events, before, at, source, now, actor) {
  assertActive(before);
  if (before.firstResponseAt) {
    throw conflict("FIRST_RESPONSE_ALREADY_RECORDED", `Case ${before.number} already had its first response at ${before.firstResponseAt.toISOString()}.`, {
      firstResponseAt: before.firstResponseAt.toISOString()
    });
  }
  const after = await writeCase(tx, before, { firstResponseAt: at }, now);
  const summary = source.kind === "activity" ? `First response (${source.activityKind.replace("_", " ")})` : "First response recorded";
  await recordCaseEvent(tx, { caseId: before.id, kind: "first_response", summary, data: source.kind === "activity" ? { source: "activity", activityId: source.activityId, activityKind: source.activityKind } : { source: "api" }, occurredAt: at, actor }, now);
  await events.emit("onFirstResponse", tx, after, at, actor);
  return after;
}
async function recordFirstResponse(db2, events, cmd, now) {
  return db2.transaction(async (tx) => {
    const before = await lockCase(tx, cmd.id, cmd.expectedVersion);
    assertActive(before);
    const at = await checkEventTime(tx, before, cmd.at, now, { statusChange: false });
    return markFirstResponse(tx, events, before, at, { kind: "api" }, now, cmd.actor);
  });
}

// src/cases/case-queries.ts
async function getCase(db2, id) {
  const [row] = await db2.select().from(cases).where(eq(cases.id, id));
  if (!row) throw notFound("case", id);
  return { ...row, ...await activityTotals(db2, id) };
}
async function withMinutes(db2, c) {
  return { ...c, ...await activityTotals(db2, c.id) };
}
var PAUSED_LONGER_THAN_PATTERN = "^P(?:\\d{1,5}D(?:T\\d{1,6}H(?:\\d{1,7}M)?|T\\d{1,7}M)?|T\\d{1,6}H(?:\\d{1,7}M)?|T\\d{1,7}M)$";
function durationMinutes(iso8) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso8);
  if (!m) throw new TypeError(`not a PnDTnHnM duration: ${iso8}`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
function pausedLongerThan(iso8, now) {
  const since = new Date(now.getTime() - durationMinutes(iso8) * 6e4);
  return sql`exists (select 1 from ${slaKpiInstances} where ${slaKpiInstances.caseId} = ${cases.id} and ${slaKpiInstances.endedAt} is null and ${slaKpiInstances.pausedSince} < ${since.toISOString()}::timestamptz)`;
}
var priorityRank = sql`(case ${cases.priority} when 'low' then 0 when 'normal' then 1 else 2 end)`;
var sortKeys = {
  createdAt: [{ expr: cases.createdAt, type: "timestamptz" }, { expr: cases.id, type: "uuid" }],
  updatedAt: [{ expr: cases.updatedAt, type: "timestamptz" }, { expr: cases.id, type: "uuid" }],
  // low < normal < high; within one priority, by id (stable, not meaningful).
  priority: [{ expr: priorityRank, type: "int" }, { expr: cases.id, type: "uuid" }]
};
function filterWhere(f, now) {
  return and(
    f.status?.length ? inArray(cases.status, f.status) : void 0,
    f.priority?.length ? inArray(cases.priority, f.priority) : void 0,
    f.ownerId ? eq(cases.ownerId, f.ownerId) : void 0,
    f.queueId ? eq(cases.queueId, f.queueId) : void 0,
    f.accountId ? eq(cases.accountId, f.accountId) : void 0,
    f.contactId ? eq(cases.contactId, f.contactId) : void 0,
    f.breached !== void 0 ? eq(cases.breached, f.breached) : void 0,
    f.number ? eq(cases.number, f.number) : void 0,
    f.pausedLongerThan ? pausedLongerThan(f.pausedLongerThan, now) : void 0
  );
}
async function listCases(db2, filter, sort, order, page, now = /* @__PURE__ */ new Date()) {
  const scope = ["cases", sort, { ...filter, status: filter.status?.toSorted(), priority: filter.priority?.toSorted() }];
  const result = await paginate(
    { keys: sortKeys[sort], order, scope },
    page,
    (p) => db2.select({ case: cases, cursorKey: p.cursorKey }).from(cases).where(and(filterWhere(filter, now), p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
  const minutes = await activityTotalsByCase(
    db2,
    result.rows.map((r) => r.case.id)
  );
  const none = { totalMinutes: 0, billableMinutes: 0 };
  return { items: result.rows.map((r) => ({ ...r.case, ...minutes.get(r.case.id) ?? none })), nextCursor: result.nextCursor };
}

// src/calendars/calendar-errors.ts
var STATUS = {
  CALENDAR_INVALID: 400,
  INSTANT_WITHOUT_OFFSET: 400,
  INSTANT_INVALID: 400,
  ARGUMENT_INVALID: 400,
  NO_BUSINESS_TIME: 422,
  DEADLINE_UNDEFINED: 422,
  OUT_OF_RANGE: 422
};
function problemField(definitionField, path7) {
  if (!path7) return definitionField;
  return path7.startsWith("[") ? `${definitionField}${path7}` : `${definitionField}.${path7}`;
}
function calendarInvalid(problems2, definitionField, context) {
  const list = problems2.map((p) => ({ path: p.path, field: problemField(definitionField, p.path), message: p.message }));
  const summary = list.map((p) => `${p.field}: ${p.message}`).join("; ");
  return new AppError("CALENDAR_INVALID", 400, `The calendar is invalid${context ? ` ${context}` : ""}: ${summary}`, {
    field: list[0]?.field ?? definitionField,
    problems: list
  });
}
function fromCalendarError(err, options = {}) {
  if (err.code === "CALENDAR_INVALID") return calendarInvalid(err.problems, options.definitionField ?? "body.calendar");
  const status = STATUS[err.code] ?? 400;
  const field = status === 400 ? options.field : void 0;
  const details = { ...err.details };
  if (field) Object.assign(details, { field, errors: [{ field, message: err.message }] });
  return new AppError(err.code, status, field ? `${field}: ${err.message}` : err.message, details);
}
function withCalendarErrors(fn, options = {}) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarError) throw fromCalendarError(err, options);
    throw err;
  }
}
var MIN_MS2 = Date.UTC(1900, 0, 1);
var END_MS2 = Date.UTC(2400, 0, 1);
function instantField(text3, field) {
  const ms3 = withCalendarErrors(() => parseInstant(text3), { field });
  if (ms3 < MIN_MS2 || ms3 >= END_MS2) {
    const message = `"${text3}" is outside the supported years 1900..2399`;
    throw new AppError("OUT_OF_RANGE", 400, `${field}: ${message}`, { field, errors: [{ field, message }] });
  }
  return ms3;
}
function checkDefinition(definition, definitionField, context) {
  const result = validateCalendar(definition);
  if (!result.ok) throw calendarInvalid(result.problems, definitionField, context);
  return result.calendar;
}

// src/http/instants.ts
function parseInstant2(value, field, fallback) {
  if (value === void 0) return fallback;
  return new Date(instantField(value, field));
}

// src/http/schemas/cases.ts
import { Type as Type13 } from "@sinclair/typebox";
var CaseStatus = StringEnum(caseStatuses);
var Priority = StringEnum(casePriorities);
var Origin = StringEnum(caseOrigins);
var ServiceLevel2 = StringEnum(serviceLevels);
var FieldValue = Type13.Union([Type13.String(), Type13.Number(), Type13.Boolean(), Type13.Null()]);
var CaseView = Type13.Object({
  id: Uuid,
  number: Type13.String({ description: "Human case number, e.g. CAS-000042" }),
  title: Type13.String(),
  description: Nullable(Type13.String()),
  accountId: Nullable(Uuid),
  contactId: Nullable(Uuid),
  priority: Priority,
  serviceLevel: Type13.String({ description: "standard, premium or enterprise; defaults to the customer\u2019s tier" }),
  origin: Origin,
  product: Nullable(Type13.String({ description: "The product\u2019s name (read it by id at /v1/products/{productId})" })),
  productId: Nullable(Uuid),
  ownerId: Nullable(Uuid),
  queueId: Nullable(Uuid),
  entitlementId: Nullable(Uuid),
  entitlementExhausted: Type13.Boolean(),
  slaId: Nullable(Uuid),
  status: CaseStatus,
  fields: Type13.Record(Type13.String(), FieldValue, { description: "Free-form fields set by SLA actions (read-only)" }),
  firstResponseAt: Nullable(InstantView),
  resolvedAt: Nullable(InstantView),
  cancelledAt: Nullable(InstantView),
  breached: Type13.Boolean({ description: "True once any SLA KPI of the case became noncompliant" }),
  totalMinutes: Type13.Integer({ description: "Minutes of the case\u2019s completed activities" }),
  billableMinutes: Type13.Integer({ description: "Minutes of the case\u2019s completed billable activities" }),
  version: Type13.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
  createdAt: InstantView,
  updatedAt: InstantView
});
var Title = Type13.String({ minLength: 1, maxLength: 500 });
var Text = Type13.String({ maxLength: 2e4 });
var Product = Type13.String({
  minLength: 1,
  maxLength: 200,
  description: "A product by name, as before the catalogue: names the product of that name (without regard to case), added to the catalogue if new. Prefer productId."
});
var CaseCreate = Type13.Object(
  {
    title: Title,
    description: Type13.Optional(Nullable(Text)),
    accountId: Type13.Optional(Nullable(Uuid)),
    contactId: Type13.Optional(Nullable(Uuid)),
    priority: Type13.Optional(Priority),
    serviceLevel: Type13.Optional(ServiceLevel2),
    origin: Origin,
    product: Type13.Optional(Nullable(Product)),
    productId: Type13.Optional(Nullable(Type13.String({ format: "uuid", description: "A product of the catalogue (/v1/products); unknown: 422 PRODUCT_NOT_FOUND" }))),
    ownerId: Type13.Optional(Nullable(Uuid)),
    queueId: Type13.Optional(Nullable(Uuid)),
    entitlementId: Type13.Optional(Nullable(Uuid))
  },
  {
    additionalProperties: false,
    description: "accountId and/or contactId is required. serviceLevel defaults to the contact\u2019s own tier, else the account\u2019s, else standard."
  }
);
var CasePatch = Type13.Object(
  {
    title: Type13.Optional(Title),
    description: Type13.Optional(Nullable(Text)),
    accountId: Type13.Optional(Nullable(Uuid)),
    contactId: Type13.Optional(Nullable(Uuid)),
    priority: Type13.Optional(Priority),
    serviceLevel: Type13.Optional(ServiceLevel2),
    origin: Type13.Optional(Origin),
    product: Type13.Optional(Nullable(Product)),
    productId: Type13.Optional(Nullable(Type13.String({ format: "uuid", description: "A product of the catalogue (/v1/products); unknown: 422 PRODUCT_NOT_FOUND" }))),
    ownerId: Type13.Optional(Nullable(Uuid)),
    entitlementId: Type13.Optional(Nullable(Uuid))
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: "Status, queue and first response have their own endpoints; `fields` is read-only."
  }
);
var At = Type13.Optional(InstantInput);
var StatusChange = Type13.Object(
  {
    // Any known status is accepted here, so that resolved/cancelled get the state machine's 409 naming their endpoints.
    status: StringEnum(caseStatuses, { description: "An active status other than the current one (resolved and cancelled: 409 naming their endpoints)" }),
    at: At
  },
  { additionalProperties: false }
);
var FirstResponse = Type13.Object({ at: At }, { additionalProperties: false });
var Resolve = Type13.Object({ resolution: Type13.String({ minLength: 1, maxLength: 2e3 }), at: At }, { additionalProperties: false });
var Cancel = Type13.Object({ reason: Type13.String({ minLength: 1, maxLength: 2e3 }), at: At }, { additionalProperties: false });
var Reopen = Type13.Object({ reason: Type13.Optional(Type13.String({ minLength: 1, maxLength: 2e3 })), at: At }, { additionalProperties: false });
var CaseListQuery = Type13.Object({
  status: Type13.Optional(Type13.Array(CaseStatus, { maxItems: caseStatuses.length, description: "Repeat to match any of several" })),
  priority: Type13.Optional(Type13.Array(Priority, { maxItems: casePriorities.length, description: "Repeat to match any of several" })),
  ownerId: Type13.Optional(Uuid),
  queueId: Type13.Optional(Uuid),
  accountId: Type13.Optional(Uuid),
  contactId: Type13.Optional(Uuid),
  breached: Type13.Optional(Type13.Boolean()),
  number: Type13.Optional(Type13.String({ pattern: "^CAS-\\d{6,}$" })),
  pausedLongerThan: Type13.Optional(
    Type13.String({
      pattern: PAUSED_LONGER_THAN_PATTERN,
      maxLength: 32,
      description: "ISO 8601 duration in days, hours and minutes (`PT4H`, `P2D`, `P1DT30M`): cases with an open SLA clock paused for longer than this (calendar time, to now)"
    })
  ),
  sort: StringEnum(["createdAt", "updatedAt", "priority"], { default: "createdAt", description: "Ties are broken by id" }),
  order: StringEnum(["asc", "desc"], { default: "desc" }),
  ...PageQuery
});
var iso = (d) => d ? d.toISOString() : null;
var toCaseView = (c) => ({
  id: c.id,
  number: c.number,
  title: c.title,
  description: c.description,
  accountId: c.accountId,
  contactId: c.contactId,
  priority: c.priority,
  serviceLevel: c.serviceLevel,
  origin: c.origin,
  product: c.product,
  productId: c.productId,
  ownerId: c.ownerId,
  queueId: c.queueId,
  entitlementId: c.entitlementId,
  entitlementExhausted: c.entitlementExhausted,
  slaId: c.slaId,
  status: c.status,
  fields: c.fields,
  firstResponseAt: iso(c.firstResponseAt),
  resolvedAt: iso(c.resolvedAt),
  cancelledAt: iso(c.cancelledAt),
  breached: c.breached,
  totalMinutes: c.totalMinutes,
  billableMinutes: c.billableMinutes,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString()
});

// src/http/routes/cases.ts
var tags7 = ["cases"];
var headers4 = resourceHeaders((c) => `/v1/cases/${c.id}`);
var commandHeaders = Type14.Object({ ...ifMatchHeader, ...idempotencyKeyHeader });
var caseRoutes = async (app) => {
  const answer = async (c) => {
    await app.caseLifecycle.afterCommit(c.id);
    return toCaseView(await withMinutes(app.db, c));
  };
  app.post(
    "/v1/cases",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Create a case",
        description: "Answers 201 with Location and ETag. Send Idempotency-Key to make retries safe.",
        headers: Type14.Object({ ...idempotencyKeyHeader }),
        body: CaseCreate,
        response: { 201: CaseView, ...problems(409, 422) }
      }
    },
    async (request, reply) => {
      const c = await createCase(app.db, app.caseLifecycle, request.body, app.now(), actorOf(request));
      return reply.code(201).send(await answer(c));
    }
  );
  app.get(
    "/v1/cases",
    {
      schema: {
        tags: tags7,
        summary: "List cases",
        description: "Filters combine with AND; cursor paging with `limit` \u2264 100 and the opaque `nextCursor`.",
        querystring: CaseListQuery,
        response: { 200: Page(CaseView), ...problems() }
      }
    },
    async (request) => {
      const { sort, order, limit, cursor, ...filter } = request.query;
      const page = await listCases(app.db, filter, sort, order, { limit, cursor }, app.now());
      return { items: page.items.map(toCaseView), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/cases/:id",
    { preSerialization: headers4, schema: { tags: tags7, summary: "Read a case (with its ETag)", params: IdParams, response: { 200: CaseView, ...problems(404) } } },
    async (request) => toCaseView(await getCase(app.db, request.params.id))
  );
  app.patch(
    "/v1/cases/:id",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Change case properties (If-Match required)",
        description: "Changing the customer re-derives the service level unless the body sets one. A resolved or cancelled case is read-only (409).",
        params: IdParams,
        headers: Type14.Object({ ...requiredIfMatchHeader }),
        body: CasePatch,
        response: { 200: CaseView, ...problems(404, 409, 412, 422, 428) }
      }
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return answer(await updateCase(app.db, app.caseLifecycle, request.params.id, request.body, expected, app.now(), actorOf(request)));
    }
  );
  app.post(
    "/v1/cases/:id/status",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Move an active case to another active status",
        description: "in_progress, on_hold, waiting_for_details and researching move freely among each other; resolve, cancel and reopen have their own endpoints. Illegal moves are 409 ILLEGAL_STATUS_TRANSITION listing the allowed ones.",
        params: IdParams,
        headers: commandHeaders,
        body: StatusChange,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant2(request.body.at, "body.at", now);
      const c = await changeStatus(app.db, app.caseLifecycle, { id: request.params.id, status: request.body.status, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) }, now);
      return answer(c);
    }
  );
  app.post(
    "/v1/cases/:id/first-response",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Record the first response to the customer",
        description: "Also recorded implicitly when a completed outgoing email or phone call is logged. Only once per case (409).",
        params: IdParams,
        headers: commandHeaders,
        body: FirstResponse,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant2(request.body.at, "body.at", now);
      return answer(await recordFirstResponse(app.db, app.caseLifecycle, { id: request.params.id, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) }, now));
    }
  );
  app.post(
    "/v1/cases/:id/resolve",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Resolve a case",
        description: "Writes a resolution activity with the resolution text and the case\u2019s total and billable minutes; the case leaves its queue.",
        params: IdParams,
        headers: commandHeaders,
        body: Resolve,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant2(request.body.at, "body.at", now);
      const cmd = { id: request.params.id, resolution: request.body.resolution, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await resolveCase(app.db, app.caseLifecycle, cmd, now));
    }
  );
  app.post(
    "/v1/cases/:id/cancel",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Cancel a case",
        description: "Its SLA clocks stop without actions and it leaves its queue.",
        params: IdParams,
        headers: commandHeaders,
        body: Cancel,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant2(request.body.at, "body.at", now);
      const cmd = { id: request.params.id, reason: request.body.reason, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await cancelCase(app.db, app.caseLifecycle, cmd, now));
    }
  );
  app.post(
    "/v1/cases/:id/reopen",
    {
      preSerialization: headers4,
      schema: {
        tags: tags7,
        summary: "Reopen a resolved or cancelled case (back to in_progress)",
        description: "Keeps the case\u2019s history (first response, resolution activity, minutes, breached); it does not return to a queue.",
        params: IdParams,
        headers: commandHeaders,
        body: Reopen,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant2(request.body.at, "body.at", now);
      const cmd = { id: request.params.id, reason: request.body.reason, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await reopenCase(app.db, app.caseLifecycle, cmd, now));
    }
  );
};
var cases_default = caseRoutes;

// src/http/routes/case-import.ts
import { Type as Type16 } from "@sinclair/typebox";

// src/cases/import-cases.ts
var MAX_IMPORT_CASES = 1e3;
function stepsOf(item, prefix) {
  const steps = (item.statusHistory ?? []).map((h, j) => ({ kind: "status", at: h.at, status: h.status, field: `${prefix}.statusHistory[${j}].at` }));
  if (item.firstResponseAt) steps.push({ kind: "first_response", at: item.firstResponseAt, field: `${prefix}.firstResponseAt` });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (item.resolved) steps.push({ kind: "resolved", at: item.resolved.at, resolution: item.resolved.resolution, field: `${prefix}.resolved.at` });
  return steps;
}
async function alreadyImported(db2, externalIds) {
  if (externalIds.length === 0) return /* @__PURE__ */ new Map();
  const rows = await db2.select({ externalId: sql`${caseEvents.data}->>'externalId'`, caseId: caseEvents.caseId, occurredAt: caseEvents.occurredAt }).from(caseEvents).where(and(eq(caseEvents.kind, "imported"), inArray(sql`${caseEvents.data}->>'externalId'`, externalIds)));
  return new Map(rows.map((r) => [r.externalId, { caseId: r.caseId, importedAt: r.occurredAt }]));
}
var StepFailed = class extends Error {
  constructor(problem, field) {
    super(problem.message);
    this.problem = problem;
    this.field = field;
  }
};
function fieldOf(err, prefix) {
  const field = typeof err.details.field === "string" ? err.details.field : void 0;
  return field?.startsWith("body.") ? `${prefix}.${field.slice("body.".length)}` : field;
}
async function importOne(db2, lifecycle, item, prefix, options, now) {
  const { actor } = options;
  return db2.transaction(async (tx) => {
    const txDb = tx;
    const { externalId, openedAt, statusHistory: _h, firstResponseAt: _f, resolved: _r, ...fields } = item;
    const created = await createCase(txDb, lifecycle, fields, openedAt, actor);
    let status = created.status;
    for (const step of stepsOf(item, prefix)) {
      try {
        if (step.kind === "status") {
          if (step.status === status) continue;
          status = (await changeStatus(txDb, lifecycle, { id: created.id, status: step.status, at: step.at, actor }, now)).status;
        } else if (step.kind === "first_response") {
          await recordFirstResponse(txDb, lifecycle, { id: created.id, at: step.at, actor }, now);
        } else {
          status = (await resolveCase(txDb, lifecycle, { id: created.id, resolution: step.resolution, at: step.at, actor }, now)).status;
        }
      } catch (err) {
        throw err instanceof AppError ? new StepFailed(err, step.field) : err;
      }
    }
    const [c] = await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, created.id)).returning();
    await lifecycle.emit("onImported", tx, c, { importedAt: now, fireOverdueActions: options.fireOverdueActions });
    const summary = `Imported (opened ${openedAt.toISOString()}${externalId ? `, external id ${externalId}` : ""})`;
    await recordCaseEvent(
      tx,
      { caseId: c.id, kind: "imported", summary, data: { externalId: externalId ?? null, openedAt: openedAt.toISOString(), fireOverdueActions: options.fireOverdueActions }, occurredAt: now, actor },
      now
    );
    await tx.update(caseEvents).set({ createdAt: now }).where(eq(caseEvents.caseId, c.id));
    return { id: c.id, number: c.number };
  });
}
async function importCases(db2, lifecycle, items, options, now) {
  const known = await alreadyImported(db2, items.flatMap((i) => i.externalId ? [i.externalId] : []));
  const results = [];
  for (const [index2, item] of items.entries()) {
    const externalId = item.externalId ?? null;
    const prefix = `body.cases[${index2}]`;
    const fail = (problem) => results.push({ index: index2, externalId, status: "failed", problem });
    const earlier = externalId ? known.get(externalId) : void 0;
    if (earlier) {
      fail({
        code: "CASE_ALREADY_IMPORTED",
        message: `${prefix}.externalId "${externalId}" was already imported as case ${earlier.caseId} at ${earlier.importedAt.toISOString()}.`,
        field: `${prefix}.externalId`
      });
      continue;
    }
    try {
      const c = await importOne(db2, lifecycle, item, prefix, options, now);
      results.push({ index: index2, externalId, status: "created", caseId: c.id, number: c.number });
      await lifecycle.afterCommit(c.id);
    } catch (err) {
      if (err instanceof StepFailed) fail({ code: err.problem.code, message: err.problem.message, field: err.field });
      else if (err instanceof AppError) fail({ code: err.code, message: err.message, field: fieldOf(err, prefix) });
      else {
        options.log?.error({ err, index: index2, externalId }, "case import failed unexpectedly");
        fail({ code: "INTERNAL", message: "This case could not be imported because of an unexpected error (logged with the request id); nothing of it was written." });
      }
    }
  }
  return results;
}

// src/http/schemas/case-import.ts
import { Type as Type15 } from "@sinclair/typebox";
var Instant2 = Type15.String({ minLength: 1, maxLength: 64, description: "An instant WITH an offset, in the past, e.g. 2026-11-30T09:15:00+01:00" });
var ImportedCase = Type15.Object(
  {
    externalId: Type15.Optional(Type15.String({ minLength: 1, maxLength: 200, description: "The id in the old helpdesk: echoed in the result, and a second import of it is refused" })),
    openedAt: Instant2,
    ...CaseCreate.properties,
    statusHistory: Type15.Optional(
      Type15.Array(Type15.Object({ status: StringEnum(activeCaseStatuses), at: Instant2 }, { additionalProperties: false }), {
        maxItems: 500,
        description: "Active statuses the case went through since it opened (in_progress), in time order; each at or after openedAt"
      })
    ),
    firstResponseAt: Type15.Optional(Instant2),
    resolved: Type15.Optional(Type15.Object({ at: Instant2, resolution: Type15.String({ minLength: 1, maxLength: 2e3 }) }, { additionalProperties: false }))
  },
  { additionalProperties: false }
);
var CaseImportRequest = Type15.Object(
  {
    cases: Type15.Array(ImportedCase, { minItems: 1, maxItems: MAX_IMPORT_CASES }),
    fireOverdueActions: Type15.Optional(
      Type15.Boolean({ default: false, description: "Run the SLA actions that came due before the import (default: record them as due before import)" })
    )
  },
  { additionalProperties: false }
);
var ImportResult = Type15.Object({
  index: Type15.Integer({ description: "Position of the case in the request" }),
  externalId: Nullable(Type15.String()),
  status: StringEnum(["created", "failed"]),
  caseId: Type15.Optional(Uuid),
  number: Type15.Optional(Type15.String()),
  problem: Type15.Optional(Type15.Object({ code: Type15.String(), message: Type15.String(), field: Type15.Optional(Type15.String()) }))
});
var CaseImportResponse = Type15.Object({
  created: Type15.Integer(),
  failed: Type15.Integer(),
  results: Type15.Array(ImportResult)
});
function parseImportRequest(body, now) {
  const problems2 = [];
  const instant2 = (value, field, notBefore) => {
    let at;
    try {
      at = parseInstant2(value, field, now);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems2.push({ field, message: err.message, code: err.code });
      return null;
    }
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      problems2.push({ field, message: `${field} is in the future (now is ${now.toISOString()}): imported cases bring what already happened`, code: "VALIDATION_FAILED" });
      return null;
    }
    if (notBefore?.at && at < notBefore.at) {
      problems2.push({ field, message: `${field} is before ${notBefore.what} (${notBefore.at.toISOString()})${notBefore.hint ?? ""}`, code: "VALIDATION_FAILED" });
      return null;
    }
    return at > now ? now : at;
  };
  const seen = /* @__PURE__ */ new Map();
  const items = body.cases.map((c, i) => {
    const p = `body.cases[${i}]`;
    if (c.externalId !== void 0) {
      const first = seen.get(c.externalId);
      if (first !== void 0) problems2.push({ field: `${p}.externalId`, message: `${p}.externalId is also the externalId of body.cases[${first}]`, code: "VALIDATION_FAILED" });
      else seen.set(c.externalId, i);
    }
    const openedAt = instant2(c.openedAt, `${p}.openedAt`);
    const opening = { at: openedAt, what: `${p}.openedAt` };
    let latest = opening;
    const statusHistory = (c.statusHistory ?? []).map((h, j) => {
      const field = `${p}.statusHistory[${j}].at`;
      const at = instant2(h.at, field, latest);
      if (at) latest = { at, what: field, hint: ": list the history in time order" };
      return { status: h.status, at: at ?? /* @__PURE__ */ new Date(0) };
    });
    const firstResponseAt = c.firstResponseAt === void 0 ? null : instant2(c.firstResponseAt, `${p}.firstResponseAt`, opening);
    if (firstResponseAt && latest.at && firstResponseAt > latest.at) latest = { at: firstResponseAt, what: `${p}.firstResponseAt` };
    let resolved = null;
    if (c.resolved) {
      const at = instant2(c.resolved.at, `${p}.resolved.at`, { ...latest, hint: ": a case is resolved after everything else in its history" });
      resolved = { at: at ?? /* @__PURE__ */ new Date(0), resolution: c.resolved.resolution };
    }
    const { openedAt: _o, statusHistory: _s, firstResponseAt: _f, resolved: _r, ...fields } = c;
    return { ...fields, openedAt: openedAt ?? /* @__PURE__ */ new Date(0), statusHistory, firstResponseAt, resolved };
  });
  if (problems2.length) {
    const [first] = problems2;
    const more = problems2.length > 1 ? ` (and ${problems2.length - 1} more: see errors)` : "";
    throw new AppError(first.code, 400, `${first.message}${more}`, { field: first.field, errors: problems2.map(({ field, message }) => ({ field, message })) });
  }
  return items;
}

// src/http/routes/case-import.ts
var IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
var caseImportRoutes = async (app) => {
  app.post(
    "/v1/cases/import",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { role: "admin" },
      schema: {
        tags: ["cases"],
        summary: `Import up to ${MAX_IMPORT_CASES} existing cases with their opening instant and history`,
        description: 'Each case is created at its real `openedAt` (its SLA clocks start there) and its history is replayed in time order; SLA actions that came due before the import are recorded as "due before import" and not run unless `fireOverdueActions` is true. Instants must carry an offset and lie in the past (400 naming the case index and field, nothing written). Each case is all or nothing on its own: the answer is 200 with one result per case (created with its id, or failed with its problem). Send Idempotency-Key to make retries safe; an externalId imported before fails that case with CASE_ALREADY_IMPORTED.',
        headers: Type16.Object({ ...idempotencyKeyHeader }),
        body: CaseImportRequest,
        response: { 200: CaseImportResponse, ...problems(409, 413) }
      }
    },
    async (request) => {
      const now = app.now();
      const items = parseImportRequest(request.body, now);
      const results = await importCases(
        app.db,
        app.caseLifecycle,
        items,
        { fireOverdueActions: request.body.fireOverdueActions ?? false, actor: actorOf(request), log: request.log },
        now
      );
      const created = results.filter((r) => r.status === "created").length;
      return { created, failed: results.length - created, results };
    }
  );
};
var case_import_default = caseImportRoutes;

// src/http/routes/case-activities.ts
import { Type as Type19 } from "@sinclair/typebox";

// src/case-activities/activities.ts
var loggableActivityKinds = ["phone_call", "email", "task", "appointment", "note"];
var respondingKinds = /* @__PURE__ */ new Set(["phone_call", "email"]);
async function firstResponseFromActivity(tx, events, c, activity, now, actor) {
  if (!respondingKinds.has(activity.kind) || activity.direction !== "outgoing" || activity.state !== "completed" || c.firstResponseAt) return c;
  const at = new Date(Math.min(Math.max(activity.occurredAt.getTime(), c.createdAt.getTime()), now.getTime()));
  return markFirstResponse(tx, events, c, at, { kind: "activity", activityId: activity.id, activityKind: activity.kind }, now, actor);
}
async function logActivity(db2, events, caseId, input, expectedVersion, now, actor) {
  if (respondingKinds.has(input.kind) && !input.direction) {
    throw invalidField("body.direction", "is required for phone calls and emails (incoming or outgoing)");
  }
  return db2.transaction(async (tx) => {
    let c = await lockCase(tx, caseId, expectedVersion);
    assertActive(c);
    const [activity] = await tx.insert(caseActivities).values({
      caseId,
      kind: input.kind,
      direction: input.direction ?? null,
      subject: input.subject,
      body: input.body ?? null,
      state: input.state ?? "completed",
      durationMinutes: input.durationMinutes ?? 0,
      billable: input.billable ?? true,
      occurredAt: input.occurredAt,
      createdAt: now,
      ...actorColumns(actor)
    }).returning();
    c = await firstResponseFromActivity(tx, events, c, activity, now, actor);
    return { activity, case: c };
  });
}
async function assertCaseExists(db2, caseId) {
  const [row] = await db2.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw notFound("case", caseId);
}
async function getActivity(db2, caseId, activityId) {
  const [row] = await db2.select().from(caseActivities).where(and(eq(caseActivities.caseId, caseId), eq(caseActivities.id, activityId)));
  if (!row) {
    await assertCaseExists(db2, caseId);
    throw notFound("activity", activityId);
  }
  return row;
}
function listActivities(db2, caseId, page) {
  const keys = [
    { expr: caseActivities.occurredAt, type: "timestamptz" },
    { expr: caseActivities.id, type: "uuid" }
  ];
  return paginate({ keys, order: "asc", scope: ["activities", caseId] }, page, async (p) => {
    await assertCaseExists(db2, caseId);
    return db2.select({ activity: caseActivities, cursorKey: p.cursorKey }).from(caseActivities).where(and(eq(caseActivities.caseId, caseId), p.after)).orderBy(...p.orderBy).limit(p.limit);
  });
}

// src/case-activities/timeline.ts
async function caseTimeline(db2, caseId, order, page) {
  const [c] = await db2.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const activities = db2.select({
    type: sql`'activity'`.as("type"),
    id: sql`${caseActivities.id}::text`.as("id"),
    kind: sql`${caseActivities.kind}`.as("kind"),
    at: sql`${caseActivities.occurredAt}`.as("at"),
    recordedAt: sql`${caseActivities.createdAt}`.as("recorded_at"),
    rank: sql`0`.as("rank"),
    tiebreak: sql`${caseActivities.id}::text`.as("tiebreak"),
    summary: sql`${caseActivities.subject}`.as("summary"),
    data: sql`jsonb_strip_nulls(jsonb_build_object(
        'direction', ${caseActivities.direction}, 'state', ${caseActivities.state}, 'body', ${caseActivities.body},
        'durationMinutes', ${caseActivities.durationMinutes}, 'billable', ${caseActivities.billable},
        'totalMinutes', ${caseActivities.totalMinutes}, 'billableMinutes', ${caseActivities.billableMinutes}))`.as("data"),
    actorKind: sql`${caseActivities.actorKind}`.as("actor_kind"),
    actorApiKeyId: sql`${caseActivities.actorApiKeyId}::text`.as("actor_api_key_id"),
    actorName: sql`${caseActivities.actorName}`.as("actor_name")
  }).from(caseActivities).where(eq(caseActivities.caseId, caseId));
  const events = db2.select({
    type: sql`'event'`.as("type"),
    id: sql`${caseEvents.id}::text`.as("id"),
    kind: sql`${caseEvents.kind}`.as("kind"),
    at: sql`${caseEvents.occurredAt}`.as("at"),
    recordedAt: sql`${caseEvents.createdAt}`.as("recorded_at"),
    rank: sql`1`.as("rank"),
    tiebreak: sql`lpad(${caseEvents.id}::text, 20, '0')`.as("tiebreak"),
    summary: sql`${caseEvents.summary}`.as("summary"),
    data: sql`${caseEvents.data}`.as("data"),
    actorKind: sql`${caseEvents.actorKind}`.as("actor_kind"),
    actorApiKeyId: sql`${caseEvents.actorApiKeyId}::text`.as("actor_api_key_id"),
    actorName: sql`${caseEvents.actorName}`.as("actor_name")
  }).from(caseEvents).where(eq(caseEvents.caseId, caseId));
  const actions = db2.select({
    type: sql`'sla_action'`.as("type"),
    id: sql`${slaActionRuns.id}::text`.as("id"),
    kind: sql`${slaActionRuns.kind}`.as("kind"),
    at: sql`${slaActionRuns.ranAt}`.as("at"),
    recordedAt: sql`${slaActionRuns.ranAt}`.as("recorded_at"),
    rank: sql`2`.as("rank"),
    tiebreak: sql`${slaActionRuns.id}::text`.as("tiebreak"),
    summary: sql`${slaActionRuns.summary}`.as("summary"),
    data: sql`jsonb_build_object('phase', ${slaActionRuns.phase}, 'instanceId', ${slaActionRuns.instanceId}, 'detail', ${slaActionRuns.detail})`.as("data"),
    actorKind: sql`${SLA_ENGINE.kind}::text`.as("actor_kind"),
    actorApiKeyId: sql`null::text`.as("actor_api_key_id"),
    actorName: sql`${SLA_ENGINE.name}::text`.as("actor_name")
  }).from(slaActionRuns).where(eq(slaActionRuns.caseId, caseId));
  const merged = activities.unionAll(events).unionAll(actions).as("timeline");
  const keys = [
    { expr: merged.at, type: "timestamptz" },
    { expr: merged.rank, type: "int" },
    { expr: merged.recordedAt, type: "timestamptz" },
    { expr: merged.tiebreak, type: "text" }
  ];
  const result = await paginate(
    { keys, order, scope: ["timeline", caseId] },
    page,
    (p) => db2.select({
      type: merged.type,
      id: merged.id,
      kind: merged.kind,
      at: merged.at,
      summary: merged.summary,
      data: merged.data,
      actorKind: merged.actorKind,
      actorApiKeyId: merged.actorApiKeyId,
      actorName: merged.actorName,
      cursorKey: p.cursorKey
    }).from(merged).where(p.after).orderBy(...p.orderBy).limit(p.limit)
  );
  return {
    items: result.rows.map(
      (r) => ({
        type: r.type,
        id: r.id,
        kind: r.kind,
        at: new Date(r.at),
        summary: r.summary,
        data: r.data ?? {},
        actor: { kind: r.actorKind, apiKeyId: r.actorApiKeyId, name: r.actorName }
      })
    ),
    nextCursor: result.nextCursor
  };
}

// src/case-activities/update-activity.ts
var patchable = ["state", "subject", "body", "durationMinutes", "billable", "occurredAt"];
function sameValue(a, b) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
function changesOf(activity, patch) {
  const changes2 = {};
  for (const key of patchable) {
    if (patch[key] !== void 0 && !sameValue(patch[key], activity[key])) changes2[key] = patch[key];
  }
  return changes2;
}
var kindLabel = (kind) => kind.replace("_", " ");
var asJson = (v) => v instanceof Date ? v.toISOString() : v;
async function updateActivity(db2, events, ids, patch, expectedVersion, now, actor) {
  return db2.transaction(async (tx) => {
    let c = await lockCase(tx, ids.caseId);
    const [before] = await tx.select().from(caseActivities).where(and(eq(caseActivities.caseId, ids.caseId), eq(caseActivities.id, ids.activityId))).for("update");
    if (!before) throw notFound("activity", ids.activityId);
    const changes2 = changesOf(before, patch);
    const changed = Object.keys(changes2);
    if (changed.length === 0) return { activity: before, case: c };
    assertVersion("activity", before.version, expectedVersion);
    if (before.state === "completed") {
      throw conflict(
        "ACTIVITY_ALREADY_COMPLETED",
        `The ${kindLabel(before.kind)} "${before.subject}" is completed and its minutes count as time spent; it cannot change (${changed.join(", ")}). Log a new activity to correct the time.`,
        { activityId: before.id, fields: changed, current: Object.fromEntries(changed.map((k) => [k, asJson(before[k])])) }
      );
    }
    assertActive(c);
    const [activity] = await tx.update(caseActivities).set({ ...changes2, version: before.version + 1 }).where(eq(caseActivities.id, before.id)).returning();
    const completed = activity.state === "completed";
    const minutes = `${activity.durationMinutes} min${activity.billable ? ", billable" : ""}`;
    await recordCaseEvent(
      tx,
      {
        caseId: c.id,
        kind: completed ? "activity_completed" : "activity_updated",
        summary: completed ? `Completed ${kindLabel(activity.kind)} "${activity.subject}" (${minutes})` : `Updated ${kindLabel(activity.kind)} "${activity.subject}": ${changed.join(", ")}`,
        data: {
          activityId: activity.id,
          activityKind: activity.kind,
          changes: Object.fromEntries(changed.map((k) => [k, { from: asJson(before[k]), to: asJson(activity[k]) }]))
        },
        occurredAt: now,
        actor
      },
      now
    );
    if (completed) c = await firstResponseFromActivity(tx, events, c, activity, now, actor);
    return { activity, case: c };
  });
}

// src/http/schemas/activities.ts
import { Type as Type18 } from "@sinclair/typebox";

// src/http/schemas/actors.ts
import { Type as Type17 } from "@sinclair/typebox";
var ActorView = Type17.Object(
  {
    kind: StringEnum(actorKinds),
    apiKeyId: Nullable(Uuid),
    name: Type17.String({ description: 'The API key\u2019s name at the time, or "SLA engine" / "System"' })
  },
  { description: "Who made the change: an API key, or a system actor (kind sla: the SLA engine; kind system)" }
);
var toActorView = (a) => ({ kind: a.kind, apiKeyId: a.apiKeyId, name: a.name });

// src/http/schemas/activities.ts
var Direction = StringEnum(["incoming", "outgoing"]);
var State = StringEnum(["open", "completed"]);
var ActivityView = Type18.Object({
  id: Uuid,
  caseId: Uuid,
  kind: StringEnum(activityKinds),
  direction: Nullable(Direction),
  subject: Type18.String(),
  body: Nullable(Type18.String()),
  state: State,
  durationMinutes: Type18.Integer(),
  billable: Type18.Boolean(),
  totalMinutes: Nullable(Type18.Integer({ description: "Resolution activities: minutes of the case\u2019s completed activities" })),
  billableMinutes: Nullable(Type18.Integer({ description: "Resolution activities: minutes of the case\u2019s completed billable activities" })),
  occurredAt: InstantView,
  createdAt: InstantView,
  actor: ActorView,
  version: Type18.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' })
});
var ActivityCreate = Type18.Object(
  {
    kind: StringEnum(loggableActivityKinds),
    direction: Type18.Optional(Nullable(Direction)),
    subject: Type18.String({ minLength: 1, maxLength: 500 }),
    body: Type18.Optional(Nullable(Type18.String({ maxLength: 2e4 }))),
    state: Type18.Optional(State),
    durationMinutes: Type18.Optional(Type18.Integer({ minimum: 0, maximum: 10080, description: "Time spent, in minutes (default 0)" })),
    billable: Type18.Optional(Type18.Boolean({ description: "Default true" })),
    occurredAt: Type18.Optional(InstantInput)
  },
  {
    additionalProperties: false,
    description: "direction is required for phone_call and email. state defaults to completed. A completed outgoing email or phone call is the case\u2019s first response if it had none."
  }
);
var ActivityPatch = Type18.Object(
  {
    state: Type18.Optional(State),
    subject: Type18.Optional(Type18.String({ minLength: 1, maxLength: 500 })),
    body: Type18.Optional(Nullable(Type18.String({ maxLength: 2e4 }))),
    durationMinutes: Type18.Optional(Type18.Integer({ minimum: 0, maximum: 10080, description: "Time spent, in minutes" })),
    billable: Type18.Optional(Type18.Boolean({ description: "Whether its whole duration is billable time" })),
    occurredAt: Type18.Optional(InstantInput)
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Changes an open activity; `state: "completed"` completes it, so its minutes count in the case\u2019s totals. A completed activity cannot change (409 ACTIVITY_ALREADY_COMPLETED) except by a PATCH that matches it, which answers it unchanged.'
  }
);
var ActivityParams = Type18.Object({ id: Uuid, activityId: Uuid });
var TimelineEntryView = Type18.Object({
  type: StringEnum(["activity", "event", "sla_action"]),
  id: Type18.String({ description: "Activity or SLA action run id (uuid), or case event sequence number" }),
  kind: Type18.String({ description: "Activity kind, event kind (created, status_changed, fields_updated, queue_changed, first_response, resolved, cancelled, reopened, sla.*) or SLA action kind" }),
  at: InstantView,
  summary: Type18.String(),
  data: Type18.Record(Type18.String(), Type18.Unknown()),
  actor: ActorView
});
var toActivityView = (a) => ({
  id: a.id,
  caseId: a.caseId,
  kind: a.kind,
  direction: a.direction,
  subject: a.subject,
  body: a.body,
  state: a.state,
  durationMinutes: a.durationMinutes,
  billable: a.billable,
  totalMinutes: a.totalMinutes,
  billableMinutes: a.billableMinutes,
  occurredAt: a.occurredAt.toISOString(),
  createdAt: a.createdAt.toISOString(),
  actor: toActorView(actorView(a)),
  version: a.version
});
var toTimelineEntryView = (e) => ({ ...e, at: e.at.toISOString(), actor: toActorView(e.actor) });

// src/http/routes/case-activities.ts
var tags8 = ["activities"];
var activityHeaders = resourceHeaders((a) => `/v1/cases/${a.caseId}/activities/${a.id}`);
var activityRoutes = async (app) => {
  app.post(
    "/v1/cases/:id/activities",
    {
      preSerialization: activityHeaders,
      schema: {
        tags: tags8,
        summary: "Log an activity on an active case",
        description: "If-Match (the case\u2019s ETag) is honoured when sent. A completed outgoing email or phone call records the first response if the case had none. The answer\u2019s ETag is the activity\u2019s.",
        params: IdParams,
        headers: Type19.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: ActivityCreate,
        response: { 201: ActivityView, ...problems(404, 409, 412) }
      }
    },
    async (request, reply) => {
      const now = app.now();
      const { occurredAt, ...rest } = request.body;
      const input = { ...rest, occurredAt: parseInstant2(occurredAt, "body.occurredAt", now) };
      const result = await logActivity(app.db, app.caseLifecycle, request.params.id, input, ifMatchVersion(request), now, actorOf(request));
      await app.caseLifecycle.afterCommit(result.case.id);
      return reply.code(201).send(toActivityView(result.activity));
    }
  );
  app.get(
    "/v1/cases/:id/activities",
    {
      schema: {
        tags: tags8,
        summary: "List the case\u2019s activities in the order they happened",
        params: IdParams,
        querystring: Type19.Object(PageQuery),
        response: { 200: Page(ActivityView), ...problems(404) }
      }
    },
    async (request) => {
      const page = await listActivities(app.db, request.params.id, request.query);
      return { items: page.rows.map((r) => toActivityView(r.activity)), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/cases/:id/activities/:activityId",
    { preSerialization: activityHeaders, schema: { tags: tags8, summary: "Read one activity (with its ETag)", params: ActivityParams, response: { 200: ActivityView, ...problems(404) } } },
    async (request) => toActivityView(await getActivity(app.db, request.params.id, request.params.activityId))
  );
  app.patch(
    "/v1/cases/:id/activities/:activityId",
    {
      preSerialization: activityHeaders,
      schema: {
        tags: tags8,
        summary: "Change or complete an open activity (If-Match required)",
        description: '`state: "completed"` completes it: its duration counts in the case\u2019s total minutes and, when billable, its billable minutes. Completing an outgoing email or phone call is the first response if the case had none. A completed activity cannot change: 409 ACTIVITY_ALREADY_COMPLETED, except a PATCH that matches it (a retry), which answers 200 unchanged. 409 CASE_NOT_ACTIVE on a resolved or cancelled case.',
        params: ActivityParams,
        headers: Type19.Object({ ...requiredIfMatchHeader }),
        body: ActivityPatch,
        response: { 200: ActivityView, ...problems(404, 409, 412, 428) }
      }
    },
    async (request) => {
      const now = app.now();
      const expected = requiredIfMatchVersion(request);
      const { occurredAt, ...rest } = request.body;
      const patch = { ...rest, ...occurredAt === void 0 ? {} : { occurredAt: parseInstant2(occurredAt, "body.occurredAt", now) } };
      const ids = { caseId: request.params.id, activityId: request.params.activityId };
      const result = await updateActivity(app.db, app.caseLifecycle, ids, patch, expected, now, actorOf(request));
      await app.caseLifecycle.afterCommit(result.case.id);
      return toActivityView(result.activity);
    }
  );
  app.get(
    "/v1/cases/:id/timeline",
    {
      schema: {
        tags: tags8,
        summary: "The case timeline: activities, case events (incl. sla.*) and SLA action runs in time order",
        description: "Ordered by when it happened, then activity < event < SLA action, then when it was recorded, then id.",
        params: IdParams,
        querystring: Type19.Object({ order: StringEnum(["asc", "desc"], { default: "asc" }), ...PageQuery }),
        response: { 200: Page(TimelineEntryView), ...problems(404) }
      }
    },
    async (request) => {
      const { order, ...page } = request.query;
      const result = await caseTimeline(app.db, request.params.id, order, page);
      return { items: result.items.map(toTimelineEntryView), nextCursor: result.nextCursor };
    }
  );
};
var case_activities_default = activityRoutes;

// src/http/routes/queues.ts
import { Type as Type21 } from "@sinclair/typebox";

// src/queues/queues.ts
async function takeEscalationMark(tx, queueId) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('queues.is_escalation'))`);
  await tx.update(queues).set({ isEscalation: false }).where(and(eq(queues.isEscalation, true), queueId ? ne(queues.id, queueId) : void 0));
}
function isUniqueViolation2(e) {
  const err = e;
  return err?.code === "23505" || err?.cause?.code === "23505";
}
var nameTaken = (name) => conflict("QUEUE_NAME_TAKEN", `A queue named "${name}" already exists; queue names are unique.`, { field: "body.name", name });
async function createQueue(db2, input, now) {
  try {
    return await db2.transaction(async (tx) => {
      if (input.isEscalation) await takeEscalationMark(tx, null);
      const [row] = await tx.insert(queues).values({ name: input.name, description: input.description ?? null, isEscalation: input.isEscalation ?? false, createdAt: now }).returning();
      return row;
    });
  } catch (e) {
    if (isUniqueViolation2(e)) throw nameTaken(input.name);
    throw e;
  }
}
async function updateQueue(db2, id, patch) {
  try {
    return await db2.transaction(async (tx) => {
      const [current2] = await tx.select().from(queues).where(eq(queues.id, id)).for("update");
      if (!current2) throw notFound("queue", id);
      if (patch.isEscalation) await takeEscalationMark(tx, id);
      const [row] = await tx.update(queues).set({ name: patch.name ?? current2.name, description: patch.description === void 0 ? current2.description : patch.description, isEscalation: patch.isEscalation ?? current2.isEscalation }).where(eq(queues.id, id)).returning();
      return row;
    });
  } catch (e) {
    if (isUniqueViolation2(e)) throw nameTaken(patch.name ?? "");
    throw e;
  }
}
async function getQueue(db2, id) {
  const [row] = await db2.select().from(queues).where(eq(queues.id, id));
  if (!row) throw notFound("queue", id);
  return row;
}
function listQueues(db2, page) {
  const keys = [
    { expr: queues.name, type: "text" },
    { expr: queues.id, type: "uuid" }
  ];
  return paginate(
    { keys, order: "asc", scope: "queues" },
    page,
    (p) => db2.select({ queue: queues, cursorKey: p.cursorKey }).from(queues).where(p.after).orderBy(...p.orderBy).limit(p.limit)
  );
}

// src/http/schemas/queues.ts
import { Type as Type20 } from "@sinclair/typebox";
var QueueView = Type20.Object({
  id: Uuid,
  name: Type20.String(),
  description: Nullable(Type20.String()),
  isEscalation: Type20.Boolean({ description: 'The default target of SLA "escalate to queue" actions (at most one queue)' }),
  createdAt: InstantView
});
var QueueCreate = Type20.Object(
  {
    name: Type20.String({ minLength: 1, maxLength: 200 }),
    description: Type20.Optional(Nullable(Type20.String({ maxLength: 2e3 }))),
    isEscalation: Type20.Optional(Type20.Boolean({ description: "Marking a queue moves the mark from any other queue" }))
  },
  { additionalProperties: false }
);
var QueuePatch = Type20.Partial(QueueCreate, { additionalProperties: false, minProperties: 1 });
var QueueItemView = Type20.Object({
  id: Uuid,
  queueId: Uuid,
  caseId: Uuid,
  workedById: Nullable(Uuid),
  enteredAt: InstantView,
  removedAt: Nullable(InstantView),
  reason: Nullable(Type20.String())
});
var QueueItemWithCase = Type20.Composite([
  QueueItemView,
  Type20.Object({
    case: Type20.Object({
      number: Type20.String(),
      title: Type20.String(),
      priority: StringEnum(casePriorities),
      status: StringEnum(caseStatuses),
      ownerId: Nullable(Uuid)
    })
  })
]);
var AddToQueue = Type20.Object(
  { caseId: Uuid, reason: Type20.Optional(Nullable(Type20.String({ minLength: 1, maxLength: 500 }))) },
  { additionalProperties: false }
);
var Pick = Type20.Object({ agentId: Uuid }, { additionalProperties: false, description: "API keys are not agents: name the agent who works the item" });
var Route = Type20.Object(
  { queueId: Uuid, reason: Type20.Optional(Nullable(Type20.String({ minLength: 1, maxLength: 500 }))) },
  { additionalProperties: false }
);
var toQueueView = (q) => ({
  id: q.id,
  name: q.name,
  description: q.description,
  isEscalation: q.isEscalation,
  createdAt: q.createdAt.toISOString()
});
var toQueueItemView = (i) => ({
  id: i.id,
  queueId: i.queueId,
  caseId: i.caseId,
  workedById: i.workedById,
  enteredAt: i.enteredAt.toISOString(),
  removedAt: i.removedAt ? i.removedAt.toISOString() : null,
  reason: i.reason
});

// src/http/routes/queues.ts
var tags9 = ["queues"];
var idempotent = Type21.Object({ ...idempotencyKeyHeader });
var itemHeaders = resourceHeaders((i) => `/v1/queue-items/${i.id}`);
var queueRoutes = async (app) => {
  app.post(
    "/v1/queues",
    {
      config: { role: "manager" },
      preSerialization: resourceHeaders((q) => `/v1/queues/${q.id}`),
      schema: { tags: tags9, summary: "Create a queue (manager)", headers: idempotent, body: QueueCreate, response: { 201: QueueView, ...problems(409) } }
    },
    async (request, reply) => reply.code(201).send(toQueueView(await createQueue(app.db, request.body, app.now())))
  );
  app.get(
    "/v1/queues",
    { schema: { tags: tags9, summary: "List queues by name", querystring: Type21.Object(PageQuery), response: { 200: Page(QueueView), ...problems() } } },
    async (request) => {
      const page = await listQueues(app.db, request.query);
      return { items: page.rows.map((r) => toQueueView(r.queue)), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/queues/:id",
    { schema: { tags: tags9, summary: "Read a queue", params: IdParams, response: { 200: QueueView, ...problems(404) } } },
    async (request) => toQueueView(await getQueue(app.db, request.params.id))
  );
  app.patch(
    "/v1/queues/:id",
    {
      config: { role: "manager" },
      schema: { tags: tags9, summary: "Rename a queue or mark it as the escalation queue (manager)", params: IdParams, body: QueuePatch, response: { 200: QueueView, ...problems(404, 409) } }
    },
    async (request) => toQueueView(await updateQueue(app.db, request.params.id, request.body))
  );
  app.get(
    "/v1/queues/:id/items",
    {
      schema: {
        tags: tags9,
        summary: "The cases waiting in a queue, first in first out",
        params: IdParams,
        querystring: Type21.Object({ workedById: Type21.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(QueueItemWithCase), ...problems(404) }
      }
    },
    async (request) => {
      const { workedById, ...page } = request.query;
      const result = await listQueueItems(app.db, request.params.id, { workedById }, page);
      return { items: result.rows.map((r) => ({ ...toQueueItemView(r.item), case: r.case })), nextCursor: result.nextCursor };
    }
  );
  app.post(
    "/v1/queues/:id/items",
    {
      preSerialization: itemHeaders,
      schema: {
        tags: tags9,
        summary: "Put a case into this queue (moving it out of any other)",
        description: "201 with the new item; 200 with the existing item when the case already is in this queue.",
        params: IdParams,
        headers: idempotent,
        body: AddToQueue,
        response: { 201: QueueItemView, 200: QueueItemView, ...problems(404, 409, 422) }
      }
    },
    async (request, reply) => {
      const { item, created } = await addCaseToQueue(app.db, app.caseLifecycle, { queueId: request.params.id, ...request.body }, app.now(), actorOf(request));
      if (created) await app.caseLifecycle.afterCommit(item.caseId);
      return reply.code(created ? 201 : 200).send(toQueueItemView(item));
    }
  );
  app.get(
    "/v1/queue-items/:id",
    { schema: { tags: tags9, summary: "Read a queue item", params: IdParams, response: { 200: QueueItemView, ...problems(404) } } },
    async (request) => toQueueItemView(await getQueueItem(app.db, request.params.id))
  );
  app.post(
    "/v1/queue-items/:id/pick",
    {
      schema: {
        tags: tags9,
        summary: "An agent picks the item to work on it",
        description: "Picking an item the same agent works changes nothing; an item another agent works is 409 QUEUE_ITEM_ALREADY_PICKED.",
        params: IdParams,
        headers: idempotent,
        body: Pick,
        response: { 200: QueueItemView, ...problems(404, 409, 422) }
      }
    },
    async (request) => toQueueItemView(await pickQueueItem(app.db, request.params.id, request.body.agentId, app.now(), actorOf(request)))
  );
  app.post(
    "/v1/queue-items/:id/release",
    {
      schema: {
        tags: tags9,
        summary: "Release a picked item back to its queue",
        params: IdParams,
        headers: idempotent,
        response: { 200: QueueItemView, ...problems(404, 409) }
      }
    },
    async (request) => toQueueItemView(await releaseQueueItem(app.db, request.params.id, app.now(), actorOf(request)))
  );
  app.post(
    "/v1/queue-items/:id/route",
    {
      schema: {
        tags: tags9,
        summary: "Move the item\u2019s case to another queue",
        description: "Closes this item and answers with the case\u2019s item in the target queue (unchanged if it already is there).",
        params: IdParams,
        headers: idempotent,
        body: Route,
        response: { 200: QueueItemView, ...problems(404, 409, 422) }
      }
    },
    async (request) => {
      const { item, moved } = await routeQueueItem(app.db, app.caseLifecycle, request.params.id, request.body, app.now(), actorOf(request));
      if (moved) await app.caseLifecycle.afterCommit(item.caseId);
      return toQueueItemView(item);
    }
  );
  app.delete(
    "/v1/queue-items/:id",
    {
      schema: { tags: tags9, summary: "Take the item\u2019s case out of its queue", params: IdParams, response: { 204: Type21.Null(), ...problems(404, 409) } }
    },
    async (request, reply) => {
      const caseId = await removeQueueItem(app.db, app.caseLifecycle, request.params.id, app.now(), actorOf(request));
      await app.caseLifecycle.afterCommit(caseId);
      return reply.code(204).send(null);
    }
  );
};
var queues_default = queueRoutes;

// src/http/routes/api-keys.ts
import { Type as Type22 } from "@sinclair/typebox";

// src/auth/api-key-management.ts
async function createApiKey(db2, input, now, pepper) {
  const { keyId, secret, keyHash } = newApiKey(pepper);
  const [key] = await db2.insert(apiKeys).values({ name: input.name, role: input.role, keyId, keyHash, createdAt: now }).returning();
  return { key, secret };
}
function listApiKeys(db2) {
  return db2.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}
async function getApiKey(db2, id) {
  const [key] = await db2.select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!key) throw notFound("API key", id);
  return key;
}
async function revokeApiKey(db2, id, now) {
  return db2.transaction(async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!key) throw notFound("API key", id);
    if (key.revokedAt) return key;
    if (key.role === "admin") {
      const others = await tx.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt), ne(apiKeys.id, id))).for("update");
      if (!others.length) throw conflict("LAST_ADMIN_KEY", "This is the last active admin key; create another admin key before revoking it.");
    }
    const [row] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning();
    return row;
  });
}

// src/http/routes/api-keys.ts
var tags10 = ["api-keys"];
var ApiKeyView = Type22.Object({
  id: Uuid,
  name: Type22.String(),
  role: StringEnum(roles),
  keyId: Type22.String({ description: "Short non-secret id of the key; generated secrets read sla_<keyId>_<random>" }),
  createdAt: InstantView,
  revokedAt: Nullable(InstantView)
});
var CreatedApiKey = Type22.Composite([
  ApiKeyView,
  Type22.Object({ secret: Type22.String({ description: "sla_<keyId>_<43 random characters>: shown only in this answer, store it now" }) })
]);
var ApiKeyCreate = Type22.Object(
  { name: Type22.String({ minLength: 1, maxLength: 200 }), role: StringEnum(roles, { description: "agent < manager < admin" }) },
  { additionalProperties: false }
);
var toView = (k) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  keyId: k.keyId,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null
});
var apiKeyRoutes = async (app) => {
  app.post(
    "/v1/api-keys",
    {
      config: { role: "admin" },
      preSerialization: resourceHeaders((k) => `/v1/api-keys/${k.id}`),
      schema: {
        tags: tags10,
        summary: "Create an API key (admin); the secret is in this answer only",
        headers: Type22.Object({ ...idempotencyKeyHeader }),
        body: ApiKeyCreate,
        response: { 201: CreatedApiKey, ...problems(409) }
      }
    },
    async (request, reply) => {
      const { key, secret } = await createApiKey(app.db, request.body, app.now(), app.apiKeyPepper);
      return reply.code(201).send({ ...toView(key), secret });
    }
  );
  app.get(
    "/v1/api-keys",
    { config: { role: "admin" }, schema: { tags: tags10, summary: "List API keys (never their secrets)", response: { 200: Type22.Object({ items: Type22.Array(ApiKeyView) }), ...problems() } } },
    async () => ({ items: (await listApiKeys(app.db)).map(toView) })
  );
  app.get(
    "/v1/api-keys/:id",
    { config: { role: "admin" }, schema: { tags: tags10, summary: "Read an API key (never its secret)", params: IdParams, response: { 200: ApiKeyView, ...problems(404) } } },
    async (request) => toView(await getApiKey(app.db, request.params.id))
  );
  app.post(
    "/v1/api-keys/:id/revoke",
    {
      config: { role: "admin" },
      schema: {
        tags: tags10,
        summary: "Revoke an API key (admin); revoking a revoked key changes nothing",
        params: IdParams,
        headers: Type22.Object({ ...idempotencyKeyHeader }),
        response: { 200: ApiKeyView, ...problems(404, 409) }
      }
    },
    async (request) => toView(await revokeApiKey(app.db, request.params.id, app.now()))
  );
};
var api_keys_default = apiKeyRoutes;

// src/http/routes/calendars.ts
import { Type as Type24 } from "@sinclair/typebox";

// src/sla/kpi-instances.ts
import { randomUUID as randomUUID3 } from "node:crypto";

// src/sla/kpi-state.ts
function parseInstant3(text3) {
  if (typeof text3 !== "string" || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/i.test(text3)) return null;
  const ms3 = Date.parse(text3);
  return Number.isFinite(ms3) ? ms3 : null;
}
var iso2 = (ms3) => ms3 === null ? null : new Date(ms3).toISOString();
var KpiMachine = class {
  constructor(input, workflowId, startedAt) {
    this.input = input;
    this.workflowId = workflowId;
    const from = parseInstant3(input.applicableFrom);
    if (from === null) throw new TypeError(`applicableFrom must be an ISO instant with an offset, got "${input.applicableFrom}"`);
    this.applicableFrom = from;
    this.calendar = input.calendar;
    for (const p of [...input.pauses].sort((a, b) => a.from.localeCompare(b.from))) {
      const pFrom = parseInstant3(p.from);
      if (pFrom === null) continue;
      const start = Math.max(pFrom, this.applicableFrom, this.lastPauseEnd());
      if (p.to === null) {
        this.pausedFrom = start;
        break;
      }
      const pTo = parseInstant3(p.to);
      if (pTo !== null && pTo > start) this.closedPauses.push({ from: start, to: pTo });
    }
    this.inheritedFailure = input.alreadyFailed === true;
    if (input.carried) {
      this.restore(input.carried);
      return;
    }
    const notes = [];
    if (input.alreadyWarned) {
      this.warned = true;
      this.warnedAt = parseInstant3(input.alreadyWarnedAt) ?? startedAt;
      notes.push("warning already reached on the replaced instance (its actions do not run again)");
    }
    if (this.inheritedFailure) {
      this.failed = true;
      this.failedAt = parseInstant3(input.alreadyFailedAt) ?? startedAt;
      notes.push("failure already reached on the replaced instance (its actions do not run again)");
    }
    this.push({ kind: "started", at: startedAt, runs: null, note: notes.join("; ") || void 0 });
  }
  applicableFrom;
  calendar;
  /** Bumped by every change a waiting loop or handler must notice. */
  version = 0;
  /** Monotonic counter of recorded transitions (the DB mirror's `mirror_seq`). */
  seq = 0;
  /** True while the deadlines must be (re)computed: at start, after a resume or a new calendar. */
  deadlinesStale = true;
  staleEpoch = 0;
  closedPauses = [];
  pausedFrom = null;
  deadlines = null;
  warned = false;
  failed = false;
  inheritedFailure;
  warnedAt = null;
  failedAt = null;
  succeededAt = null;
  lateSucceededAt = null;
  endedAt = null;
  endReason = null;
  canceled = false;
  pendingLateSuccess = null;
  queue = [];
  /** Pause ordinals whose stale-pause alert fired (once per pause). */
  stalePausesAlerted = /* @__PURE__ */ new Set();
  actionsRun = [];
  // ---- derived state ---------------------------------------------------------------------------
  get state() {
    if (this.succeededAt !== null) return "succeeded";
    if (this.failed) return "noncompliant";
    if (this.canceled) return "canceled";
    if (this.pausedFrom !== null) return "paused";
    if (this.warned) return "nearing_noncompliance";
    return "in_progress";
  }
  get closed() {
    return this.endedAt !== null;
  }
  get paused() {
    return this.pausedFrom !== null;
  }
  get pausedSince() {
    return this.pausedFrom;
  }
  get isCanceled() {
    return this.canceled;
  }
  get breached() {
    return this.failed && this.succeededAt === null;
  }
  get warningAt() {
    const d = this.deadlines;
    return d?.warningAt ? Date.parse(d.warningAt) : null;
  }
  get failureAt() {
    const d = this.deadlines;
    return d ? Date.parse(d.failureAt) : null;
  }
  get labels() {
    return { zone: this.deadlines?.zone ?? "UTC", warning: this.deadlines?.warningLabel ?? null, failure: this.deadlines?.failureLabel ?? null };
  }
  /** Closed pauses as ISO intervals (the input of computeDeadlines). */
  closedPauseIntervals() {
    return this.closedPauses.map((p) => ({ from: iso2(p.from), to: iso2(p.to) }));
  }
  /**
   * The next instant the clock acts at, or null (closed, deadlines unknown, or noncompliant and only
   * waiting for a late success or cancel). A warning that is not strictly before the failure is skipped.
   */
  nextDue() {
    if (this.closed || this.deadlines === null || this.failed) return null;
    const warningAt = this.warningAt;
    const failureAt = this.failureAt;
    if (!this.warned && warningAt !== null && warningAt < failureAt) return { phase: "warning", at: warningAt };
    return { phase: "failure", at: failureAt };
  }
  /** The current pause's ordinal (1 = the instance's first pause, counting closed ones), or null when running. */
  get pauseOrdinal() {
    return this.pausedFrom === null ? null : this.closedPauses.length + 1;
  }
  /**
   * The pause whose stale-pause alert is still to fire, or null (no alert configured, running, closed,
   * or this pause already alerted). When it fires is the workflow's business (business or calendar time).
   */
  stalePauseDue() {
    if (!this.input.stalePause || this.closed || this.pausedFrom === null) return null;
    const ordinal = this.closedPauses.length + 1;
    return this.stalePausesAlerted.has(ordinal) ? null : { ordinal, from: this.pausedFrom };
  }
  /** The current pause has lasted longer than the alert threshold: its actions run (once per pause). */
  firePauseStale(ordinal, at, note) {
    if (this.stalePausesAlerted.has(ordinal) || this.pauseOrdinal !== ordinal) return;
    this.stalePausesAlerted.add(ordinal);
    this.push({ kind: "pause_stale", at, runs: "pause_stale", pause: ordinal, note });
  }
  /** Due instants at or before this horizon fire now: `now`, or while paused the pause start (§2.9). */
  dueHorizon(now) {
    return this.pausedFrom ?? now;
  }
  // ---- validators (pure: return a reason to reject, or null) -----------------------------------
  closedReason() {
    if (this.closed) return `the KPI is closed (${this.state}${this.endReason ? `: ${this.endReason}` : ""})`;
    if (this.pendingLateSuccess) return "the KPI already recorded its (late) success";
    return null;
  }
  validatePause(at) {
    if (parseInstant3(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot pause: ${closed}`;
    if (!this.input.allowPause) return "cannot pause: this SLA does not allow pausing";
    if (this.paused) return `cannot pause: already paused since ${iso2(this.pausedFrom)}`;
    return null;
  }
  validateResume(at) {
    if (parseInstant3(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot resume: ${closed}`;
    if (!this.paused) return "cannot resume: the clock is running (not paused)";
    return null;
  }
  validateSucceed(at) {
    if (parseInstant3(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot succeed: ${closed}`;
    return null;
  }
  // ---- transitions -----------------------------------------------------------------------------
  /** The epoch to hand back to `applyDeadlines` (a later resume or calendar makes the result stale). */
  get deadlinesEpoch() {
    return this.staleEpoch;
  }
  applyDeadlines(d, epoch) {
    this.deadlines = d;
    this.deadlinesStale = epoch !== this.staleEpoch;
    this.version++;
  }
  markStale() {
    this.deadlinesStale = true;
    this.staleEpoch++;
  }
  /** Pause from `at`, never before the clock start or the previous pause's end. */
  pause(atIso) {
    const at = Math.max(parseInstant3(atIso), this.applicableFrom, this.lastPauseEnd());
    this.pausedFrom = at;
    this.push({ kind: "paused", at, runs: null });
  }
  /** Resume at `at` (not before the pause start). A zero-length pause changes nothing. */
  resume(atIso) {
    const from = this.pausedFrom;
    const to = Math.max(parseInstant3(atIso), from);
    this.pausedFrom = null;
    if (to > from) {
      this.closedPauses.push({ from, to });
      if (!this.failed) this.markStale();
    }
    this.push({ kind: "resumed", at: to, runs: null, note: to > from ? void 0 : "zero-length pause: nothing changes" });
  }
  /** Warning or failure instant reached (at or after its deadline). */
  fire(phase, now) {
    if (phase === "warning") {
      this.warned = true;
      this.warnedAt = now;
      this.push({ kind: "warning", at: now, runs: "warning" });
      return;
    }
    this.warned = true;
    this.failed = true;
    this.failedAt = now;
    this.push({ kind: "failed", at: now, runs: "failure" });
    const late = this.pendingLateSuccess;
    if (late) {
      this.pendingLateSuccess = null;
      this.recordLateSuccess(late.at, late.reason);
    }
  }
  /**
   * Success criteria met at business instant `at` (§2.6). On time (at or before the failure instant,
   * or while the clock is paused before failing): Succeeded and the success actions run. After it:
   * stays/becomes Noncompliant and records the late success; if the failure has not fired yet (the
   * message was faster than the timer), the failure fires first, then the late success is recorded.
   * A failure inherited from a replaced instance is never undone.
   */
  succeed(atIso, reason) {
    const at = parseInstant3(atIso);
    const failureAt = this.failureAt;
    const onTime = !this.inheritedFailure && (failureAt === null || at <= failureAt || this.paused && !this.failed);
    if (onTime) {
      this.succeededAt = at;
      this.end(at, reason);
      this.push({
        kind: "succeeded",
        at,
        runs: "success",
        note: this.failed ? "reported after the failure instant had fired; it happened before it" : void 0
      });
    } else if (this.failed) {
      this.recordLateSuccess(at, reason);
    } else {
      this.pendingLateSuccess = { at, reason };
      this.version++;
    }
    return { state: this.onTimeOrPendingState(), met: onTime, failureAt: iso2(failureAt) };
  }
  /** End without actions (§2.11). A noncompliant instance stays Noncompliant (a breach is never erased). */
  cancel(atIso, reason, now) {
    if (this.closed || this.pendingLateSuccess) return false;
    const at = parseInstant3(atIso) ?? now;
    this.canceled = true;
    this.end(at, reason);
    this.push({ kind: "canceled", at, runs: null, note: reason });
    return true;
  }
  applyCalendar(calendar, now) {
    this.calendar = calendar;
    if (!this.failed && !this.closed) this.markStale();
    this.push({ kind: "calendar_applied", at: now, runs: null, note: calendar ? `calendar ${calendar.id} v${calendar.version}` : "24x7" });
  }
  recordAction(entry) {
    this.actionsRun.push(entry);
  }
  /** Next transition to record, oldest first. */
  takeTransition() {
    return this.queue.shift();
  }
  get hasPendingTransitions() {
    return this.queue.length > 0;
  }
  status() {
    const pauses = this.closedPauses.map((p) => ({ from: iso2(p.from), to: iso2(p.to) }));
    if (this.pausedFrom !== null) pauses.push({ from: iso2(this.pausedFrom), to: null });
    return {
      instanceId: this.input.instanceId,
      workflowId: this.workflowId,
      kpi: this.input.kpi,
      state: this.state,
      applicableFrom: iso2(this.applicableFrom),
      warningAt: this.deadlines?.warningAt ?? null,
      failureAt: this.deadlines?.failureAt ?? null,
      warnedAt: iso2(this.warnedAt),
      failedAt: iso2(this.failedAt),
      succeededAt: iso2(this.succeededAt),
      lateSucceededAt: iso2(this.lateSucceededAt),
      pausedSince: iso2(this.pausedFrom),
      pausedBusinessMinutes: this.deadlines?.pausedBusinessMinutes ?? 0,
      pauses,
      endedAt: iso2(this.endedAt),
      endReason: this.endReason,
      actionsRun: [...this.actionsRun]
    };
  }
  // ---- continue-as-new -------------------------------------------------------------------------
  /**
   * True when nothing is in flight that a new run could not take over: not closed, no transition
   * waiting to be recorded, no late success waiting for the failure to fire.
   */
  get canCarryOver() {
    return !this.closed && this.queue.length === 0 && this.pendingLateSuccess === null;
  }
  /** What a continued-as-new run needs besides the pauses and calendar (see `restore`). */
  carry() {
    return {
      mirrorSeq: this.seq,
      warned: this.warned,
      warnedAt: iso2(this.warnedAt),
      failed: this.failed,
      failedAt: iso2(this.failedAt),
      actionsRun: [...this.actionsRun],
      deadlines: this.deadlines ? { ...this.deadlines } : null,
      ...this.stalePausesAlerted.size ? { stalePausesAlerted: [...this.stalePausesAlerted] } : {}
    };
  }
  restore(c) {
    this.seq = c.mirrorSeq;
    this.warned = c.warned;
    this.warnedAt = parseInstant3(c.warnedAt);
    this.failed = c.failed;
    this.failedAt = parseInstant3(c.failedAt);
    this.actionsRun.push(...c.actionsRun);
    this.deadlines = c.deadlines ? { ...c.deadlines } : null;
    for (const ordinal of c.stalePausesAlerted ?? []) this.stalePausesAlerted.add(ordinal);
    this.deadlinesStale = !this.failed || this.deadlines === null;
  }
  // ---- internals -------------------------------------------------------------------------------
  onTimeOrPendingState() {
    return this.pendingLateSuccess ? "noncompliant" : this.state;
  }
  recordLateSuccess(at, reason) {
    this.lateSucceededAt = at;
    this.end(Math.max(at, this.failedAt ?? at), reason);
    this.push({ kind: "late_succeeded", at, runs: null, note: reason });
  }
  end(at, reason) {
    this.endedAt = at;
    this.endReason = reason;
  }
  lastPauseEnd() {
    return this.closedPauses.length ? this.closedPauses[this.closedPauses.length - 1].to : Number.NEGATIVE_INFINITY;
  }
  push(t) {
    this.queue.push(t);
    this.version++;
  }
};

// src/sla/kpi-transition-text.ts
var TRANSITION_TEXT = {
  started: "clock started",
  paused: "clock paused",
  resumed: "clock resumed",
  warning: "warning reached (nearing noncompliance)",
  failed: "failure reached (noncompliant)",
  succeeded: "succeeded",
  late_succeeded: "succeeded late (stays noncompliant)",
  canceled: "canceled",
  calendar_applied: "new calendar version applied",
  pause_stale: "paused longer than the alert threshold"
};
function transitionSummary(kind, kpiLabel3, failureLabel) {
  const when = kind === "started" || kind === "resumed" || kind === "calendar_applied" || kind === "warning" ? ` (failure due ${failureLabel})` : "";
  return `SLA ${kpiLabel3}: ${TRANSITION_TEXT[kind]}${when}`;
}

// src/sla/kpi-start.ts
var RECORDED_START_SEQ = 1;
function planRecordedStart(input, startedAtMs) {
  const m = new KpiMachine(input, kpiWorkflowId(input.caseId, input.kpi, input.generation), startedAtMs);
  let deadlines;
  try {
    deadlines = computeKpiDeadlines({
      calendar: input.calendar,
      applicableFrom: input.applicableFrom,
      warningMinutes: input.warningMinutes,
      failureMinutes: input.failureMinutes,
      pauses: m.closedPauseIntervals()
    });
  } catch (err) {
    if (err instanceof CalendarError) return null;
    throw err;
  }
  m.applyDeadlines(deadlines, m.deadlinesEpoch);
  const started = m.takeTransition();
  m.seq = RECORDED_START_SEQ;
  return {
    recordedStart: { deadlines },
    status: m.status(),
    transition: {
      kind: "started",
      at: new Date(started.at).toISOString(),
      summary: transitionSummary("started", kpiLabel(input.kpi), deadlines.failureLabel),
      ...started.note ? { note: started.note } : {}
    }
  };
}
function initialKpiState(input) {
  return new KpiMachine(input, kpiWorkflowId(input.caseId, input.kpi, input.generation), 0).state;
}

// src/sla/kpi-instances.ts
var END_REASONS = {
  reevaluated: "re-evaluated",
  caseCancelled: "case cancelled",
  caseResolved: "case resolved",
  succeeded: "success criteria met"
};
async function openInstances(tx, caseId) {
  return tx.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, caseId), isNull(slaKpiInstances.endedAt))).orderBy(asc(slaKpiInstances.createdAt));
}
async function latestInstanceOfKpi(tx, caseId, kpi) {
  const [row] = await tx.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, caseId), eq(slaKpiInstances.kpi, kpi))).orderBy(desc(slaKpiInstances.generation)).limit(1);
  return row;
}
async function enqueueCommand(tx, instance, kind, payload) {
  await tx.insert(slaCommands).values({ caseId: instance.caseId, instanceId: instance.id, kind, payload });
}
async function createInstance(tx, n) {
  const [{ next }] = await tx.select({ next: sql`coalesce(max(${slaKpiInstances.generation}), 0) + 1` }).from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, n.input.caseId), eq(slaKpiInstances.kpi, n.input.kpi)));
  const generation = Number(next);
  const pausedSince = n.input.pauses.find((p) => p.to === null)?.from;
  const startedAt = n.startedAt ?? /* @__PURE__ */ new Date();
  const base = { ...n.input, instanceId: randomUUID3(), generation };
  const planned = planRecordedStart(base, startedAt.getTime());
  const [row] = await tx.insert(slaKpiInstances).values({
    id: base.instanceId,
    caseId: n.input.caseId,
    slaId: n.input.slaId,
    slaItemId: n.input.slaItemId,
    kpi: n.input.kpi,
    generation,
    workflowId: kpiWorkflowId(n.input.caseId, n.input.kpi, generation),
    itemSnapshot: n.itemSnapshot,
    calendarId: n.input.calendar?.id ?? null,
    calendarVersion: n.input.calendar?.version ?? null,
    state: pausedSince ? "paused" : "in_progress",
    applicableFrom: new Date(n.input.applicableFrom),
    pausedSince: pausedSince ? new Date(pausedSince) : null,
    carriedPausedMinutes: n.carriedPausedMinutes ?? 0,
    pauses: n.input.pauses,
    ...planned ? kpiStateColumns(planned.status, n.input.calendar, RECORDED_START_SEQ, startedAt) : {}
  }).returning();
  if (planned) {
    const timelineRow = kpiTimelineEvent(base, planned.status, planned.transition, RECORDED_START_SEQ);
    await tx.insert(caseEvents).values(timelineRow);
    await publishSlaTransition(tx, timelineRow);
  }
  const input = planned ? { ...base, recordedStart: planned.recordedStart } : base;
  await enqueueCommand(tx, row, "start", { input });
  return row;
}
async function markEnded(tx, instanceId, reason, at) {
  await tx.update(slaKpiInstances).set({ endedAt: at, endReason: reason, updatedAt: at }).where(eq(slaKpiInstances.id, instanceId));
}
async function recordPause(tx, instance, at) {
  const pauses = [...instance.pauses, { from: at.toISOString(), to: null }];
  await tx.update(slaKpiInstances).set({ pauses, pausedSince: at, updatedAt: at }).where(eq(slaKpiInstances.id, instance.id));
}
async function recordResume(tx, instance, at) {
  const pauses = instance.pauses.map((p) => p.to === null ? { ...p, to: at.toISOString() } : p);
  await tx.update(slaKpiInstances).set({ pauses, pausedSince: null, updatedAt: at }).where(eq(slaKpiInstances.id, instance.id));
}

// src/calendars/resolve-holidays.ts
var SERVICE_KEYS = ["id", "version"];
function sourceOf(definition) {
  const out = {};
  for (const [k, v] of Object.entries(definition)) if (!SERVICE_KEYS.includes(k) && v !== void 0) out[k] = v;
  return out;
}
function resolveDefinition(source, lists, meta) {
  const own = Array.isArray(source.holidays) ? source.holidays : [];
  const merged = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (h) => {
    const key = `${h.date}\0${h.name ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    merged.push(h.name === void 0 ? { date: h.date } : { date: h.date, name: h.name });
  };
  own.forEach(add);
  for (const list of lists) for (const h of list.holidays) add({ date: h.date, name: h.name ?? list.name });
  const { holidays: _ignored, ...rest } = sourceOf(source);
  return {
    ...rest,
    ...merged.length > 0 || source.holidays !== void 0 ? { holidays: merged } : {},
    id: meta.id,
    version: meta.version
  };
}
function sameBusinessTime(a, b) {
  return stableJson(sourceOf(a)) === stableJson(sourceOf(b));
}

// src/calendars/calendars.ts
var calendarNotFound = (id) => notFound("calendar", id);
async function lockHolidayLists(tx, ids, field = "body.holidayListIds") {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(holidayLists).where(and(inArray(holidayLists.id, [...ids]), isNull(holidayLists.deletedAt))).orderBy(asc(holidayLists.id)).for("share");
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const row = byId.get(id);
    if (!row) {
      throw unprocessable("HOLIDAY_LIST_NOT_FOUND", `${field}[${i}]: no holiday list with id "${id}"`, { field: `${field}[${i}]`, id });
    }
    return { id: row.id, name: row.name, version: row.version, holidays: row.holidays };
  });
}
var resolvedLists = (lists) => lists.map((l) => ({ id: l.id, name: l.name, version: l.version }));
function versionDefinition(source, lists, meta) {
  const definition = resolveDefinition(source, lists, meta);
  if (lists.length > 0) {
    checkDefinition(definition, "body.definition", `once its holiday lists (${lists.map((l) => `"${l.name}"`).join(", ")}) are included`);
  }
  return definition;
}
async function createCalendar(db2, input, now, actor) {
  const source = sourceOf(input.definition);
  checkDefinition(source, "body.definition");
  const ids = input.holidayListIds ?? [];
  const id = await db2.transaction(async (tx) => {
    const lists = await lockHolidayLists(tx, ids);
    const [row] = await tx.insert(calendars).values({ name: input.name, currentVersion: 1, holidayListIds: ids, createdAt: now, updatedAt: now }).returning();
    const definition = versionDefinition(source, lists, { id: row.id, version: 1 });
    await tx.insert(calendarVersions).values({
      calendarId: row.id,
      version: 1,
      definition,
      sourceDefinition: source,
      holidayLists: resolvedLists(lists),
      reason: "created",
      createdAt: now
    });
    await recordChange(tx, { entity: "calendar", entityId: row.id, version: 1, action: "created", data: { name: input.name } }, actor, now);
    return row.id;
  });
  return getCalendar(db2, id);
}
async function replaceCalendar(db2, id, input, expectedVersion, now, actor) {
  const source = sourceOf(input.definition);
  checkDefinition(source, "body.definition");
  const ids = input.holidayListIds ?? [];
  await db2.transaction(async (tx) => {
    const lists = await lockHolidayLists(tx, ids);
    const current2 = await lockCalendar(tx, id);
    if (expectedVersion !== void 0 && current2.currentVersion !== expectedVersion) {
      throw preconditionFailed(`The calendar changed since you read it (version ${current2.currentVersion}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: current2.currentVersion
      });
    }
    const version2 = current2.currentVersion + 1;
    const definition = versionDefinition(source, lists, { id, version: version2 });
    await tx.insert(calendarVersions).values({
      calendarId: id,
      version: version2,
      definition,
      sourceDefinition: source,
      holidayLists: resolvedLists(lists),
      reason: "updated",
      createdAt: now
    });
    await tx.update(calendars).set({ name: input.name, currentVersion: version2, holidayListIds: ids, updatedAt: now }).where(eq(calendars.id, id));
    await recordChange(tx, { entity: "calendar", entityId: id, version: version2, action: "updated", data: { name: input.name } }, actor, now);
  });
  return getCalendar(db2, id);
}
async function lockCalendar(tx, id) {
  const [row] = await tx.select().from(calendars).where(and(eq(calendars.id, id), isNull(calendars.deletedAt))).for("update");
  if (!row) throw calendarNotFound(id);
  return row;
}
async function deleteCalendar(db2, id, now, actor) {
  await db2.transaction(async (tx) => {
    const cal = await lockCalendar(tx, id);
    const users = await tx.select({ id: slas.id, name: slas.name }).from(slas).where(and(eq(slas.calendarId, id), isNull(slas.deletedAt))).orderBy(asc(slas.name), asc(slas.id));
    if (users.length > 0) {
      throw conflict(
        "CALENDAR_IN_USE",
        `The calendar "${cal.name}" is used by ${users.length === 1 ? "the SLA" : "the SLAs"} ${users.map((s) => `"${s.name}"`).join(", ")}; give ${users.length === 1 ? "it" : "them"} another calendar or delete ${users.length === 1 ? "it" : "them"} first.`,
        { slas: users }
      );
    }
    await tx.update(calendars).set({ deletedAt: now, updatedAt: now }).where(eq(calendars.id, id));
    await recordChange(tx, { entity: "calendar", entityId: id, version: cal.currentVersion, action: "deleted" }, actor, now);
  });
}
var WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
var clock = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
function normalisedView(definition) {
  const v = validateCalendar(definition);
  if (!v.ok) return { businessDayMinutes: null, weeklyOpenHours: null };
  const weeklyOpenHours = Object.fromEntries(WEEKDAYS.map((d, i) => [d, v.calendar.weekly[i].map(([a, b]) => `${clock(a)}-${clock(b)}`)]));
  return { businessDayMinutes: v.calendar.businessDayMinutes, weeklyOpenHours };
}
function timeZoneOf(definition) {
  return typeof definition?.timeZone === "string" ? definition.timeZone : "";
}
function summaryOf(row, definition) {
  return {
    id: row.id,
    name: row.name,
    version: row.currentVersion,
    timeZone: timeZoneOf(definition),
    holidayListIds: row.holidayListIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  };
}
async function liveCalendar(db2, id) {
  const [row] = await db2.select().from(calendars).where(and(eq(calendars.id, id), isNull(calendars.deletedAt)));
  if (!row) throw calendarNotFound(id);
  return row;
}
async function getCalendar(db2, id) {
  const row = await liveCalendar(db2, id);
  const versions = await db2.select().from(calendarVersions).where(eq(calendarVersions.calendarId, id)).orderBy(asc(calendarVersions.version));
  const current2 = versions.find((v) => v.version === row.currentVersion);
  const definition = current2?.definition ?? {};
  return {
    ...summaryOf(row, definition),
    definition,
    sourceDefinition: current2?.sourceDefinition ?? definition,
    holidayLists: current2?.holidayLists ?? [],
    ...normalisedView(definition),
    versions: versions.map((v) => ({ version: v.version, reason: v.reason, createdAt: v.createdAt.toISOString() }))
  };
}
async function listCalendars(db2) {
  const rows = await db2.select({ calendar: calendars, definition: calendarVersions.definition }).from(calendars).leftJoin(calendarVersions, and(eq(calendarVersions.calendarId, calendars.id), eq(calendarVersions.version, calendars.currentVersion))).where(isNull(calendars.deletedAt)).orderBy(asc(calendars.name), asc(calendars.id));
  return rows.map((r) => summaryOf(r.calendar, r.definition ?? void 0));
}
async function getCalendarVersion(db2, id, version2) {
  const cal = await liveCalendar(db2, id);
  const [row] = await db2.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, id), eq(calendarVersions.version, version2)));
  if (!row) {
    throw new AppError("CALENDAR_VERSION_NOT_FOUND", 404, `The calendar "${cal.name}" has no version ${version2} (its current version is ${cal.currentVersion}).`, {
      id,
      version: version2,
      currentVersion: cal.currentVersion
    });
  }
  return {
    calendarId: id,
    version: row.version,
    current: row.version === cal.currentVersion,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    holidayLists: row.holidayLists,
    definition: row.definition,
    sourceDefinition: row.sourceDefinition ?? row.definition
  };
}
async function applyToRunning(db2, id, expectedVersion, now, actor) {
  return db2.transaction(async (tx) => {
    const cal = await lockCalendar(tx, id);
    if (expectedVersion !== void 0 && cal.currentVersion !== expectedVersion) {
      throw preconditionFailed(`The calendar's current version is ${cal.currentVersion}, not ${expectedVersion} as If-Match said; read it again and retry.`, {
        currentVersion: cal.currentVersion
      });
    }
    const [current2] = await tx.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, id), eq(calendarVersions.version, cal.currentVersion)));
    if (!current2) throw new AppError("CALENDAR_VERSION_NOT_FOUND", 404, `The calendar "${cal.name}" has no version ${cal.currentVersion}.`, { id, version: cal.currentVersion });
    const instances = await tx.select({ id: slaKpiInstances.id, caseId: slaKpiInstances.caseId }).from(slaKpiInstances).where(
      and(
        eq(slaKpiInstances.calendarId, id),
        isNull(slaKpiInstances.endedAt),
        isNotNull(slaKpiInstances.calendarVersion),
        lt(slaKpiInstances.calendarVersion, cal.currentVersion)
      )
    ).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id)).for("update");
    const calendar = { id, version: cal.currentVersion, definition: current2.definition };
    for (const instance of instances) await enqueueCommand(tx, instance, "apply_calendar", { calendar });
    if (instances.length > 0) {
      await tx.update(slaKpiInstances).set({ calendarVersion: cal.currentVersion, updatedAt: now }).where(inArray(slaKpiInstances.id, instances.map((i) => i.id)));
    }
    await recordChange(tx, { entity: "calendar", entityId: id, version: cal.currentVersion, action: "applied_to_running", data: { instances: instances.length } }, actor, now);
    return { caseIds: [...new Set(instances.map((i) => i.caseId))], calendarId: id, version: cal.currentVersion, count: instances.length, instanceIds: instances.map((i) => i.id) };
  });
}

// src/calendars/calendar-schemas.ts
import { Type as Type23 } from "@sinclair/typebox";
var Uuid2 = Type23.String({ format: "uuid" });
var Nullable2 = (schema) => Type23.Union([schema, Type23.Null()]);
var StringEnum2 = (values, options = {}) => Type23.Unsafe({ type: "string", enum: [...values], ...options });
var Clock = Type23.String({ maxLength: 5, description: 'Local wall time "HH:MM", 00:00..23:59, and "24:00" as an end', examples: ["08:00"] });
var CalendarDate = Type23.String({ maxLength: 10, description: 'Local date "YYYY-MM-DD" (1900-01-01..2399-12-31)', examples: ["2025-12-25"] });
var Interval = Type23.Array(Clock, {
  minItems: 2,
  maxItems: 2,
  description: "Half-open [open, close) in local wall time; an end at or before the start runs past midnight (weekly hours only)",
  examples: [["08:00", "17:00"]]
});
var Intervals = Type23.Array(Interval, { maxItems: 48 });
var Weekly = Type23.Object(
  {
    mon: Type23.Optional(Intervals),
    tue: Type23.Optional(Intervals),
    wed: Type23.Optional(Intervals),
    thu: Type23.Optional(Intervals),
    fri: Type23.Optional(Intervals),
    sat: Type23.Optional(Intervals),
    sun: Type23.Optional(Intervals)
  },
  { additionalProperties: false, description: "Open intervals per ISO weekday (mon..sun); a missing day is closed" }
);
var HolidayEntry = Type23.Object(
  { date: CalendarDate, name: Type23.Optional(Type23.String({ maxLength: 200 })) },
  { additionalProperties: false, description: "Closes the whole local date" }
);
var Closure = Type23.Object(
  { date: CalendarDate, from: Clock, to: Clock, reason: Type23.Optional(Type23.String({ maxLength: 200 })) },
  { additionalProperties: false, description: "Closes [from, to) on one date" }
);
var SpecialHours = Type23.Object(
  { date: CalendarDate, intervals: Intervals, name: Type23.Optional(Type23.String({ maxLength: 200 })) },
  { additionalProperties: false, description: "Replaces the weekly hours of one date; an empty list closes it" }
);
var CalendarDefinitionSchema = Type23.Object(
  {
    timeZone: Type23.String({ maxLength: 100, description: 'IANA time zone, e.g. "America/New_York" (fixed offsets are refused)' }),
    is24x7: Type23.Optional(Type23.Boolean({ description: 'Open all day every day ("weekly" must then be empty); holidays, closures and special hours still apply' })),
    weekly: Type23.Optional(Weekly),
    holidays: Type23.Optional(Type23.Array(HolidayEntry, { maxItems: 5e3 })),
    closures: Type23.Optional(Type23.Array(Closure, { maxItems: 5e3 })),
    specialHours: Type23.Optional(Type23.Array(SpecialHours, { maxItems: 5e3 })),
    businessDayMinutes: Type23.Optional(
      Type23.Integer({ minimum: 1, maximum: 1440, description: "Length of one business day in minutes (1..1440); default: the most common weekly day length (1440 for 24x7)" })
    ),
    id: Type23.Optional(Type23.String({ maxLength: 200, description: "Metadata; on stored calendars it is the calendar id" })),
    version: Type23.Optional(Type23.Union([Type23.Integer({ minimum: 0, maximum: INT4_MAX }), Type23.String({ maxLength: 100 })], { description: "Metadata; on stored calendars it is the version number" })),
    name: Type23.Optional(Type23.String({ maxLength: 200 })),
    description: Type23.Optional(Type23.String({ maxLength: 2e3 }))
  },
  {
    additionalProperties: false,
    description: "A business-hours calendar (spec \xA71.1)",
    examples: [{ timeZone: "America/New_York", weekly: { mon: [["08:00", "17:00"]], tue: [["08:00", "17:00"]] }, holidays: [{ date: "2025-07-04", name: "Independence Day" }] }]
  }
);
var HolidayListIds = Type23.Array(Uuid2, {
  uniqueItems: true,
  maxItems: 50,
  description: "Holiday lists to include: their holidays are resolved into every version; changing a list adds a version to this calendar"
});
var CalendarInput = Type23.Object(
  {
    name: Type23.String({ minLength: 1, maxLength: 200 }),
    definition: CalendarDefinitionSchema,
    holidayListIds: Type23.Optional(HolidayListIds)
  },
  { additionalProperties: false }
);
var InstantView2 = Type23.String({ format: "date-time" });
var ResolvedHolidayList = Type23.Object({ id: Uuid2, name: Type23.String(), version: Type23.Integer() });
var CalendarVersionSummary = Type23.Object({
  version: Type23.Integer(),
  reason: Nullable2(Type23.String()),
  createdAt: InstantView2
});
var CalendarVersionView = Type23.Object({
  calendarId: Uuid2,
  version: Type23.Integer(),
  current: Type23.Boolean({ description: "True for the version new KPI instances pin" }),
  reason: Nullable2(Type23.String({ description: "Why this version exists" })),
  createdAt: InstantView2,
  holidayLists: Type23.Array(ResolvedHolidayList, { description: "The holiday lists (and their versions) resolved into this version" }),
  definition: Type23.Unsafe({ ...CalendarDefinitionSchema, description: "What the engine runs: the definition with holiday lists resolved in; never changes" }),
  sourceDefinition: Type23.Unsafe({ ...CalendarDefinitionSchema, description: "The definition as written (holiday lists not resolved): send this back in a PUT" })
});
var CalendarSummary = Type23.Object({
  id: Uuid2,
  name: Type23.String(),
  version: Type23.Integer({ description: "The current version (also the ETag)" }),
  timeZone: Type23.String(),
  holidayListIds: Type23.Array(Uuid2),
  createdAt: InstantView2,
  updatedAt: InstantView2
});
var CalendarView = Type23.Object({
  ...CalendarSummary.properties,
  definition: CalendarVersionView.properties.definition,
  sourceDefinition: CalendarVersionView.properties.sourceDefinition,
  holidayLists: CalendarVersionView.properties.holidayLists,
  businessDayMinutes: Nullable2(Type23.Number({ description: "Minutes in one business day (spec \xA71.7)" })),
  weeklyOpenHours: Nullable2(
    Type23.Object(
      Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, Type23.Array(Type23.String())])),
      { description: 'The weekly hours as the engine runs them: overlaps merged, overnight intervals split at midnight (each part on its own day), e.g. "08:00-17:00"' }
    )
  ),
  versions: Type23.Array(CalendarVersionSummary, { description: "Every version, oldest first; old versions never change" })
});
var ApplyToRunningResult = Type23.Object({
  calendarId: Uuid2,
  version: Type23.Integer({ description: "The version now applied" }),
  count: Type23.Integer({ description: "Open KPI instances moved to this version" }),
  instanceIds: Type23.Array(Uuid2)
});
var InUseSla = Type23.Object({ id: Uuid2, name: Type23.String() });
var HolidayListInput = Type23.Object(
  {
    name: Type23.String({ minLength: 1, maxLength: 200 }),
    holidays: Type23.Array(
      Type23.Object(
        { date: Type23.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD", examples: ["2025-12-25"] }), name: Type23.Optional(Type23.String({ minLength: 1, maxLength: 200 })) },
        { additionalProperties: false }
      ),
      { maxItems: 5e3, description: "One entry per date (a date may appear once)" }
    )
  },
  { additionalProperties: false }
);
var CalendarRef = Type23.Object({ id: Uuid2, name: Type23.String(), version: Type23.Integer({ description: "The calendar\u2019s current version" }) });
var HolidayListView = Type23.Object({
  id: Uuid2,
  name: Type23.String(),
  holidays: Type23.Array(Type23.Object({ date: Type23.String(), name: Type23.Optional(Type23.String()) })),
  version: Type23.Integer({ description: "Increments on every update (also the ETag)" }),
  usedBy: Type23.Array(CalendarRef, { description: "Calendars that include this list" }),
  createdAt: InstantView2,
  updatedAt: InstantView2
});
var HolidayListUpdateView = Type23.Object({
  ...HolidayListView.properties,
  calendarVersionsCreated: Type23.Array(Type23.Object({ calendarId: Uuid2, version: Type23.Integer() }), {
    description: "The new calendar versions this change created (one per calendar whose holidays changed)"
  })
});
var InstantText = Type23.String({
  maxLength: 64,
  description: "ISO 8601 instant WITH an offset, e.g. 2025-06-12T15:00:00-04:00 or 2025-06-12T19:00:00Z; without one: 400 INSTANT_WITHOUT_OFFSET"
});
var OpenEndInstant = Type23.Unsafe({ ...InstantText, type: ["string", "null"], description: `${InstantText.description} (null: still running)` });
var PauseInput = Type23.Object(
  { from: InstantText, to: Type23.Optional(OpenEndInstant) },
  { additionalProperties: false, description: "Business time in [from, to) does not count; `to` null or absent: the pause is still running" }
);
var CalendarChoice = {
  calendarId: Type23.Optional(Type23.String({ format: "uuid", description: "A stored calendar (its current version unless `version` is given)" })),
  version: Type23.Optional(Type23.Integer({ minimum: 1, maximum: INT4_MAX, description: "A version of `calendarId`" })),
  calendar: Type23.Optional(Type23.Unsafe({ ...CalendarDefinitionSchema, description: "An inline calendar definition (instead of calendarId)" }))
};
var DeadlineRequest = Type23.Object(
  {
    ...CalendarChoice,
    start: InstantText,
    duration: Type23.Union(
      [
        Type23.Object({ minutes: Type23.Number({ minimum: 0, maximum: 1e8 }) }, { additionalProperties: false }),
        Type23.Object({ hours: Type23.Number({ minimum: 0, maximum: 1e6 }) }, { additionalProperties: false }),
        Type23.Object({ businessDays: Type23.Number({ minimum: 0, maximum: 1e5 }) }, { additionalProperties: false })
      ],
      { description: "Business time: {minutes}, {hours} or {businessDays} (a business day is the calendar\u2019s working-day length, spec \xA71.7)" }
    ),
    pauses: Type23.Optional(Type23.Array(PauseInput, { maxItems: 1e3 })),
    boundary: Type23.Optional(StringEnum2(["fill", "next-open"], { description: "A budget used up at a closing time: 'fill' (default) gives the closing time, 'next-open' the next opening" }))
  },
  { additionalProperties: false, description: "Give calendarId (optionally with version) or an inline calendar; neither means 24x7 in UTC" }
);
var ElapsedRequest = Type23.Object(
  {
    ...CalendarChoice,
    from: InstantText,
    to: InstantText,
    pauses: Type23.Optional(Type23.Array(PauseInput, { maxItems: 1e3 }))
  },
  { additionalProperties: false, description: "Give calendarId (optionally with version) or an inline calendar; neither means 24x7 in UTC" }
);
var TimeView = Type23.Object({
  utc: InstantView2,
  local: Type23.String({ description: "ISO 8601 in the calendar\u2019s zone, with offset" }),
  label: Type23.String({ description: 'Human label, e.g. "Fri 13 Jun 10:00 America/New_York"' })
});
var ExplainedInstant = Type23.Object({ ms: Type23.Number(), utc: Type23.String(), local: Type23.String() });
var Step = Type23.Union([
  Type23.Object({ kind: Type23.Literal("open"), date: Type23.String(), from: ExplainedInstant, to: ExplainedInstant, minutes: Type23.Number() }, { description: "An open interval counted" }),
  Type23.Object(
    { kind: Type23.Literal("plain-days"), fromDate: Type23.String(), toDate: Type23.String(), days: Type23.Integer(), wholeWeeks: Type23.Integer(), minutes: Type23.Number() },
    { description: "A run of ordinary days counted at once" }
  ),
  Type23.Object({ kind: Type23.Literal("holiday"), date: Type23.String(), name: Type23.String() }, { description: "A holiday skipped" }),
  Type23.Object({ kind: Type23.Literal("closure"), date: Type23.String(), from: Type23.String(), to: Type23.String(), reason: Type23.String() }, { description: "A partial closure" }),
  Type23.Object({ kind: Type23.Literal("special-hours"), date: Type23.String(), name: Type23.String(), hours: Type23.Array(Type23.String()) }, { description: "Special hours used" }),
  Type23.Object(
    { kind: Type23.Literal("utc-offset-change"), date: Type23.String(), dayLengthMinutes: Type23.Number(), offsetAtStart: Type23.String(), offsetAtEnd: Type23.String() },
    { description: "A daylight-saving change" }
  )
]);
var PauseView = Type23.Object({ from: ExplainedInstant, to: Nullable2(ExplainedInstant), businessMinutes: Type23.Number() });
var CalendarUsed = Type23.Object({
  id: Type23.Optional(Uuid2),
  version: Type23.Optional(Type23.Integer()),
  timeZone: Type23.String(),
  businessDayMinutes: Type23.Number()
});
var explanationCommon = {
  timeZone: Type23.String(),
  calendar: Type23.Object({ id: Type23.Optional(Type23.String()), version: Type23.Optional(Type23.Union([Type23.Integer(), Type23.String()])) }),
  steps: Type23.Array(Step, { description: "Open intervals counted, runs of plain days, holidays/closures/special hours met, DST changes" }),
  pauses: Type23.Array(PauseView, { description: "Pauses subtracted, with their business minutes inside the span" }),
  openMinutes: Type23.Number(),
  pausedMinutes: Type23.Number()
};
var DeadlineResponse = Type23.Object({
  deadline: TimeView,
  businessMinutes: Type23.Number({ description: "The duration in business minutes" }),
  calendar: CalendarUsed,
  explanation: Type23.Object({
    kind: Type23.Literal("deadline"),
    start: ExplainedInstant,
    businessMinutes: Type23.Number(),
    boundary: StringEnum2(["fill", "next-open"]),
    firstOpen: ExplainedInstant,
    result: ExplainedInstant,
    ...explanationCommon
  })
});
var ElapsedResponse = Type23.Object({
  businessMinutes: Type23.Number({ description: "Business minutes in [from, to) outside pauses; negative when `to` is before `from`" }),
  from: TimeView,
  to: TimeView,
  calendar: CalendarUsed,
  explanation: Type23.Object({
    kind: Type23.Literal("elapsed"),
    from: ExplainedInstant,
    to: ExplainedInstant,
    businessMinutes: Type23.Number(),
    ...explanationCommon
  })
});

// src/http/routes/calendars.ts
var tags11 = ["calendars"];
var calendarHeaders = resourceHeaders((c) => `/v1/calendars/${c.id}`);
var calendarRoutes = async (app) => {
  app.post(
    "/v1/calendars",
    {
      config: { role: "admin" },
      preSerialization: calendarHeaders,
      schema: {
        tags: tags11,
        summary: "Create a calendar (version 1)",
        description: "The definition is checked by the calendar engine: an unknown time zone, a malformed time or date, or no open time at all is 400 CALENDAR_INVALID with every problem and its path. Holiday lists named in `holidayListIds` are resolved into the stored version.",
        headers: Type24.Object({ ...idempotencyKeyHeader }),
        body: CalendarInput,
        response: { 201: CalendarView, ...problems(422) }
      }
    },
    async (request, reply) => reply.code(201).send(await createCalendar(app.db, request.body, app.now(), actorOf(request)))
  );
  app.get(
    "/v1/calendars",
    { schema: { tags: tags11, summary: "List calendars (current versions)", response: { 200: Type24.Object({ items: Type24.Array(CalendarSummary) }), ...problems() } } },
    async () => ({ items: await listCalendars(app.db) })
  );
  app.get(
    "/v1/calendars/:id",
    {
      preSerialization: calendarHeaders,
      schema: { tags: tags11, summary: "Read a calendar: current version, its definition and the list of versions", params: IdParams, response: { 200: CalendarView, ...problems(404) } }
    },
    async (request) => getCalendar(app.db, request.params.id)
  );
  app.get(
    "/v1/calendars/:id/versions/:version",
    {
      schema: {
        tags: tags11,
        summary: "Read one version of a calendar (versions never change)",
        params: VersionParams,
        response: { 200: CalendarVersionView, ...problems(404) }
      }
    },
    async (request, reply) => {
      const version2 = await getCalendarVersion(app.db, request.params.id, request.params.version);
      return reply.header("etag", etagOf(version2.version)).send(version2);
    }
  );
  app.put(
    "/v1/calendars/:id",
    {
      config: { role: "admin" },
      preSerialization: calendarHeaders,
      schema: {
        tags: tags11,
        summary: "Write a new version of a calendar (old versions stay as they were)",
        description: "Needs If-Match with the ETag of the current version. Running KPI instances keep their version until apply-to-running.",
        params: IdParams,
        headers: Type24.Object({ ...requiredIfMatchHeader }),
        body: CalendarInput,
        response: { 200: CalendarView, ...problems(404, 412, 422, 428) }
      }
    },
    async (request) => replaceCalendar(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now(), actorOf(request))
  );
  app.delete(
    "/v1/calendars/:id",
    {
      config: { role: "admin" },
      schema: {
        tags: tags11,
        summary: "Delete a calendar (refused with 409 CALENDAR_IN_USE while an SLA uses it)",
        description: "Soft delete: running KPI instances keep their pinned version.",
        params: IdParams,
        response: { 204: Type24.Null({ description: "Deleted" }), ...problems(404, 409) }
      }
    },
    async (request, reply) => {
      await deleteCalendar(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    }
  );
  app.post(
    "/v1/calendars/:id/apply-to-running",
    {
      config: { role: "admin" },
      schema: {
        tags: tags11,
        summary: "Apply the current version to running KPI instances on older versions",
        description: "For every open KPI instance pinned to an older version of this calendar: queues an `apply_calendar` command (delivered to its workflow by the dispatcher/reconciler) and records the new version on the instance, in one transaction. Optional If-Match: the version you mean to apply (412 if it is no longer current).",
        params: IdParams,
        headers: Type24.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: ApplyToRunningResult, ...problems(404, 412) }
      }
    },
    async (request) => {
      const { caseIds, ...result } = await applyToRunning(app.db, request.params.id, ifMatchVersion(request), app.now(), actorOf(request));
      for (const caseId of caseIds) await app.caseLifecycle.afterCommit(caseId);
      return result;
    }
  );
};
var calendars_default = calendarRoutes;

// src/http/routes/holiday-lists.ts
import { Type as Type25 } from "@sinclair/typebox";

// src/calendars/holiday-lists.ts
var listNotFound = (id) => notFound("holiday list", id);
function checkHolidays(holidays, field = "body.holidays") {
  const seen = /* @__PURE__ */ new Map();
  holidays.forEach((h, i) => {
    const f = `${field}[${i}].date`;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h.date);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      throw invalidField(f, `must be a real date YYYY-MM-DD, got "${h.date}"`);
    }
    if (Number(m[1]) < 1900 || Number(m[1]) > 2399) throw invalidField(f, `must be between 1900-01-01 and 2399-12-31, got "${h.date}"`);
    const first = seen.get(h.date);
    if (first !== void 0) throw invalidField(f, `repeats ${h.date}, already listed at ${field}[${first}]; a date may appear once`);
    seen.set(h.date, i);
  });
  return [...holidays].sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : 0).map((h) => h.name === void 0 ? { date: h.date } : { date: h.date, name: h.name });
}
async function calendarsUsing(db2, listId, lock = false) {
  const q = db2.select().from(calendars).where(and(isNull(calendars.deletedAt), sql`${calendars.holidayListIds} @> ${JSON.stringify([listId])}::jsonb`)).orderBy(asc(calendars.id));
  return lock ? q.for("update") : q;
}
function viewOf(row, users) {
  return {
    id: row.id,
    name: row.name,
    holidays: row.holidays,
    version: row.version,
    usedBy: users.map((c) => ({ id: c.id, name: c.name, version: c.currentVersion })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  };
}
async function liveList(db2, id) {
  const [row] = await db2.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt)));
  if (!row) throw listNotFound(id);
  return row;
}
async function createHolidayList(db2, input, now, actor) {
  const holidays = checkHolidays(input.holidays);
  const row = await db2.transaction(async (tx) => {
    const [created] = await tx.insert(holidayLists).values({ name: input.name, holidays, version: 1, createdAt: now, updatedAt: now }).returning();
    await recordChange(tx, { entity: "holiday_list", entityId: created.id, version: 1, action: "created", data: { name: input.name } }, actor, now);
    return created;
  });
  return viewOf(row, []);
}
async function getHolidayList(db2, id) {
  const row = await liveList(db2, id);
  return viewOf(row, await calendarsUsing(db2, id));
}
async function listHolidayLists(db2) {
  const rows = await db2.select().from(holidayLists).where(isNull(holidayLists.deletedAt)).orderBy(asc(holidayLists.name), asc(holidayLists.id));
  const cals = await db2.select().from(calendars).where(isNull(calendars.deletedAt)).orderBy(asc(calendars.id));
  return rows.map((r) => viewOf(r, cals.filter((c) => c.holidayListIds.includes(r.id))));
}
async function updateHolidayList(db2, id, input, expectedVersion, now, actor) {
  const holidays = checkHolidays(input.holidays);
  const created = [];
  await db2.transaction(async (tx) => {
    const [current2] = await tx.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt))).for("update");
    if (!current2) throw listNotFound(id);
    if (expectedVersion !== void 0 && current2.version !== expectedVersion) {
      throw preconditionFailed(`The holiday list changed since you read it (version ${current2.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: current2.version
      });
    }
    const version2 = current2.version + 1;
    await tx.update(holidayLists).set({ name: input.name, holidays, version: version2, updatedAt: now }).where(eq(holidayLists.id, id));
    await recordChange(tx, { entity: "holiday_list", entityId: id, version: version2, action: "updated", data: { name: input.name } }, actor, now);
    const broken = [];
    for (const cal of await calendarsUsing(tx, id, true)) {
      const reason = `holiday list "${input.name}" changed (list version ${version2})`;
      const result = await nextCalendarVersion(tx, cal, reason, now);
      if (result.kind === "created") {
        created.push({ calendarId: cal.id, version: result.version });
        await recordChange(tx, { entity: "calendar", entityId: cal.id, version: result.version, action: "updated", data: { reason, holidayListId: id } }, actor, now);
      }
      if (result.kind === "invalid") broken.push({ id: cal.id, name: cal.name, problems: result.problems });
    }
    if (broken.length > 0) {
      throw conflict(
        "HOLIDAY_LIST_CONFLICT",
        `With these holidays ${broken.length === 1 ? "the calendar" : "the calendars"} ${broken.map((b) => `"${b.name}"`).join(", ")} would be invalid: ${broken.flatMap((b) => b.problems.map((p) => `${b.name}: ${p.path || "(root)"}: ${p.message}`)).join("; ")}`,
        { calendars: broken }
      );
    }
  });
  const view3 = await getHolidayList(db2, id);
  return { ...view3, calendarVersionsCreated: created };
}
async function nextCalendarVersion(tx, cal, reason, now) {
  const [current2] = await tx.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, cal.id), eq(calendarVersions.version, cal.currentVersion)));
  const source = sourceOf(current2?.sourceDefinition ?? current2?.definition ?? {});
  const lists = await readLists(tx, cal.holidayListIds);
  const version2 = cal.currentVersion + 1;
  const definition = resolveDefinition(source, lists, { id: cal.id, version: version2 });
  if (current2 && sameBusinessTime(definition, current2.definition)) return { kind: "unchanged" };
  const check2 = validateCalendar(definition);
  if (!check2.ok) return { kind: "invalid", problems: check2.problems };
  await tx.insert(calendarVersions).values({
    calendarId: cal.id,
    version: version2,
    definition,
    sourceDefinition: source,
    holidayLists: lists.map((l) => ({ id: l.id, name: l.name, version: l.version })),
    reason,
    createdAt: now
  });
  await tx.update(calendars).set({ currentVersion: version2, updatedAt: now }).where(eq(calendars.id, cal.id));
  return { kind: "created", version: version2 };
}
async function readLists(tx, ids) {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(holidayLists).where(and(inArray(holidayLists.id, [...ids]), isNull(holidayLists.deletedAt)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name, version: r.version, holidays: r.holidays }] : [];
  });
}
async function deleteHolidayList(db2, id, now, actor) {
  await db2.transaction(async (tx) => {
    const [row] = await tx.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt))).for("update");
    if (!row) throw listNotFound(id);
    const users = await calendarsUsing(tx, id);
    if (users.length > 0) {
      throw conflict(
        "HOLIDAY_LIST_IN_USE",
        `The holiday list "${row.name}" is included by ${users.length === 1 ? "the calendar" : "the calendars"} ${users.map((c) => `"${c.name}"`).join(", ")}; remove it from ${users.length === 1 ? "that calendar" : "those calendars"} first.`,
        { calendars: users.map((c) => ({ id: c.id, name: c.name })) }
      );
    }
    await tx.update(holidayLists).set({ deletedAt: now, updatedAt: now }).where(eq(holidayLists.id, id));
    await recordChange(tx, { entity: "holiday_list", entityId: id, version: row.version, action: "deleted" }, actor, now);
  });
}

// src/http/routes/holiday-lists.ts
var tags12 = ["calendars"];
var listHeaders = resourceHeaders((l) => `/v1/holiday-lists/${l.id}`);
var holidayListRoutes = async (app) => {
  app.post(
    "/v1/holiday-lists",
    {
      config: { role: "admin" },
      preSerialization: listHeaders,
      schema: {
        tags: tags12,
        summary: "Create a holiday list",
        description: "Dates are YYYY-MM-DD (real dates, 1900..2399), each date at most once; stored sorted by date.",
        headers: Type25.Object({ ...idempotencyKeyHeader }),
        body: HolidayListInput,
        response: { 201: HolidayListView, ...problems() }
      }
    },
    async (request, reply) => reply.code(201).send(await createHolidayList(app.db, request.body, app.now(), actorOf(request)))
  );
  app.get(
    "/v1/holiday-lists",
    { schema: { tags: tags12, summary: "List holiday lists", response: { 200: Type25.Object({ items: Type25.Array(HolidayListView) }), ...problems() } } },
    async () => ({ items: await listHolidayLists(app.db) })
  );
  app.get(
    "/v1/holiday-lists/:id",
    {
      preSerialization: listHeaders,
      schema: { tags: tags12, summary: "Read a holiday list and the calendars that include it", params: IdParams, response: { 200: HolidayListView, ...problems(404) } }
    },
    async (request) => getHolidayList(app.db, request.params.id)
  );
  app.put(
    "/v1/holiday-lists/:id",
    {
      config: { role: "admin" },
      preSerialization: listHeaders,
      schema: {
        tags: tags12,
        summary: "Replace a holiday list (adds a version to every calendar that includes it)",
        description: "Needs If-Match. In the same transaction, every calendar that includes the list and whose holidays change gets a new version (listed in `calendarVersionsCreated`); running KPI instances keep their version until apply-to-running. 409 HOLIDAY_LIST_CONFLICT if a calendar would become invalid.",
        params: IdParams,
        headers: Type25.Object({ ...requiredIfMatchHeader }),
        body: HolidayListInput,
        response: { 200: HolidayListUpdateView, ...problems(404, 409, 412, 428) }
      }
    },
    async (request) => updateHolidayList(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now(), actorOf(request))
  );
  app.delete(
    "/v1/holiday-lists/:id",
    {
      config: { role: "admin" },
      schema: {
        tags: tags12,
        summary: "Delete a holiday list (refused with 409 HOLIDAY_LIST_IN_USE while a calendar includes it)",
        params: IdParams,
        response: { 204: Type25.Null({ description: "Deleted" }), ...problems(404, 409) }
      }
    },
    async (request, reply) => {
      await deleteHolidayList(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    }
  );
};
var holiday_lists_default = holidayListRoutes;

// src/calendars/what-if.ts
var TWENTY_FOUR_SEVEN2 = { timeZone: "UTC", is24x7: true };
async function chooseCalendar(db2, body) {
  if (body.calendarId !== void 0 && body.calendar !== void 0) {
    throw invalidField("body.calendar", "cannot be combined with body.calendarId: give a stored calendar or an inline one");
  }
  if (body.version !== void 0 && body.calendarId === void 0) throw invalidField("body.version", "needs body.calendarId");
  if (body.calendarId !== void 0) {
    const pinned = await loadCalendarVersion(db2, body.calendarId, body.version);
    if (!pinned) {
      await getCalendar(db2, body.calendarId);
      throw new AppError("CALENDAR_VERSION_NOT_FOUND", 404, `body.version: the calendar has no version ${body.version}`, {
        field: "body.version",
        id: body.calendarId,
        version: body.version
      });
    }
    const compiled = withCalendarErrors(() => compileCalendar(pinned.definition), { definitionField: "calendar.definition" });
    return { compiled, id: pinned.id, version: pinned.version };
  }
  if (body.calendar !== void 0) {
    return { compiled: withCalendarErrors(() => compileCalendar(body.calendar), { definitionField: "body.calendar" }) };
  }
  return { compiled: compileCalendar(TWENTY_FOUR_SEVEN2) };
}
function parsePauses(pauses) {
  return (pauses ?? []).map((p, i) => {
    const from = instantField(p.from, `body.pauses[${i}].from`);
    const to = p.to === void 0 || p.to === null ? Infinity : instantField(p.to, `body.pauses[${i}].to`);
    if (to < from) throw invalidField(`body.pauses[${i}].to`, `must not be before body.pauses[${i}].from`);
    return { from, to };
  });
}
function timeView(ms3, zone) {
  return { utc: new Date(ms3).toISOString(), local: formatInZone(ms3, zone), label: formatLabel(ms3, zone) };
}
function calendarUsed(c) {
  return {
    ...c.id !== void 0 ? { id: c.id } : {},
    ...c.version !== void 0 ? { version: c.version } : {},
    timeZone: c.compiled.timeZone,
    businessDayMinutes: c.compiled.businessDayMinutes
  };
}
function explanationRef(c, fromEngine) {
  return c.id !== void 0 ? { id: c.id, version: c.version } : { ...fromEngine };
}
function durationMinutes2(cal, d) {
  if ("minutes" in d) return d.minutes;
  if ("hours" in d) return d.hours * 60;
  return withCalendarErrors(() => businessDaysToMinutes(cal, d.businessDays), { field: "body.duration.businessDays" });
}
var asJson2 = (value) => value;
async function whatIfDeadline(db2, body) {
  const start = instantField(body.start, "body.start");
  const pauses = parsePauses(body.pauses);
  const chosen = await chooseCalendar(db2, body);
  const cal = chosen.compiled;
  const minutes = durationMinutes2(cal, body.duration);
  const explanation = withCalendarErrors(() => explainDeadline(cal, start, minutes, { boundary: body.boundary ?? "fill", pauses }), { field: "body.duration" });
  return {
    deadline: timeView(explanation.result.ms, cal.timeZone),
    businessMinutes: explanation.businessMinutes,
    calendar: calendarUsed(chosen),
    explanation: { ...asJson2(explanation), calendar: explanationRef(chosen, explanation.calendar) }
  };
}
async function whatIfElapsed(db2, body) {
  const from = instantField(body.from, "body.from");
  const to = instantField(body.to, "body.to");
  const pauses = parsePauses(body.pauses);
  const chosen = await chooseCalendar(db2, body);
  const cal = chosen.compiled;
  const explanation = withCalendarErrors(() => explainElapsed(cal, from, to, { pauses }));
  return {
    businessMinutes: explanation.businessMinutes,
    from: timeView(from, cal.timeZone),
    to: timeView(to, cal.timeZone),
    calendar: calendarUsed(chosen),
    explanation: { ...asJson2(explanation), calendar: explanationRef(chosen, explanation.calendar) }
  };
}

// src/http/routes/business-time.ts
var tags13 = ["business time"];
var errors = "Instants must carry an offset (spec \xA71.6): without one it is 400 INSTANT_WITHOUT_OFFSET naming the field (body.start, body.pauses[0].from, ...). An invalid inline calendar is 400 CALENDAR_INVALID with its problems; a calendar without business time in reach is 422 NO_BUSINESS_TIME; a budget not used up before an open-ended pause is 422 DEADLINE_UNDEFINED.";
var businessTimeRoutes = async (app) => {
  app.post(
    "/v1/business-time/deadline",
    {
      schema: {
        tags: tags13,
        summary: "When is a business-time duration used up? (what-if deadline with explanation)",
        description: `Spec \xA71.4: the earliest instant at or after the first open instant at or after start with the duration of business time elapsed, outside pauses. ${errors}`,
        body: DeadlineRequest,
        response: { 200: DeadlineResponse, ...problems(404, 422) }
      }
    },
    async (request) => whatIfDeadline(app.db, request.body)
  );
  app.post(
    "/v1/business-time/elapsed",
    {
      schema: {
        tags: tags13,
        summary: "How much business time lies between two instants? (what-if elapsed with explanation)",
        description: `Spec \xA71.5: business minutes in [from, to) outside pauses; negative when to is before from. ${errors}`,
        body: ElapsedRequest,
        response: { 200: ElapsedResponse, ...problems(404, 422) }
      }
    },
    async (request) => whatIfElapsed(app.db, request.body)
  );
};
var business_time_default = businessTimeRoutes;

// src/http/routes/audit-log.ts
import { Type as Type26 } from "@sinclair/typebox";
var entities = ["sla", "calendar", "holiday_list"];
var AuditLogEntryView = Type26.Object({
  id: Type26.String({ description: "Sequence number of the change" }),
  entity: StringEnum(entities),
  entityId: Uuid,
  version: Nullable(Type26.Integer({ description: "The version the change produced (for a delete: the version deleted)" })),
  action: Type26.String({ description: "created, updated, deleted or applied_to_running" }),
  actor: ActorView,
  at: InstantView,
  data: Type26.Record(Type26.String(), Type26.Unknown())
});
var auditLogRoutes = async (app) => {
  app.get(
    "/v1/audit-log",
    {
      config: { role: "admin" },
      schema: {
        tags: ["audit"],
        summary: "Changes to SLAs, calendars and holiday lists, oldest first, with who made them",
        querystring: Type26.Object({ entity: Type26.Optional(StringEnum(entities)), entityId: Type26.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(AuditLogEntryView), ...problems() }
      }
    },
    async (request) => {
      const { entity, entityId, ...page } = request.query;
      return listChanges(app.db, { entity, entityId }, page);
    }
  );
};
var audit_log_default = auditLogRoutes;

// src/http/routes/previews.ts
import { Type as Type28 } from "@sinclair/typebox";

// src/sla/select-items.ts
function selectItems(items, facts) {
  const chosen = /* @__PURE__ */ new Map();
  const ordered = [...items].sort((a, b) => a.position - b.position);
  for (const item of ordered) {
    if (chosen.has(item.kpi)) continue;
    if (evaluateCondition(item.applicableWhen, facts)) chosen.set(item.kpi, item);
  }
  return chosen;
}

// src/sla/imported-clocks.ts
async function settleImportedClocks(tx, caseId, info) {
  const commands = await tx.select().from(slaCommands).where(and(eq(slaCommands.caseId, caseId), isNull(slaCommands.deliveredAt))).orderBy(asc(slaCommands.id));
  const started = commands.filter((c) => c.kind === "start");
  if (started.length === 0) return;
  const instances = await tx.select({ id: slaKpiInstances.id, pauses: slaKpiInstances.pauses }).from(slaKpiInstances).where(inArray(slaKpiInstances.id, started.map((c) => c.instanceId)));
  const pausesOf2 = new Map(instances.map((i) => [i.id, i.pauses]));
  for (const command of started) {
    const { input } = command.payload;
    const { recordedStart, ...rest } = input;
    const settled = { ...rest, pauses: pausesOf2.get(command.instanceId) ?? input.pauses };
    if (!info.fireOverdueActions) settled.importedAt = info.importedAt.toISOString();
    if (recordedStart) await recordStartAgain(tx, settled);
    await tx.update(slaCommands).set({ payload: { input: settled } }).where(eq(slaCommands.id, command.id));
  }
  const folded = commands.filter((c) => (c.kind === "pause" || c.kind === "resume") && pausesOf2.has(c.instanceId)).map((c) => c.id);
  if (folded.length) await tx.delete(slaCommands).where(inArray(slaCommands.id, folded));
}
async function recordStartAgain(tx, input) {
  const dedupeKey = `sla:${input.instanceId}:${RECORDED_START_SEQ}`;
  const [event3] = await tx.select({ occurredAt: caseEvents.occurredAt }).from(caseEvents).where(eq(caseEvents.dedupeKey, dedupeKey));
  const startedAt = event3?.occurredAt ?? new Date(input.applicableFrom);
  const planned = planRecordedStart(input, startedAt.getTime());
  if (!planned) return;
  await tx.update(slaKpiInstances).set(kpiStateColumns(planned.status, input.calendar, RECORDED_START_SEQ, startedAt)).where(eq(slaKpiInstances.id, input.instanceId));
  const { summary, data } = kpiTimelineEvent(input, planned.status, planned.transition, RECORDED_START_SEQ);
  await tx.update(caseEvents).set({ summary, data }).where(eq(caseEvents.dedupeKey, dedupeKey));
  input.recordedStart = planned.recordedStart;
}

// src/sla/sla-clock-listener.ts
function caseFacts(c) {
  return { ...c, fields: c.fields ?? {} };
}
async function pinnedSla(tx, c) {
  if (!c.slaId || c.slaVersion === null) return void 0;
  return loadSlaVersion(tx, c.slaId, c.slaVersion);
}
function successCriteriaOf(snapshot, kpi) {
  return snapshot.successCriteria ?? defaultSuccessCriteria(kpi);
}
function snapshotOf(item) {
  const { id, slaId, position, name, kpi, applicableWhen, successCriteria, applicableFrom, warningMinutes, failureMinutes, warningActions, failureActions, successActions } = item;
  const stalePause = stalePauseOf(item);
  return {
    ...{ id, slaId, position, name, kpi, applicableWhen, successCriteria, applicableFrom, warningMinutes, failureMinutes, warningActions, failureActions, successActions },
    ...stalePause ? { stalePause } : {}
  };
}
function stalePauseOf(item) {
  if (item.stalePauseMinutes === null || item.stalePauseTime === null) return null;
  return { afterMinutes: item.stalePauseMinutes, time: item.stalePauseTime, actions: item.stalePauseActions };
}
async function startInstance(tx, c, sla, item, opts) {
  const calendar = sla.calendarId ? await loadCalendarVersion(tx, sla.calendarId) : null;
  return createInstance(tx, {
    itemSnapshot: snapshotOf(item),
    carriedPausedMinutes: opts.carriedPausedMinutes,
    input: {
      caseId: c.id,
      caseNumber: c.number,
      caseTitle: c.title,
      slaId: sla.slaId,
      slaName: sla.name,
      slaItemId: item.id,
      itemName: item.name,
      kpi: item.kpi,
      applicableFrom: opts.applicableFrom.toISOString(),
      warningMinutes: item.warningMinutes,
      failureMinutes: item.failureMinutes,
      calendar: calendar ?? null,
      pauses: opts.pauses,
      allowPause: sla.allowPause,
      actions: { warning: item.warningActions, failure: item.failureActions, success: item.successActions },
      ...stalePauseOf(item) ? { stalePause: stalePauseOf(item) } : {},
      alreadyWarned: Boolean(opts.warnedAt),
      alreadyFailed: Boolean(opts.failedAt),
      alreadyWarnedAt: opts.warnedAt?.toISOString(),
      alreadyFailedAt: opts.failedAt?.toISOString()
    }
  });
}
function applicableFromOf(item, c) {
  if (item.applicableFrom === "firstResponseAt") return c.firstResponseAt;
  if (stageOfItem(item.applicableFrom)) return null;
  return c.createdAt;
}
async function succeedOrCancel(tx, c, at, closing) {
  const facts = caseFacts(c);
  for (const inst of await openInstances(tx, c.id)) {
    const byStage = stageOfItem(inst.itemSnapshot.applicableFrom) !== null;
    if (!byStage && evaluateCondition(successCriteriaOf(inst.itemSnapshot, inst.kpi), facts)) {
      const reason = inst.kpi === "first_response" ? "first response recorded" : closing ? "case resolved" : END_REASONS.succeeded;
      await enqueueCommand(tx, inst, "succeed", { at: at.toISOString(), reason });
      await markEnded(tx, inst.id, END_REASONS.succeeded, at);
    } else if (closing) {
      await enqueueCommand(tx, inst, "cancel", { at: at.toISOString(), reason: END_REASONS.caseResolved });
      await markEnded(tx, inst.id, END_REASONS.caseResolved, at);
    }
  }
}
function createSlaClockListener(delivery) {
  return {
    name: "sla-clocks",
    async beforeCreate(tx, draft) {
      if (!draft.slaId) draft.slaId = await defaultSlaId(tx);
      if (draft.slaId && draft.slaVersion == null) draft.slaVersion = await currentSlaVersion(tx, draft.slaId);
    },
    async onCreated(tx, c, at) {
      const loaded = await pinnedSla(tx, c);
      if (!loaded) return;
      const paused = isPausingStatus(loaded.settings, c.status);
      for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
        const from = applicableFromOf(item, c);
        if (!from) continue;
        await startInstance(tx, c, loaded.settings, item, { applicableFrom: from, pauses: paused ? [{ from: at.toISOString(), to: null }] : [] });
      }
      await succeedOrCancel(tx, c, at, null);
    },
    async onUpdated(tx, _before, after, _changed, at) {
      if (after.status === "resolved" || after.status === "cancelled") return;
      const loaded = await pinnedSla(tx, after);
      if (!loaded) return;
      const selected = selectItems(loaded.items, caseFacts(after));
      const open = await openInstances(tx, after.id);
      for (const inst of open) {
        const now = selected.get(inst.kpi);
        if (now?.id === inst.slaItemId) continue;
        await enqueueCommand(tx, inst, "cancel", { at: at.toISOString(), reason: END_REASONS.reevaluated });
        await markEnded(tx, inst.id, END_REASONS.reevaluated, at);
        if (now) {
          await startInstance(tx, after, loaded.settings, now, {
            applicableFrom: inst.applicableFrom,
            pauses: inst.pauses,
            warnedAt: inst.warnedAt,
            failedAt: inst.failedAt,
            carriedPausedMinutes: inst.pausedBusinessMinutes
          });
        }
      }
      const openKpis = new Set(open.map((i) => i.kpi));
      for (const [kpi, item] of selected) {
        if (openKpis.has(kpi)) continue;
        const latest = await latestInstanceOfKpi(tx, after.id, kpi);
        if (latest && latest.endReason !== END_REASONS.reevaluated) continue;
        const from = latest?.applicableFrom ?? applicableFromOf(item, after);
        if (!from) continue;
        const paused = isPausingStatus(loaded.settings, after.status);
        await startInstance(tx, after, loaded.settings, item, {
          applicableFrom: from,
          pauses: latest ? latest.pauses : paused ? [{ from: at.toISOString(), to: null }] : [],
          warnedAt: latest?.warnedAt,
          failedAt: latest?.failedAt
        });
      }
      await succeedOrCancel(tx, after, at, null);
    },
    async onStatusChanged(tx, before, after, at) {
      const loaded = await pinnedSla(tx, after);
      if (loaded) {
        const pause = isPausingStatus(loaded.settings, after.status);
        for (const inst of await openInstances(tx, after.id)) {
          if (pause && !inst.pausedSince) {
            await enqueueCommand(tx, inst, "pause", { at: at.toISOString() });
            await recordPause(tx, inst, at);
          } else if (!pause && inst.pausedSince) {
            await enqueueCommand(tx, inst, "resume", { at: at.toISOString() });
            await recordResume(tx, inst, at);
          }
        }
      }
      await succeedOrCancel(tx, after, at, null);
    },
    async onFirstResponse(tx, c, at) {
      await succeedOrCancel(tx, c, at, null);
      const loaded = await pinnedSla(tx, c);
      if (!loaded) return;
      for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
        if (item.applicableFrom !== "firstResponseAt" || await latestInstanceOfKpi(tx, c.id, item.kpi)) continue;
        const pauses = isPausingStatus(loaded.settings, c.status) ? [{ from: at.toISOString(), to: null }] : [];
        await startInstance(tx, c, loaded.settings, item, { applicableFrom: c.firstResponseAt ?? at, pauses });
      }
    },
    async onResolved(tx, _before, after, at) {
      await succeedOrCancel(tx, after, at, "resolved");
    },
    async onCancelled(tx, _before, after, at) {
      for (const inst of await openInstances(tx, after.id)) {
        await enqueueCommand(tx, inst, "cancel", { at: at.toISOString(), reason: END_REASONS.caseCancelled });
        await markEnded(tx, inst.id, END_REASONS.caseCancelled, at);
      }
    },
    async onReopened(tx, _before, after, at) {
      const loaded = await pinnedSla(tx, after);
      if (!loaded) return;
      const openKpis = new Set((await openInstances(tx, after.id)).map((i) => i.kpi));
      const facts = caseFacts(after);
      for (const [kpi, item] of selectItems(loaded.items, facts)) {
        if (openKpis.has(kpi)) continue;
        if (evaluateCondition(item.successCriteria ?? defaultSuccessCriteria(kpi), facts)) continue;
        await startInstance(tx, after, loaded.settings, item, { applicableFrom: at, pauses: [] });
      }
    },
    async onImported(tx, c, info) {
      await settleImportedClocks(tx, c.id, info);
    },
    async afterCommit(caseId) {
      delivery?.wake(caseId);
    }
  };
}

// src/previews/instance-scope.ts
var instanceFingerprint = sql`concat_ws('|', ${slaKpiInstances.updatedAt}::text, ${slaKpiInstances.mirrorSeq}::text, coalesce(${slaKpiInstances.endedAt}::text, ''), ${slaKpiInstances.pauses}::text, coalesce(${slaKpiInstances.calendarVersion}::text, ''), ${slaKpiInstances.slaItemId}::text)`;
function columns(fingerprint) {
  return {
    id: slaKpiInstances.id,
    caseId: slaKpiInstances.caseId,
    caseNumber: cases.number,
    kpi: slaKpiInstances.kpi,
    applicableFrom: slaKpiInstances.applicableFrom,
    pauses: slaKpiInstances.pauses,
    pausedSince: slaKpiInstances.pausedSince,
    warningAt: slaKpiInstances.warningAt,
    failureAt: slaKpiInstances.failureAt,
    warnedAt: slaKpiInstances.warnedAt,
    failedAt: slaKpiInstances.failedAt,
    pausedBusinessMinutes: slaKpiInstances.pausedBusinessMinutes,
    calendarId: slaKpiInstances.calendarId,
    calendarVersion: slaKpiInstances.calendarVersion,
    warningMinutes: sql`(${slaKpiInstances.itemSnapshot}->>'warningMinutes')::integer`,
    failureMinutes: sql`coalesce((${slaKpiInstances.itemSnapshot}->>'failureMinutes')::integer, 0)`,
    fingerprint: sql`md5(${fingerprint})`
  };
}
async function calendarScope(db2, targets, lock = false) {
  if (targets.size === 0) return [];
  const older = [...targets].map(([id, version2]) => and(eq(slaKpiInstances.calendarId, id), sql`${slaKpiInstances.calendarVersion} < ${version2}`));
  const q = db2.select(columns(instanceFingerprint)).from(slaKpiInstances).innerJoin(cases, eq(cases.id, slaKpiInstances.caseId)).where(and(inArray(slaKpiInstances.calendarId, [...targets.keys()]), isNull(slaKpiInstances.endedAt), or(...older))).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id));
  return lock ? q.for("update", { of: slaKpiInstances }) : q;
}
async function lockCases(tx, ids) {
  const sorted = [...ids].sort();
  for (let k = 0; k < sorted.length; k += 1e3) {
    await tx.select({ id: cases.id }).from(cases).where(inArray(cases.id, sorted.slice(k, k + 1e3))).orderBy(asc(cases.id)).for("update");
  }
}
function factColumns() {
  const all = getTableColumns(cases);
  const picked = Object.fromEntries(Object.entries(all).filter(([name]) => name in caseFieldCatalog || name === "fields" || name === "id"));
  return picked;
}
async function slaScope(db2, slaId, version2, full = false) {
  const inScope = and(eq(cases.slaId, slaId), ne(cases.slaVersion, version2));
  const fingerprint = sql`concat_ws('|', ${instanceFingerprint}, ${cases.updatedAt}::text, ${cases.slaVersion}::text)`;
  const q = db2.select(columns(fingerprint)).from(slaKpiInstances).innerJoin(cases, eq(cases.id, slaKpiInstances.caseId)).where(and(inScope, isNull(slaKpiInstances.endedAt))).orderBy(asc(slaKpiInstances.caseId), asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id));
  const instances = full ? await q.for("update", { of: slaKpiInstances }) : await q;
  const caseRows = await db2.select(full ? getTableColumns(cases) : factColumns()).from(cases).where(and(inScope, sql`exists (select 1 from ${slaKpiInstances} where ${slaKpiInstances.caseId} = ${cases.id} and ${slaKpiInstances.endedAt} is null)`));
  return { instances, cases: new Map(caseRows.map((c) => [c.id, c])) };
}

// src/previews/preview-rules.ts
var ALWAYS_OPEN3 = { timeZone: "UTC", is24x7: true };
var CalendarCache = class {
  compiled = /* @__PURE__ */ new Map();
  get(calendar) {
    const key = calendar ? `${calendar.id}@${calendar.version}` : "24x7";
    let cal = this.compiled.get(key);
    if (!cal) {
      cal = compileCalendar(calendar?.definition ?? ALWAYS_OPEN3);
      this.compiled.set(key, cal);
    }
    return cal;
  }
};
function closedPauses(inst) {
  if (inst.pauses.length === 0) return [];
  const m = new KpiMachine({ applicableFrom: inst.applicableFrom.toISOString(), pauses: inst.pauses }, "", 0);
  return m.closedPauseIntervals().map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) }));
}
function newInstants(cache, inst, terms) {
  const cal = cache.get(terms.calendar);
  const start = inst.applicableFrom.getTime();
  const pauses = closedPauses(inst).filter((p) => p.to > p.from);
  const failureAt = deadline(cal, start, terms.failureMinutes, { pauses });
  const warningAt = terms.warningMinutes === null ? null : deadline(cal, start, terms.warningMinutes, { pauses });
  return { warningAt, failureAt };
}
var iso3 = (ms3) => ms3 === null || ms3 === void 0 ? null : new Date(ms3).toISOString();
var horizonOf = (inst, asOf) => inst.pausedSince ? inst.pausedSince.getTime() : asOf;
function movementOf(oldW, oldF, newW, newF) {
  if (oldF === null) return "later";
  if (newF !== oldF) return newF < oldF ? "earlier" : "later";
  if (oldW === newW) return "unchanged";
  if (oldW === null) return "earlier";
  if (newW === null) return "later";
  return newW < oldW ? "earlier" : "later";
}
function decide(cache, inst, terms, asOf, opts) {
  const oldW = inst.warningAt?.getTime() ?? null;
  const oldF = inst.failureAt?.getTime() ?? null;
  const horizon = horizonOf(inst, asOf);
  const failed = inst.failedAt !== null;
  const old = { warningAt: iso3(oldW), failureAt: iso3(oldF), breached: failed || oldF !== null && oldF <= horizon };
  const base = { instanceId: inst.id, caseId: inst.caseId, caseNumber: inst.caseNumber, kpi: inst.kpi, fingerprint: inst.fingerprint, old };
  if (terms === null) return { ...base, new: null, movement: "ended", calendar: null };
  const extra = { calendar: opts.calendarOut, ...opts.newItemPosition !== void 0 ? { newItemPosition: opts.newItemPosition } : {} };
  if (failed && opts.failureIsFinal) return { ...base, new: { ...old }, movement: "unchanged", ...extra };
  const next = newInstants(cache, inst, terms);
  const newF = next.failureAt;
  return {
    ...base,
    new: { warningAt: iso3(next.warningAt), failureAt: iso3(newF), breached: failed || newF <= horizon },
    movement: movementOf(oldW, oldF, next.warningAt, newF),
    ...extra
  };
}
function totalsOf(decisions) {
  const t = { instances: decisions.length, movedEarlier: 0, movedLater: 0, unchanged: 0, ended: 0, newlyBreached: 0, noLongerBreached: 0 };
  for (const d of decisions) {
    if (d.movement === "earlier") t.movedEarlier++;
    else if (d.movement === "later") t.movedLater++;
    else if (d.movement === "unchanged") t.unchanged++;
    else t.ended++;
    const after = d.new?.breached ?? false;
    if (after && !d.old.breached) t.newlyBreached++;
    if (!after && d.old.breached && d.new !== null) t.noLongerBreached++;
  }
  return t;
}
var changes = (d) => d.movement !== "unchanged";

// src/previews/decisions.ts
async function currentCalendarVersions(db2, ids) {
  if (ids.length === 0) return /* @__PURE__ */ new Map();
  const rows = await db2.select({ id: calendars.id, version: calendars.currentVersion, definition: calendarVersions.definition }).from(calendars).innerJoin(calendarVersions, and(eq(calendarVersions.calendarId, calendars.id), eq(calendarVersions.version, calendars.currentVersion))).where(and(inArray(calendars.id, [...ids]), isNull(calendars.deletedAt)));
  return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, definition: r.definition }]));
}
async function calendarDecisions(db2, targets, asOf) {
  const scope = await calendarScope(db2, new Map([...targets].map(([id, c]) => [id, c.version])));
  const cache = new CalendarCache();
  const at = asOf.getTime();
  const decisions = scope.map((inst) => {
    const calendar = targets.get(inst.calendarId);
    const terms = { calendar, warningMinutes: inst.warningMinutes, failureMinutes: inst.failureMinutes };
    return decide(cache, inst, terms, at, { failureIsFinal: true, calendarOut: { id: calendar.id, version: calendar.version } });
  });
  return { decisions };
}
async function loadSlaTarget(db2, slaId, version2) {
  const pinned = await loadSlaVersion(db2, slaId, version2);
  if (!pinned) return void 0;
  const calendar = pinned.settings.calendarId ? await loadCalendarVersion(db2, pinned.settings.calendarId) ?? null : null;
  return { pinned, calendar };
}
async function slaDecisions(db2, target, asOf) {
  const scope = await slaScope(db2, target.pinned.settings.slaId, target.pinned.settings.version);
  const caseRows = scope.cases;
  const cache = new CalendarCache();
  const at = asOf.getTime();
  const calendarOut = target.calendar ? { id: target.calendar.id, version: target.calendar.version } : null;
  const selections = /* @__PURE__ */ new Map();
  const decisions = scope.instances.map((inst) => {
    let selected = selections.get(inst.caseId);
    if (!selected) {
      selected = selectItems(target.pinned.items, caseFacts(caseRows.get(inst.caseId)));
      selections.set(inst.caseId, selected);
    }
    const item = selected.get(inst.kpi);
    const terms = item ? { calendar: target.calendar, warningMinutes: item.warningMinutes, failureMinutes: item.failureMinutes } : null;
    return decide(cache, inst, terms, at, { failureIsFinal: false, calendarOut, newItemPosition: item?.position });
  });
  return { decisions };
}

// src/previews/preview-store.ts
var ms2 = (text3) => text3 === null ? null : Date.parse(text3);
var text2 = (epoch) => epoch === null ? null : new Date(epoch).toISOString();
function encode(d) {
  return [
    d.instanceId,
    d.caseId,
    d.caseNumber,
    d.kpi,
    d.fingerprint,
    d.movement,
    ms2(d.old.warningAt),
    ms2(d.old.failureAt),
    d.old.breached ? 1 : 0,
    d.new ? ms2(d.new.warningAt) : null,
    d.new ? ms2(d.new.failureAt) : null,
    d.new ? d.new.breached ? 1 : 0 : null,
    d.calendar?.id ?? null,
    d.calendar?.version ?? null,
    d.newItemPosition ?? null
  ];
}
function decode(t) {
  const [instanceId, caseId, caseNumber, kpi, fingerprint, movement, oW, oF, oB, nW, nF, nB, calId, calVersion, position] = t;
  return {
    instanceId,
    caseId,
    caseNumber,
    kpi,
    fingerprint,
    movement,
    old: { warningAt: text2(oW), failureAt: text2(oF), breached: oB === 1 },
    new: nB === null ? null : { warningAt: text2(nW), failureAt: text2(nF), breached: nB === 1 },
    calendar: calId === null ? null : { id: calId, version: calVersion },
    ...position === null ? {} : { newItemPosition: position }
  };
}
var decoded = (row) => ({ ...row, decisions: row.decisions.map(decode) });
async function storePreview(db2, p, actor) {
  const stored = p.decisions.map(encode);
  const [row] = await db2.insert(changePreviews).values({ ...p, decisions: stored, totals: totalsOf(p.decisions), ...actorColumns(actor), createdAt: p.asOf }).returning({ id: changePreviews.id, appliedAt: changePreviews.appliedAt, appliedBy: changePreviews.appliedBy });
  return { ...p, ...row, totals: totalsOf(p.decisions), ...actorColumns(actor), createdAt: p.asOf };
}
var previewNotFound = (id) => new AppError("PREVIEW_NOT_FOUND", 404, `No preview with id "${id}"; make one with POST .../preview.`, { id });
async function loadPreview(db2, id, lock) {
  const q = (lock ?? db2).select().from(changePreviews).where(eq(changePreviews.id, id));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw previewNotFound(id);
  return decoded(row);
}
async function markApplied(tx, id, at, actor) {
  await tx.update(changePreviews).set({ appliedAt: at, appliedBy: actor.name }).where(eq(changePreviews.id, id));
}
function previewView(row, page = { offset: 0, limit: 100 }) {
  const changed = row.decisions.filter(changes);
  const slice = changed.slice(page.offset, page.offset + page.limit);
  const next = page.offset + page.limit < changed.length ? page.offset + page.limit : null;
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    baseVersion: row.baseVersion,
    proposed: row.proposed !== null,
    target: row.target,
    asOf: row.asOf.toISOString(),
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    totals: row.totals,
    changes: slice.map((d) => ({
      instanceId: d.instanceId,
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      kpi: d.kpi,
      movement: d.movement,
      old: d.old,
      new: d.new,
      newlyBreached: (d.new?.breached ?? false) && !d.old.breached,
      noLongerBreached: d.new !== null && !d.new.breached && d.old.breached
    })),
    changesTotal: changed.length,
    nextOffset: next
  };
}
var RolledBack = class extends Error {
  constructor(value) {
    super("preview: rolled back");
    this.value = value;
  }
};
async function dryRun(db2, work) {
  try {
    await db2.transaction(async (tx) => {
      throw new RolledBack(await work(tx));
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.value;
    throw err;
  }
  throw new Error("unreachable: the dry run did not roll back");
}
var asDb = (tx) => tx;

// src/previews/make-preview.ts
async function subjectVersion(db2, kind, id) {
  const table = kind === "calendar" ? calendars : kind === "holiday_list" ? holidayLists : slas;
  const column = kind === "calendar" ? calendars.currentVersion : kind === "holiday_list" ? holidayLists.version : slas.version;
  const [row] = await db2.select({ version: column }).from(table).where(and(eq(table.id, id), isNull(table.deletedAt)));
  if (!row) throw notFound(kind === "calendar" ? "calendar" : kind === "holiday_list" ? "holiday list" : "SLA", id);
  return row.version;
}
async function calendarsIncluding(db2, listId) {
  const rows = await db2.select({ id: calendars.id }).from(calendars).where(and(isNull(calendars.deletedAt), sql`${calendars.holidayListIds} @> ${JSON.stringify([listId])}::jsonb`));
  return rows.map((r) => r.id).sort();
}
async function onCalendars(db2, ids, asOf) {
  const targets = await currentCalendarVersions(db2, ids);
  const decided = await calendarDecisions(db2, targets, asOf);
  return { ...decided, target: { calendars: [...targets.values()].map((c) => ({ id: c.id, version: c.version })).sort((a, b) => a.id.localeCompare(b.id)) } };
}
async function save(db2, kind, subjectId, proposed, c, asOf, actor) {
  return storePreview(db2, { kind, subjectId, baseVersion: c.baseVersion, proposed: proposed ?? null, target: c.target, decisions: c.decisions, asOf }, actor);
}
async function previewCalendar(db2, id, body, asOf, actor) {
  const proposed = body.proposed;
  const computed = await dryRun(db2, async (tx) => {
    const baseVersion = await subjectVersion(tx, "calendar", id);
    if (proposed) await replaceCalendar(asDb(tx), id, proposed, baseVersion, asOf, actor);
    return { baseVersion, ...await onCalendars(tx, [id], asOf) };
  });
  return save(db2, "calendar", id, proposed, computed, asOf, actor);
}
async function previewHolidayList(db2, id, body, asOf, actor) {
  const proposed = body.proposed;
  const computed = await dryRun(db2, async (tx) => {
    const baseVersion = await subjectVersion(tx, "holiday_list", id);
    const ids = proposed ? (await updateHolidayList(asDb(tx), id, proposed, baseVersion, asOf, actor)).calendarVersionsCreated.map((c) => c.calendarId) : await calendarsIncluding(tx, id);
    return { baseVersion, ...await onCalendars(tx, ids, asOf) };
  });
  return save(db2, "holiday_list", id, proposed, computed, asOf, actor);
}
async function previewSla(db2, id, body, businessDayMinutes2, asOf, actor) {
  const proposed = body.proposed;
  const computed = await dryRun(db2, async (tx) => {
    const baseVersion = await subjectVersion(tx, "sla", id);
    const version2 = proposed ? (await replaceSla(asDb(tx), id, proposed, baseVersion, businessDayMinutes2, asOf, actor)).version : baseVersion;
    const target = await loadSlaTarget(tx, id, version2);
    const decided = await slaDecisions(tx, target, asOf);
    const cal = target.calendar ? [{ id: target.calendar.id, version: target.calendar.version }] : [];
    return { baseVersion, ...decided, target: { calendars: cal, slaVersion: version2 } };
  });
  return save(db2, "sla", id, proposed, computed, asOf, actor);
}

// src/previews/apply-preview.ts
var SLA_VERSION_APPLIED = (version2) => `SLA version ${version2} applied`;
var stale = (message, details = {}) => conflict("PREVIEW_STALE", `${message}; the preview no longer says what applying would do. Make a new preview (POST .../preview) and apply that one.`, details);
function sameVersions(a, b) {
  const key = (l) => l.map((c) => `${c.id}@${c.version}`).sort().join(",");
  return key(a) === key(b);
}
function checkScope(p, fresh) {
  const now = new Map(fresh.map((i) => [i.id, i]));
  const changed = p.decisions.filter((d) => now.get(d.instanceId)?.fingerprint !== d.fingerprint).map((d) => d.instanceId);
  const previewed = new Set(p.decisions.map((d) => d.instanceId));
  const added = fresh.filter((i) => !previewed.has(i.id)).map((i) => i.id);
  if (changed.length || added.length) {
    const what = [changed.length ? `${changed.length} previewed KPI instance(s) changed or ended` : "", added.length ? `${added.length} new one(s) came into scope` : ""].filter(Boolean).join(" and ");
    throw stale(`Since the preview, ${what}`, { changedInstanceIds: changed.slice(0, 20), addedInstanceIds: added.slice(0, 20) });
  }
  return now;
}
async function applyPreview(db2, id, businessDayMinutes2, now, actor) {
  const caseIds = await db2.transaction(async (tx) => {
    const p = await loadPreview(tx, id, tx);
    if (p.appliedAt) {
      throw conflict("PREVIEW_ALREADY_APPLIED", `This preview was applied at ${p.appliedAt.toISOString()}; make a new preview for further changes.`, { appliedAt: p.appliedAt.toISOString() });
    }
    const version2 = await subjectVersion(tx, p.kind, p.subjectId).catch((err) => {
      if (err instanceof AppError && err.status === 404) throw stale(`The ${p.kind.replace("_", " ")} was deleted`);
      throw err;
    });
    if (version2 !== p.baseVersion) {
      throw stale(`The ${p.kind.replace("_", " ")} is at version ${version2}, the preview was made on version ${p.baseVersion}`, { currentVersion: version2 });
    }
    const touched = p.kind === "sla" ? await applySla(tx, p, businessDayMinutes2, now, actor) : await applyCalendars(tx, p, now, actor);
    await markApplied(tx, id, now, actor);
    return touched;
  });
  return { row: await loadPreview(db2, id), caseIds };
}
async function applyCalendars(tx, p, now, actor) {
  let calendarIds;
  if (p.kind === "calendar") {
    if (p.proposed) await replaceCalendar(asDb(tx), p.subjectId, p.proposed, p.baseVersion, now, actor);
    calendarIds = [p.subjectId];
  } else if (p.proposed) {
    const written = await updateHolidayList(asDb(tx), p.subjectId, p.proposed, p.baseVersion, now, actor);
    calendarIds = written.calendarVersionsCreated.map((c) => c.calendarId);
  } else {
    calendarIds = await calendarsIncluding(tx, p.subjectId);
  }
  const targets = await currentCalendarVersions(tx, calendarIds);
  const versions = [...targets.values()].map((c) => ({ id: c.id, version: c.version }));
  if (!sameVersions(versions, p.target.calendars)) {
    throw stale("The calendar versions applying would produce differ from the previewed ones", { previewed: p.target.calendars, now: versions });
  }
  await lockCases(tx, [...new Set(p.decisions.map((d) => d.caseId))]);
  checkScope(p, await calendarScope(tx, new Map(versions.map((c) => [c.id, c.version])), true));
  const byCalendar = /* @__PURE__ */ new Map();
  for (const d of p.decisions) byCalendar.set(d.calendar.id, [...byCalendar.get(d.calendar.id) ?? [], d]);
  for (const [calendarId, decisions] of byCalendar) {
    const calendar = targets.get(calendarId);
    for (let i = 0; i < decisions.length; i += 1e3) {
      const chunk = decisions.slice(i, i + 1e3);
      await tx.insert(slaCommands).values(chunk.map((d) => ({ caseId: d.caseId, instanceId: d.instanceId, kind: "apply_calendar", payload: { calendar } })));
      await tx.update(slaKpiInstances).set({ calendarVersion: calendar.version, updatedAt: now }).where(inArray(slaKpiInstances.id, chunk.map((d) => d.instanceId)));
    }
  }
  for (const c of versions) {
    const count = byCalendar.get(c.id)?.length ?? 0;
    await recordChange(tx, { entity: "calendar", entityId: c.id, version: c.version, action: "applied_to_running", data: { instances: count, previewId: p.id } }, actor, now);
  }
  return [...new Set(p.decisions.map((d) => d.caseId))];
}
async function applySla(tx, p, businessDayMinutes2, now, actor) {
  const version2 = p.proposed ? (await replaceSla(asDb(tx), p.subjectId, p.proposed, p.baseVersion, businessDayMinutes2, now, actor)).version : p.target.slaVersion;
  if (version2 !== p.target.slaVersion) throw stale(`Writing the proposal would make SLA version ${version2}, the preview decided on version ${p.target.slaVersion}`);
  const target = await loadSlaTarget(tx, p.subjectId, version2);
  const calendars2 = target.calendar ? [{ id: target.calendar.id, version: target.calendar.version }] : [];
  if (!sameVersions(calendars2, p.target.calendars)) throw stale("The SLA's calendar has a new version since the preview", { previewed: p.target.calendars, now: calendars2 });
  await lockCases(tx, [...new Set(p.decisions.map((d) => d.caseId))]);
  const fresh = await slaScope(tx, p.subjectId, version2, true);
  const scope = checkScope(p, fresh.instances);
  const items = new Map(target.pinned.items.map((i) => [i.position, i]));
  const reason = SLA_VERSION_APPLIED(version2);
  const ran = await phasesThatRan(tx, p.decisions.map((d) => d.instanceId));
  const caseIds = [...new Set(p.decisions.map((d) => d.caseId))];
  for (let i = 0; i < caseIds.length; i += 1e3) {
    await tx.update(cases).set({ slaVersion: version2 }).where(and(eq(cases.slaId, p.subjectId), inArray(cases.id, caseIds.slice(i, i + 1e3))));
  }
  for (const d of p.decisions) {
    const inst = scope.get(d.instanceId);
    await enqueueCommand(tx, inst, "cancel", { at: now.toISOString(), reason });
    await markEnded(tx, inst.id, reason, now);
    if (!d.new) continue;
    await startInstance(tx, { ...fresh.cases.get(inst.caseId), slaVersion: version2 }, target.pinned.settings, items.get(d.newItemPosition), {
      applicableFrom: inst.applicableFrom,
      pauses: inst.pauses,
      warnedAt: inst.warnedAt ?? ran.get(`${inst.id}:warning`) ?? null,
      failedAt: inst.failedAt ?? ran.get(`${inst.id}:failure`) ?? null,
      carriedPausedMinutes: inst.pausedBusinessMinutes
    });
  }
  await recordChange(tx, { entity: "sla", entityId: p.subjectId, version: version2, action: "applied_to_running", data: { instances: p.decisions.length, cases: caseIds.length, previewId: p.id } }, actor, now);
  return caseIds;
}
async function phasesThatRan(tx, instanceIds) {
  const out = /* @__PURE__ */ new Map();
  for (let k = 0; k < instanceIds.length; k += 1e3) {
    const rows = await tx.select({ instanceId: slaActionRuns.instanceId, phase: slaActionRuns.phase, at: min(slaActionRuns.ranAt) }).from(slaActionRuns).where(and(inArray(slaActionRuns.instanceId, instanceIds.slice(k, k + 1e3)), inArray(slaActionRuns.phase, ["warning", "failure"]))).groupBy(slaActionRuns.instanceId, slaActionRuns.phase);
    for (const r of rows) if (r.at) out.set(`${r.instanceId}:${r.phase}`, r.at);
  }
  return out;
}

// src/previews/preview-schemas.ts
import { Type as Type27 } from "@sinclair/typebox";
var Uuid3 = Type27.String({ format: "uuid" });
var InstantView3 = Type27.String({ format: "date-time" });
var Nullable3 = (schema) => Type27.Union([schema, Type27.Null()]);
var Instants = Type27.Object({
  warningAt: Nullable3(InstantView3),
  failureAt: Nullable3(InstantView3),
  breached: Type27.Boolean({ description: "Failure reached (fired, or due at the preview instant; for a paused clock: before its pause)" })
});
var PreviewChange = Type27.Object({
  instanceId: Uuid3,
  caseId: Uuid3,
  caseNumber: Type27.String(),
  kpi: Type27.String(),
  movement: Type27.Union([Type27.Literal("earlier"), Type27.Literal("later"), Type27.Literal("ended")], {
    description: "earlier / later: the failure instant (or, with the same failure, the warning) moves; ended: no item of the new SLA version applies to this KPI, its clock ends"
  }),
  old: Instants,
  new: Nullable3(Instants),
  newlyBreached: Type27.Boolean(),
  noLongerBreached: Type27.Boolean()
});
var PreviewTotalsView = Type27.Object({
  instances: Type27.Integer({ description: "Running KPI instances in scope (applying touches exactly these)" }),
  movedEarlier: Type27.Integer(),
  movedLater: Type27.Integer(),
  unchanged: Type27.Integer(),
  ended: Type27.Integer(),
  newlyBreached: Type27.Integer(),
  noLongerBreached: Type27.Integer()
});
var PreviewView = Type27.Object({
  id: Uuid3,
  kind: Type27.Union([Type27.Literal("calendar"), Type27.Literal("holiday_list"), Type27.Literal("sla")]),
  subjectId: Uuid3,
  baseVersion: Type27.Integer({ description: "The version of the calendar, holiday list or SLA the preview was made on" }),
  proposed: Type27.Boolean({ description: "True when applying first writes the proposed definition (as its PUT would)" }),
  target: Type27.Object({
    calendars: Type27.Array(Type27.Object({ id: Uuid3, version: Type27.Integer() }), { description: "Calendar versions the instances move to" }),
    slaVersion: Type27.Optional(Type27.Integer({ description: "SLA change: the version the cases are re-pinned to" }))
  }),
  asOf: InstantView3,
  createdAt: InstantView3,
  appliedAt: Nullable3(InstantView3),
  totals: PreviewTotalsView,
  changes: Type27.Array(PreviewChange, { description: "The instances that would change (unchanged ones are only counted), a page of them" }),
  changesTotal: Type27.Integer(),
  nextOffset: Nullable3(Type27.Integer({ description: "Offset of the next page of changes (GET /v1/previews/{id}?offset=), null on the last" }))
});
var ChangesPage = {
  offset: Type27.Integer({ minimum: 0, maximum: 1e6, default: 0 }),
  limit: Type27.Integer({ minimum: 1, maximum: 1e3, default: 100, description: "Changes per page" })
};
var CalendarPreviewRequest = Type27.Object(
  { proposed: Type27.Optional(CalendarInput) },
  { additionalProperties: false, description: "Without `proposed`: applying the current version to running instances on older ones (as apply-to-running)" }
);
var HolidayListPreviewRequest = Type27.Object(
  { proposed: Type27.Optional(HolidayListInput) },
  { additionalProperties: false, description: "Without `proposed`: applying the current versions of the calendars that include the list" }
);
var SlaPreviewRequest = Type27.Object(
  { proposed: Type27.Optional(SlaInput) },
  { additionalProperties: false, description: "Without `proposed`: re-pinning the cases on older versions to the current one" }
);

// src/http/routes/previews.ts
var tags14 = ["previews"];
var PageQuery2 = Type28.Object(ChangesPage);
var answers = { 201: PreviewView, ...problems(404, 409, 412, 422) };
var previewDescription = (what) => `${what} Answers, for every running KPI instance that would change, its old and new warning and failure instants, and totals (moved earlier, moved later, unchanged, ended, newly breached, no longer breached). Nothing changes until POST /v1/previews/{id}/apply. A proposal is checked as its PUT would check it (400/422 for invalid input).`;
var previewRoutes = async (app) => {
  app.post(
    "/v1/calendars/:id/preview",
    {
      config: { role: "admin" },
      schema: {
        tags: tags14,
        summary: "Preview a new calendar version (proposed, or the current one) on the running KPI instances",
        description: previewDescription("With `proposed` (the body of PUT /v1/calendars/{id}): writing it and applying it to every open instance on this calendar. Without: applying the current version to the instances on older ones."),
        params: IdParams,
        querystring: PageQuery2,
        body: CalendarPreviewRequest,
        response: answers
      }
    },
    async (request, reply) => {
      const row = await previewCalendar(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(201).header("location", `/v1/previews/${row.id}`).send(previewView(row, request.query));
    }
  );
  app.post(
    "/v1/holiday-lists/:id/preview",
    {
      config: { role: "admin" },
      schema: {
        tags: tags14,
        summary: "Preview a holiday list change on the running KPI instances of every calendar that includes it",
        description: previewDescription("With `proposed` (the body of PUT /v1/holiday-lists/{id}): the calendar versions it would write, applied. Without: the current version of each including calendar, applied."),
        params: IdParams,
        querystring: PageQuery2,
        body: HolidayListPreviewRequest,
        response: answers
      }
    },
    async (request, reply) => {
      const row = await previewHolidayList(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(201).header("location", `/v1/previews/${row.id}`).send(previewView(row, request.query));
    }
  );
  app.post(
    "/v1/slas/:id/preview",
    {
      config: { role: "admin" },
      schema: {
        tags: tags14,
        summary: "Preview an SLA definition change on the running KPI instances of the cases that follow the SLA",
        description: previewDescription(
          "With `proposed` (the body of PUT /v1/slas/{id}): writing it as the next version and re-pinning every case on an older version, whose open clocks move to the item the new version selects (warning and failure already reached are carried: their actions never run again). Without: re-pinning the cases on older versions to the current one."
        ),
        params: IdParams,
        querystring: PageQuery2,
        body: SlaPreviewRequest,
        response: answers
      }
    },
    async (request, reply) => {
      const row = await previewSla(app.db, request.params.id, request.body, businessDayMinutesOf, app.now(), actorOf(request));
      return reply.code(201).header("location", `/v1/previews/${row.id}`).send(previewView(row, request.query));
    }
  );
  app.get(
    "/v1/previews/:id",
    {
      config: { role: "admin" },
      schema: { tags: tags14, summary: "Read a preview (a page of its changes)", params: IdParams, querystring: PageQuery2, response: { 200: PreviewView, ...problems(404) } }
    },
    async (request) => previewView(await loadPreview(app.db, request.params.id), request.query)
  );
  app.post(
    "/v1/previews/:id/apply",
    {
      config: { role: "admin" },
      schema: {
        tags: tags14,
        summary: "Apply a preview: exactly its decisions, or 409 when it is stale",
        description: "In one transaction: the proposal (if any) is written, and every previewed instance gets what the preview decided. 409 PREVIEW_STALE when the subject changed version, or an instance in scope changed, ended or appeared since the preview (nothing is applied); 409 PREVIEW_ALREADY_APPLIED the second time.",
        params: IdParams,
        querystring: PageQuery2,
        response: { 200: PreviewView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => {
      const { row, caseIds } = await applyPreview(app.db, request.params.id, businessDayMinutesOf, app.now(), actorOf(request));
      for (const caseId of caseIds) await app.caseLifecycle.afterCommit(caseId);
      return previewView(row, request.query);
    }
  );
};
var previews_default = previewRoutes;

// src/http/routes/products.ts
import { Type as Type30 } from "@sinclair/typebox";

// src/http/schemas/products.ts
import { Type as Type29 } from "@sinclair/typebox";
var Name3 = Type29.String({ minLength: 1, maxLength: 200, description: "Unique without regard to case" });
var ProductView = Type29.Object({
  id: Uuid,
  number: Type29.String({ description: "Product number, e.g. PRD-000123" }),
  name: Type29.String(),
  parentId: Nullable(Uuid),
  active: Type29.Boolean({ description: "Inactive products stay on their cases; new cases and entitlements cannot take them" }),
  version: Type29.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
  createdAt: InstantView,
  updatedAt: InstantView
});
var ProductCreate = Type29.Object(
  {
    name: Name3,
    number: Type29.Optional(Type29.String({ pattern: "^[A-Z0-9][A-Z0-9_-]{1,39}$", description: "Default: the next PRD-nnnnnn" })),
    parentId: Type29.Optional(Nullable(Type29.String({ format: "uuid", description: "The product family this product belongs to" }))),
    active: Type29.Optional(Type29.Boolean({ description: "Default true" }))
  },
  { additionalProperties: false }
);
var ProductPatch = Type29.Object(
  {
    name: Type29.Optional(Name3),
    parentId: Type29.Optional(Nullable(Type29.String({ format: "uuid", description: "Not the product itself nor one of its sub-products" }))),
    active: Type29.Optional(Type29.Boolean())
  },
  { additionalProperties: false, minProperties: 1, description: "A new name is copied onto the cases that have the product" }
);
var ProductListQuery = Type29.Object({
  active: Type29.Optional(Type29.Boolean()),
  parentId: Type29.Optional(Uuid),
  name: Type29.Optional(Type29.String({ minLength: 1, maxLength: 200, description: "Part of the name, without regard to case" })),
  ...PageQuery
});
var toProductView = (p) => ({
  id: p.id,
  number: p.number,
  name: p.name,
  parentId: p.parentId,
  active: p.active,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString()
});

// src/http/routes/products.ts
var tags15 = ["products"];
var withHeaders2 = resourceHeaders((p) => `/v1/products/${p.id}`);
var productRoutes = async (app) => {
  app.post(
    "/v1/products",
    {
      config: { role: "manager" },
      preSerialization: withHeaders2,
      schema: {
        tags: tags15,
        summary: "Add a product to the catalogue (manager)",
        headers: Type30.Object(idempotencyKeyHeader),
        body: ProductCreate,
        response: { 201: ProductView, ...problems(409, 422) }
      }
    },
    async (request, reply) => reply.code(201).send(toProductView(await createProduct(app.db, request.body, app.now())))
  );
  app.get(
    "/v1/products",
    { schema: { tags: tags15, summary: "List products by number", querystring: ProductListQuery, response: { 200: Page(ProductView), ...problems() } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listProducts(app.db, filter, { limit, cursor });
      return { items: page.rows.map((r) => toProductView(r.product)), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/products/:id",
    { preSerialization: withHeaders2, schema: { tags: tags15, summary: "Read a product", params: IdParams, response: { 200: ProductView, ...problems(404) } } },
    async (request) => toProductView(await getProduct(app.db, request.params.id))
  );
  app.patch(
    "/v1/products/:id",
    {
      config: { role: "manager" },
      preSerialization: withHeaders2,
      schema: {
        tags: tags15,
        summary: "Rename a product, move it to another family or (de)activate it (manager, If-Match required)",
        params: IdParams,
        headers: Type30.Object(requiredIfMatchHeader),
        body: ProductPatch,
        response: { 200: ProductView, ...problems(404, 409, 412, 422, 428) }
      }
    },
    async (request) => toProductView(await updateProduct(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now()))
  );
};
var products_default = productRoutes;

// src/http/routes/reports.ts
import { Type as Type32 } from "@sinclair/typebox";

// src/reports/report-chart.ts
import * as echarts2 from "echarts";

// src/reports/report-range.ts
import { DateTime as DateTime3 } from "luxon";
var timeGroupings = ["day", "week", "month"];
var dimensionGroupings = ["queue", "owner", "priority", "service_level", "origin", "product"];
var groupings = [...timeGroupings, ...dimensionGroupings];
var isTimeGrouping = (g) => timeGroupings.includes(g);
var MAX_REPORT_YEARS = 5;
function checkReportRange(range) {
  if (range.from.getTime() >= range.to.getTime()) {
    throw badRequest("REPORT_RANGE_INVALID", `from (${range.from.toISOString()}) must be before to (${range.to.toISOString()}); the range is [from, to).`, {
      from: range.from.toISOString(),
      to: range.to.toISOString()
    });
  }
  const limit = DateTime3.fromJSDate(range.from, { zone: "utc" }).plus({ years: MAX_REPORT_YEARS });
  if (range.to.getTime() > limit.toMillis()) {
    throw badRequest("REPORT_RANGE_TOO_LONG", `A report covers at most ${MAX_REPORT_YEARS} years; from + ${MAX_REPORT_YEARS} years is ${limit.toISO()}. Ask for a shorter range.`, {
      maxYears: MAX_REPORT_YEARS
    });
  }
  return range;
}
function timeBuckets(range, grouping) {
  const unit = grouping;
  let start = DateTime3.fromJSDate(range.from, { zone: "utc" }).startOf(unit);
  const out = [];
  while (start.toMillis() < range.to.getTime()) {
    const next = start.plus({ [`${unit}s`]: 1 });
    out.push({
      key: start.toISODate(),
      label: grouping === "month" ? start.toFormat("yyyy-MM") : grouping === "week" ? start.toFormat("kkkk-'W'WW") : start.toISODate(),
      end: new Date(Math.min(next.toMillis(), range.to.getTime()))
    });
    start = next;
  }
  return out;
}

// src/reports/report-chart.ts
var chartMetrics = ["sla_compliance", "first_response_median", "resolution_median", "csat_average", "nps", "created", "resolved", "backlog"];
var kpiLabel2 = { first_response: "First response", resolve: "Resolve" };
function seriesOf(metric, report) {
  switch (metric) {
    case "sla_compliance":
      return {
        title: "SLA compliance",
        unit: "%",
        series: Object.keys(report.total.compliance).map((kpi) => ({ name: kpiLabel2[kpi] ?? kpi, value: (f) => f.compliance[kpi]?.complianceRate ?? null }))
      };
    case "first_response_median":
      return {
        title: "First response, median",
        unit: "min",
        series: [
          { name: "Business minutes", value: (f) => f.firstResponse.businessMinutes.median },
          { name: "Calendar minutes", value: (f) => f.firstResponse.calendarMinutes.median }
        ]
      };
    case "resolution_median":
      return {
        title: "Resolution, median",
        unit: "min",
        series: [
          { name: "Business minutes", value: (f) => f.resolution.businessMinutes.median },
          { name: "Calendar minutes", value: (f) => f.resolution.calendarMinutes.median }
        ]
      };
    case "csat_average":
      return { title: "CSAT, average (1-5)", unit: "", series: [{ name: "CSAT", value: (f) => f.surveys?.csat.average ?? null }] };
    case "nps":
      return { title: "NPS", unit: "", series: [{ name: "NPS", value: (f) => f.surveys?.nps?.nps ?? null }] };
    case "created":
    case "resolved":
    case "backlog":
      return { title: `Cases ${metric}`, unit: "", series: [{ name: metric, value: (f) => f.volume[metric] }] };
  }
}
function reportChartSvg(report, metric, size = { width: 800, height: 400 }) {
  const { title, unit, series } = seriesOf(metric, report);
  const time2 = isTimeGrouping(report.groupBy);
  const chart = echarts2.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      title: { text: title, subtext: `${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}, by ${report.groupBy.replace("_", " ")}`, left: "center" },
      legend: { bottom: 0 },
      grid: { left: 60, right: 30, top: 70, bottom: 60 },
      xAxis: { type: "category", data: report.groups.map((g) => g.label) },
      yAxis: { type: "value", name: unit, ...metric === "sla_compliance" ? { min: 0, max: 100 } : {} },
      series: series.map((s) => ({
        name: s.name,
        type: time2 ? "line" : "bar",
        connectNulls: true,
        showSymbol: true,
        data: report.groups.map((g) => s.value(g))
      }))
    });
    return xmlSafe(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

// src/reports/report-csv.ts
var cell = (v) => {
  if (v === null || v === void 0) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
var durations = ["firstResponse", "resolution"];
var clocks = ["businessMinutes", "calendarMinutes"];
var stats = ["median", "p90", "mean", "count"];
var outcomes = ["met", "pausedAtResolution", "breached", "lateSuccess", "open", "complianceRate"];
function reportCsv(report) {
  const kpis = Object.keys(report.total.compliance);
  const header = [
    "group_key",
    "group",
    "created",
    "resolved",
    "reopened",
    "backlog",
    ...durations.flatMap((d) => clocks.flatMap((c) => stats.map((s) => `${d}.${c}.${s}`))),
    ...kpis.flatMap((k) => outcomes.map((o) => `compliance.${k}.${o}`)),
    "csat.answers",
    "csat.average",
    "csat.satisfiedPercent",
    "csat.responseRate",
    "nps.answers",
    "nps.nps",
    "engagement.answers",
    "engagement.score"
  ];
  const row = (key, label, f) => [
    key,
    label,
    f.volume.created,
    f.volume.resolved,
    f.volume.reopened,
    f.volume.backlog,
    ...durations.flatMap((d) => clocks.flatMap((c) => stats.map((s) => f[d][c][s]))),
    ...kpis.flatMap((k) => outcomes.map((o) => f.compliance[k]?.[o] ?? null)),
    f.surveys?.csat.answers,
    f.surveys?.csat.average,
    f.surveys?.csat.satisfiedPercent,
    f.surveys?.csat.responseRate,
    f.surveys?.nps?.answers,
    f.surveys?.nps?.nps,
    f.surveys?.engagement?.answers,
    f.surveys?.engagement?.score
  ];
  const lines = [header, ...report.groups.map((g) => row(g.key, g.label, g)), row("total", "Total", report.total)];
  return lines.map((l) => l.map(cell).join(",")).join("\r\n") + "\r\n";
}

// src/reports/sql-rows.ts
async function queryRows(db2, query) {
  const result = await db2.execute(query);
  return Array.isArray(result) ? result : result.rows;
}
var num = (v) => v === null || v === void 0 ? null : Number(v);
var int = (v) => v === null || v === void 0 ? 0 : Number(v);

// src/reports/report-dimensions.ts
function groupKey(grouping, at) {
  if (isTimeGrouping(grouping)) return sql`to_char(date_trunc('${sql.raw(grouping)}', ${at} at time zone 'UTC'), 'YYYY-MM-DD')`;
  switch (grouping) {
    case "queue":
      return sql`c.queue_id::text`;
    case "owner":
      return sql`c.owner_id::text`;
    case "priority":
      return sql`c.priority`;
    case "service_level":
      return sql`c.service_level`;
    case "origin":
      return sql`c.origin`;
    case "product":
      return sql`c.product`;
  }
}
function scopeFilter(scope) {
  const parts = [];
  if (scope?.ownerIds?.length) parts.push(sql`c.owner_id in (${sql.join(scope.ownerIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  if (scope?.queueIds?.length) parts.push(sql`c.queue_id in (${sql.join(scope.queueIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  if (scope && (scope.ownerIds || scope.queueIds) && parts.length === 0) return sql` and false`;
  return parts.length ? sql` and (${sql.join(parts, sql` or `)})` : sql``;
}
async function groupLabels(db2, grouping, keys) {
  const labels = /* @__PURE__ */ new Map([[null, "(none)"]]);
  const ids = keys.filter((k) => k !== null);
  if ((grouping === "queue" || grouping === "owner") && ids.length > 0) {
    const table = grouping === "queue" ? sql`queues` : sql`agents`;
    const rows = await queryRows(
      db2,
      sql`select id::text as id, name from ${table} where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`
    );
    for (const r of rows) labels.set(r.id, r.name);
  }
  for (const k of ids) if (!labels.has(k)) labels.set(k, k);
  return labels;
}

// src/reports/case-figures.ts
var TOTAL = "\0total";
var iso4 = (d) => sql`${d.toISOString()}::timestamptz`;
var round2 = (v) => v === null ? null : Math.round(v * 100) / 100;
function stats2(column) {
  const c = sql.raw(column);
  return sql`count(${c})::int as ${sql.raw(`${column}_n`)},
    percentile_cont(0.5) within group (order by ${c}) as ${sql.raw(`${column}_median`)},
    percentile_cont(0.9) within group (order by ${c}) as ${sql.raw(`${column}_p90`)},
    avg(${c})::float8 as ${sql.raw(`${column}_mean`)}`;
}
var readStats = (r, column) => ({
  count: int(r[`${column}_n`]),
  median: round2(num(r[`${column}_median`])),
  p90: round2(num(r[`${column}_p90`])),
  mean: round2(num(r[`${column}_mean`]))
});
async function grouped(db2, figures2, inner, read) {
  const rows = await queryRows(db2, sql`select k, grouping(k) as is_total, ${figures2} from (${inner}) s group by grouping sets ((k), ())`);
  const out = /* @__PURE__ */ new Map();
  for (const r of rows) out.set(Number(r.is_total) === 1 ? TOTAL : r.k ?? null, read(r));
  return out;
}
function factsAt(q, column) {
  const at = sql.raw(`f.${column}`);
  return sql`select ${groupKey(q.groupBy, at)} as k, f.* from report_case_facts f join cases c on c.id = f.case_id
    where ${at} >= ${iso4(q.range.from)} and ${at} < ${iso4(q.range.to)}${scopeFilter(q.scope)}`;
}
function createdCounts(db2, q) {
  return grouped(db2, sql`count(*)::int as n`, factsAt(q, "created_at"), (r) => int(r.n));
}
function closedCounts(db2, q) {
  return grouped(db2, sql`count(*)::int as n`, factsAt(q, "closed_at"), (r) => int(r.n));
}
function resolutions(db2, q) {
  return grouped(db2, sql`count(*)::int as n, ${stats2("resolution_business_minutes")}, ${stats2("resolution_calendar_minutes")}`, factsAt(q, "resolved_at"), (r) => ({
    resolved: int(r.n),
    time: { businessMinutes: readStats(r, "resolution_business_minutes"), calendarMinutes: readStats(r, "resolution_calendar_minutes") }
  }));
}
function firstResponses(db2, q) {
  return grouped(db2, sql`${stats2("first_response_business_minutes")}, ${stats2("first_response_calendar_minutes")}`, factsAt(q, "first_response_at"), (r) => ({
    businessMinutes: readStats(r, "first_response_business_minutes"),
    calendarMinutes: readStats(r, "first_response_calendar_minutes")
  }));
}
function reopenedCounts(db2, q) {
  const inner = sql`select ${groupKey(q.groupBy, sql`e.occurred_at`)} as k from case_events e join cases c on c.id = e.case_id
    where e.kind = 'reopened' and e.occurred_at >= ${iso4(q.range.from)} and e.occurred_at < ${iso4(q.range.to)}${scopeFilter(q.scope)}`;
  return grouped(db2, sql`count(*)::int as n`, inner, (r) => int(r.n));
}
function backlogAt(db2, q, at) {
  const key = q.groupBy === "day" || q.groupBy === "week" || q.groupBy === "month" ? sql`null::text` : groupKey(q.groupBy, sql`f.created_at`);
  const inner = sql`select ${key} as k from report_case_facts f join cases c on c.id = f.case_id
    where f.created_at < ${iso4(at)} and (f.closed_at is null or f.closed_at >= ${iso4(at)})${scopeFilter(q.scope)}`;
  return grouped(db2, sql`count(*)::int as n`, inner, (r) => int(r.n));
}

// src/reports/compliance-figures.ts
var emptyCompliance = () => ({ met: 0, pausedAtResolution: 0, breached: 0, lateSuccess: 0, open: 0, decided: 0, complianceRate: null });
function complianceOf(c) {
  const decided = c.met + c.pausedAtResolution + c.breached + c.lateSuccess;
  return { ...c, decided, complianceRate: decided === 0 ? null : Math.round((c.met + c.pausedAtResolution) / decided * 1e4) / 100 };
}
async function complianceByKpi(db2, q) {
  const rows = await queryRows(
    db2,
    sql`select kpi, k, grouping(k) as is_total,
        count(*) filter (where outcome = 'met')::int as met,
        count(*) filter (where outcome = 'paused_at_resolution')::int as paused,
        count(*) filter (where outcome = 'breached')::int as breached,
        count(*) filter (where outcome = 'late_success')::int as late,
        count(*) filter (where outcome = 'open')::int as open
      from (select kf.kpi, kf.outcome, ${groupKey(q.groupBy, sql`kf.started_at`)} as k
              from report_kpi_facts kf join cases c on c.id = kf.case_id
             where kf.started_at >= ${q.range.from.toISOString()}::timestamptz and kf.started_at < ${q.range.to.toISOString()}::timestamptz
               and kf.outcome <> 'canceled'${scopeFilter(q.scope)}) s
      group by grouping sets ((kpi, k), (kpi))`
  );
  const out = /* @__PURE__ */ new Map();
  for (const r of rows) {
    const key = Number(r.is_total) === 1 ? TOTAL : r.k ?? null;
    const perKpi = out.get(key) ?? /* @__PURE__ */ new Map();
    perKpi.set(String(r.kpi), complianceOf({ met: int(r.met), pausedAtResolution: int(r.paused), breached: int(r.breached), lateSuccess: int(r.late), open: int(r.open) }));
    out.set(key, perKpi);
  }
  return out;
}

// src/reports/case-calendars.ts
var ALWAYS_OPEN4 = { timeZone: "UTC", is24x7: true };
var alwaysOpen = compileCalendar(ALWAYS_OPEN4);
var CalendarVersionCache = class {
  constructor(capacity = 200) {
    this.capacity = capacity;
  }
  compiled = /* @__PURE__ */ new Map();
  /** The pinned calendar version, or 24x7 when the KPI had no calendar (or the version is gone). */
  async get(db2, calendarId, version2) {
    if (calendarId === null || version2 === null) return alwaysOpen;
    const key = `${calendarId}@${version2}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const [row] = await db2.select({ definition: calendarVersions.definition }).from(calendarVersions).where(and(eq(calendarVersions.calendarId, calendarId), eq(calendarVersions.version, version2)));
    const cal = row ? compileCalendar(row.definition) : alwaysOpen;
    if (this.compiled.size >= this.capacity) this.compiled.delete(this.compiled.keys().next().value);
    this.compiled.set(key, cal);
    return cal;
  }
};
var calendarVersionCache = new CalendarVersionCache();

// src/reports/kpi-outcome.ts
function kpiOutcome(i) {
  if (i.failedAt !== null || i.state === "noncompliant") return i.lateSucceededAt !== null ? "late_success" : "breached";
  if (i.state === "succeeded" && i.succeededAt !== null) return pausedAt(i, i.succeededAt.getTime()) ? "paused_at_resolution" : "met";
  if (i.state === "canceled") return "canceled";
  return "open";
}
function pausedAt(i, at) {
  if (i.pausedSince !== null && i.pausedSince.getTime() <= at) return true;
  return i.pauses.some((p) => Date.parse(p.from) < at && (p.to === null || Date.parse(p.to) >= at));
}

// src/reports/refresh-facts.ts
var MS_PER_MINUTE2 = 6e4;
var FACT_COLUMNS = [
  "created_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "calendar_id",
  "calendar_version",
  "first_response_business_minutes",
  "first_response_calendar_minutes",
  "resolution_business_minutes",
  "resolution_calendar_minutes",
  "refreshed_at"
];
async function refreshReportFacts(db2, options = {}) {
  const batchSize = options.batchSize ?? 2e3;
  let total = 0;
  for (; ; ) {
    const done = await db2.transaction((tx) => refreshBatch(tx, batchSize));
    total += done;
    if (done < batchSize) return total;
  }
}
async function refreshBatch(tx, batchSize) {
  await tx.execute(sql`select pg_advisory_xact_lock(7423012)`);
  const claimed = await queryRows(
    tx,
    sql`with claimed as materialized (select case_id from report_dirty_cases limit ${batchSize} for update skip locked)
        delete from report_dirty_cases d using claimed where d.case_id = claimed.case_id returning d.case_id`
  );
  if (claimed.length === 0) return 0;
  const ids = claimed.map((r) => r.case_id);
  const idsJson = JSON.stringify(ids);
  const inIds = sql`(select value::uuid from jsonb_array_elements_text(${idsJson}::jsonb))`;
  const caseRows = await tx.select({ id: cases.id, createdAt: cases.createdAt, firstResponseAt: cases.firstResponseAt, resolvedAt: cases.resolvedAt, cancelledAt: cases.cancelledAt }).from(cases).where(sql`${cases.id} in ${inIds}`);
  const instances = await tx.select({
    id: slaKpiInstances.id,
    caseId: slaKpiInstances.caseId,
    kpi: slaKpiInstances.kpi,
    generation: slaKpiInstances.generation,
    state: slaKpiInstances.state,
    applicableFrom: slaKpiInstances.applicableFrom,
    failedAt: slaKpiInstances.failedAt,
    succeededAt: slaKpiInstances.succeededAt,
    lateSucceededAt: slaKpiInstances.lateSucceededAt,
    pausedSince: slaKpiInstances.pausedSince,
    pauses: slaKpiInstances.pauses,
    endedAt: slaKpiInstances.endedAt,
    calendarId: slaKpiInstances.calendarId,
    calendarVersion: slaKpiInstances.calendarVersion
  }).from(slaKpiInstances).where(sql`${slaKpiInstances.caseId} in ${inIds}`);
  const byCase = /* @__PURE__ */ new Map();
  for (const i of instances) byCase.set(i.caseId, [...byCase.get(i.caseId) ?? [], i]);
  const now = /* @__PURE__ */ new Date();
  const facts = [];
  for (const c of caseRows) {
    const own = byCase.get(c.id) ?? [];
    const pinned = pinnedCalendarOf(own);
    const cal = await calendarVersionCache.get(tx, pinned?.calendarId ?? null, pinned?.calendarVersion ?? null);
    const firstResponse = span(cal, c.createdAt, c.firstResponseAt, pausesOf(own, "first_response"));
    const resolution = span(cal, c.createdAt, c.resolvedAt, pausesOf(own, "resolve"));
    facts.push({
      case_id: c.id,
      created_at: c.createdAt,
      first_response_at: c.firstResponseAt,
      resolved_at: c.resolvedAt,
      closed_at: c.resolvedAt ?? c.cancelledAt,
      calendar_id: pinned?.calendarId ?? null,
      calendar_version: pinned?.calendarVersion ?? null,
      first_response_business_minutes: firstResponse?.business ?? null,
      first_response_calendar_minutes: firstResponse?.calendar ?? null,
      resolution_business_minutes: resolution?.business ?? null,
      resolution_calendar_minutes: resolution?.calendar ?? null,
      refreshed_at: now
    });
  }
  if (facts.length > 0) {
    await tx.execute(sql`
      insert into report_case_facts (case_id, created_at, first_response_at, resolved_at, closed_at, calendar_id, calendar_version,
             first_response_business_minutes, first_response_calendar_minutes, resolution_business_minutes, resolution_calendar_minutes, refreshed_at)
      select * from jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) as x(case_id uuid, created_at timestamptz, first_response_at timestamptz,
             resolved_at timestamptz, closed_at timestamptz, calendar_id uuid, calendar_version int, first_response_business_minutes float8,
             first_response_calendar_minutes float8, resolution_business_minutes float8, resolution_calendar_minutes float8, refreshed_at timestamptz)
      on conflict (case_id) do update set ${sql.raw(FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", "))}`);
  }
  await tx.execute(sql`delete from report_kpi_facts where case_id in (select value::uuid from jsonb_array_elements_text(${idsJson}::jsonb))`);
  const kpiFacts = instances.map((i) => ({
    instance_id: i.id,
    case_id: i.caseId,
    kpi: i.kpi,
    started_at: i.applicableFrom,
    ended_at: i.endedAt ?? i.succeededAt,
    outcome: kpiOutcome(i),
    refreshed_at: now
  }));
  if (kpiFacts.length > 0) {
    await tx.execute(sql`
      insert into report_kpi_facts (instance_id, case_id, kpi, started_at, ended_at, outcome, refreshed_at)
      select * from jsonb_to_recordset(${JSON.stringify(kpiFacts)}::jsonb)
        as x(instance_id uuid, case_id uuid, kpi text, started_at timestamptz, ended_at timestamptz, outcome text, refreshed_at timestamptz)`);
  }
  return claimed.length;
}
function pinnedCalendarOf(instances) {
  const withCalendar = instances.filter((i) => i.calendarId !== null && i.calendarVersion !== null);
  withCalendar.sort((a, b) => Number(b.kpi === "resolve") - Number(a.kpi === "resolve") || b.generation - a.generation);
  return withCalendar[0];
}
function pausesOf(instances, kpi) {
  return instances.filter((i) => i.kpi === kpi).flatMap((i) => i.pauses.map((p) => ({ from: Date.parse(p.from), to: p.to === null ? Infinity : Date.parse(p.to) })));
}
function span(cal, from, to, pauses) {
  if (to === null) return null;
  const a = from.getTime();
  const b = Math.max(a, to.getTime());
  return { business: elapsed(cal, a, b, { pauses }), calendar: (b - a) / MS_PER_MINUTE2 };
}

// src/reports/retention.ts
async function retention(db2, range) {
  const length = range.to.getTime() - range.from.getTime();
  const previous = { from: new Date(range.from.getTime() - length), to: range.from };
  const active = (r) => sql`
    select coalesce(account_id, contact_id) as customer from cases
     where created_at >= ${r.from.toISOString()}::timestamptz and created_at < ${r.to.toISOString()}::timestamptz and coalesce(account_id, contact_id) is not null
    union
    select coalesce(account_id, contact_id) from entitlements
     where state = 'activated'
       and (start_date::timestamp at time zone 'UTC') < ${r.to.toISOString()}::timestamptz
       and ((end_date + 1)::timestamp at time zone 'UTC') > ${r.from.toISOString()}::timestamptz
       and (cancelled_at is null or cancelled_at > ${r.from.toISOString()}::timestamptz)`;
  const [row] = await queryRows(
    db2,
    sql`with prev as (${active(previous)}), cur as (${active(range)})
        select (select count(*) from prev)::int as previous, (select count(*) from prev join cur using (customer))::int as retained`
  );
  const previousCustomers = int(row?.previous);
  const retainedCustomers = int(row?.retained);
  return {
    previousFrom: previous.from.toISOString(),
    previousTo: previous.to.toISOString(),
    previousCustomers,
    retainedCustomers,
    rate: previousCustomers === 0 ? null : Math.round(retainedCustomers / previousCustomers * 1e4) / 100
  };
}

// src/surveys/survey-figures.ts
import { IANAZone } from "luxon";
var csatGroupings = ["day", "week", "month", "queue", "owner", "priority", "service_level", "origin", "product", "account", "contact"];
var npsGroupings = ["day", "week", "month", "account", "contact"];
var engagementGroupings = ["day", "week", "month", "round"];
var ENGAGEMENT_MIN_ANSWERS = 5;
var TIME_UNITS = { day: "day", week: "week", month: "month" };
function timeKey(column, unit, zone) {
  return sql`to_char(date_trunc(${sql.raw(`'${TIME_UNITS[unit]}'`)}, ${column} at time zone ${zone}), 'YYYY-MM-DD')`;
}
function checkQuery(q, allowed) {
  if (q.groupBy !== void 0 && !allowed.includes(q.groupBy)) throw invalidField("groupBy", `must be one of ${allowed.join(", ")} for survey figures; got "${q.groupBy}"`);
  const zone = q.timeZone ?? "UTC";
  if (!IANAZone.isValidZone(zone)) throw invalidField("timeZone", `must be an IANA time zone such as Europe/Paris; got "${zone}"`);
  if (!(q.from.getTime() < q.to.getTime())) throw invalidField("from", "must be before to");
  return zone;
}
var num2 = (v) => v === null || v === void 0 ? null : Number(v);
var int2 = (v) => Number(v ?? 0);
var rowsOf2 = (result) => Array.isArray(result) ? result : result.rows;
var iso5 = (d) => d.toISOString();
function csatKey(groupBy, table, at, zone) {
  switch (groupBy) {
    case void 0:
      return sql`null::text`;
    case "day":
    case "week":
    case "month":
      return timeKey(at, groupBy, zone);
    case "account":
      return sql.raw(`${table}.account_id::text`);
    case "contact":
      return sql.raw(`${table}.contact_id::text`);
    case "queue":
      return sql`c.queue_id::text`;
    case "owner":
      return sql`c.owner_id::text`;
    case "priority":
      return sql`c.priority`;
    case "service_level":
      return sql`c.service_level`;
    case "origin":
      return sql`c.origin`;
    case "product":
      return sql`c.product`;
  }
}
async function csatFigures(db2, q) {
  const zone = checkQuery(q, csatGroupings);
  const result = await db2.execute(sql`
    select grp, sum(answers)::int as answers, sum(score_sum)::int as score_sum, sum(satisfied)::int as satisfied,
           sum(issued)::int as issued, sum(answered_of_issued)::int as answered_of_issued
      from (
        select ${csatKey(q.groupBy, "r", sql`r.answered_at`, zone)} as grp, count(*) as answers, sum(r.score) as score_sum,
               count(*) filter (where r.score >= 4) as satisfied, 0 as issued, 0 as answered_of_issued
          from survey_responses r left join cases c on c.id = r.case_id
         where r.kind = 'csat' and r.answered_at >= ${iso5(q.from)}::timestamptz and r.answered_at < ${iso5(q.to)}::timestamptz
         group by 1
        union all
        select ${csatKey(q.groupBy, "s", sql`s.issued_at`, zone)}, 0, 0, 0, count(*), count(*) filter (where s.answered)
          from surveys s left join cases c on c.id = s.case_id
         where s.kind = 'csat' and s.issued_at >= ${iso5(q.from)}::timestamptz and s.issued_at < ${iso5(q.to)}::timestamptz
         group by 1
      ) parts
     group by grp
     order by grp nulls last`);
  return rowsOf2(result).map((r) => {
    const answers2 = int2(r.answers);
    const issued = int2(r.issued);
    return {
      group: r.grp ?? null,
      answers: answers2,
      average: answers2 ? round22(int2(r.score_sum) / answers2) : null,
      satisfied: int2(r.satisfied),
      satisfiedPercent: answers2 ? round22(100 * int2(r.satisfied) / answers2) : null,
      issued,
      answeredOfIssued: int2(r.answered_of_issued),
      responseRate: issued ? round22(100 * int2(r.answered_of_issued) / issued) : null
    };
  });
}
async function npsFigures(db2, q) {
  const zone = checkQuery(q, npsGroupings);
  const key = q.groupBy === void 0 ? sql`null::text` : q.groupBy === "account" ? sql`r.account_id::text` : q.groupBy === "contact" ? sql`r.contact_id::text` : timeKey(sql`r.answered_at`, q.groupBy, zone);
  const result = await db2.execute(sql`
    select ${key} as grp, count(*)::int as answers,
           count(*) filter (where r.score >= 9)::int as promoters,
           count(*) filter (where r.score between 7 and 8)::int as passives,
           count(*) filter (where r.score <= 6)::int as detractors
      from survey_responses r
     where r.kind = 'nps' and r.answered_at >= ${iso5(q.from)}::timestamptz and r.answered_at < ${iso5(q.to)}::timestamptz
     group by 1
     order by 1 nulls last`);
  return rowsOf2(result).map((r) => {
    const answers2 = int2(r.answers);
    const promoters = int2(r.promoters);
    const detractors = int2(r.detractors);
    return {
      group: r.grp ?? null,
      answers: answers2,
      promoters,
      passives: int2(r.passives),
      detractors,
      promoterPercent: answers2 ? round22(100 * promoters / answers2) : null,
      detractorPercent: answers2 ? round22(100 * detractors / answers2) : null,
      nps: answers2 ? round22(100 * (promoters - detractors) / answers2) : null
    };
  });
}
async function engagementFigures(db2, q) {
  const zone = checkQuery(q, engagementGroupings);
  const key = q.groupBy === void 0 ? sql`null::text` : q.groupBy === "round" ? sql`r.round_id::text` : timeKey(sql`r.answered_at`, q.groupBy, zone);
  const result = await db2.execute(sql`
    select ${key} as grp, count(*)::int as answers,
           case when count(*) >= ${ENGAGEMENT_MIN_ANSWERS} then sum(r.score)::int end as score_sum
      from survey_responses r
     where r.kind = 'engagement' and r.answered_at >= ${iso5(q.from)}::timestamptz and r.answered_at < ${iso5(q.to)}::timestamptz
     group by 1
     order by 1 nulls last`);
  return rowsOf2(result).map((r) => {
    const answers2 = int2(r.answers);
    const sum = num2(r.score_sum);
    return { group: r.grp ?? null, answers: answers2, score: sum === null ? null : round22(sum / answers2), anonymous: sum === null };
  });
}
function round22(x) {
  const r = Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return r === 0 ? 0 : r;
}

// src/reports/survey-groups.ts
var noCsat = () => ({ answers: 0, average: null, satisfied: 0, satisfiedPercent: null, issued: 0, answeredOfIssued: 0, responseRate: null });
var noNps = () => ({ answers: 0, promoters: 0, passives: 0, detractors: 0, promoterPercent: null, detractorPercent: null, nps: null });
var noEngagement = () => ({ answers: 0, score: null, anonymous: true });
var strip = ({ group: _g, ...rest }) => rest;
async function surveyFiguresByGroup(db2, q) {
  const range = { from: q.range.from, to: q.range.to };
  const time2 = isTimeGrouping(q.groupBy);
  const [csat, csatTotal, nps, npsTotal, engagement, engagementTotal] = await Promise.all([
    csatFigures(db2, { ...range, groupBy: q.groupBy }),
    csatFigures(db2, range),
    time2 ? npsFigures(db2, { ...range, groupBy: q.groupBy }) : Promise.resolve([]),
    npsFigures(db2, range),
    time2 ? engagementFigures(db2, { ...range, groupBy: q.groupBy }) : Promise.resolve([]),
    engagementFigures(db2, range)
  ]);
  const byGroup = (rows) => new Map(rows.map((r) => [r.group, strip(r)]));
  const csatBy = byGroup(csat);
  const npsBy = byGroup(nps);
  const engagementBy = byGroup(engagement);
  return {
    keys: csat.map((r) => r.group),
    of(key) {
      if (key === TOTAL) {
        return { csat: csatTotal[0] ? strip(csatTotal[0]) : noCsat(), nps: npsTotal[0] ? strip(npsTotal[0]) : noNps(), engagement: engagementTotal[0] ? strip(engagementTotal[0]) : noEngagement() };
      }
      return {
        csat: csatBy.get(key) ?? noCsat(),
        nps: time2 ? npsBy.get(key) ?? noNps() : null,
        engagement: time2 ? engagementBy.get(key) ?? noEngagement() : null
      };
    }
  };
}

// src/reports/service-kpis.ts
var noTimes = () => ({
  businessMinutes: { count: 0, median: null, p90: null, mean: null },
  calendarMinutes: { count: 0, median: null, p90: null, mean: null }
});
async function serviceKpiFigures(db2, q, options = {}) {
  const whole = options.withRetention !== false && !q.scope;
  checkReportRange(q.range);
  await refreshReportFacts(db2);
  const time2 = isTimeGrouping(q.groupBy);
  const [created, closed, resolved, responses, reopened, compliance, backlogEnd, backlogStart, kept, surveys2] = await Promise.all([
    createdCounts(db2, q),
    closedCounts(db2, q),
    resolutions(db2, q),
    firstResponses(db2, q),
    reopenedCounts(db2, q),
    complianceByKpi(db2, q),
    backlogAt(db2, q, q.range.to),
    time2 ? backlogAt(db2, q, q.range.from) : Promise.resolve(/* @__PURE__ */ new Map()),
    whole ? retention(db2, q.range) : Promise.resolve(null),
    whole ? surveyFiguresByGroup(db2, q) : Promise.resolve(null)
  ]);
  const kpis = [...compliance.get(TOTAL)?.keys() ?? []].sort();
  const figures2 = (key, backlog) => {
    const r = resolved.get(key);
    const perKpi = compliance.get(key);
    return {
      volume: { created: created.get(key) ?? 0, resolved: r?.resolved ?? 0, reopened: reopened.get(key) ?? 0, backlog },
      firstResponse: responses.get(key) ?? noTimes(),
      resolution: r?.time ?? noTimes(),
      compliance: Object.fromEntries(kpis.map((kpi) => [kpi, perKpi?.get(kpi) ?? emptyCompliance()])),
      surveys: surveys2 ? surveys2.of(key) : null
    };
  };
  let groups;
  if (time2) {
    let backlog = backlogStart.get(TOTAL) ?? 0;
    groups = timeBuckets(q.range, q.groupBy).map((b) => {
      backlog += (created.get(b.key) ?? 0) - (closed.get(b.key) ?? 0);
      return { key: b.key, label: b.label, ...figures2(b.key, backlog) };
    });
  } else {
    const keys = /* @__PURE__ */ new Set();
    for (const m of [created, resolved, responses, reopened, compliance, backlogEnd]) for (const k of m.keys()) if (k !== TOTAL) keys.add(k);
    for (const k of surveys2?.keys ?? []) keys.add(k);
    const labels = await groupLabels(db2, q.groupBy, [...keys]);
    groups = [...keys].map((key) => ({ key, label: labels.get(key) ?? String(key), ...figures2(key, backlogEnd.get(key) ?? 0) })).sort((a, b) => a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  }
  return {
    from: q.range.from.toISOString(),
    to: q.range.to.toISOString(),
    groupBy: q.groupBy,
    groups,
    total: figures2(TOTAL, backlogEnd.get(TOTAL) ?? 0),
    retention: kept
  };
}

// src/http/schemas/reports.ts
import { Type as Type31 } from "@sinclair/typebox";
var Minutes = Nullable(Type31.Number());
var TimeStatsView = Type31.Object({
  count: Type31.Integer({ description: "Cases measured" }),
  median: Minutes,
  p90: Minutes,
  mean: Minutes
});
var DurationView = Type31.Object({ businessMinutes: TimeStatsView, calendarMinutes: TimeStatsView });
var ComplianceView = Type31.Object({
  met: Type31.Integer(),
  pausedAtResolution: Type31.Integer({ description: "Succeeded on time while the clock was paused (resolved from a pausing status)" }),
  breached: Type31.Integer(),
  lateSuccess: Type31.Integer(),
  open: Type31.Integer(),
  decided: Type31.Integer(),
  complianceRate: Nullable(Type31.Number({ description: "(met + pausedAtResolution) / decided, percent" }))
});
var Percent = Nullable(Type31.Number());
var SurveyFiguresView = Type31.Object(
  {
    csat: Type31.Object({
      answers: Type31.Integer(),
      average: Nullable(Type31.Number({ description: "Mean score 1-5" })),
      satisfied: Type31.Integer({ description: "Answers of 4 or 5" }),
      satisfiedPercent: Percent,
      issued: Type31.Integer(),
      answeredOfIssued: Type31.Integer(),
      responseRate: Percent
    }),
    nps: Nullable(
      Type31.Object({
        answers: Type31.Integer(),
        promoters: Type31.Integer(),
        passives: Type31.Integer(),
        detractors: Type31.Integer(),
        promoterPercent: Percent,
        detractorPercent: Percent,
        nps: Nullable(Type31.Number({ description: "% promoters - % detractors" }))
      })
    ),
    engagement: Nullable(Type31.Object({ answers: Type31.Integer(), score: Nullable(Type31.Number()), anonymous: Type31.Boolean({ description: "Score withheld below 5 answers" }) }))
  },
  { description: "CSAT, NPS and engagement (NPS and engagement only in time groups and the total)" }
);
var KpiFiguresView = Type31.Object({
  volume: Type31.Object({ created: Type31.Integer(), resolved: Type31.Integer(), reopened: Type31.Integer(), backlog: Type31.Integer() }),
  firstResponse: DurationView,
  resolution: DurationView,
  compliance: Type31.Record(Type31.String(), ComplianceView, { description: "Per KPI name" }),
  surveys: Nullable(SurveyFiguresView)
});
var RetentionView = Type31.Object({
  previousFrom: Type31.String({ format: "date-time" }),
  previousTo: Type31.String({ format: "date-time" }),
  previousCustomers: Type31.Integer(),
  retainedCustomers: Type31.Integer(),
  rate: Nullable(Type31.Number())
});
var ServiceKpiReportView = Type31.Object({
  from: Type31.String({ format: "date-time" }),
  to: Type31.String({ format: "date-time" }),
  groupBy: StringEnum(groupings),
  groups: Type31.Array(Type31.Object({ key: Nullable(Type31.String()), label: Type31.String(), ...KpiFiguresView.properties })),
  total: KpiFiguresView,
  retention: Nullable(RetentionView)
});
var ReportQueryString = {
  from: InstantInput,
  to: InstantInput,
  groupBy: StringEnum(groupings, { default: "month", description: "Time buckets are UTC; dimensions are the cases\u2019 current values" })
};

// src/http/routes/reports.ts
var tags16 = ["reports"];
var wantsCsv = (accept) => /\btext\/csv\b/i.test(accept ?? "") && !/\bapplication\/json\b/i.test(accept ?? "");
var reportRoutes = async (app) => {
  app.get(
    "/v1/reports/service-kpis",
    {
      config: { role: "manager" },
      schema: {
        tags: tags16,
        summary: "Service KPIs for [from, to) per group and in total (manager)",
        description: 'Volume, first response and resolution times (business minutes of the SLA calendar and calendar minutes), SLA compliance per KPI and customer retention. Definitions: README "Service KPIs and goals". `Accept: text/csv` answers CSV.',
        querystring: Type32.Object(ReportQueryString),
        response: {
          200: {
            description: "The report",
            content: { "application/json": { schema: ServiceKpiReportView }, "text/csv": { schema: Type32.String() } }
          },
          ...problems()
        }
      }
    },
    async (request, reply) => {
      const range = { from: parseInstant2(request.query.from, "from", app.now()), to: parseInstant2(request.query.to, "to", app.now()) };
      const report = await serviceKpiFigures(app.db, { range, groupBy: request.query.groupBy });
      if (wantsCsv(request.headers.accept)) return reply.type("text/csv; charset=utf-8").send(reportCsv(report));
      return reply.type("application/json").send(report);
    }
  );
  app.get(
    "/v1/reports/service-kpis.svg",
    {
      config: { role: "manager" },
      schema: {
        tags: tags16,
        summary: "A service KPI as a trend chart, SVG (manager)",
        description: "Lines over day/week/month groups, bars over dimensions; drawn server-side with Apache ECharts.",
        querystring: Type32.Object({
          metric: StringEnum(chartMetrics, { description: "The figure to draw" }),
          ...ReportQueryString,
          width: Type32.Integer({ minimum: 200, maximum: 2e3, default: 800 }),
          height: Type32.Integer({ minimum: 150, maximum: 1500, default: 400 })
        }),
        response: { 200: { description: "The chart", content: { "image/svg+xml": { schema: Type32.String() } } }, ...problems() }
      }
    },
    async (request, reply) => {
      const { metric, groupBy, width, height } = request.query;
      const range = { from: parseInstant2(request.query.from, "from", app.now()), to: parseInstant2(request.query.to, "to", app.now()) };
      const report = await serviceKpiFigures(app.db, { range, groupBy });
      return reply.type("image/svg+xml").send(reportChartSvg(report, metric, { width, height }));
    }
  );
};
var reports_default = reportRoutes;

// src/http/routes/surveys.ts
import { Type as Type34 } from "@sinclair/typebox";

// src/surveys/survey-questions.ts
var COMMENT_MAX_LENGTH = 2e3;
var SURVEY_QUESTIONS = {
  csat: {
    kind: "csat",
    question: "How satisfied are you with the support you received?",
    scale: { min: 1, max: 5, minLabel: "Very dissatisfied", maxLabel: "Very satisfied" }
  },
  nps: {
    kind: "nps",
    question: "How likely are you to recommend us to a friend or colleague?",
    scale: { min: 0, max: 10, minLabel: "Not at all likely", maxLabel: "Extremely likely" }
  },
  engagement: {
    kind: "engagement",
    question: "How likely are you to recommend working on this support team to a friend?",
    scale: { min: 0, max: 10, minLabel: "Not at all likely", maxLabel: "Extremely likely" }
  }
};
function surveyEmail(kind, input) {
  const q = SURVEY_QUESTIONS[kind];
  const hello = input.name ? `Hello ${input.name.replace(/[\r\n]+/g, " ")},` : "Hello,";
  const scale = `(${q.scale.min} = ${q.scale.minLabel.toLowerCase()}, ${q.scale.max} = ${q.scale.maxLabel.toLowerCase()})`;
  const until = `This link is personal and can be answered once, until ${input.expiresAt.toISOString().slice(0, 10)}.`;
  if (kind === "csat") {
    const label = (input.caseLabel ?? "").replace(/[\r\n]+/g, " ");
    return {
      subject: `How did we do? ${label}`.trim(),
      body: `${hello}

Your case ${label} has been resolved. ${q.question} ${scale}

Answer here: ${input.link}

${until}
`
    };
  }
  if (kind === "nps") {
    return { subject: "Would you recommend us?", body: `${hello}

${q.question} ${scale}

Answer here: ${input.link}

${until}
` };
  }
  return {
    subject: "Team pulse: one anonymous question",
    body: `${hello}

${q.question} ${scale}

Answer here: ${input.link}

Your answer is anonymous: it is stored without your name, and figures are shown only for groups of 5 answers or more.
${until}
`
  };
}

// src/surveys/survey-tokens.ts
import { createHash as createHash4, randomBytes as randomBytes3 } from "node:crypto";
var TOKEN_BYTES = 32;
var SURVEY_TOKEN_PATTERN = "^[A-Za-z0-9_-]{43}$";
function newSurveyToken() {
  const token = randomBytes3(TOKEN_BYTES).toString("base64url");
  return { token, tokenHash: hashSurveyToken(token) };
}
function hashSurveyToken(token) {
  return createHash4("sha256").update(token).digest("hex");
}
function surveyLink(linkBaseUrl, token) {
  return `${linkBaseUrl}/${token}`;
}

// src/surveys/answer-survey.ts
var SURVEY_RESPONDENT = { kind: "system", name: "Customer (survey link)" };
var unknownToken = () => new AppError("SURVEY_NOT_FOUND", 404, "No survey has this link. Check that the whole link from the email was copied.");
var expired = (expiresAt) => new AppError("SURVEY_EXPIRED", 410, `This survey link expired on ${expiresAt.toISOString()}; it can no longer be answered.`, { expiresAt: expiresAt.toISOString() });
var alreadyAnswered = () => conflict("SURVEY_ALREADY_ANSWERED", "This survey has already been answered; each link takes one answer.");
function assertAnswerable(s, now) {
  if (!s) throw unknownToken();
  if (s.answered) throw alreadyAnswered();
  if (s.expiresAt.getTime() <= now.getTime()) throw expired(s.expiresAt);
  return s;
}
async function surveyForm(db2, token, now) {
  const [s] = await db2.select().from(surveys).where(eq(surveys.tokenHash, hashSurveyToken(token)));
  const survey = assertAnswerable(s, now);
  let caseNumber = null;
  if (survey.caseId) [{ caseNumber }] = await db2.select({ caseNumber: cases.number }).from(cases).where(eq(cases.id, survey.caseId));
  return { ...SURVEY_QUESTIONS[survey.kind], expiresAt: survey.expiresAt, commentMaxLength: COMMENT_MAX_LENGTH, caseNumber };
}
var startOfUtcDay = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
async function answerSurvey(db2, token, answer, now) {
  const tokenHash = hashSurveyToken(token);
  return db2.transaction(async (tx) => {
    const [s] = await tx.select().from(surveys).where(eq(surveys.tokenHash, tokenHash));
    const survey = assertAnswerable(s, now);
    const { scale } = SURVEY_QUESTIONS[survey.kind];
    if (!Number.isInteger(answer.score) || answer.score < scale.min || answer.score > scale.max) {
      throw invalidField("body.score", `must be an integer from ${scale.min} to ${scale.max} for this ${survey.kind.toUpperCase()} survey`);
    }
    const comment = answer.comment?.trim() ? answer.comment.trim() : null;
    const anonymous = survey.kind === "engagement";
    const [claimed] = await tx.update(surveys).set({ answered: true, answeredAt: anonymous ? null : now }).where(and(eq(surveys.id, survey.id), eq(surveys.answered, false), gt(surveys.expiresAt, now))).returning({ id: surveys.id });
    if (!claimed) throw alreadyAnswered();
    const answeredAt = anonymous ? startOfUtcDay(now) : now;
    await tx.insert(surveyResponses).values({
      kind: survey.kind,
      surveyId: anonymous ? null : survey.id,
      roundId: survey.roundId,
      caseId: anonymous ? null : survey.caseId,
      contactId: anonymous ? null : survey.contactId,
      accountId: anonymous ? null : survey.accountId,
      score: answer.score,
      comment,
      answeredAt
    });
    if (survey.kind === "csat" && survey.caseId) {
      await recordCaseEvent(
        tx,
        {
          caseId: survey.caseId,
          kind: "survey.answered",
          summary: `CSAT answer: ${answer.score}/5${comment ? ` \u201C${comment.length > 80 ? `${comment.slice(0, 79)}\u2026` : comment}\u201D` : ""}`,
          data: { surveyId: survey.id, kind: "csat", score: answer.score, comment },
          occurredAt: now,
          actor: SURVEY_RESPONDENT
        },
        now
      );
    }
    return { kind: survey.kind, score: answer.score, answeredAt };
  });
}

// src/surveys/customer-surveys.ts
async function customerSurveys(db2, owner, page, now) {
  if ("contactId" in owner) {
    const [c] = await db2.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, owner.contactId));
    if (!c) throw notFound("contact", owner.contactId);
  } else {
    const [a] = await db2.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, owner.accountId));
    if (!a) throw notFound("account", owner.accountId);
  }
  const filter = "contactId" in owner ? eq(surveys.contactId, owner.contactId) : eq(surveys.accountId, owner.accountId);
  const keys = [
    { expr: surveys.issuedAt, type: "timestamptz" },
    { expr: surveys.id, type: "uuid" }
  ];
  const result = await paginate(
    { keys, order: "desc", scope: ["customer-surveys", owner] },
    page,
    (p) => db2.select({ survey: surveys, response: surveyResponses, cursorKey: p.cursorKey }).from(surveys).leftJoin(surveyResponses, eq(surveyResponses.surveyId, surveys.id)).where(and(filter, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
  return {
    items: result.rows.map(({ survey: s, response: r }) => ({
      id: s.id,
      kind: s.kind,
      trigger: s.trigger,
      caseId: s.caseId,
      contactId: s.contactId,
      accountId: s.accountId,
      issuedAt: s.issuedAt,
      expiresAt: s.expiresAt,
      state: s.answered ? "answered" : s.expiresAt.getTime() <= now.getTime() ? "expired" : "open",
      response: r ? { score: r.score, comment: r.comment, answeredAt: r.answeredAt } : null
    })),
    nextCursor: result.nextCursor
  };
}

// src/surveys/engagement-pulse.ts
import { randomUUID as randomUUID4 } from "node:crypto";

// src/surveys/issue-survey.ts
var DAY_MS = 864e5;
var SURVEY_OUTBOX_KEY_PREFIX = "survey:";
async function issueSurvey(tx, input, options, at, actor) {
  const { token, tokenHash } = newSurveyToken();
  const expiresAt = new Date(at.getTime() + options.expiryDays * DAY_MS);
  const r = input.recipient;
  const [survey] = await tx.insert(surveys).values({
    kind: input.kind,
    trigger: input.trigger,
    tokenHash,
    roundId: input.roundId ?? null,
    caseId: r.caseId ?? null,
    contactId: r.contactId ?? null,
    accountId: r.accountId ?? null,
    agentId: r.agentId ?? null,
    recipientEmail: r.email,
    issuedAt: at,
    expiresAt,
    ...actorColumns(actor)
  }).returning({ id: surveys.id });
  const email = surveyEmail(input.kind, { name: r.name, link: surveyLink(options.linkBaseUrl, token), expiresAt, caseLabel: input.caseLabel });
  const [outbox] = await tx.insert(emailOutbox).values({ idempotencyKey: `${SURVEY_OUTBOX_KEY_PREFIX}${survey.id}`, to: [r.email], subject: email.subject, body: email.body, createdAt: at }).returning({ id: emailOutbox.id });
  await tx.update(surveys).set({ emailOutboxId: outbox.id }).where(eq(surveys.id, survey.id));
  return { id: survey.id, kind: input.kind, expiresAt, emailOutboxId: outbox.id, token };
}
async function recentNpsSurvey(tx, contactId, since) {
  const [row] = await tx.select({ issuedAt: surveys.issuedAt }).from(surveys).where(and(eq(surveys.contactId, contactId), eq(surveys.kind, "nps"), gt(surveys.issuedAt, since))).orderBy(sql`${surveys.issuedAt} desc`).limit(1);
  return row;
}
async function openCsatSurvey(tx, caseId, at) {
  const [row] = await tx.select({ id: surveys.id }).from(surveys).where(and(eq(surveys.caseId, caseId), eq(surveys.kind, "csat"), eq(surveys.answered, false), gt(surveys.expiresAt, at))).limit(1);
  return row;
}

// src/surveys/engagement-pulse.ts
async function issueEngagementPulse(db2, agentIds, options, at, actor) {
  return db2.transaction(async (tx) => {
    const query = tx.select({ id: agents.id, email: agents.email, name: agents.name }).from(agents);
    const recipients = await (agentIds ? query.where(inArray(agents.id, agentIds)) : query).orderBy(asc(agents.id));
    if (agentIds) {
      const found = new Set(recipients.map((a) => a.id));
      const missing = agentIds.filter((id) => !found.has(id));
      if (missing.length) throw unprocessable("AGENT_NOT_FOUND", `body.agentIds: no agent with id "${missing[0]}"`, { field: "body.agentIds", ids: missing });
    }
    if (recipients.length === 0) throw unprocessable("NO_AGENTS", "There are no agents to send a pulse to; create agents first (POST /v1/agents).");
    const roundId = randomUUID4();
    let expiresAt = at;
    for (const a of recipients) {
      const s = await issueSurvey(tx, { kind: "engagement", trigger: "on_demand", roundId, recipient: { email: a.email, name: a.name, agentId: a.id } }, options, at, actor);
      expiresAt = s.expiresAt;
    }
    return { roundId, issued: recipients.length, expiresAt };
  });
}

// src/surveys/nps-surveys.ts
import { randomUUID as randomUUID5 } from "node:crypto";
var DAY_MS2 = 864e5;
async function issueToContact(tx, contactId, ctx) {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId)).for("update");
  if (!contact?.email) return "no_email";
  const since = new Date(ctx.at.getTime() - ctx.options.periodDays * DAY_MS2);
  if (await recentNpsSurvey(tx, contactId, since)) return "surveyed_recently";
  const survey = await issueSurvey(
    tx,
    { kind: "nps", trigger: ctx.trigger, roundId: ctx.roundId, recipient: { email: contact.email, name: contact.name, contactId, accountId: contact.accountId } },
    ctx.options,
    ctx.at,
    ctx.actor
  );
  return { surveyId: survey.id, expiresAt: survey.expiresAt };
}
async function issueNpsToContact(db2, contactId, options, at, actor) {
  return db2.transaction(async (tx) => {
    const [exists2] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
    if (!exists2) throw unprocessable("CONTACT_NOT_FOUND", `body.contactId: no contact with id "${contactId}"`, { field: "body.contactId", id: contactId });
    const roundId = randomUUID5();
    const outcome = await issueToContact(tx, contactId, { options, at, actor, roundId, trigger: "on_demand" });
    if (outcome === "no_email") throw unprocessable("CONTACT_HAS_NO_EMAIL", "The contact has no email address to send the survey to; set one first (PATCH /v1/contacts/{id}).");
    if (outcome === "surveyed_recently") {
      const last = await recentNpsSurvey(tx, contactId, new Date(at.getTime() - options.periodDays * DAY_MS2));
      const nextAt = new Date((last?.issuedAt ?? at).getTime() + options.periodDays * DAY_MS2);
      throw conflict("NPS_SURVEYED_RECENTLY", `The contact got an NPS survey within the last ${options.periodDays} days; the next one can be sent from ${nextAt.toISOString()}.`, {
        nextAllowedAt: nextAt.toISOString()
      });
    }
    return { roundId, issued: [{ contactId, ...outcome }], skipped: [] };
  });
}
async function issueNpsToAccount(db2, accountId, options, at, actor) {
  return db2.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw unprocessable("ACCOUNT_NOT_FOUND", `body.accountId: no account with id "${accountId}"`, { field: "body.accountId", id: accountId });
    const members = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.accountId, accountId)).orderBy(asc(contacts.id));
    const result = { roundId: randomUUID5(), issued: [], skipped: [] };
    for (const { id } of members) {
      const outcome = await issueToContact(tx, id, { options, at, actor, roundId: result.roundId, trigger: "on_demand" });
      if (typeof outcome === "string") result.skipped.push({ contactId: id, reason: outcome });
      else result.issued.push({ contactId: id, ...outcome });
    }
    return result;
  });
}
async function issueScheduledNps(db2, options, at, actor, batch = 100) {
  const since = new Date(at.getTime() - options.periodDays * DAY_MS2);
  const due = await db2.select({ id: contacts.id }).from(contacts).where(
    and(
      isNotNull(contacts.email),
      notExists(
        db2.select({ one: sql`1` }).from(surveys).where(and(eq(surveys.contactId, contacts.id), eq(surveys.kind, "nps"), gt(surveys.issuedAt, since)))
      )
    )
  ).orderBy(asc(contacts.createdAt), asc(contacts.id)).limit(batch);
  const roundId = randomUUID5();
  let issued = 0;
  for (const { id } of due) {
    const outcome = await db2.transaction((tx) => issueToContact(tx, id, { options, at, actor, roundId, trigger: "schedule" }));
    if (typeof outcome !== "string") issued += 1;
  }
  return issued;
}

// src/http/schemas/surveys.ts
import { Type as Type33 } from "@sinclair/typebox";
var Kind = StringEnum(surveyKinds, { description: "csat (1-5), nps (0-10) or engagement (0-10)" });
var TokenParams = Type33.Object({
  token: Type33.String({ pattern: SURVEY_TOKEN_PATTERN, description: "The token from the survey link (43 characters, base64url)" })
});
var SurveyFormView = Type33.Object({
  kind: Kind,
  question: Type33.String(),
  scale: Type33.Object({ min: Type33.Integer(), max: Type33.Integer(), minLabel: Type33.String(), maxLabel: Type33.String() }),
  commentMaxLength: Type33.Integer(),
  expiresAt: InstantView,
  caseNumber: Nullable(Type33.String({ description: "CSAT: the case the question is about" }))
});
var SurveyAnswerBody = Type33.Object(
  {
    score: Type33.Integer({ minimum: 0, maximum: 10, description: "CSAT 1-5 (5: very satisfied); NPS and engagement 0-10" }),
    comment: Type33.Optional(Nullable(Type33.String({ maxLength: COMMENT_MAX_LENGTH })))
  },
  { additionalProperties: false }
);
var SurveyAnswerView = Type33.Object({ kind: Kind, score: Type33.Integer(), answeredAt: InstantView });
var NpsIssueBody = Type33.Object(
  {
    contactId: Type33.Optional(Uuid),
    accountId: Type33.Optional(Uuid)
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: "Exactly one of contactId (one person) and accountId (each of its contacts)" }
);
var NpsIssueView = Type33.Object({
  roundId: Uuid,
  issued: Type33.Array(Type33.Object({ surveyId: Uuid, contactId: Uuid, expiresAt: InstantView })),
  skipped: Type33.Array(Type33.Object({ contactId: Uuid, reason: StringEnum(["no_email", "surveyed_recently"]) }))
});
var PulseBody = Type33.Object(
  { agentIds: Type33.Optional(Type33.Array(Uuid, { minItems: 1, maxItems: 1e3, uniqueItems: true, description: "Default: every agent" })) },
  { additionalProperties: false }
);
var PulseView = Type33.Object({ roundId: Uuid, issued: Type33.Integer(), expiresAt: InstantView });
var CustomerSurveyView = Type33.Object({
  id: Uuid,
  kind: Kind,
  trigger: StringEnum(surveyTriggers),
  caseId: Nullable(Uuid),
  contactId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  issuedAt: InstantView,
  expiresAt: InstantView,
  state: StringEnum(["open", "answered", "expired"]),
  response: Nullable(Type33.Object({ score: Type33.Integer(), comment: Nullable(Type33.String()), answeredAt: InstantView }))
});
var toFormView = (f) => ({
  kind: f.kind,
  question: f.question,
  scale: f.scale,
  commentMaxLength: f.commentMaxLength,
  expiresAt: f.expiresAt.toISOString(),
  caseNumber: f.caseNumber
});
var toNpsIssueView = (r) => ({
  roundId: r.roundId,
  issued: r.issued.map((i) => ({ surveyId: i.surveyId, contactId: i.contactId, expiresAt: i.expiresAt.toISOString() })),
  skipped: r.skipped
});
var toCustomerSurveyView = (s) => ({
  ...s,
  issuedAt: s.issuedAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  response: s.response ? { ...s.response, answeredAt: s.response.answeredAt.toISOString() } : null
});

// src/http/routes/surveys.ts
var tags17 = ["surveys"];
var publicProblems = (...statuses) => Object.fromEntries([400, 404, 409, 410, 429, ...statuses].map((s) => [s, problemAnswer(s)]));
var surveyRoutes = async (app, { surveys: config }) => {
  const publicRoute = {
    public: true,
    rateLimit: {
      max: config.answersPerMinute,
      timeWindow: "1 minute",
      keyGenerator: (request) => `survey:${request.ip}`,
      allowList: () => false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: "RATE_LIMITED",
        message: `At most ${context.max} survey requests per minute from one address; retry in ${Math.max(1, Math.ceil(context.ttl / 1e3))} seconds.`
      })
    }
  };
  const nps = { linkBaseUrl: config.linkBaseUrl, expiryDays: config.expiryDays, periodDays: config.npsPeriodDays };
  app.get(
    "/v1/surveys/:token",
    {
      config: publicRoute,
      schema: { tags: tags17, security: [], summary: "The question behind a survey link (public: the token is the credential)", params: TokenParams, response: { 200: SurveyFormView, ...publicProblems() } }
    },
    async (request) => toFormView(await surveyForm(app.db, request.params.token, app.now()))
  );
  app.post(
    "/v1/surveys/:token",
    {
      config: publicRoute,
      schema: {
        tags: tags17,
        security: [],
        summary: "Answer a survey (public; one answer per link: a second is 409, an expired link 410)",
        params: TokenParams,
        body: SurveyAnswerBody,
        response: { 201: SurveyAnswerView, ...publicProblems(413, 415) }
      }
    },
    async (request, reply) => {
      const answer = await answerSurvey(app.db, request.params.token, request.body, app.now());
      return reply.code(201).send({ kind: answer.kind, score: answer.score, answeredAt: answer.answeredAt.toISOString() });
    }
  );
  app.post(
    "/v1/surveys/nps",
    {
      config: { role: "manager" },
      schema: {
        tags: tags17,
        summary: "Send NPS surveys now: to one contact, or to every contact of an account (at most one per contact per NPS_PERIOD_DAYS)",
        body: NpsIssueBody,
        response: { 201: NpsIssueView, ...problems(409, 422) }
      }
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { contactId, accountId } = request.body;
      const result = contactId ? await issueNpsToContact(app.db, contactId, nps, app.now(), actor) : await issueNpsToAccount(app.db, accountId, nps, app.now(), actor);
      return reply.code(201).send(toNpsIssueView(result));
    }
  );
  app.post(
    "/v1/surveys/engagement",
    {
      config: { role: "manager" },
      schema: {
        tags: tags17,
        summary: "Send an anonymous engagement pulse to every agent (or the ones named): one link each, by email",
        body: PulseBody,
        response: { 201: PulseView, ...problems(422) }
      }
    },
    async (request, reply) => {
      const pulse = await issueEngagementPulse(app.db, request.body.agentIds, config, app.now(), actorOf(request));
      return reply.code(201).send({ roundId: pulse.roundId, issued: pulse.issued, expiresAt: pulse.expiresAt.toISOString() });
    }
  );
  for (const owner of ["contact", "account"]) {
    app.get(
      `/v1/${owner}s/:id/surveys`,
      {
        schema: {
          tags: tags17,
          summary: `The CSAT and NPS surveys of a${owner === "account" ? "n account" : " contact"} and their answers (newest first)`,
          params: IdParams,
          querystring: Type34.Object({ ...PageQuery }),
          response: { 200: Page(CustomerSurveyView), ...problems(404) }
        }
      },
      async (request) => {
        const who = owner === "contact" ? { contactId: request.params.id } : { accountId: request.params.id };
        const page = await customerSurveys(app.db, who, request.query, app.now());
        return { items: page.items.map(toCustomerSurveyView), nextCursor: page.nextCursor };
      }
    );
  }
};
var surveys_default = surveyRoutes;

// src/http/routes/webhooks.ts
import { Type as Type35 } from "@sinclair/typebox";

// src/webhooks/subscriptions.ts
async function checkedUrl(raw, policy) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_FAILED", 400, "body.url must be an absolute http:// or https:// URL", { field: "body.url" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AppError("VALIDATION_FAILED", 400, "body.url must be an absolute http:// or https:// URL", { field: "body.url" });
  }
  try {
    await checkReceiverUrl(url, policy);
  } catch (err) {
    if (err instanceof ReceiverRefused) throw unprocessable("WEBHOOK_RECEIVER_REFUSED", `body.url refused: ${err.message}.`, { field: "body.url" });
    throw err;
  }
  return url.toString();
}
async function createSubscription(db2, input, policy, now, actor) {
  const url = await checkedUrl(input.url, policy);
  const secret = newWebhookSecret();
  const [row] = await db2.insert(webhookSubscriptions).values({
    url,
    eventTypes: [...new Set(input.eventTypes)],
    description: input.description ?? null,
    alertEmail: input.alertEmail ?? null,
    enabled: input.enabled ?? true,
    secret,
    ...actorColumns(actor),
    createdAt: now,
    updatedAt: now
  }).returning();
  return { subscription: row, secret };
}
async function getSubscription(db2, id) {
  const [row] = await db2.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound("webhook subscription", id);
  return row;
}
function listSubscriptions(db2) {
  return db2.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id));
}
function assertVersion2(row, expected) {
  if (expected !== void 0 && row.version !== expected) {
    throw preconditionFailed(`The subscription changed since your read (now version ${row.version}); read it again.`, { currentVersion: row.version });
  }
}
async function updateSubscription(db2, id, patch, policy, now, actor, expectedVersion) {
  const url = patch.url === void 0 ? void 0 : await checkedUrl(patch.url, policy);
  return db2.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).for("update");
    if (!row) throw notFound("webhook subscription", id);
    assertVersion2(row, expectedVersion);
    const reenabled = patch.enabled === true && !row.enabled;
    const [updated] = await tx.update(webhookSubscriptions).set({
      ...url !== void 0 ? { url } : {},
      ...patch.eventTypes !== void 0 ? { eventTypes: [...new Set(patch.eventTypes)] } : {},
      ...patch.description !== void 0 ? { description: patch.description } : {},
      ...patch.alertEmail !== void 0 ? { alertEmail: patch.alertEmail } : {},
      ...patch.enabled !== void 0 ? { enabled: patch.enabled } : {},
      ...reenabled ? { failingSince: null, disabledAt: null, disabledReason: null } : {},
      ...patch.enabled === false && row.enabled ? { disabledAt: now, disabledReason: `disabled by ${actor.name}` } : {},
      ...actorColumns(actor),
      updatedAt: now,
      version: sql`${webhookSubscriptions.version} + 1`
    }).where(eq(webhookSubscriptions.id, id)).returning();
    return updated;
  });
}
async function deleteSubscription(db2, id) {
  const rows = await db2.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning({ id: webhookSubscriptions.id });
  if (rows.length === 0) throw notFound("webhook subscription", id);
}
async function rotateSecret(db2, id, graceHours, now, actor) {
  const secret = newWebhookSecret();
  const [row] = await db2.update(webhookSubscriptions).set({
    previousSecret: graceHours > 0 ? sql`${webhookSubscriptions.secret}` : null,
    previousSecretExpiresAt: graceHours > 0 ? new Date(now.getTime() + graceHours * 36e5) : null,
    secret,
    ...actorColumns(actor),
    updatedAt: now,
    version: sql`${webhookSubscriptions.version} + 1`
  }).where(eq(webhookSubscriptions.id, id)).returning();
  if (!row) throw notFound("webhook subscription", id);
  return { subscription: row, secret };
}

// src/webhooks/delivery-log.ts
var deliveryColumns = { delivery: webhookDeliveries, eventType: webhookEvents.type };
async function listDeliveries(db2, subscriptionId, filter, page) {
  await getSubscription(db2, subscriptionId);
  const keys = [
    { expr: webhookDeliveries.createdAt, type: "timestamptz" },
    { expr: webhookDeliveries.id, type: "uuid" }
  ];
  const result = await paginate(
    { keys, order: "desc", scope: ["webhook-deliveries", subscriptionId, filter.status ?? null] },
    page,
    (p) => db2.select({ ...deliveryColumns, cursorKey: p.cursorKey }).from(webhookDeliveries).innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId)).where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), filter.status ? eq(webhookDeliveries.status, filter.status) : void 0, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
  return { rows: result.rows.map((r) => ({ ...r.delivery, eventType: r.eventType })), nextCursor: result.nextCursor };
}
async function getDelivery(db2, subscriptionId, deliveryId) {
  const [row] = await db2.select({ ...deliveryColumns, payload: webhookEvents.payload }).from(webhookDeliveries).innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId)).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)));
  if (!row) throw notFound("webhook delivery", deliveryId);
  const attempts = await db2.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId)).orderBy(asc(webhookDeliveryAttempts.attempt));
  return { delivery: { ...row.delivery, eventType: row.eventType }, attempts, payload: row.payload };
}
async function redeliver(db2, subscriptionId, deliveryId, now) {
  const { delivery } = await getDelivery(db2, subscriptionId, deliveryId);
  const [subscription] = await db2.select({ enabled: webhookSubscriptions.enabled }).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
  if (!subscription?.enabled) {
    throw conflict("WEBHOOK_SUBSCRIPTION_DISABLED", 'The subscription is disabled: enable it first (PATCH {"enabled": true}), then redeliver.');
  }
  const [row] = await db2.insert(webhookDeliveries).values({ subscriptionId, eventId: delivery.eventId, redeliveryOf: delivery.id, createdAt: now }).returning();
  return { ...row, eventType: delivery.eventType };
}

// src/http/routes/webhooks.ts
var tags18 = ["webhooks"];
var admin = { role: "admin" };
var idempotent2 = Type35.Object({ ...idempotencyKeyHeader });
var EventTypes = Type35.Array(StringEnum(webhookEventTypeNames), { minItems: 1, maxItems: webhookEventTypeNames.length, uniqueItems: true });
var Url = Type35.String({ minLength: 1, maxLength: 2e3, description: "http(s) URL of the receiver; private addresses are refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS" });
var Email2 = Type35.String({ minLength: 3, maxLength: 320, pattern: "^[^\\s@]+@[^\\s@]+$" });
var Description = Type35.String({ maxLength: 500 });
var SubscriptionView = Type35.Object({
  id: Uuid,
  url: Type35.String(),
  description: Nullable(Type35.String()),
  eventTypes: Type35.Array(Type35.String()),
  enabled: Type35.Boolean(),
  alertEmail: Nullable(Type35.String({ description: "Told when the subscription is disabled (else WEBHOOK_ADMIN_EMAIL)" })),
  failingSince: Nullable(InstantView),
  disabledAt: Nullable(InstantView),
  disabledReason: Nullable(Type35.String()),
  previousSecretExpiresAt: Nullable(InstantView),
  actor: ActorView,
  createdAt: InstantView,
  updatedAt: InstantView,
  version: Type35.Integer()
});
var WithSecret = Type35.Composite([
  SubscriptionView,
  Type35.Object({ secret: Type35.String({ description: "whsec_<base64>: shown only in this answer; verify webhook-signature with it" }) })
]);
var SubscriptionCreate = Type35.Object(
  { url: Url, eventTypes: EventTypes, description: Type35.Optional(Nullable(Description)), alertEmail: Type35.Optional(Nullable(Email2)), enabled: Type35.Optional(Type35.Boolean()) },
  { additionalProperties: false }
);
var SubscriptionPatch = Type35.Object(
  {
    url: Type35.Optional(Url),
    eventTypes: Type35.Optional(EventTypes),
    description: Type35.Optional(Nullable(Description)),
    alertEmail: Type35.Optional(Nullable(Email2)),
    enabled: Type35.Optional(Type35.Boolean({ description: "true re-enables a disabled subscription (its failure window starts again)" }))
  },
  { additionalProperties: false, minProperties: 1 }
);
var Rotate = Type35.Object(
  { graceHours: Type35.Optional(Type35.Integer({ minimum: 0, maximum: 720, description: "How long the previous secret still signs (default WEBHOOK_ROTATION_GRACE_HOURS)" })) },
  { additionalProperties: false }
);
var DeliveryView = Type35.Object({
  id: Uuid,
  subscriptionId: Uuid,
  eventId: Type35.String({ description: "The webhook-id header of every attempt" }),
  eventType: Type35.String(),
  status: StringEnum(webhookDeliveryStatuses),
  attempts: Type35.Integer(),
  lastStatusCode: Nullable(Type35.Integer()),
  lastLatencyMs: Nullable(Type35.Integer()),
  lastError: Nullable(Type35.String()),
  lastAttemptAt: Nullable(InstantView),
  nextAttemptAt: Nullable(InstantView),
  redeliveryOf: Nullable(Uuid),
  createdAt: InstantView,
  finishedAt: Nullable(InstantView)
});
var AttemptView = Type35.Object({ attempt: Type35.Integer(), at: InstantView, statusCode: Nullable(Type35.Integer()), latencyMs: Type35.Integer(), error: Nullable(Type35.String()) });
var DeliveryDetail = Type35.Composite([DeliveryView, Type35.Object({ attemptLog: Type35.Array(AttemptView), payload: Type35.Record(Type35.String(), Type35.Unknown()) })]);
var DeliveryParams = Type35.Object({ id: Type35.String({ format: "uuid" }), deliveryId: Type35.String({ format: "uuid" }) });
var iso6 = (d) => d ? d.toISOString() : null;
var toView2 = (s) => ({
  id: s.id,
  url: s.url,
  description: s.description,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
  alertEmail: s.alertEmail,
  failingSince: iso6(s.failingSince),
  disabledAt: iso6(s.disabledAt),
  disabledReason: s.disabledReason,
  previousSecretExpiresAt: s.previousSecret ? iso6(s.previousSecretExpiresAt) : null,
  actor: actorView(s),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
  version: s.version
});
var toDeliveryView = (d) => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastLatencyMs: d.lastLatencyMs,
  lastError: d.lastError,
  lastAttemptAt: iso6(d.lastAttemptAt),
  nextAttemptAt: iso6(d.nextAttemptAt),
  redeliveryOf: d.redeliveryOf,
  createdAt: d.createdAt.toISOString(),
  finishedAt: iso6(d.finishedAt)
});
var webhookRoutes = async (app) => {
  const policy = () => ({ allowPrivateNetworks: app.webhooks.config.allowPrivateNetworks });
  const subscriptionHeaders = resourceHeaders((s) => `/v1/webhooks/${s.id}`);
  app.get(
    "/v1/webhooks/event-types",
    {
      config: admin,
      schema: {
        tags: tags18,
        summary: "The event catalogue: every event type with an example of its data",
        response: { 200: Type35.Object({ items: Type35.Array(Type35.Object({ type: Type35.String(), description: Type35.String(), example: Type35.Record(Type35.String(), Type35.Unknown()) })) }), ...problems() }
      }
    },
    async () => ({ items: WEBHOOK_EVENT_TYPES.map((e) => ({ ...e })) })
  );
  app.post(
    "/v1/webhooks",
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: { tags: tags18, summary: "Subscribe a receiver to event types (admin); the signing secret is in this answer only", headers: idempotent2, body: SubscriptionCreate, response: { 201: WithSecret, ...problems(422) } }
    },
    async (request, reply) => {
      const { subscription, secret } = await createSubscription(app.db, request.body, policy(), app.now(), actorOf(request));
      return reply.code(201).send({ ...toView2(subscription), secret });
    }
  );
  app.get(
    "/v1/webhooks",
    { config: admin, schema: { tags: tags18, summary: "List webhook subscriptions, newest first (never their secrets)", response: { 200: Type35.Object({ items: Type35.Array(SubscriptionView) }), ...problems() } } },
    async () => ({ items: (await listSubscriptions(app.db)).map(toView2) })
  );
  app.get(
    "/v1/webhooks/:id",
    { config: admin, preSerialization: subscriptionHeaders, schema: { tags: tags18, summary: "Read a webhook subscription", params: IdParams, response: { 200: SubscriptionView, ...problems(404) } } },
    async (request) => toView2(await getSubscription(app.db, request.params.id))
  );
  app.patch(
    "/v1/webhooks/:id",
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: {
        tags: tags18,
        summary: "Change a subscription: URL, event types, description, alert email, enabled (true re-enables a disabled one)",
        params: IdParams,
        headers: Type35.Object(ifMatchHeader),
        body: SubscriptionPatch,
        response: { 200: SubscriptionView, ...problems(404, 412, 422) }
      }
    },
    async (request) => toView2(await updateSubscription(app.db, request.params.id, request.body, policy(), app.now(), actorOf(request), ifMatchVersion(request)))
  );
  app.delete(
    "/v1/webhooks/:id",
    { config: admin, schema: { tags: tags18, summary: "Delete a subscription with its delivery log; nothing more is sent to it", params: IdParams, response: { 204: Type35.Null({ description: "Deleted" }), ...problems(404) } } },
    async (request, reply) => {
      await deleteSubscription(app.db, request.params.id);
      return reply.code(204).send(null);
    }
  );
  app.post(
    "/v1/webhooks/:id/rotate-secret",
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: {
        tags: tags18,
        summary: "Replace the signing secret; the previous one keeps signing (a second v1 signature) during the grace period",
        params: IdParams,
        headers: idempotent2,
        body: Rotate,
        response: { 200: WithSecret, ...problems(404) }
      }
    },
    async (request) => {
      const grace = request.body.graceHours ?? app.webhooks.config.rotationGraceHours;
      const { subscription, secret } = await rotateSecret(app.db, request.params.id, grace, app.now(), actorOf(request));
      return { ...toView2(subscription), secret };
    }
  );
  app.get(
    "/v1/webhooks/:id/deliveries",
    {
      config: admin,
      schema: {
        tags: tags18,
        summary: "The delivery log of a subscription, newest first: status, attempts, last answer and latency",
        params: IdParams,
        querystring: Type35.Object({ status: Type35.Optional(StringEnum(webhookDeliveryStatuses)), ...PageQuery }),
        response: { 200: Page(DeliveryView), ...problems(404) }
      }
    },
    async (request) => {
      const { status, ...page } = request.query;
      const result = await listDeliveries(app.db, request.params.id, { status }, page);
      return { items: result.rows.map(toDeliveryView), nextCursor: result.nextCursor };
    }
  );
  app.get(
    "/v1/webhooks/:id/deliveries/:deliveryId",
    { config: admin, schema: { tags: tags18, summary: "One delivery with every attempt and the payload sent", params: DeliveryParams, response: { 200: DeliveryDetail, ...problems(404) } } },
    async (request) => {
      const { delivery, attempts, payload } = await getDelivery(app.db, request.params.id, request.params.deliveryId);
      return { ...toDeliveryView(delivery), attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error })), payload };
    }
  );
  app.post(
    "/v1/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      config: admin,
      schema: {
        tags: tags18,
        summary: "Send the delivery\u2019s event again (same webhook-id) as a new delivery; 409 while the subscription is disabled",
        params: DeliveryParams,
        headers: idempotent2,
        response: { 202: DeliveryView, ...problems(404, 409) }
      }
    },
    async (request, reply) => {
      const delivery = await redeliver(app.db, request.params.id, request.params.deliveryId, app.now());
      app.webhooks.waker?.wake();
      return reply.code(202).send(toDeliveryView(delivery));
    }
  );
};
var webhooks_default = webhookRoutes;

// src/http/routes/goals.ts
import { Type as Type37 } from "@sinclair/typebox";

// src/goals/goal-metrics.ts
var goalMetrics = {
  cases_created: { description: "Cases created in the period", better: "higher", count: true, of: (f) => f.volume.created },
  cases_resolved: { description: "Cases resolved in the period", better: "higher", count: true, of: (f) => f.volume.resolved },
  first_response_median_business_minutes: {
    description: "Median first response time in business minutes",
    better: "lower",
    count: false,
    of: (f) => f.firstResponse.businessMinutes.median
  },
  resolution_median_business_minutes: {
    description: "Median resolution time in business minutes",
    better: "lower",
    count: false,
    of: (f) => f.resolution.businessMinutes.median
  },
  first_response_compliance_rate: {
    description: "First Response By compliance rate, percent",
    better: "higher",
    count: false,
    of: (f) => f.compliance.first_response?.complianceRate ?? null
  },
  resolve_compliance_rate: { description: "Resolve By compliance rate, percent", better: "higher", count: false, of: (f) => f.compliance.resolve?.complianceRate ?? null }
};
var goalMetricNames = Object.keys(goalMetrics);

// src/goals/goal-periods.ts
import { DateTime as DateTime4 } from "luxon";
var date4 = (d) => d.toISODate();
function resolvePeriod(p) {
  switch (p.type) {
    case "month": {
      const start = DateTime4.fromFormat(p.month, "yyyy-MM", { zone: "utc" });
      if (!start.isValid) throw badRequest("GOAL_PERIOD_INVALID", `period.month must be YYYY-MM, e.g. 2027-03 (got "${p.month}").`, { field: "body.period.month" });
      return { type: "month", label: p.month, start: date4(start), end: date4(start.endOf("month")) };
    }
    case "quarter": {
      const m = /^(\d{4})-Q([1-4])$/.exec(p.quarter);
      if (!m) throw badRequest("GOAL_PERIOD_INVALID", `period.quarter must be YYYY-Qn, e.g. 2027-Q1 (got "${p.quarter}").`, { field: "body.period.quarter" });
      const start = DateTime4.utc(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1);
      return { type: "quarter", label: p.quarter, start: date4(start), end: date4(start.plus({ months: 3 }).minus({ days: 1 })) };
    }
    case "fiscal_year": {
      const startMonth = p.startMonth ?? 1;
      const start = DateTime4.utc(p.fiscalYear, startMonth, 1);
      const label = `FY${p.fiscalYear}${startMonth === 1 ? "" : ` (from ${start.toFormat("MMMM")})`}`;
      return { type: "fiscal_year", label, start: date4(start), end: date4(start.plus({ years: 1 }).minus({ days: 1 })) };
    }
    case "custom": {
      const start = DateTime4.fromISO(p.from, { zone: "utc" });
      const end = DateTime4.fromISO(p.to, { zone: "utc" });
      if (!start.isValid || !end.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to)) {
        throw badRequest("GOAL_PERIOD_INVALID", "period.from and period.to must be dates (YYYY-MM-DD), both included.", { field: "body.period" });
      }
      if (end < start) throw badRequest("GOAL_PERIOD_INVALID", `period.from (${p.from}) must not be after period.to (${p.to}).`, { field: "body.period" });
      if (end >= start.plus({ years: 5 })) throw badRequest("GOAL_PERIOD_INVALID", "A goal period is at most five years long.", { field: "body.period" });
      return { type: "custom", label: `${p.from}..${p.to}`, start: p.from, end: p.to };
    }
  }
}
function periodRange(start, end) {
  return { from: /* @__PURE__ */ new Date(`${start}T00:00:00Z`), to: DateTime4.fromISO(end, { zone: "utc" }).plus({ days: 1 }).toJSDate() };
}

// src/goals/goals.ts
async function getGoal(db2, id) {
  const [row] = await db2.select().from(goals).where(and(eq(goals.id, id), isNull(goals.deletedAt)));
  if (!row) throw notFound("goal", id);
  return row;
}
var childGoals = (db2, id) => db2.select().from(goals).where(and(eq(goals.parentId, id), isNull(goals.deletedAt))).orderBy(asc(goals.name), asc(goals.id));
async function checkOwner(db2, owner) {
  const table = owner.type === "agent" ? agents : queues;
  const [row] = await db2.select({ id: table.id }).from(table).where(eq(table.id, owner.id));
  if (!row) throw unprocessable("GOAL_OWNER_NOT_FOUND", `No ${owner.type} with id "${owner.id}" (owner.type is agent or queue).`, { field: "body.owner.id" });
}
function checkStretch(target, stretch, metric, better2) {
  if (stretch === null || stretch === void 0) return;
  if (better2 === "higher" ? stretch < target : stretch > target) {
    throw unprocessable("GOAL_STRETCH_BELOW_TARGET", `For ${metric} the stretch target must be ${better2 === "higher" ? "at least" : "at most"} the target (${target}).`, {
      field: "body.stretchTarget"
    });
  }
}
async function createGoal(db2, input, better2, actor, now) {
  const period = resolvePeriod(input.period);
  checkStretch(input.target, input.stretchTarget, input.metric, better2);
  await checkOwner(db2, input.owner);
  if (input.parentId) {
    const parent = await getGoal(db2, input.parentId).catch(() => {
      throw unprocessable("GOAL_PARENT_NOT_FOUND", `No goal with id "${input.parentId}" to roll up into.`, { field: "body.parentId" });
    });
    if (parent.metric !== input.metric || parent.periodStart !== period.start || parent.periodEnd !== period.end) {
      throw unprocessable("GOAL_PARENT_MISMATCH", `A child goal has its parent's metric (${parent.metric}) and period (${parent.periodLabel}).`, { field: "body.parentId" });
    }
  }
  const [row] = await db2.insert(goals).values({
    name: input.name,
    metric: input.metric,
    ownerType: input.owner.type,
    ownerId: input.owner.id,
    periodType: period.type,
    periodLabel: period.label,
    periodStart: period.start,
    periodEnd: period.end,
    target: input.target,
    stretchTarget: input.stretchTarget ?? null,
    parentId: input.parentId ?? null,
    createdAt: now,
    updatedAt: now,
    ...actorColumns(actor)
  }).returning();
  return row;
}
async function updateGoalTargets(db2, id, patch, better2, expectedVersion, actor, now) {
  const before = await getGoal(db2, id);
  if (expectedVersion !== void 0 && expectedVersion !== before.version) throw preconditionFailed(`Goal ${id} is at version ${before.version}, not ${expectedVersion}.`, { currentVersion: before.version });
  const target = patch.target ?? before.target;
  const stretch = patch.stretchTarget === void 0 ? before.stretchTarget : patch.stretchTarget;
  checkStretch(target, stretch, before.metric, better2(before.metric));
  const [row] = await db2.update(goals).set({ name: patch.name ?? before.name, target, stretchTarget: stretch, version: sql`${goals.version} + 1`, updatedAt: now, ...actorColumns(actor) }).where(and(eq(goals.id, id), eq(goals.version, before.version))).returning();
  if (!row) throw preconditionFailed(`Goal ${id} changed meanwhile; read it again.`);
  return row;
}
async function deleteGoal(db2, id, actor, now) {
  await getGoal(db2, id);
  if ((await childGoals(db2, id)).length > 0) throw conflict("GOAL_HAS_CHILDREN", "Delete or move the child goals first: this goal rolls them up.", { id });
  await db2.update(goals).set({ deletedAt: now, updatedAt: now, ...actorColumns(actor) }).where(eq(goals.id, id));
}
async function listGoals(db2, filter, page) {
  const keys = [
    { expr: goals.createdAt, type: "timestamptz" },
    { expr: goals.id, type: "uuid" }
  ];
  return paginate(
    { keys, order: "asc", scope: ["goals", filter.parentId ?? null] },
    page,
    (p) => db2.select({ row: goals, cursorKey: p.cursorKey }).from(goals).where(and(isNull(goals.deletedAt), filter.parentId ? eq(goals.parentId, filter.parentId) : void 0, p.after)).orderBy(...p.orderBy).limit(p.limit)
  );
}

// src/goals/goal-progress.ts
var round23 = (v) => Math.round(v * 100) / 100;
var MAX_DEPTH = 8;
var metricOf = (goal) => goalMetrics[goal.metric];
function meets(metric, actual, target) {
  if (actual === null || target === null) return false;
  return metric.better === "higher" ? actual >= target : actual <= target;
}
function percentAchieved(metric, actual, target) {
  if (actual === null) return null;
  if (metric.better === "higher") return target === 0 ? 100 : round23(actual / target * 100);
  return actual === 0 ? 100 : round23(target / actual * 100);
}
async function scopeOf(db2, goal, depth) {
  const children = depth < MAX_DEPTH ? await childGoals(db2, goal.id) : [];
  if (children.length === 0) return goal.ownerType === "agent" ? { ownerIds: [goal.ownerId], queueIds: [] } : { ownerIds: [], queueIds: [goal.ownerId] };
  const scopes2 = await Promise.all(children.map((c) => scopeOf(db2, c, depth + 1)));
  return { ownerIds: [...new Set(scopes2.flatMap((s) => s.ownerIds ?? []))], queueIds: [...new Set(scopes2.flatMap((s) => s.queueIds ?? []))] };
}
async function measure(db2, goal, now, depth) {
  const metric = metricOf(goal);
  const children = depth < MAX_DEPTH ? await childGoals(db2, goal.id) : [];
  if (metric.count && children.length > 0) {
    const parts = await Promise.all(children.map((c) => measure(db2, c, now, depth + 1)));
    const daily2 = /* @__PURE__ */ new Map();
    for (const p of parts) for (const [d, v] of p.daily) daily2.set(d, (daily2.get(d) ?? 0) + (v ?? 0));
    return { actual: parts.reduce((sum, p) => sum + (p.actual ?? 0), 0), daily: daily2 };
  }
  const scope = await scopeOf(db2, goal, depth);
  const report = await serviceKpiFigures(db2, { range: periodRange(goal.periodStart, goal.periodEnd), groupBy: "day", scope }, { withRetention: false });
  const today = now.toISOString().slice(0, 10);
  const daily = new Map(report.groups.filter((g) => g.key !== null && g.key <= today).map((g) => [g.key, metric.of(g)]));
  return { actual: metric.of(report.total), daily };
}
async function goalProgress(db2, goal, now) {
  const metric = metricOf(goal);
  const { actual, daily } = await measure(db2, goal, now, 0);
  const over = now.getTime() >= periodRange(goal.periodStart, goal.periodEnd).to.getTime();
  let running = 0;
  const trend = [...daily.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date5, value]) => {
    running += value ?? 0;
    return { date: date5, value, toDate: metric.count ? running : null };
  });
  const children = await childGoals(db2, goal.id);
  const childActuals = await Promise.all(children.map(async (c) => ({ id: c.id, name: c.name, actual: (await measure(db2, c, now, 1)).actual })));
  return {
    actual,
    percentAchieved: percentAchieved(metric, actual, goal.target),
    status: !over ? "in_progress" : meets(metric, actual, goal.target) ? "achieved" : "missed",
    stretchAchieved: meets(metric, actual, goal.stretchTarget),
    trend,
    children: childActuals
  };
}

// src/http/schemas/goals.ts
import { Type as Type36 } from "@sinclair/typebox";
var Target = Type36.Number({ minimum: -1e9, maximum: 1e9 });
var GoalPeriodInput = Type36.Union([
  Type36.Object({ type: Type36.Literal("month"), month: Type36.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", description: "YYYY-MM" }) }, { additionalProperties: false }),
  Type36.Object({ type: Type36.Literal("quarter"), quarter: Type36.String({ pattern: "^\\d{4}-Q[1-4]$", description: "YYYY-Qn" }) }, { additionalProperties: false }),
  Type36.Object(
    {
      type: Type36.Literal("fiscal_year"),
      fiscalYear: Type36.Integer({ minimum: 1970, maximum: 2300, description: "Named by the year it starts in" }),
      startMonth: Type36.Optional(Type36.Integer({ minimum: 1, maximum: 12, description: "First month of the fiscal year; default 1 (January)" }))
    },
    { additionalProperties: false }
  ),
  Type36.Object(
    {
      type: Type36.Literal("custom"),
      from: Type36.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "First day (UTC), included" }),
      to: Type36.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day (UTC), included" })
    },
    { additionalProperties: false }
  )
]);
var GoalCreate = Type36.Object(
  {
    name: Type36.String({ minLength: 1, maxLength: 200 }),
    metric: StringEnum(goalMetricNames),
    owner: Type36.Object({ type: StringEnum(["agent", "queue"]), id: Uuid }, { additionalProperties: false }),
    period: GoalPeriodInput,
    target: Target,
    stretchTarget: Type36.Optional(Nullable(Target)),
    parentId: Type36.Optional(Nullable(Uuid))
  },
  { additionalProperties: false }
);
var GoalPatch = Type36.Object(
  { name: Type36.Optional(Type36.String({ minLength: 1, maxLength: 200 })), target: Type36.Optional(Target), stretchTarget: Type36.Optional(Nullable(Target)) },
  { additionalProperties: false, minProperties: 1 }
);
var GoalFields = {
  id: Uuid,
  name: Type36.String(),
  metric: Type36.String(),
  owner: Type36.Object({ type: StringEnum(["agent", "queue"]), id: Uuid }),
  period: Type36.Object({ type: Type36.String(), label: Type36.String(), start: Type36.String({ format: "date" }), end: Type36.String({ format: "date" }) }),
  target: Type36.Number(),
  stretchTarget: Nullable(Type36.Number()),
  parentId: Nullable(Uuid),
  version: Type36.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView,
  changedBy: ActorView
};
var GoalView = Type36.Object(GoalFields);
var GoalWithProgressView = Type36.Object({
  ...GoalFields,
  actual: Nullable(Type36.Number()),
  percentAchieved: Nullable(Type36.Number()),
  status: StringEnum(["in_progress", "achieved", "missed"]),
  stretchAchieved: Type36.Boolean(),
  trend: Type36.Array(Type36.Object({ date: Type36.String({ format: "date" }), value: Nullable(Type36.Number()), toDate: Nullable(Type36.Number()) })),
  children: Type36.Array(Type36.Object({ id: Uuid, name: Type36.String(), actual: Nullable(Type36.Number()) }))
});
function toGoalView(g) {
  return {
    id: g.id,
    name: g.name,
    metric: g.metric,
    owner: { type: g.ownerType, id: g.ownerId },
    period: { type: g.periodType, label: g.periodLabel, start: g.periodStart, end: g.periodEnd },
    target: g.target,
    stretchTarget: g.stretchTarget,
    parentId: g.parentId,
    version: g.version,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
    changedBy: actorView(g)
  };
}
var toGoalWithProgress = (g, p) => ({ ...toGoalView(g), ...p });

// src/http/routes/goals.ts
var tags19 = ["goals"];
var manager = { role: "manager" };
var withHeaders3 = resourceHeaders((g) => `/v1/goals/${g.id}`);
var better = (metric) => goalMetrics[metric].better;
var goalRoutes = async (app) => {
  app.post(
    "/v1/goals",
    {
      config: manager,
      preSerialization: withHeaders3,
      schema: {
        tags: tags19,
        summary: "Create a goal (manager)",
        description: "A metric for an agent or a queue over a month, quarter, fiscal year or custom dates; a child goal names its parent (same metric and period).",
        headers: Type37.Object({ ...idempotencyKeyHeader }),
        body: GoalCreate,
        response: { 201: GoalView, ...problems(422) }
      }
    },
    async (request, reply) => {
      const input = request.body;
      const goal = await createGoal(app.db, input, better(input.metric), actorOf(request), app.now());
      return reply.code(201).send(toGoalView(goal));
    }
  );
  app.get(
    "/v1/goals",
    {
      config: manager,
      schema: { tags: tags19, summary: "List goals, oldest first (manager)", querystring: Type37.Object({ parentId: Type37.Optional(Uuid), ...PageQuery }), response: { 200: Page(GoalView), ...problems() } }
    },
    async (request) => {
      const { parentId, ...page } = request.query;
      const result = await listGoals(app.db, { parentId }, page);
      return { items: result.rows.map((r) => toGoalView(r.row)), nextCursor: result.nextCursor };
    }
  );
  app.get(
    "/v1/goals/:id",
    {
      config: manager,
      preSerialization: withHeaders3,
      schema: {
        tags: tags19,
        summary: "A goal with its actual, % achieved, status and daily trend (manager)",
        params: IdParams,
        response: { 200: GoalWithProgressView, ...problems(404) }
      }
    },
    async (request) => {
      const goal = await getGoal(app.db, request.params.id);
      return toGoalWithProgress(goal, await goalProgress(app.db, goal, app.now()));
    }
  );
  app.patch(
    "/v1/goals/:id",
    {
      config: manager,
      preSerialization: withHeaders3,
      schema: {
        tags: tags19,
        summary: "Change a goal\u2019s name, target or stretch target (manager; If-Match optional)",
        params: IdParams,
        headers: Type37.Object(ifMatchHeader),
        body: GoalPatch,
        response: { 200: GoalView, ...problems(404, 412, 422) }
      }
    },
    async (request) => toGoalView(await updateGoalTargets(app.db, request.params.id, request.body, better, ifMatchVersion(request), actorOf(request), app.now()))
  );
  app.delete(
    "/v1/goals/:id",
    {
      config: manager,
      schema: { tags: tags19, summary: "Delete a goal without children (manager)", params: IdParams, response: { 204: Type37.Null({ description: "Deleted" }), ...problems(404, 409) } }
    },
    async (request, reply) => {
      await deleteGoal(app.db, request.params.id, actorOf(request), app.now());
      return reply.code(204).send(null);
    }
  );
};
var goals_default = goalRoutes;

// src/http/routes/knowledge.ts
import { Type as Type39 } from "@sinclair/typebox";

// src/knowledge/languages.ts
var CONFIG_BY_LANGUAGE = {
  ar: "arabic",
  ca: "catalan",
  eu: "basque",
  hi: "hindi",
  hy: "armenian",
  sr: "serbian",
  yi: "yiddish",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  ne: "nepali",
  nl: "dutch",
  nb: "norwegian",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish"
};
var searchConfigs = [...new Set(Object.values(CONFIG_BY_LANGUAGE)), "simple"];
var displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
function parseLanguage(raw, field) {
  let tag;
  try {
    [tag = ""] = Intl.getCanonicalLocales(raw.trim());
  } catch {
    throw invalidField(field, `must be a BCP 47 language tag such as "en", "fr-CA" or "zh-Hant" (got "${raw.slice(0, 40)}")`);
  }
  const base = tag.split("-")[0].toLowerCase();
  if (base.length > 3 || !displayNames.of(base)) {
    throw invalidField(field, `names an unknown language "${base}"; use a BCP 47 tag such as "en", "fr" or "zh"`);
  }
  return { tag, base, config: CONFIG_BY_LANGUAGE[base] ?? "simple" };
}

// src/knowledge/markdown.ts
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
var markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
var SAFE_HTML = {
  allowedTags: ["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: { a: ["href", "title"], ol: ["start"], th: ["style"], td: ["style"] },
  allowedStyles: { th: { "text-align": [/^(left|right|center)$/] }, td: { "text-align": [/^(left|right|center)$/] } },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }) }
};
SAFE_HTML.allowedAttributes = { ...SAFE_HTML.allowedAttributes, a: ["href", "title", "rel"] };
function renderArticleHtml(content) {
  return sanitizeHtml(markdown.render(content), SAFE_HTML);
}
function articlePlainText(title, content) {
  return `${title}

${content.trim()}
`;
}

// src/knowledge/article-document.ts
function normaliseKeywords(keywords) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const raw of keywords) {
    const k = raw.trim().replace(/\s+/g, " ");
    if (k && !seen.has(k.toLowerCase())) {
      seen.add(k.toLowerCase());
      out.push(k);
    }
  }
  return out;
}
function versionColumns(fields, languageField = "body.language") {
  const language = parseLanguage(fields.language, languageField);
  const keywords = normaliseKeywords(fields.keywords);
  const config = sql.raw(`'${language.config}'::regconfig`);
  const searchVector = sql`setweight(to_tsvector(${config}, ${fields.title}), 'A')
    || setweight(to_tsvector(${config}, ${keywords.join(" ")}), 'B')
    || setweight(to_tsvector(${config}, ${fields.content}), 'C')`;
  return {
    title: fields.title.trim(),
    content: fields.content,
    contentHtml: renderArticleHtml(fields.content),
    keywords,
    language: language.tag,
    languageBase: language.base,
    searchConfig: language.config,
    productId: fields.productId,
    expiresAt: fields.expiresAt,
    searchVector,
    searchText: [fields.title.trim(), ...keywords].join(" ")
  };
}

// src/knowledge/products.ts
async function assertProductExists(tx, productId) {
  if (productId) await productById(tx, productId, "body.productId");
}

// src/knowledge/articles.ts
var articleNotFound = (id) => notFound("knowledge article", id);
async function createArticle(db2, fields, now, actor) {
  const columns3 = versionColumns(fields);
  return db2.transaction(async (tx) => {
    await assertProductExists(tx, fields.productId);
    const [{ n }] = await tx.select({ n: sql`nextval('knowledge_article_number_seq')` }).from(sql`(select 1) as one`);
    const [article] = await tx.insert(knowledgeArticles).values({ number: `KA-${String(n).padStart(6, "0")}`, createdAt: now, updatedAt: now, ...actorColumns(actor) }).returning();
    const [version2] = await tx.insert(knowledgeArticleVersions).values({ articleId: article.id, version: 1, status: "draft", ...columns3, createdAt: now, updatedAt: now, ...actorColumns(actor) }).returning();
    return { article, shown: version2, draft: version2 };
  });
}
async function versionsOf(db2, article) {
  const wanted = [article.latestVersion, ...article.publishedVersion ? [article.publishedVersion] : []];
  const rows = await db2.select().from(knowledgeArticleVersions).where(and(eq(knowledgeArticleVersions.articleId, article.id), sql`${knowledgeArticleVersions.version} in (${sql.join(wanted.map((v) => sql`${v}`), sql`, `)})`));
  const latest = rows.find((r) => r.version === article.latestVersion);
  const published = article.publishedVersion ? rows.find((r) => r.version === article.publishedVersion) : void 0;
  return { article, shown: published ?? latest, draft: latest.status === "draft" ? latest : null };
}
async function getArticle(db2, id) {
  const [article] = await db2.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
  if (!article) throw articleNotFound(id);
  return versionsOf(db2, article);
}
async function lockArticle(tx, id, expectedVersion) {
  const [article] = await tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).for("update");
  if (!article) throw articleNotFound(id);
  if (expectedVersion !== void 0 && article.version !== expectedVersion) {
    throw preconditionFailed(`The article changed since you read it (If-Match names version ${expectedVersion}); read it again and reapply your change.`, {
      etag: `W/"${article.version}"`
    });
  }
  return article;
}
async function touchArticle(tx, before, set, now) {
  const [row] = await tx.update(knowledgeArticles).set({ ...set, updatedAt: now, version: before.version + 1 }).where(and(eq(knowledgeArticles.id, before.id), eq(knowledgeArticles.version, before.version))).returning();
  if (!row) throw preconditionFailed("The article changed while this request was processed; read it again and retry.");
  return row;
}
async function editArticle(db2, id, patch, expectedVersion, now, actor) {
  return db2.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    const [latest] = await tx.select().from(knowledgeArticleVersions).where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, article.latestVersion)));
    const fields = {
      title: patch.title ?? latest.title,
      content: patch.content ?? latest.content,
      keywords: patch.keywords ?? latest.keywords,
      language: patch.language ?? latest.language,
      productId: patch.productId === void 0 ? latest.productId : patch.productId,
      expiresAt: patch.expiresAt === void 0 ? latest.expiresAt : patch.expiresAt
    };
    const columns3 = versionColumns(fields);
    if (patch.productId) await assertProductExists(tx, patch.productId);
    if (latest.status === "draft") {
      await tx.update(knowledgeArticleVersions).set({ ...columns3, updatedAt: now, ...actorColumns(actor) }).where(eq(knowledgeArticleVersions.id, latest.id));
      return versionsOf(tx, await touchArticle(tx, article, {}, now));
    }
    const next = article.latestVersion + 1;
    await tx.insert(knowledgeArticleVersions).values({ articleId: id, version: next, status: "draft", ...columns3, createdAt: now, updatedAt: now, ...actorColumns(actor) });
    return versionsOf(tx, await touchArticle(tx, article, { latestVersion: next }, now));
  });
}
async function publishArticle(db2, id, version2, expectedVersion, now) {
  return db2.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    const target = version2 ?? article.latestVersion;
    const [draft] = await tx.select().from(knowledgeArticleVersions).where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, target)));
    if (!draft) throw unprocessable("ARTICLE_VERSION_NOT_FOUND", `Article ${article.number} has no version ${target}.`, { field: "body.version", version: target });
    if (draft.status !== "draft") {
      throw conflict("NOTHING_TO_PUBLISH", `Version ${target} of ${article.number} is ${draft.status}, not a draft; edit the article to start a new draft.`, {
        version: target,
        versionStatus: draft.status
      });
    }
    await tx.update(knowledgeArticleVersions).set({ status: "superseded", updatedAt: now }).where(and(eq(knowledgeArticleVersions.articleId, id), sql`${knowledgeArticleVersions.status} in ('published', 'archived')`));
    await tx.update(knowledgeArticleVersions).set({ status: "published", publishedAt: now, updatedAt: now }).where(eq(knowledgeArticleVersions.id, draft.id));
    return versionsOf(tx, await touchArticle(tx, article, { status: "published", publishedVersion: target }, now));
  });
}
async function archiveArticle(db2, id, expectedVersion, now) {
  return db2.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    if (article.status === "archived") throw conflict("ARTICLE_ALREADY_ARCHIVED", `Article ${article.number} is already archived.`);
    await tx.update(knowledgeArticleVersions).set({ status: "archived", updatedAt: now }).where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.status, "published")));
    return versionsOf(tx, await touchArticle(tx, article, { status: "archived", publishedVersion: null }, now));
  });
}
async function listVersions(db2, id) {
  await getArticle(db2, id);
  return db2.select().from(knowledgeArticleVersions).where(eq(knowledgeArticleVersions.articleId, id)).orderBy(desc(knowledgeArticleVersions.version));
}
async function getVersion(db2, id, version2) {
  const { article } = await getArticle(db2, id);
  const [row] = await db2.select().from(knowledgeArticleVersions).where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, version2)));
  if (!row) throw notFound("article version", `${article.number} v${version2}`);
  return { article, version: row };
}
async function listArticles(db2, filter) {
  const rows = await db2.select().from(knowledgeArticles).where(and(filter.status ? eq(knowledgeArticles.status, filter.status) : void 0, filter.after ? sql`${knowledgeArticles.number} > ${filter.after}` : void 0)).orderBy(asc(knowledgeArticles.number)).limit(filter.limit + 1);
  return Promise.all(rows.map((r) => versionsOf(db2, r)));
}

// src/knowledge/snippets.ts
var MARK_START = "";
var MARK_STOP = "";
var HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" \u2026 "`;
var escapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function snippetHtml(headline) {
  return headline.replace(/[&<>"']/g, (c) => escapes[c]).replaceAll(MARK_START, "<mark>").replaceAll(MARK_STOP, "</mark>").replace(/\s+/g, " ").trim();
}

// src/knowledge/sql-rows.ts
function rowsOf3(result) {
  return Array.isArray(result) ? result : result.rows;
}
function jsonValue(value) {
  return typeof value === "string" ? JSON.parse(value) : value;
}

// src/knowledge/search.ts
var MAX_QUERY_LENGTH = 500;
var TRIGRAM_THRESHOLD = 0.3;
function wordsOf(text3, max = 64) {
  const words = /* @__PURE__ */ new Set();
  for (const m of text3.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    if (m[0].length <= 60) words.add(m[0]);
    if (words.size >= max) break;
  }
  return [...words];
}
function configsFor(language, field) {
  return language === void 0 ? searchConfigs : [parseLanguage(language, field).config];
}
function checkQuery2(q, field = "querystring.q") {
  const text3 = q.trim();
  if (!text3) throw invalidField(field, "must contain at least one word");
  if (text3.length > MAX_QUERY_LENGTH) throw invalidField(field, `must be at most ${MAX_QUERY_LENGTH} characters (got ${text3.length})`);
  return text3;
}
function versionFilter(filter) {
  const parts = [sql`v.status = ${filter.status}`];
  if (filter.language !== void 0) parts.push(sql`v.language_base = ${parseLanguage(filter.language, "querystring.language").base}`);
  if (filter.productId !== void 0) parts.push(sql`v.product_id = ${filter.productId}`);
  if (filter.excludeExpired) parts.push(sql`(v.expires_at is null or v.expires_at > ${filter.now.toISOString()}::timestamptz)`);
  return sql.join(parts, sql` and `);
}
async function stemsOfWords(db2, words, configs) {
  const byConfig = /* @__PURE__ */ new Map();
  if (!words.length) return byConfig;
  const rows = rowsOf3(
    await db2.execute(sql`select c as cfg, w as word, to_json(tsvector_to_array(to_tsvector(c::regconfig, w))) as lexemes
      from unnest(${toArray(configs)}::text[]) c, unnest(${toArray(words)}::text[]) w`)
  );
  for (const r of rows) {
    const lexemes = typeof r.lexemes === "string" ? JSON.parse(r.lexemes) : r.lexemes;
    let map = byConfig.get(r.cfg);
    if (!map) byConfig.set(r.cfg, map = /* @__PURE__ */ new Map());
    for (const l of lexemes) if (!map.has(l)) map.set(l, r.word);
  }
  return byConfig;
}
function toArray(values) {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}
function toHit(r, stems) {
  const matched = typeof r.matched === "string" ? JSON.parse(r.matched) : r.matched ?? [];
  const words = stems.get(r.search_config);
  return {
    articleId: r.article_id,
    number: r.number,
    version: Number(r.version),
    title: r.title,
    language: r.language,
    productId: r.product_id,
    status: r.status,
    keywords: typeof r.keywords === "string" ? JSON.parse(r.keywords) : r.keywords,
    expiresAt: r.expires_at,
    snippet: snippetHtml(r.headline ?? ""),
    score: Math.round(Number(r.score) * 1e4) / 1e4,
    why: [...new Set(matched.map((l) => words?.get(l) ?? l))]
  };
}
function hitColumns(query, score, asked) {
  return sql`v.article_id, a.number, v.version, v.title, v.language, v.product_id, v.status, v.keywords,
    to_json(v.expires_at) #>> '{}' as expires_at, v.search_config, ${score} as score,
    ts_headline(v.search_config::regconfig, translate(v.content, E'\\u0002\\u0003', '  '), ${query}, ${HEADLINE_OPTIONS}) as headline,
    to_json(array(select unnest(tsvector_to_array(v.search_vector)) intersect select unnest(tsvector_to_array(${asked})))) as matched`;
}
async function searchArticles(db2, q, filter) {
  const text3 = checkQuery2(q);
  const configs = configsFor(filter.language, "querystring.language");
  const where = versionFilter(filter);
  const fulltext = rowsOf3(
    await db2.execute(sql`
      with q as (select c as cfg, websearch_to_tsquery(c::regconfig, ${text3}) as query from unnest(${toArray(configs)}::text[]) c)
      select ${hitColumns(sql`q.query`, sql`ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, q.query, 1)`, sql`to_tsvector(v.search_config::regconfig, ${text3})`)}
        from q
        join knowledge_article_versions v on v.search_config = q.cfg and v.search_vector @@ q.query
        join knowledge_articles a on a.id = v.article_id
       where ${where}
       order by score desc, a.number
       limit ${filter.limit}`)
  );
  if (fulltext.length) {
    const stems = await stemsOfWords(db2, wordsOf(text3), [...new Set(fulltext.map((r) => r.search_config))]);
    return { items: fulltext.map((r) => toHit(r, stems)), method: "fulltext" };
  }
  if (/"|(^|\s)-\S/.test(text3)) return { items: [], method: "none" };
  const similar = await trigramSearch(db2, text3, where, filter.limit);
  return { items: similar, method: similar.length ? "trigram" : "none" };
}
async function trigramSearch(db2, text3, where, limit) {
  const rows = await db2.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`);
    return rowsOf3(
      await tx.execute(sql`
        select v.article_id, a.number, v.version, v.title, v.language, v.product_id, v.status, v.keywords,
               to_json(v.expires_at) #>> '{}' as expires_at, v.search_config,
               word_similarity(${text3}, v.search_text) as score,
               left(v.content, 200) as headline, null as matched
          from knowledge_article_versions v
          join knowledge_articles a on a.id = v.article_id
         where ${text3} <% v.search_text and ${where}
         order by score desc, a.number
         limit ${limit}`)
    );
  });
  const words = wordsOf(text3);
  return rows.map((r) => ({ ...toHit(r, /* @__PURE__ */ new Map()), why: words }));
}

// src/knowledge/analytics.ts
async function articleAnalytics(db2, options) {
  const rows = rowsOf3(
    await db2.execute(sql`
      select a.id, a.number, a.status,
             (select v.title from knowledge_article_versions v where v.article_id = a.id and v.version = coalesce(a.published_version, a.latest_version)) as title,
             (select count(*) from knowledge_suggestions s where s.article_id = a.id) as suggested,
             (select count(*) from knowledge_links l where l.article_id = a.id) as linked,
             (select count(*) from knowledge_sends e where e.article_id = a.id) as sent,
             (select count(*) from knowledge_links l where l.article_id = a.id and l.resolves_case) as resolving
        from knowledge_articles a
       where ${options.articleId ? sql`a.id = ${options.articleId}::uuid` : sql`true`}
       order by resolving desc, linked desc, sent desc, suggested desc, a.number
       limit ${options.limit}`)
  );
  return rows.map((r) => ({
    articleId: String(r.id),
    number: String(r.number),
    title: String(r.title ?? ""),
    status: String(r.status),
    suggested: Number(r.suggested),
    linked: Number(r.linked),
    sent: Number(r.sent),
    resolving: Number(r.resolving)
  }));
}

// src/http/schemas/knowledge.ts
import { Type as Type38 } from "@sinclair/typebox";
var Keywords = Type38.Array(Type38.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: "Search terms weighted between title and content" });
var LanguageTag = Type38.String({ minLength: 1, maxLength: 35, description: "BCP 47 language tag, e.g. en, fr, fr-CA, it, zh-Hant; stems the article in that language" });
var ArticleCreate = Type38.Object(
  {
    title: Type38.String({ minLength: 1, maxLength: 300, pattern: "\\S" }),
    content: Type38.String({ minLength: 1, maxLength: 2e5, description: "Markdown; raw HTML is shown as text, links only http(s) and mailto" }),
    keywords: Type38.Optional(Keywords),
    language: LanguageTag,
    productId: Type38.Optional(Nullable(Uuid)),
    expiresAt: Type38.Optional(Nullable(InstantInput))
  },
  { additionalProperties: false }
);
var ArticlePatch = Type38.Partial(ArticleCreate, { additionalProperties: false, minProperties: 1 });
var VersionStatus = StringEnum(articleVersionStatuses);
var VersionView = Type38.Object({
  articleId: Uuid,
  number: Type38.String({ description: "Article number, e.g. KA-000123" }),
  version: Type38.Integer({ description: "Version number of this content" }),
  status: VersionStatus,
  title: Type38.String(),
  content: Type38.String({ description: "Markdown" }),
  contentHtml: Type38.String({ description: "Sanitised HTML (what an email carries)" }),
  keywords: Type38.Array(Type38.String()),
  language: Type38.String(),
  productId: Nullable(Uuid),
  expiresAt: Nullable(InstantView),
  createdAt: InstantView,
  updatedAt: InstantView,
  publishedAt: Nullable(InstantView),
  author: ActorView
});
var ArticleView = Type38.Object({
  id: Uuid,
  number: Type38.String({ description: "e.g. KA-000123" }),
  status: StringEnum(articleStatuses),
  publishedVersion: Nullable(Type38.Integer({ description: "The version served; null while never published or archived" })),
  latestVersion: Type38.Integer(),
  draftVersion: Nullable(Type38.Integer({ description: "The draft waiting for publication, if any" })),
  shown: VersionView,
  draft: Nullable(VersionView),
  author: ActorView,
  createdAt: InstantView,
  updatedAt: InstantView,
  version: Type38.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' })
});
var VersionSummary = Type38.Object({
  version: Type38.Integer(),
  status: VersionStatus,
  title: Type38.String(),
  language: Type38.String(),
  createdAt: InstantView,
  publishedAt: Nullable(InstantView),
  author: ActorView
});
function toVersionView(number, v) {
  return {
    articleId: v.articleId,
    number,
    version: v.version,
    status: v.status,
    title: v.title,
    content: v.content,
    contentHtml: v.contentHtml,
    keywords: v.keywords,
    language: v.language,
    productId: v.productId,
    expiresAt: v.expiresAt?.toISOString() ?? null,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    author: toActorView(actorView(v))
  };
}
function toArticleView({ article, shown, draft }) {
  return {
    id: article.id,
    number: article.number,
    status: article.status,
    publishedVersion: article.publishedVersion,
    latestVersion: article.latestVersion,
    draftVersion: draft?.version ?? null,
    shown: toVersionView(article.number, shown),
    draft: draft && draft.version !== shown.version ? toVersionView(article.number, draft) : null,
    author: toActorView(actorView(article)),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version
  };
}
var toVersionSummary = (v) => ({
  version: v.version,
  status: v.status,
  title: v.title,
  language: v.language,
  createdAt: v.createdAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  author: toActorView(actorView(v))
});
var SearchQuery = Type38.Object(
  {
    q: Type38.String({ minLength: 1, maxLength: MAX_QUERY_LENGTH, description: 'websearch syntax: words, "a phrase", -excluded, or' }),
    language: Type38.Optional(LanguageTag),
    product: Type38.Optional(Uuid),
    status: Type38.Optional(StringEnum(["published", "draft", "archived"], { default: "published", description: "draft and archived: manager role" })),
    limit: Type38.Integer({ minimum: 1, maximum: 50, default: 10 })
  },
  { additionalProperties: false }
);
var SearchHitView = Type38.Object({
  articleId: Uuid,
  number: Type38.String(),
  version: Type38.Integer(),
  title: Type38.String(),
  language: Type38.String(),
  productId: Nullable(Uuid),
  status: VersionStatus,
  keywords: Type38.Array(Type38.String()),
  expiresAt: Nullable(Type38.String()),
  snippet: Type38.String({ description: "HTML-escaped text with <mark> around the matched words" }),
  score: Type38.Number(),
  why: Type38.Array(Type38.String(), { description: "The words of the query (or the case) this article matched" })
});
var SearchAnswer = Type38.Object({
  items: Type38.Array(SearchHitView),
  method: StringEnum(["fulltext", "trigram", "none"], { description: "trigram: full text found nothing, these are the closest spellings" })
});
var SuggestionsAnswer = Type38.Object({
  items: Type38.Array(SearchHitView),
  query: Type38.String({ description: "The case text the query was built from" }),
  language: Nullable(Type38.String({ description: "The text-search configuration detected for the case, if any" }))
});
var LinkCreate = Type38.Object(
  {
    articleId: Uuid,
    version: Type38.Optional(VersionNumber),
    resolvesCase: Type38.Optional(Type38.Boolean({ description: "This article resolved the case" }))
  },
  { additionalProperties: false }
);
var LinkView = Type38.Object({
  id: Uuid,
  caseId: Uuid,
  articleId: Uuid,
  number: Type38.String(),
  articleVersion: Type38.Integer(),
  title: Type38.String(),
  resolvesCase: Type38.Boolean(),
  createdAt: InstantView,
  updatedAt: InstantView,
  actor: ActorView
});
var toLinkView = ({ link, number, title }) => ({
  id: link.id,
  caseId: link.caseId,
  articleId: link.articleId,
  number,
  articleVersion: link.articleVersion,
  title,
  resolvesCase: link.resolvesCase,
  createdAt: link.createdAt.toISOString(),
  updatedAt: link.updatedAt.toISOString(),
  actor: toActorView(actorView(link))
});
var SendBody = Type38.Object({ message: Type38.Optional(Type38.String({ maxLength: 5e3, description: "Words above the article" })) }, { additionalProperties: false });
var SendView = Type38.Object({
  id: Uuid,
  caseId: Uuid,
  articleId: Uuid,
  number: Type38.String(),
  articleVersion: Type38.Integer(),
  title: Type38.String(),
  to: Type38.Array(Type38.String()),
  outboxId: Uuid,
  activityId: Uuid,
  sentAt: InstantView,
  firstResponse: Type38.Boolean({ description: "This email was the case\u2019s first response" }),
  actor: ActorView
});
var SimilarCaseView = Type38.Object({
  caseId: Uuid,
  number: Type38.String(),
  title: Type38.String(),
  status: Type38.String(),
  product: Nullable(Type38.String()),
  productId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  resolvedAt: Nullable(Type38.String()),
  resolution: Nullable(Type38.String()),
  score: Type38.Number(),
  why: Type38.Array(Type38.String()),
  articles: Type38.Array(Type38.Object({ articleId: Uuid, number: Type38.String(), version: Type38.Integer(), title: Type38.String(), resolvesCase: Type38.Boolean() }))
});
var AnalyticsView = Type38.Object({
  articleId: Uuid,
  number: Type38.String(),
  title: Type38.String(),
  status: StringEnum(articleStatuses),
  suggested: Type38.Integer({ description: "Cases it was suggested for" }),
  linked: Type38.Integer({ description: "Cases it is linked to" }),
  sent: Type38.Integer({ description: "Emails that sent it" }),
  resolving: Type38.Integer({ description: "Links marking it as what resolved the case" })
});

// src/http/routes/knowledge.ts
var tags20 = ["knowledge"];
var headers5 = resourceHeaders((a) => `/v1/knowledge/articles/${a.id}`);
var commandHeaders2 = Type39.Object({ ...ifMatchHeader, ...idempotencyKeyHeader });
var VersionParams2 = Type39.Object({ id: Type39.String({ format: "uuid" }), version: VersionNumber });
var knowledgeRoutes = async (app) => {
  const instantOrNull = (value, field) => value === void 0 ? void 0 : value === null ? null : parseInstant2(value, field, app.now());
  app.post(
    "/v1/knowledge/articles",
    {
      preSerialization: headers5,
      schema: {
        tags: tags20,
        summary: "Write a new article (a draft, version 1)",
        description: "Content is Markdown; its HTML rendering keeps no raw HTML and no javascript: links. language is a BCP 47 tag (unknown: 400).",
        headers: Type39.Object({ ...idempotencyKeyHeader }),
        body: ArticleCreate,
        response: { 201: ArticleView, ...problems(409, 422) }
      }
    },
    async (request, reply) => {
      const { expiresAt, ...rest } = request.body;
      const fields = { ...rest, keywords: rest.keywords ?? [], productId: rest.productId ?? null, expiresAt: instantOrNull(expiresAt, "body.expiresAt") ?? null };
      const article = await createArticle(app.db, fields, app.now(), actorOf(request));
      return reply.code(201).send(toArticleView(article));
    }
  );
  app.get(
    "/v1/knowledge/articles",
    {
      schema: {
        tags: tags20,
        summary: "List articles by number",
        querystring: Type39.Object({ status: Type39.Optional(StringEnum(articleStatuses)), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ArticleView), ...problems() }
      }
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const scope = cursorScope(["knowledge-articles", status ?? null]);
      const [after] = decodeCursor(cursor, scope, 1) ?? [];
      const rows = await listArticles(app.db, { status, limit, after });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toArticleView), nextCursor: rows.length > limit && last ? encodeCursor([last.article.number], scope) : null };
    }
  );
  app.get(
    "/v1/knowledge/search",
    {
      schema: {
        tags: tags20,
        summary: "Full-text search of the knowledge base",
        description: 'Ranked by PostgreSQL full text (title above keywords above content), stemmed in each article\u2019s language; `websearch_to_tsquery` syntax ("a phrase", -word, or). With language, only articles in that language (its primary subtag) are searched, and the query is stemmed in it. When full text finds nothing, the closest titles and keywords by trigram similarity (method "trigram"). Expired articles are left out.',
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...problems() }
      }
    },
    async (request) => {
      const { q, language, product, status = "published", limit } = request.query;
      if (status !== "published" && !roleAllows(request.apiKey.role, "manager")) {
        throw forbidden(`Searching ${status} articles needs the "manager" role; the key has "${request.apiKey.role}".`, { requiredRole: "manager", role: request.apiKey.role });
      }
      return searchArticles(app.db, q, { language, productId: product, status, limit, now: app.now(), excludeExpired: status === "published" });
    }
  );
  app.get(
    "/v1/knowledge/analytics",
    {
      schema: {
        tags: tags20,
        summary: "How articles served: suggested, linked, sent, resolving (most resolving first)",
        querystring: Type39.Object({ limit: Type39.Integer({ minimum: 1, maximum: 100, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Type39.Object({ items: Type39.Array(AnalyticsView) }), ...problems() }
      }
    },
    async (request) => ({ items: await articleAnalytics(app.db, { limit: request.query.limit }) })
  );
  app.get(
    "/v1/knowledge/articles/:id",
    { preSerialization: headers5, schema: { tags: tags20, summary: "Read an article: the version served (else the latest) and its pending draft", params: IdParams, response: { 200: ArticleView, ...problems(404) } } },
    async (request) => toArticleView(await getArticle(app.db, request.params.id))
  );
  app.patch(
    "/v1/knowledge/articles/:id",
    {
      preSerialization: headers5,
      schema: {
        tags: tags20,
        summary: "Edit an article (If-Match required)",
        description: "Edits the pending draft in place; on a published or archived article starts a new draft version while the published one stays served.",
        params: IdParams,
        headers: Type39.Object({ ...requiredIfMatchHeader }),
        body: ArticlePatch,
        response: { 200: ArticleView, ...problems(404, 412, 422, 428) }
      }
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      const { expiresAt, ...rest } = request.body;
      const patch = { ...rest, ...expiresAt === void 0 ? {} : { expiresAt: instantOrNull(expiresAt, "body.expiresAt") ?? null } };
      return toArticleView(await editArticle(app.db, request.params.id, patch, expected, app.now(), actorOf(request)));
    }
  );
  app.post(
    "/v1/knowledge/articles/:id/publish",
    {
      preSerialization: headers5,
      config: { role: "manager" },
      schema: {
        tags: tags20,
        summary: "Publish the draft (manager): it is served from now on, the version served before is superseded",
        params: IdParams,
        headers: commandHeaders2,
        body: Type39.Object({ version: Type39.Optional(VersionNumber) }, { additionalProperties: false }),
        response: { 200: ArticleView, ...problems(404, 409, 412, 422) }
      }
    },
    async (request) => toArticleView(await publishArticle(app.db, request.params.id, request.body.version, ifMatchVersion(request), app.now()))
  );
  app.post(
    "/v1/knowledge/articles/:id/archive",
    {
      preSerialization: headers5,
      config: { role: "manager" },
      schema: {
        tags: tags20,
        summary: "Archive an article (manager): no longer served, searched or suggested; its versions stay readable",
        params: IdParams,
        headers: commandHeaders2,
        body: Type39.Object({}, { additionalProperties: false }),
        response: { 200: ArticleView, ...problems(404, 409, 412) }
      }
    },
    async (request) => toArticleView(await archiveArticle(app.db, request.params.id, ifMatchVersion(request), app.now()))
  );
  app.get(
    "/v1/knowledge/articles/:id/versions",
    { schema: { tags: tags20, summary: "Every version of an article, newest first", params: IdParams, response: { 200: Type39.Object({ items: Type39.Array(VersionSummary) }), ...problems(404) } } },
    async (request) => ({ items: (await listVersions(app.db, request.params.id)).map(toVersionSummary) })
  );
  app.get(
    "/v1/knowledge/articles/:id/versions/:version",
    { schema: { tags: tags20, summary: "One version of an article", params: VersionParams2, response: { 200: VersionView, ...problems(404) } } },
    async (request) => {
      const { article, version: version2 } = await getVersion(app.db, request.params.id, request.params.version);
      return toVersionView(article.number, version2);
    }
  );
  app.get(
    "/v1/knowledge/articles/:id/analytics",
    { schema: { tags: tags20, summary: "How this article served: suggested, linked, sent, resolving", params: IdParams, response: { 200: AnalyticsView, ...problems(404) } } },
    async (request) => {
      const [row] = await articleAnalytics(app.db, { articleId: request.params.id, limit: 1 });
      if (!row) throw notFound("knowledge article", request.params.id);
      return row;
    }
  );
};
var knowledge_default = knowledgeRoutes;

// src/http/routes/case-knowledge.ts
import { Type as Type40 } from "@sinclair/typebox";

// src/knowledge/case-links.ts
async function servedVersion(db2, articleId, version2, field) {
  const [article] = await db2.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, articleId));
  if (!article) throw unprocessable("ARTICLE_NOT_FOUND", `${field}: no knowledge article with id "${articleId}"`, { field, id: articleId });
  const wanted = version2 ?? article.publishedVersion;
  if (wanted === null || wanted === void 0) {
    throw unprocessable("ARTICLE_NOT_PUBLISHED", `Article ${article.number} has no published version; publish it first or name a version.`, { field, articleStatus: article.status });
  }
  const [row] = await db2.select().from(knowledgeArticleVersions).where(and(eq(knowledgeArticleVersions.articleId, articleId), eq(knowledgeArticleVersions.version, wanted)));
  if (!row) throw unprocessable("ARTICLE_VERSION_NOT_FOUND", `Article ${article.number} has no version ${wanted}.`, { field: "body.version", version: wanted });
  return { article, version: row };
}
async function lockCaseRow(tx, caseId) {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
  if (!c) throw notFound("case", caseId);
  return c;
}
async function linkArticle(db2, caseId, input, now, actor) {
  return db2.transaction(async (tx) => {
    await lockCaseRow(tx, caseId);
    const { article, version: version2 } = await servedVersion(tx, input.articleId, input.version, "body.articleId");
    const [existing] = await tx.select().from(knowledgeLinks).where(and(eq(knowledgeLinks.caseId, caseId), eq(knowledgeLinks.articleId, article.id)));
    const resolvesCase = (existing?.resolvesCase ?? false) || (input.resolvesCase ?? false);
    const [link] = existing ? await tx.update(knowledgeLinks).set({ articleVersion: version2.version, resolvesCase, updatedAt: now, ...actorColumns(actor) }).where(eq(knowledgeLinks.id, existing.id)).returning() : await tx.insert(knowledgeLinks).values({ caseId, articleId: article.id, articleVersion: version2.version, resolvesCase, createdAt: now, updatedAt: now, ...actorColumns(actor) }).returning();
    const what = `${article.number} v${version2.version} "${version2.title}"`;
    await recordCaseEvent(
      tx,
      {
        caseId,
        kind: "knowledge.linked",
        summary: resolvesCase ? `Article ${what} linked: it resolved the case` : `Article ${what} linked`,
        data: { linkId: link.id, articleId: article.id, number: article.number, version: version2.version, resolvesCase },
        occurredAt: now,
        actor
      },
      now
    );
    return { linked: { link, number: article.number, title: version2.title }, created: !existing };
  });
}
async function listLinks(db2, caseId) {
  const [c] = await db2.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const rows = await db2.select({ link: knowledgeLinks, number: knowledgeArticles.number, title: knowledgeArticleVersions.title }).from(knowledgeLinks).innerJoin(knowledgeArticles, eq(knowledgeArticles.id, knowledgeLinks.articleId)).innerJoin(knowledgeArticleVersions, and(eq(knowledgeArticleVersions.articleId, knowledgeLinks.articleId), eq(knowledgeArticleVersions.version, knowledgeLinks.articleVersion))).where(eq(knowledgeLinks.caseId, caseId)).orderBy(asc(knowledgeLinks.createdAt), asc(knowledgeLinks.id));
  return rows;
}

// src/knowledge/send-article.ts
async function recipientOf(db2, c) {
  if (c.contactId) {
    const [contact] = await db2.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, c.contactId));
    if (contact?.email) return contact.email;
  }
  if (c.accountId) {
    const [account] = await db2.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, c.accountId));
    if (account?.email) return account.email;
  }
  throw unprocessable("CUSTOMER_HAS_NO_EMAIL", `Case ${c.number}: neither its contact nor its account has an email address; add one (PATCH the contact or account) and send again.`);
}
async function sendArticle(db2, events, input, now, actor) {
  return db2.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.id, input.caseId));
    if (!c) throw notFound("case", input.caseId);
    const { article, version: version2 } = await servedVersion(tx, input.articleId, void 0, "path.articleId");
    if (version2.expiresAt && version2.expiresAt <= now) {
      throw conflict("ARTICLE_EXPIRED", `Article ${article.number} expired at ${version2.expiresAt.toISOString()}; publish a current version before sending it.`, {
        expiresAt: version2.expiresAt.toISOString()
      });
    }
    const outboxKey = `knowledge:${input.caseId}:${input.dedupeKey}`;
    const [earlier] = await tx.select({ send: knowledgeSends }).from(knowledgeSends).innerJoin(emailOutbox, eq(emailOutbox.id, knowledgeSends.outboxId)).where(eq(emailOutbox.idempotencyKey, outboxKey));
    if (earlier) return { send: earlier.send, number: article.number, title: version2.title, caseId: c.id, firstResponse: false, alreadySent: true };
    const to = await recipientOf(tx, c);
    const subject = `${c.number}: ${version2.title}`.replace(/[\r\n]+/g, " ");
    const intro = input.message?.trim() ? `${input.message.trim()}

` : "";
    const text3 = `${intro}${articlePlainText(version2.title, version2.content)}
${article.number} v${version2.version}
`;
    const html = `${intro ? `<p>${escapeHtml(input.message.trim())}</p>` : ""}<h1>${escapeHtml(version2.title)}</h1>${version2.contentHtml}<p><small>${article.number} v${version2.version}</small></p>`;
    const [outbox] = await tx.insert(emailOutbox).values({ idempotencyKey: outboxKey, to: [to], subject, body: text3, html, createdAt: now }).returning({ id: emailOutbox.id });
    const logged = await logActivity(
      tx,
      events,
      c.id,
      { kind: "email", direction: "outgoing", subject: `Sent article ${article.number}: ${version2.title}`, body: `To ${to}

${text3}`, state: "completed", occurredAt: now },
      void 0,
      now,
      actor
    );
    const [send] = await tx.insert(knowledgeSends).values({ caseId: c.id, articleId: article.id, articleVersion: version2.version, outboxId: outbox.id, activityId: logged.activity.id, to: [to], sentAt: now, ...actorColumns(actor) }).returning();
    return { send, number: article.number, title: version2.title, caseId: c.id, firstResponse: !c.firstResponseAt && !!logged.case.firstResponseAt, alreadySent: false };
  });
}
var escapes2 = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(text3) {
  return text3.replace(/[&<>"']/g, (ch) => escapes2[ch]);
}

// src/knowledge/case-text.ts
var MAX_CASE_TEXT = 4e3;
function caseText(c) {
  return [c.title, c.description ?? "", c.product ?? ""].join("\n").slice(0, MAX_CASE_TEXT);
}
var PREFERRED = ["english", "french", "german", "spanish", "italian", "portuguese", "dutch"];
var preference = (cfg) => PREFERRED.includes(cfg) ? PREFERRED.indexOf(cfg) : cfg === "russian" ? 99 : 50;
async function detectConfig(db2, text3) {
  const words = wordsOf(text3, 80);
  if (!words.length) return null;
  const configs = searchConfigs.filter((c) => c !== "simple");
  const rows = rowsOf3(
    await db2.execute(sql`select c as cfg, count(*) filter (where length(to_tsvector(c::regconfig, w)) = 0) as stopwords
      from unnest(${toArray(configs)}::text[]) c, unnest(${toArray(words)}::text[]) w group by c`)
  );
  const ranked = rows.map((r) => ({ cfg: r.cfg, n: Number(r.stopwords) })).sort((a, b) => b.n - a.n || preference(a.cfg) - preference(b.cfg));
  const [first, second] = ranked;
  if (!first || first.n < 2 || second && second.n === first.n && preference(second.cfg) === preference(first.cfg)) return null;
  return first.cfg;
}

// src/knowledge/similar-cases.ts
var RESOLVED_FACTOR = 2;
var SAME_PRODUCT_FACTOR = 1.5;
var SAME_CUSTOMER_FACTOR = 1.3;
var MIN_PREFIX = 3;
async function prefixTerms(db2, text3, config) {
  const words = wordsOf(text3, 48);
  if (!words.length) return [];
  const cfg = config ?? "simple";
  const rows = rowsOf3(
    await db2.execute(sql`select w as word, (tsvector_to_array(to_tsvector(${cfg}::regconfig, w)))[1] as stem from unnest(${toArray(words)}::text[]) w`)
  );
  const terms = /* @__PURE__ */ new Set();
  for (const { word, stem } of rows) {
    if (!stem) continue;
    let n = 0;
    while (n < word.length && n < stem.length && word[n] === stem[n]) n++;
    const prefix = n >= MIN_PREFIX ? word.slice(0, n) : word;
    if (!/[\\']/.test(prefix)) terms.add(prefix);
  }
  return [...terms];
}
async function similarCases(db2, caseId, limit) {
  const [c] = await db2.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const text3 = caseText({ title: c.title, description: c.description });
  const terms = await prefixTerms(db2, text3, await detectConfig(db2, text3));
  if (!terms.length) return [];
  const query = terms.map((t) => `'${t}':*`).join(" | ");
  const doc = sql`to_tsvector('simple'::regconfig, coalesce(o.title, '') || ' ' || coalesce(o.description, ''))`;
  const rows = rowsOf3(
    await db2.execute(sql`
      with q as (select ${query}::tsquery as query)
      select o.id, o.number, o.title, o.status, o.product, o.product_id, o.account_id, to_json(o.resolved_at) #>> '{}' as resolved_at,
             ts_rank(${doc}, q.query)
               * case when o.status = 'resolved' then ${RESOLVED_FACTOR}::float8 else 1 end
               * case when o.product_id is not null and o.product_id = ${c.productId}::uuid then ${SAME_PRODUCT_FACTOR}::float8 else 1 end
               * case when o.account_id is not null and o.account_id = ${c.accountId}::uuid then ${SAME_CUSTOMER_FACTOR}::float8 else 1 end as score,
             to_json(array(select unnest(tsvector_to_array(${doc})) intersect select unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${text3}))))) as matched,
             (select r.subject from case_activities r where r.case_id = o.id and r.kind = 'resolution' order by r.occurred_at desc limit 1) as resolution,
             (select coalesce(json_agg(json_build_object('articleId', l.article_id, 'number', a.number, 'version', l.article_version,
                                                        'title', v.title, 'resolvesCase', l.resolves_case) order by l.resolves_case desc, l.created_at), '[]'::json)
                from knowledge_links l join knowledge_articles a on a.id = l.article_id
                join knowledge_article_versions v on v.article_id = l.article_id and v.version = l.article_version
               where l.case_id = o.id) as articles
        from cases o, q
       where ${doc} @@ q.query and o.id <> ${c.id}::uuid
       order by score desc, o.number
       limit ${limit}`)
  );
  return rows.map((r) => ({
    caseId: String(r.id),
    number: String(r.number),
    title: String(r.title),
    status: String(r.status),
    product: r.product ?? null,
    productId: r.product_id ?? null,
    accountId: r.account_id ?? null,
    resolvedAt: r.resolved_at ?? null,
    resolution: r.resolution ?? null,
    score: Math.round(Number(r.score) * 1e4) / 1e4,
    why: jsonValue(r.matched),
    articles: jsonValue(r.articles)
  }));
}

// src/knowledge/suggestions.ts
var MAX_TERMS = 64;
var OTHER_LANGUAGE_FACTOR = 0.5;
var SAME_PRODUCT_FACTOR2 = 1.5;
async function suggestArticles(db2, caseId, options) {
  const [c] = await db2.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const text3 = caseText(c);
  const detected = await detectConfig(db2, text3);
  const productId = c.productId;
  const where = versionFilter({ status: "published", now: options.now, excludeExpired: true });
  const languageFactor = detected ? sql`case when v.search_config = ${detected} then 1.0 else ${OTHER_LANGUAGE_FACTOR}::float8 end` : sql`1.0`;
  const productFactor = productId ? sql`case when v.product_id = ${productId} then ${SAME_PRODUCT_FACTOR2}::float8 else 1.0 end` : sql`1.0`;
  const rows = rowsOf3(
    await db2.execute(sql`
      with q as (
        select c as cfg, to_tsvector(c::regconfig, ${text3}) as asked,
               coalesce((select string_agg(quote_literal(l), ' | ')
                           from (select l from unnest(tsvector_to_array(to_tsvector(c::regconfig, ${text3}))) l
                                  where strpos(l, E'\\\\') = 0 limit ${MAX_TERMS}) terms), '')::tsquery as query
          from unnest(${toArray(searchConfigs)}::text[]) c)
      select ${hitColumns(sql`q.query`, sql`ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, q.query) * ${languageFactor} * ${productFactor}`, sql`q.asked`)}
        from q
        join knowledge_article_versions v on v.search_config = q.cfg and v.search_vector @@ q.query
        join knowledge_articles a on a.id = v.article_id
       where ${where}
       order by score desc, a.number
       limit ${options.limit}`)
  );
  const stems = await stemsOfWords(db2, wordsOf(text3), [...new Set(rows.map((r) => r.search_config))]);
  const items = rows.map((r) => toHit(r, stems));
  if (options.record && items.length) await recordSuggested(db2, caseId, items.map((i) => i.articleId), options.now);
  return { items, query: text3, language: detected };
}
async function recordSuggested(db2, caseId, articleIds, now) {
  await db2.execute(sql`
    insert into knowledge_suggestions (case_id, article_id, first_at, last_at)
    select ${caseId}::uuid, a, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz from unnest(${toArray(articleIds)}::uuid[]) a
    on conflict (case_id, article_id) do update set times = knowledge_suggestions.times + 1, last_at = excluded.last_at`);
}

// src/http/routes/case-knowledge.ts
var tags21 = ["knowledge"];
var caseKnowledgeRoutes = async (app) => {
  const email = createEmailActivities({ db: app.database.db, mailer: app.mailer, clock: () => app.now() });
  const deliver = (outboxId) => void email.deliverEmail(outboxId).catch((err) => app.log.warn({ outboxId, err: err instanceof Error ? err.message : String(err) }, "knowledge email not delivered"));
  app.get(
    "/v1/cases/:id/knowledge/suggestions",
    {
      schema: {
        tags: tags21,
        summary: "Articles for this case, from its title, description and product",
        description: "Published, unexpired articles ranked by how many of the case\u2019s words they share and where; articles in the case\u2019s language and of its product rank first. Each has `why`: the case\u2019s words it matched. Counted in the article analytics.",
        params: IdParams,
        querystring: Type40.Object({ limit: Type40.Integer({ minimum: 1, maximum: 50, default: 5 }) }, { additionalProperties: false }),
        response: { 200: SuggestionsAnswer, ...problems(404) }
      }
    },
    async (request) => suggestArticles(app.db, request.params.id, { limit: request.query.limit, now: app.now(), record: true })
  );
  app.get(
    "/v1/cases/:id/similar",
    {
      schema: {
        tags: tags21,
        summary: "Other cases like this one (resolved ones, same product and customer first), with their resolution and linked articles",
        params: IdParams,
        querystring: Type40.Object({ limit: Type40.Integer({ minimum: 1, maximum: 50, default: 5 }) }, { additionalProperties: false }),
        response: { 200: Type40.Object({ items: Type40.Array(SimilarCaseView) }), ...problems(404) }
      }
    },
    async (request) => ({ items: await similarCases(app.db, request.params.id, request.query.limit) })
  );
  app.get(
    "/v1/cases/:id/knowledge-links",
    { schema: { tags: tags21, summary: "Articles linked to this case", params: IdParams, response: { 200: Type40.Object({ items: Type40.Array(LinkView) }), ...problems(404) } } },
    async (request) => ({ items: (await listLinks(app.db, request.params.id)).map(toLinkView) })
  );
  app.post(
    "/v1/cases/:id/knowledge-links",
    {
      schema: {
        tags: tags21,
        summary: "Link an article version to the case (shown on the timeline)",
        description: "Default version: the published one. Linking an article already linked moves the link to that version (200); `resolvesCase: true` marks it as what resolved the case.",
        params: IdParams,
        headers: Type40.Object({ ...idempotencyKeyHeader }),
        body: LinkCreate,
        response: { 200: LinkView, 201: LinkView, ...problems(404, 409, 422) }
      }
    },
    async (request, reply) => {
      const { linked, created } = await linkArticle(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(created ? 201 : 200).send(toLinkView(linked));
    }
  );
  app.post(
    "/v1/cases/:id/knowledge/:articleId/send",
    {
      schema: {
        tags: tags21,
        summary: "Email the published article to the case\u2019s customer (Idempotency-Key required)",
        description: "Sent once per Idempotency-Key through the email outbox, and logged as a completed outgoing email activity: the case\u2019s first response when it had none. 422 CUSTOMER_HAS_NO_EMAIL, ARTICLE_NOT_PUBLISHED; 409 ARTICLE_EXPIRED, CASE_NOT_ACTIVE.",
        params: Type40.Object({ id: Type40.String({ format: "uuid" }), articleId: Type40.String({ format: "uuid" }) }),
        headers: Type40.Object({ ...idempotencyKeyHeader }),
        body: SendBody,
        response: { 201: SendView, ...problems(404, 409, 422) }
      }
    },
    async (request, reply) => {
      const key = request.idempotency?.key;
      if (!key) throw badRequest("IDEMPOTENCY_KEY_REQUIRED", "Sending an article needs an Idempotency-Key header (e.g. a UUID), so a retry never emails the customer twice.", { field: "headers.idempotency-key" });
      const actor = actorOf(request);
      const sent = await sendArticle(
        app.db,
        app.caseLifecycle,
        { caseId: request.params.id, articleId: request.params.articleId, message: request.body.message, dedupeKey: `${request.apiKey.id}:${key}` },
        app.now(),
        actor
      );
      await app.caseLifecycle.afterCommit(sent.caseId);
      const outboxId = sent.send.outboxId;
      runAfterCommit(() => deliver(outboxId));
      return reply.code(201).send({
        id: sent.send.id,
        caseId: sent.send.caseId,
        articleId: sent.send.articleId,
        number: sent.number,
        articleVersion: sent.send.articleVersion,
        title: sent.title,
        to: sent.send.to,
        outboxId,
        activityId: sent.send.activityId,
        sentAt: sent.send.sentAt.toISOString(),
        firstResponse: sent.firstResponse,
        actor: toActorView(actorView(sent.send))
      });
    }
  );
};
var case_knowledge_default = caseKnowledgeRoutes;

// src/http/routes/processes.ts
import { Type as Type42 } from "@sinclair/typebox";

// src/processes/definition.ts
function successorsOf(stages, index2) {
  const s = stages[index2];
  const out = (s.branches ?? []).map((b) => b.next);
  const fallback = defaultNext(stages, index2);
  if (fallback) out.push(fallback);
  return [...new Set(out)];
}
function defaultNext(stages, index2) {
  const s = stages[index2];
  if (s.next !== void 0) return s.next;
  return stages[index2 + 1]?.key ?? null;
}
function conditionProblems(condition, field) {
  return validateCondition(condition).map((p) => ({
    code: p.code === "UNKNOWN_FIELD" ? "UNKNOWN_FIELD" : "INVALID_CONDITION",
    field: `${field}${p.path === "/" ? "" : p.path.replaceAll("/", ".")}`,
    message: p.message
  }));
}
function definitionProblems(d) {
  const problems2 = [];
  if (!d.stages.length) return [{ code: "NO_STAGES", field: "body.stages", message: "needs at least one stage" }];
  problems2.push(...conditionProblems(d.applicableWhen ?? null, "body.applicableWhen"));
  const keys = /* @__PURE__ */ new Map();
  d.stages.forEach((s, i) => {
    if (keys.has(s.key)) problems2.push({ code: "DUPLICATE_KEY", field: `body.stages[${i}].key`, message: `stage key "${s.key}" is used twice` });
    keys.set(s.key, keys.get(s.key) ?? i);
    const stepKeys = /* @__PURE__ */ new Set();
    s.steps.forEach((step, j) => {
      const at = `body.stages[${i}].steps[${j}]`;
      if (stepKeys.has(step.key)) problems2.push({ code: "DUPLICATE_KEY", field: `${at}.key`, message: `step key "${step.key}" is used twice in stage "${s.key}"` });
      stepKeys.add(step.key);
      if (step.kind === "field" && !isKnownField(step.field)) {
        problems2.push({ code: "UNKNOWN_FIELD", field: `${at}.field`, message: `unknown case field "${step.field}" (use a field SLA conditions know, or fields.<name>)` });
      }
    });
    (s.branches ?? []).forEach((b, j) => problems2.push(...conditionProblems(b.when, `body.stages[${i}].branches[${j}].when`)));
  });
  d.stages.forEach((s, i) => {
    (s.branches ?? []).forEach((b, j) => {
      if (!keys.has(b.next)) problems2.push({ code: "UNKNOWN_STAGE", field: `body.stages[${i}].branches[${j}].next`, message: `no stage "${b.next}" in this process` });
    });
    if (typeof s.next === "string" && !keys.has(s.next)) problems2.push({ code: "UNKNOWN_STAGE", field: `body.stages[${i}].next`, message: `no stage "${s.next}" in this process` });
  });
  if (problems2.length) return problems2;
  const cycle = findCycle(d.stages);
  if (cycle) {
    return [{ code: "PROCESS_CYCLE", field: "body.stages", message: `the stages form a cycle (${cycle.join(" \u2192 ")}); a process only moves forward (moving back is a command)` }];
  }
  const reachable = reachableFrom(d.stages, d.stages[0].key);
  d.stages.forEach((s, i) => {
    if (!reachable.has(s.key)) {
      problems2.push({ code: "UNREACHABLE_STAGE", field: `body.stages[${i}]`, message: `stage "${s.key}" cannot be reached from the first stage "${d.stages[0].key}"` });
    }
  });
  return problems2;
}
var indexOf = (stages) => new Map(stages.map((s, i) => [s.key, i]));
function reachableFrom(stages, start) {
  const index2 = indexOf(stages);
  const seen = /* @__PURE__ */ new Set([start]);
  const todo = [start];
  while (todo.length) {
    const key = todo.pop();
    for (const next of successorsOf(stages, index2.get(key))) if (!seen.has(next)) seen.add(next), todo.push(next);
  }
  return seen;
}
function findCycle(stages) {
  const index2 = indexOf(stages);
  const state = /* @__PURE__ */ new Map();
  for (const root of stages) {
    if (state.has(root.key)) continue;
    const path7 = [];
    const stack = [{ key: root.key, next: successorsOf(stages, index2.get(root.key)) }];
    state.set(root.key, "open");
    path7.push(root.key);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const child = top.next.shift();
      if (child === void 0) {
        state.set(top.key, "done");
        stack.pop();
        path7.pop();
        continue;
      }
      if (state.get(child) === "open") return [...path7.slice(path7.indexOf(child)), child];
      if (state.has(child)) continue;
      state.set(child, "open");
      path7.push(child);
      stack.push({ key: child, next: successorsOf(stages, index2.get(child)) });
    }
  }
  return void 0;
}

// src/processes/process-definitions.ts
var definitionOf = (v) => ({
  name: v.name,
  description: v.description,
  applicableWhen: v.applicableWhen ?? null,
  stages: v.stages
});
function assertValid(d) {
  const problems2 = definitionProblems(d);
  if (!problems2.length) return;
  const [first] = problems2;
  throw badRequest(first.code, `${first.field}: ${first.message}`, { field: first.field, errors: problems2.map((p) => ({ field: p.field, code: p.code, message: p.message })) });
}
var versionValues = (processId, version2, d, now, actor) => ({
  processId,
  version: version2,
  name: d.name,
  description: d.description ?? null,
  applicableWhen: d.applicableWhen ?? null,
  stages: d.stages,
  createdAt: now,
  ...actorColumns(actor)
});
async function createProcess(db2, input, now, actor) {
  assertValid(input);
  return db2.transaction(async (tx) => {
    const [process2] = await tx.insert(processes).values({ name: input.name, active: input.active ?? true, rank: input.rank ?? 100, currentVersion: 1, createdAt: now, updatedAt: now }).returning();
    const [version2] = await tx.insert(processVersions).values(versionValues(process2.id, 1, input, now, actor)).returning();
    return { process: process2, version: version2, definition: definitionOf(version2) };
  });
}
var sameDefinition = (a, b) => stableJson([a.name, a.description ?? null, a.applicableWhen ?? null, a.stages]) === stableJson([b.name, b.description ?? null, b.applicableWhen ?? null, b.stages]);
async function replaceProcess(db2, id, input, expectedVersion, now, actor) {
  assertValid(input);
  return db2.transaction(async (tx) => {
    const [row] = await tx.select().from(processes).where(eq(processes.id, id)).for("update");
    if (!row) throw notFound("process", id);
    if (expectedVersion !== void 0 && expectedVersion !== row.currentVersion) {
      throw preconditionFailed(`The process changed since you read it (version ${row.currentVersion}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: row.currentVersion
      });
    }
    const current2 = await loadVersion(tx, id, row.currentVersion);
    const changed = !sameDefinition(definitionOf(current2), input);
    const nextVersion = changed ? row.currentVersion + 1 : row.currentVersion;
    if (changed) await tx.insert(processVersions).values(versionValues(id, nextVersion, input, now, actor));
    const [process2] = await tx.update(processes).set({ name: input.name, active: input.active ?? row.active, rank: input.rank ?? row.rank, currentVersion: nextVersion, updatedAt: now }).where(eq(processes.id, id)).returning();
    const version2 = changed ? await loadVersion(tx, id, nextVersion) : current2;
    return { process: process2, version: version2, definition: definitionOf(version2) };
  });
}
async function loadVersion(db2, processId, version2) {
  const [v] = await db2.select().from(processVersions).where(and(eq(processVersions.processId, processId), eq(processVersions.version, version2)));
  if (!v) throw notFound("process version", `${processId}@${version2}`);
  return v;
}
async function getProcess(db2, id, version2) {
  const [process2] = await db2.select().from(processes).where(eq(processes.id, id));
  if (!process2) throw notFound("process", id);
  const v = await loadVersion(db2, id, version2 ?? process2.currentVersion);
  return { process: process2, version: v, definition: definitionOf(v) };
}
function listProcesses(db2, page) {
  const keys = [
    { expr: processes.rank, type: "int" },
    { expr: processes.createdAt, type: "timestamptz" },
    { expr: processes.id, type: "uuid" }
  ];
  return paginate({ keys, order: "asc", scope: "processes" }, page, async (p) => {
    const rows = await db2.select({ process: processes, cursorKey: p.cursorKey }).from(processes).where(p.after).orderBy(...p.orderBy).limit(p.limit);
    const out = [];
    for (const r of rows) out.push({ ...r, loaded: await getProcess(db2, r.process.id) });
    return out;
  });
}
async function activeProcesses(db2) {
  const rows = await db2.select({ process: processes, version: processVersions }).from(processes).innerJoin(processVersions, and(eq(processVersions.processId, processes.id), eq(processVersions.version, processes.currentVersion))).where(eq(processes.active, true)).orderBy(asc(processes.rank), asc(processes.createdAt), asc(processes.id));
  return rows.map((r) => ({ process: r.process, version: r.version, definition: definitionOf(r.version) }));
}

// src/sla/stage-clocks.ts
async function startStageClocks(tx, c, stage, at) {
  const loaded = await pinnedSla(tx, c);
  if (!loaded) return;
  const open = new Set((await openInstances(tx, c.id)).map((i) => i.kpi));
  const paused = isPausingStatus(loaded.settings, c.status);
  for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
    if (stageOfItem(item.applicableFrom) !== stage || open.has(item.kpi)) continue;
    await startInstance(tx, c, loaded.settings, item, { applicableFrom: at, pauses: paused ? [{ from: at.toISOString(), to: null }] : [] });
  }
}
var STAGE_LEFT = "stage left";
async function endStageClocks(tx, c, stage, at, outcome) {
  for (const inst of await openInstances(tx, c.id)) {
    if (stageOfItem(inst.itemSnapshot.applicableFrom) !== stage) continue;
    if (outcome === "succeed") {
      await enqueueCommand(tx, inst, "succeed", { at: at.toISOString(), reason: `stage "${stage}" completed` });
      await markEnded(tx, inst.id, END_REASONS.succeeded, at);
    } else {
      await enqueueCommand(tx, inst, "cancel", { at: at.toISOString(), reason: STAGE_LEFT });
      await markEnded(tx, inst.id, STAGE_LEFT, at);
    }
  }
}

// src/processes/case-process-store.ts
async function activeInstance(db2, caseId) {
  const [row] = await db2.select().from(caseProcesses).where(and(eq(caseProcesses.caseId, caseId), eq(caseProcesses.status, "active")));
  return row;
}
async function instancesOf(db2, caseId) {
  return db2.select().from(caseProcesses).where(eq(caseProcesses.caseId, caseId)).orderBy(desc(caseProcesses.startedAt), desc(caseProcesses.id));
}
async function staysOf(db2, instanceId) {
  return db2.select().from(caseProcessStages).where(eq(caseProcessStages.caseProcessId, instanceId)).orderBy(asc(caseProcessStages.id));
}
async function instanceForCommand(tx, c, expectedVersion) {
  const row = await activeInstance(tx, c.id);
  if (!row) throw conflict("NO_ACTIVE_PROCESS", `Case ${c.number} has no active process; start one with POST /v1/cases/{id}/process/switch.`);
  if (expectedVersion !== void 0 && row.version !== expectedVersion) {
    throw preconditionFailed(`The case's process moved since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
      etag: `W/"${row.version}"`,
      activeStage: row.activeStage
    });
  }
  return row;
}
async function enterStage(tx, c, instanceId, stage, at, actor) {
  await tx.insert(caseProcessStages).values({ caseProcessId: instanceId, stage, enteredAt: at, ...actorColumns(actor) });
  await startStageClocks(tx, c, stage, at);
}
async function leaveStage(tx, instanceId, at, exit) {
  await tx.update(caseProcessStages).set({ leftAt: at, exit }).where(and(eq(caseProcessStages.caseProcessId, instanceId), isNull(caseProcessStages.leftAt)));
}
async function startInstance2(tx, c, p, at, actor, why) {
  const first = p.definition.stages[0];
  const [row] = await tx.insert(caseProcesses).values({ caseId: c.id, processId: p.process.id, processVersion: p.version.version, status: "active", activeStage: first.key, path: [first.key], startedAt: at }).returning();
  await enterStage(tx, c, row.id, first.key, at, actor);
  await recordCaseEvent(
    tx,
    {
      caseId: c.id,
      kind: "process.started",
      summary: `Process "${p.definition.name}" (v${p.version.version}) started ${why}: stage ${first.name}`,
      data: { processId: p.process.id, processVersion: p.version.version, stage: first.key },
      occurredAt: at,
      actor
    },
    at
  );
  return row;
}
async function bumpInstance(tx, row, set) {
  const [after] = await tx.update(caseProcesses).set({ ...set, version: row.version + 1 }).where(and(eq(caseProcesses.id, row.id), eq(caseProcesses.version, row.version))).returning();
  if (!after) throw preconditionFailed("The case's process moved while this request was processed; read it again and retry.");
  return after;
}

// src/processes/process-path.ts
function stageOf(def, key) {
  return def.stages.find((s) => s.key === key);
}
function nextStage(def, key, facts) {
  const index2 = def.stages.findIndex((s) => s.key === key);
  if (index2 < 0) return { stage: null, branch: null };
  const branches = def.stages[index2].branches ?? [];
  for (const [i, b] of branches.entries()) {
    if (evaluateCondition(b.when, facts)) return { stage: b.next, branch: { index: i, label: b.label ?? null } };
  }
  return { stage: defaultNext(def.stages, index2), branch: null };
}
function pathAhead(def, key, facts) {
  const out = [];
  let at = key;
  for (let guard = 0; guard < def.stages.length; guard++) {
    const next = nextStage(def, at, facts);
    if (!next.stage) break;
    out.push(next);
    at = next.stage;
  }
  return out;
}
var isSet2 = (v) => v !== void 0 && v !== null && v !== "";
var checkKey = (stage, step) => `${stage}/${step}`;
function stepStates(stage, checked, facts) {
  return stage.steps.map((step) => {
    const c = checked[checkKey(stage.key, step.key)];
    const done = step.kind === "field" ? isSet2(readField(facts, step.field)) : Boolean(c);
    return {
      key: step.key,
      kind: step.kind,
      label: step.label ?? (step.kind === "field" ? step.field : step.key),
      field: step.kind === "field" ? step.field : null,
      required: step.required ?? false,
      done,
      doneAt: step.kind === "checklist" ? c?.at ?? null : null,
      doneBy: step.kind === "checklist" ? c?.actorName ?? null : null
    };
  });
}
var missingRequired = (states) => states.filter((s) => s.required && !s.done);

// src/processes/migrate-instances.ts
async function migrateInstances(db2, processId, at, actor) {
  const target = await getProcess(db2, processId);
  const to = target.process.currentVersion;
  const running = await db2.select({ id: caseProcesses.id, caseId: caseProcesses.caseId }).from(caseProcesses).where(and(eq(caseProcesses.processId, processId), eq(caseProcesses.status, "active"), lt(caseProcesses.processVersion, to)));
  const result = { toVersion: to, migrated: [], skipped: [] };
  for (const r of running) {
    await db2.transaction(async (tx) => {
      await lockCase(tx, r.caseId);
      const [inst] = await tx.select().from(caseProcesses).where(eq(caseProcesses.id, r.id));
      if (inst.status !== "active" || inst.processVersion >= to) return;
      if (inst.activeStage && !stageOf(target.definition, inst.activeStage)) {
        result.skipped.push({ caseId: r.caseId, stage: inst.activeStage, reason: `version ${to} has no stage "${inst.activeStage}"` });
        return;
      }
      await bumpInstance(tx, inst, { processVersion: to });
      await recordCaseEvent(
        tx,
        {
          caseId: r.caseId,
          kind: "process.migrated",
          summary: `Process "${target.definition.name}" moved from version ${inst.processVersion} to ${to}`,
          data: { processId, from: inst.processVersion, to },
          occurredAt: at,
          actor
        },
        at
      );
      result.migrated.push(r.caseId);
    });
  }
  return result;
}

// src/http/schemas/processes.ts
import { Type as Type41 } from "@sinclair/typebox";
var Key = Type41.String({ pattern: "^[a-z][a-z0-9_-]{0,63}$", description: "Stable key (lowercase letters, digits, _ and -)" });
var ConditionJson2 = Type41.Object({}, { additionalProperties: true, description: "A condition in the SLA condition language ({field, op, value} | {and} | {or} | {not})" });
var FieldStep = Type41.Object(
  {
    key: Key,
    kind: Type41.Literal("field"),
    field: Type41.String({ minLength: 1, maxLength: 100, description: "A case field as SLA conditions name it (productId, ownerId, fields.serialNumber, ...): done when it has a value" }),
    label: Type41.Optional(Type41.String({ minLength: 1, maxLength: 200 })),
    required: Type41.Optional(Type41.Boolean({ description: "Default false" }))
  },
  { additionalProperties: false }
);
var ChecklistStep = Type41.Object(
  {
    key: Key,
    kind: Type41.Literal("checklist"),
    label: Type41.String({ minLength: 1, maxLength: 200 }),
    required: Type41.Optional(Type41.Boolean({ description: "Default false" }))
  },
  { additionalProperties: false }
);
var Branch = Type41.Object(
  { label: Type41.Optional(Type41.String({ minLength: 1, maxLength: 100 })), when: ConditionJson2, next: Key },
  { additionalProperties: false, description: "The first branch whose condition holds chooses the next stage" }
);
var Stage = Type41.Object(
  {
    key: Key,
    name: Type41.String({ minLength: 1, maxLength: 200 }),
    steps: Type41.Array(Type41.Union([FieldStep, ChecklistStep]), { maxItems: 50 }),
    branches: Type41.Optional(Type41.Array(Branch, { maxItems: 20 })),
    next: Type41.Optional(Nullable(Key))
  },
  { additionalProperties: false, description: "next: where the stage goes when no branch holds (default: the following stage; null ends the process)" }
);
var ProcessInput = Type41.Object(
  {
    name: Type41.String({ minLength: 1, maxLength: 200 }),
    description: Type41.Optional(Nullable(Type41.String({ maxLength: 2e3 }))),
    applicableWhen: Type41.Optional(Nullable(ConditionJson2)),
    active: Type41.Optional(Type41.Boolean({ description: "Default true" })),
    rank: Type41.Optional(Type41.Integer({ minimum: 0, maximum: 1e6, description: "Processes are tried in rank order on a new case (default 100)" })),
    stages: Type41.Array(Stage, { minItems: 1, maxItems: 50 })
  },
  { additionalProperties: false }
);
var ProcessView = Type41.Object({
  id: Uuid,
  name: Type41.String(),
  description: Nullable(Type41.String()),
  active: Type41.Boolean(),
  rank: Type41.Integer(),
  version: Type41.Integer({ description: 'The definition version shown; the ETag is W/"<current version>"' }),
  currentVersion: Type41.Integer(),
  applicableWhen: Type41.Unknown(),
  stages: Type41.Array(Stage),
  createdAt: InstantView,
  updatedAt: InstantView
});
var toProcessView = (l) => ({
  id: l.process.id,
  name: l.definition.name,
  description: l.definition.description ?? null,
  active: l.process.active,
  rank: l.process.rank,
  version: l.version.version,
  currentVersion: l.process.currentVersion,
  applicableWhen: l.definition.applicableWhen ?? null,
  stages: l.definition.stages,
  createdAt: l.process.createdAt.toISOString(),
  updatedAt: l.process.updatedAt.toISOString()
});
var MigrationResultView = Type41.Object({
  toVersion: Type41.Integer(),
  migrated: Type41.Array(Uuid, { description: "Cases now on the current version" }),
  skipped: Type41.Array(Type41.Object({ caseId: Uuid, stage: Nullable(Type41.String()), reason: Type41.String() }))
});
var StepStateView = Type41.Object({
  key: Type41.String(),
  kind: StringEnum(["field", "checklist"]),
  label: Type41.String(),
  field: Nullable(Type41.String()),
  required: Type41.Boolean(),
  done: Type41.Boolean(),
  doneAt: Nullable(InstantView),
  doneBy: Nullable(Type41.String())
});
var CaseProcessView = Type41.Object({
  caseId: Uuid,
  instanceId: Uuid,
  processId: Uuid,
  processName: Type41.String(),
  processVersion: Type41.Integer({ description: "The version this case follows (pinned)" }),
  currentProcessVersion: Type41.Integer(),
  status: StringEnum(["active", "finished", "switched"]),
  version: Type41.Integer({ description: 'Concurrency version of the run; the ETag is W/"<version>": send it as If-Match with every move' }),
  activeStage: Nullable(
    Type41.Object({
      key: Type41.String(),
      name: Type41.String(),
      steps: Type41.Array(StepStateView),
      missingRequired: Type41.Array(Type41.String()),
      next: Type41.Object({ key: Nullable(Type41.String()), name: Nullable(Type41.String()), branch: Nullable(Type41.String()) })
    })
  ),
  path: Type41.Array(Type41.Object({ key: Type41.String(), name: Type41.String(), state: StringEnum(["done", "active", "ahead"]), branch: Nullable(Type41.String()) })),
  stages: Type41.Array(Type41.Object({ key: Type41.String(), name: Type41.String(), state: StringEnum(["done", "active", "ahead", "not_taken"]) })),
  history: Type41.Array(
    Type41.Object({
      stage: Type41.String(),
      name: Type41.String(),
      enteredAt: InstantView,
      leftAt: Nullable(InstantView),
      exit: Nullable(Type41.String()),
      calendarMinutes: Type41.Integer(),
      businessMinutes: Type41.Integer({ description: "On the calendar of the case\u2019s SLA" }),
      enteredBy: ActorView
    })
  ),
  calendar: Nullable(Type41.Object({ id: Uuid, version: Type41.Integer() })),
  earlier: Type41.Array(
    Type41.Object({
      instanceId: Uuid,
      processId: Uuid,
      processName: Type41.String(),
      processVersion: Type41.Integer(),
      status: Type41.String(),
      startedAt: InstantView,
      endedAt: Nullable(InstantView)
    })
  ),
  startedAt: InstantView,
  endedAt: Nullable(InstantView)
});

// src/http/routes/processes.ts
var tags22 = ["processes"];
var etag = (reply, currentVersion) => reply.header("etag", `W/"${currentVersion}"`);
var processRoutes = async (app) => {
  app.post(
    "/v1/processes",
    {
      config: { role: "admin" },
      schema: {
        tags: tags22,
        summary: "Define a business process (admin)",
        description: "Validated on save: an unknown case field or stage is 400 naming it (UNKNOWN_FIELD, UNKNOWN_STAGE), as are a cycle (PROCESS_CYCLE) and a stage that cannot be reached (UNREACHABLE_STAGE).",
        headers: Type42.Object(idempotencyKeyHeader),
        body: ProcessInput,
        response: { 201: ProcessView, ...problems() }
      }
    },
    async (request, reply) => {
      const l = await createProcess(app.db, request.body, app.now(), actorOf(request));
      etag(reply, l.process.currentVersion).header("location", `/v1/processes/${l.process.id}`);
      return reply.code(201).send(toProcessView(l));
    }
  );
  app.get(
    "/v1/processes",
    { schema: { tags: tags22, summary: "List processes in the order they are tried on a new case", querystring: Type42.Object(PageQuery), response: { 200: Page(ProcessView), ...problems() } } },
    async (request) => {
      const page = await listProcesses(app.db, request.query);
      return { items: page.rows.map((r) => toProcessView(r.loaded)), nextCursor: page.nextCursor };
    }
  );
  app.get(
    "/v1/processes/:id",
    { schema: { tags: tags22, summary: "Read a process (its current version)", params: IdParams, response: { 200: ProcessView, ...problems(404) } } },
    async (request, reply) => {
      const l = await getProcess(app.db, request.params.id);
      etag(reply, l.process.currentVersion);
      return toProcessView(l);
    }
  );
  app.get(
    "/v1/processes/:id/versions/:version",
    { schema: { tags: tags22, summary: "Read one version of a process (what the cases pinned to it follow)", params: VersionParams, response: { 200: ProcessView, ...problems(404) } } },
    async (request) => toProcessView(await getProcess(app.db, request.params.id, request.params.version))
  );
  app.put(
    "/v1/processes/:id",
    {
      config: { role: "admin" },
      schema: {
        tags: tags22,
        summary: "Replace a process definition: a new version (admin, If-Match required)",
        description: "Cases already following the process keep the version they started on until an admin migrates them (POST /v1/processes/{id}/migrate).",
        params: IdParams,
        headers: Type42.Object(requiredIfMatchHeader),
        body: ProcessInput,
        response: { 200: ProcessView, ...problems(404, 412, 428) }
      }
    },
    async (request, reply) => {
      const l = await replaceProcess(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now(), actorOf(request));
      etag(reply, l.process.currentVersion);
      return toProcessView(l);
    }
  );
  app.post(
    "/v1/processes/:id/migrate",
    {
      config: { role: "admin" },
      schema: {
        tags: tags22,
        summary: "Move the running cases of a process onto its current version (admin)",
        description: "A case whose active stage the current version does not have stays on its version and is listed in `skipped`.",
        params: IdParams,
        headers: Type42.Object(idempotencyKeyHeader),
        response: { 200: MigrationResultView, ...problems(404) }
      }
    },
    async (request) => migrateInstances(app.db, request.params.id, app.now(), actorOf(request))
  );
};
var processes_default = processRoutes;

// src/http/routes/case-process.ts
import { Type as Type43 } from "@sinclair/typebox";

// src/processes/stage-minutes.ts
async function stageClockOf(db2, c) {
  let compiled = null;
  let calendar = null;
  if (c.slaId && c.slaVersion !== null) {
    const [v] = await db2.select({ calendarId: slaVersions.calendarId }).from(slaVersions).where(and(eq(slaVersions.slaId, c.slaId), eq(slaVersions.version, c.slaVersion)));
    const pinned = v?.calendarId ? await loadCalendarVersion(db2, v.calendarId) : void 0;
    if (pinned) {
      try {
        compiled = compileCalendar(pinned.definition);
        calendar = { id: pinned.id, version: pinned.version };
      } catch {
        compiled = null;
      }
    }
  }
  return {
    calendar,
    minutes(fromMs, toMs) {
      const calendarMinutes = Math.max(0, Math.floor((toMs - fromMs) / 6e4));
      const businessMinutes = compiled ? Math.floor(elapsed(compiled, fromMs, Math.max(fromMs, toMs))) : calendarMinutes;
      return { calendarMinutes, businessMinutes };
    }
  };
}

// src/processes/case-process-view.ts
async function caseProcessView(db2, caseId, now) {
  const [c] = await db2.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound("case", caseId);
  const runs = await instancesOf(db2, caseId);
  const inst = runs.find((r) => r.status === "active") ?? runs[0];
  if (!inst) throw notFound("case process", caseId);
  const p = await getProcess(db2, inst.processId, inst.processVersion);
  const facts = caseFacts(c);
  const def = p.definition;
  const name = (key) => stageOf(def, key)?.name ?? key;
  const taken = inst.path.map((key, i) => ({ key, name: name(key), state: inst.activeStage && i === inst.path.length - 1 ? "active" : "done", branch: null }));
  const ahead = inst.activeStage ? pathAhead(def, inst.activeStage, facts).map((n) => ({ key: n.stage, name: name(n.stage), state: "ahead", branch: n.branch?.label ?? null })) : [];
  const onPath = new Map([...taken, ...ahead].map((s) => [s.key, s.state]));
  let activeStage = null;
  const stage = inst.activeStage ? stageOf(def, inst.activeStage) : void 0;
  if (stage) {
    const steps = stepStates(stage, inst.checked, facts);
    const next = nextStage(def, stage.key, facts);
    activeStage = {
      key: stage.key,
      name: stage.name,
      steps,
      missingRequired: missingRequired(steps).map((s) => s.key),
      next: { key: next.stage, name: next.stage ? name(next.stage) : null, branch: next.branch?.label ?? null }
    };
  }
  const clock2 = await stageClockOf(db2, c);
  const stays = await staysOf(db2, inst.id);
  const history = stays.map((s) => ({
    stage: s.stage,
    name: name(s.stage),
    enteredAt: s.enteredAt.toISOString(),
    leftAt: s.leftAt?.toISOString() ?? null,
    exit: s.exit,
    ...clock2.minutes(s.enteredAt.getTime(), (s.leftAt ?? now).getTime()),
    enteredBy: actorView(s)
  }));
  const others = runs.filter((r) => r.id !== inst.id);
  const names = new Map(
    others.length ? (await db2.select({ id: processes.id, name: processes.name }).from(processes).where(inArray(processes.id, others.map((o) => o.processId)))).map((r) => [r.id, r.name]) : []
  );
  return {
    p,
    view: {
      caseId,
      instanceId: inst.id,
      processId: inst.processId,
      processName: def.name,
      processVersion: inst.processVersion,
      currentProcessVersion: p.process.currentVersion,
      status: inst.status,
      version: inst.version,
      activeStage,
      path: [...taken, ...ahead],
      stages: def.stages.map((s) => ({ key: s.key, name: s.name, state: onPath.get(s.key) ?? "not_taken" })),
      history,
      calendar: clock2.calendar,
      earlier: others.map((o) => ({
        instanceId: o.id,
        processId: o.processId,
        processName: names.get(o.processId) ?? o.processId,
        processVersion: o.processVersion,
        status: o.status,
        startedAt: o.startedAt.toISOString(),
        endedAt: o.endedAt?.toISOString() ?? null
      })),
      startedAt: inst.startedAt.toISOString(),
      endedAt: inst.endedAt?.toISOString() ?? null
    }
  };
}

// src/processes/process-commands.ts
async function withInstance(db2, caseId, expected, at, actor, fn) {
  return db2.transaction(async (tx) => {
    const c = await lockCase(tx, caseId);
    assertActive(c);
    const inst = await instanceForCommand(tx, c, expected);
    const p = await getProcess(tx, inst.processId, inst.processVersion);
    return fn({ tx, c, inst, p, at, actor });
  });
}
var nameOf = (p, key) => key ? stageOf(p.definition, key)?.name ?? key : "the end";
async function event(ctx, kind, summary, data) {
  await recordCaseEvent(ctx.tx, { caseId: ctx.c.id, kind, summary, data: { processId: ctx.p.process.id, ...data }, occurredAt: ctx.at, actor: ctx.actor }, ctx.at);
}
function activeStageOf(ctx) {
  const stage = ctx.inst.activeStage ? stageOf(ctx.p.definition, ctx.inst.activeStage) : void 0;
  if (!stage) throw conflict("NO_ACTIVE_STAGE", `The case's process has no active stage (it is ${ctx.inst.status}).`);
  return stage;
}
function assertRequiredDone(ctx, action) {
  const stage = activeStageOf(ctx);
  const missing = missingRequired(stepStates(stage, ctx.inst.checked, caseFacts(ctx.c)));
  if (missing.length) {
    throw conflict("REQUIRED_STEPS_MISSING", `Stage ${stage.name} cannot ${action}: required steps not done: ${missing.map((m) => m.label).join(", ")}.`, {
      stage: stage.key,
      missing: missing.map((m) => ({ key: m.key, label: m.label, kind: m.kind, field: m.field }))
    });
  }
  return stage;
}
function completeStep(db2, caseId, stepKey, expected, at, actor) {
  return withInstance(db2, caseId, expected, at, actor, async (ctx) => {
    const stage = activeStageOf(ctx);
    const step = stage.steps.find((s) => s.key === stepKey);
    if (!step) throw notFound("step", `${stage.key}/${stepKey}`);
    if (step.kind !== "checklist") {
      throw conflict("STEP_IS_A_FIELD", `Step "${stepKey}" is done when the case field ${step.field} has a value: set it with PATCH /v1/cases/{id}.`, { field: step.field });
    }
    const key = checkKey(stage.key, step.key);
    if (ctx.inst.checked[key]) return ctx.inst;
    const after = await bumpInstance(ctx.tx, ctx.inst, { checked: { ...ctx.inst.checked, [key]: { at: at.toISOString(), actorName: actor.name } } });
    await event(ctx, "process.step_completed", `Step "${step.label}" of stage ${stage.name} completed`, { stage: stage.key, step: step.key });
    return after;
  });
}
function moveNext(db2, caseId, expected, at, actor) {
  return withInstance(db2, caseId, expected, at, actor, async (ctx) => {
    const stage = assertRequiredDone(ctx, "be completed");
    const next = nextStage(ctx.p.definition, stage.key, caseFacts(ctx.c));
    if (!next.stage) throw conflict("NO_NEXT_STAGE", `Stage ${stage.name} is the last one on this case's path; finish the process instead (POST /v1/cases/{id}/process/finish).`);
    await leaveStage(ctx.tx, ctx.inst.id, at, "next");
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, "succeed");
    await enterStage(ctx.tx, ctx.c, ctx.inst.id, next.stage, at, actor);
    const after = await bumpInstance(ctx.tx, ctx.inst, { activeStage: next.stage, path: [...ctx.inst.path, next.stage] });
    const via = next.branch ? ` (branch ${next.branch.label ?? `#${next.branch.index + 1}`})` : "";
    await event(ctx, "process.stage_changed", `Stage ${stage.name} completed; now ${nameOf(ctx.p, next.stage)}${via}`, { from: stage.key, to: next.stage, branch: next.branch, move: "next" });
    return after;
  });
}
function moveBack(db2, caseId, expected, at, actor) {
  return withInstance(db2, caseId, expected, at, actor, async (ctx) => {
    const stage = activeStageOf(ctx);
    if (ctx.inst.path.length < 2) throw conflict("NO_PREVIOUS_STAGE", `Stage ${stage.name} is the first stage of this case's path; there is no stage to go back to.`);
    const previous = ctx.inst.path[ctx.inst.path.length - 2];
    await leaveStage(ctx.tx, ctx.inst.id, at, "back");
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, "cancel");
    await enterStage(ctx.tx, ctx.c, ctx.inst.id, previous, at, actor);
    const after = await bumpInstance(ctx.tx, ctx.inst, { activeStage: previous, path: ctx.inst.path.slice(0, -1) });
    await event(ctx, "process.stage_changed", `Moved back from stage ${stage.name} to ${nameOf(ctx.p, previous)}`, { from: stage.key, to: previous, move: "back" });
    return after;
  });
}
function finishProcess(db2, caseId, expected, at, actor) {
  return withInstance(db2, caseId, expected, at, actor, async (ctx) => {
    const stage = assertRequiredDone(ctx, "finish the process");
    const next = nextStage(ctx.p.definition, stage.key, caseFacts(ctx.c));
    if (next.stage) {
      throw conflict("PROCESS_NOT_AT_END", `Stage ${stage.name} leads on to ${nameOf(ctx.p, next.stage)}; move on (POST /v1/cases/{id}/process/next) until the last stage.`, { next: next.stage });
    }
    await leaveStage(ctx.tx, ctx.inst.id, at, "finished");
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, "succeed");
    const after = await bumpInstance(ctx.tx, ctx.inst, { status: "finished", activeStage: null, endedAt: at });
    await event(ctx, "process.finished", `Process "${ctx.p.definition.name}" finished at stage ${stage.name}`, { stage: stage.key });
    return after;
  });
}
function switchProcess(db2, caseId, processId, expected, at, actor) {
  return db2.transaction(async (tx) => {
    const c = await lockCase(tx, caseId);
    assertActive(c);
    const target = await getProcess(tx, processId).catch(() => {
      throw conflict("PROCESS_NOT_APPLICABLE", `No process with id "${processId}".`, { field: "body.processId" });
    });
    if (!target.process.active) throw conflict("PROCESS_NOT_APPLICABLE", `Process "${target.definition.name}" is inactive.`, { field: "body.processId" });
    if (!evaluateCondition(target.definition.applicableWhen ?? null, caseFacts(c))) {
      throw conflict("PROCESS_NOT_APPLICABLE", `Process "${target.definition.name}" does not apply to case ${c.number} (its applicable-when condition does not hold).`, {
        field: "body.processId"
      });
    }
    const current2 = await activeInstance(tx, c.id) ? await instanceForCommand(tx, c, expected) : void 0;
    if (current2) {
      if (current2.processId === processId) throw conflict("ALREADY_ON_PROCESS", `Case ${c.number} already follows process "${target.definition.name}".`);
      await leaveStage(tx, current2.id, at, "switched");
      if (current2.activeStage) await endStageClocks(tx, c, current2.activeStage, at, "cancel");
      await bumpInstance(tx, current2, { status: "switched", endedAt: at });
    }
    return startInstance2(tx, c, target, at, actor, current2 ? "by a switch from another process" : "by hand");
  });
}

// src/processes/process-picture.ts
import * as echarts3 from "echarts";
var STAGE_COLOURS = {
  done: "#2da44e",
  active: "#0969da",
  ahead: "#ffffff",
  not_taken: "#d0d7de"
};
var EDGE_TAKEN = "#1a7f37";
var EDGE_NOT_TAKEN = "#6e7781";
var COLUMN = 190;
var ROW = 110;
function columns2(def) {
  const col = new Map(def.stages.map((s) => [s.key, 0]));
  for (let round = 0; round < def.stages.length; round++) {
    def.stages.forEach((s, i) => {
      for (const next of successorsOf(def.stages, i)) col.set(next, Math.max(col.get(next), col.get(s.key) + 1));
    });
  }
  return col;
}
function processPicture(def, view3) {
  const col = columns2(def);
  const rows = /* @__PURE__ */ new Map();
  const state = new Map(view3.stages.map((s) => [s.key, s.state]));
  const nodes = def.stages.map((s) => {
    const c = col.get(s.key);
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    const st = state.get(s.key) ?? "not_taken";
    return {
      id: s.key,
      name: s.name,
      x: 60 + c * COLUMN,
      y: 80 + r * ROW,
      symbol: "roundRect",
      symbolSize: [130, 46],
      itemStyle: {
        color: STAGE_COLOURS[st],
        borderColor: st === "ahead" ? "#0969da" : st === "not_taken" ? "#8c959f" : STAGE_COLOURS[st],
        borderWidth: st === "active" ? 4 : 2,
        borderType: st === "ahead" ? "dashed" : "solid"
      },
      label: { show: true, color: st === "done" || st === "active" ? "#ffffff" : "#24292f", fontWeight: st === "active" ? "bold" : "normal", fontSize: 13 }
    };
  });
  const path7 = view3.path.map((p) => p.key);
  const onPath = new Set(path7.slice(1).map((k, i) => `${path7[i]}>${k}`));
  const links = def.stages.flatMap(
    (s, i) => successorsOf(def.stages, i).map((next) => {
      const taken = onPath.has(`${s.key}>${next}`);
      const branch = (s.branches ?? []).find((b) => b.next === next);
      return {
        source: s.key,
        target: next,
        // Edges that jump a column bend further, so they pass around the stages between.
        lineStyle: {
          color: taken ? EDGE_TAKEN : EDGE_NOT_TAKEN,
          opacity: 1,
          width: taken ? 3 : 1.5,
          type: taken ? "solid" : "dashed",
          curveness: col.get(next) - col.get(s.key) > 1 ? -0.35 : 0.12
        },
        label: { show: Boolean(branch?.label), formatter: branch?.label ?? "", fontSize: 11, color: "#57606a" }
      };
    })
  );
  const width = 180 + Math.max(1, Math.max(...col.values())) * COLUMN;
  const height = 160 + Math.max(1, Math.max(...rows.values())) * ROW;
  const chart = echarts3.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      title: {
        text: `${view3.processName} (v${view3.processVersion})`,
        subtext: view3.activeStage ? `Active stage: ${view3.activeStage.name}` : `Process ${view3.status}`,
        left: 10,
        top: 6,
        textStyle: { fontSize: 14 }
      },
      series: [{ type: "graph", layout: "none", coordinateSystem: void 0, roam: false, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 9, data: nodes, links, left: 90, right: 90, top: 110, bottom: 50 }]
    });
    return xmlSafe(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

// src/http/routes/case-process.ts
var tags23 = ["processes"];
var withEtag = resourceHeaders();
var moveHeaders = Type43.Object({ ...requiredIfMatchHeader, ...idempotencyKeyHeader });
var StepParams = Type43.Object({ id: Type43.String({ format: "uuid" }), step: Type43.String({ pattern: "^[a-z][a-z0-9_-]{0,63}$" }) });
var caseProcessRoutes = async (app) => {
  const answer = async (caseId) => {
    await app.caseLifecycle.afterCommit(caseId);
    return (await caseProcessView(app.db, caseId, app.now())).view;
  };
  app.get(
    "/v1/cases/:id/process",
    {
      preSerialization: withEtag,
      schema: {
        tags: tags23,
        summary: "The case's process: path, active stage and its steps, stage history with calendar and business minutes",
        params: IdParams,
        response: { 200: CaseProcessView, ...problems(404) }
      }
    },
    async (request) => (await caseProcessView(app.db, request.params.id, app.now())).view
  );
  app.get(
    "/v1/cases/:id/process.svg",
    {
      schema: {
        tags: tags23,
        summary: "A picture of the case's process: the stages as a flow, the path taken, the active stage, branches not taken",
        params: IdParams,
        produces: ["image/svg+xml"],
        response: { 200: { description: "SVG image", content: { "image/svg+xml": { schema: Type43.String() } } }, ...problems(404) }
      }
    },
    async (request, reply) => {
      const { view: view3, p } = await caseProcessView(app.db, request.params.id, app.now());
      return reply.type("image/svg+xml").send(processPicture(p.definition, view3));
    }
  );
  const move = (path7, summary, description2, run) => app.post(
    path7,
    {
      preSerialization: withEtag,
      schema: { tags: tags23, summary, description: description2, params: IdParams, headers: moveHeaders, response: { 200: CaseProcessView, ...problems(404, 409, 412, 428) } }
    },
    async (request) => {
      await run(request.params.id, requiredIfMatchVersion(request), actorOf(request));
      return answer(request.params.id);
    }
  );
  move(
    "/v1/cases/:id/process/next",
    "Complete the active stage and move to the next one on the path",
    "409 REQUIRED_STEPS_MISSING lists the required steps still missing; 409 NO_NEXT_STAGE at the last stage (finish instead); 412 when another move came first.",
    (id, expected, actor) => moveNext(app.db, id, expected, app.now(), actor)
  );
  move(
    "/v1/cases/:id/process/back",
    "Move back to the previous stage of the path taken",
    "409 NO_PREVIOUS_STAGE at the first stage.",
    (id, expected, actor) => moveBack(app.db, id, expected, app.now(), actor)
  );
  move(
    "/v1/cases/:id/process/finish",
    "Finish the process at its last stage",
    "409 PROCESS_NOT_AT_END when the path goes on; 409 REQUIRED_STEPS_MISSING.",
    (id, expected, actor) => finishProcess(app.db, id, expected, app.now(), actor)
  );
  app.post(
    "/v1/cases/:id/process/steps/:step/complete",
    {
      preSerialization: withEtag,
      schema: {
        tags: tags23,
        summary: "Complete a checklist step of the active stage",
        description: "Field steps are done when their case field has a value (409 STEP_IS_A_FIELD). Completing a completed step changes nothing.",
        params: StepParams,
        headers: moveHeaders,
        response: { 200: CaseProcessView, ...problems(404, 409, 412, 428) }
      }
    },
    async (request) => {
      await completeStep(app.db, request.params.id, request.params.step, requiredIfMatchVersion(request), app.now(), actorOf(request));
      return answer(request.params.id);
    }
  );
  app.post(
    "/v1/cases/:id/process/switch",
    {
      preSerialization: withEtag,
      schema: {
        tags: tags23,
        summary: "Switch the case to another applicable process (the current run is kept as history)",
        description: "409 PROCESS_NOT_APPLICABLE when the process is unknown, inactive or its applicable-when does not hold; If-Match names the current run (optional when the case has none).",
        params: IdParams,
        headers: Type43.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: Type43.Object({ processId: Uuid }, { additionalProperties: false }),
        response: { 200: CaseProcessView, ...problems(404, 409, 412) }
      }
    },
    async (request) => {
      await switchProcess(app.db, request.params.id, request.body.processId, ifMatchVersion(request), app.now(), actorOf(request));
      return answer(request.params.id);
    }
  );
};
var case_process_default = caseProcessRoutes;

// src/http/routes/index.ts
var registerRoutes = async (app, { config }) => {
  await app.register(health_default);
  await app.register(entitlements_default);
  await app.register(slas_default);
  await app.register(case_sla_default);
  await app.register(case_sla_timeline_default);
  await app.register(accounts_default);
  await app.register(contacts_default);
  await app.register(agents_default);
  await app.register(cases_default);
  await app.register(case_import_default);
  await app.register(case_activities_default);
  await app.register(queues_default);
  await app.register(api_keys_default);
  await app.register(calendars_default);
  await app.register(holiday_lists_default);
  await app.register(business_time_default);
  await app.register(audit_log_default);
  await app.register(previews_default);
  await app.register(products_default);
  await app.register(reports_default);
  await app.register(surveys_default, { surveys: config.surveys });
  await app.register(webhooks_default);
  await app.register(goals_default);
  await app.register(knowledge_default);
  await app.register(case_knowledge_default);
  await app.register(processes_default);
  await app.register(case_process_default);
};

// src/http/plugins/case-lifecycle.ts
import fp9 from "fastify-plugin";

// src/cases/case-lifecycle.ts
var CaseLifecycle = class {
  constructor(listeners, log = { error: (obj, msg) => console.error(msg, obj) }) {
    this.listeners = listeners;
    this.log = log;
  }
  async emit(event3, ...args) {
    for (const l of this.listeners) {
      const fn = l[event3];
      if (fn) await fn.apply(l, args);
    }
  }
  /**
   * Runs every listener's `afterCommit` without waiting for it; a failure is logged with the case id. Inside
   * a request-wide transaction (a POST with Idempotency-Key) that is once that transaction has committed.
   */
  afterCommit(caseId) {
    runAfterCommit(() => this.notifyCommitted(caseId));
  }
  notifyCommitted(caseId) {
    const report = (l, err) => this.log.error({ caseId, listener: l.name, err: err instanceof Error ? err.message : String(err) }, "after-commit listener failed");
    for (const l of this.listeners) {
      if (!l.afterCommit) continue;
      try {
        void Promise.resolve(l.afterCommit(caseId)).catch((err) => report(l, err));
      } catch (err) {
        report(l, err);
      }
    }
  }
};

// src/http/plugins/case-lifecycle.ts
var case_lifecycle_default = fp9(
  async function caseLifecycle(app, { listeners }) {
    app.decorate("caseLifecycle", new CaseLifecycle(listeners, app.log));
  },
  { name: "case-lifecycle" }
);

// src/http/plugins/webhooks.ts
import fp10 from "fastify-plugin";
var webhooks_default2 = fp10(
  async function webhooks(app, { config, waker }) {
    app.decorate("webhooks", { config, waker });
  },
  { name: "webhooks" }
);

// src/app.ts
var IDLE_SOCKET_TIMEOUT_MS = 12e4;
var serializers = { err: (err) => redactedError(err), req: redactedRequest };
function loggerOptions(config) {
  if (config.logFormat === "json") return { level: config.logLevel, serializers };
  return {
    level: config.logLevel,
    serializers,
    transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname", singleLine: true } }
  };
}
async function buildApp(deps) {
  const app = Fastify({
    logger: typeof deps.logger === "object" && deps.logger !== null ? { serializers, ...deps.logger } : deps.logger ?? loggerOptions(deps.config),
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID6();
    },
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator() } },
    bodyLimit: 1048576,
    // A client that dribbles its headers or body is cut off (408) instead of holding a socket open.
    requestTimeout: deps.config.http.requestTimeoutMs,
    http: { headersTimeout: deps.config.http.headersTimeoutMs, connectionsCheckingInterval: 1e3 },
    connectionTimeout: IDLE_SOCKET_TIMEOUT_MS,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH }
  }).withTypeProvider();
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.decorate("now", deps.clock ?? (() => /* @__PURE__ */ new Date()));
  const mailer = deps.mailer ?? createMailer(deps.config.mail);
  app.decorate("mailer", mailer);
  if (!deps.mailer) app.addHook("onClose", () => mailer.close());
  await app.register(problem_details_default);
  await app.register(db_default, { database: deps.database, closeOnShutdown: deps.ownsDatabase ?? false });
  await app.register(temporal_default, { client: deps.temporal });
  await app.register(case_lifecycle_default, { listeners: deps.caseListeners ?? [] });
  await app.register(webhooks_default2, { config: deps.config.webhooks, waker: deps.webhookWaker ?? null });
  await app.register(common_answers_default);
  await app.register(openapi_default);
  await app.register(auth_default, { pepper: deps.config.auth.apiKeyPepper, failuresPerMinute: deps.config.auth.failuresPerMinute });
  await app.register(storable_input_default);
  await app.register(rateLimit, {
    global: true,
    hook: "preHandler",
    max: deps.config.rateLimitPerMinute,
    timeWindow: "1 minute",
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    allowList: (request) => request.routeOptions.config?.public === true,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: "RATE_LIMITED",
      message: `Rate limit of ${context.max} requests per minute exceeded for this API key; retry in ${Math.max(1, Math.ceil(context.ttl / 1e3))} seconds.`
    })
  });
  await app.register(idempotency_default, { ttlHours: deps.config.idempotencyKeyTtlHours });
  await app.register(registerRoutes, { config: deps.config });
  return app;
}

// src/sla/command-dispatcher.ts
var PermanentDeliveryError = class extends Error {
  name = "PermanentDeliveryError";
};
var silent = { warn: () => {
}, error: () => {
} };
var SlaCommandDispatcher = class {
  constructor(db2, gateway, options = {}) {
    this.db = db2;
    this.gateway = gateway;
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? 6e4;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 3e4 };
    this.sweepEveryMs = options.sweepEveryMs ?? 0;
    this.clock = options.clock ?? (() => /* @__PURE__ */ new Date());
    this.log = options.log ?? silent;
  }
  concurrency;
  leaseMs;
  backoff;
  sweepEveryMs;
  clock;
  log;
  inFlight = /* @__PURE__ */ new Set();
  wanted = false;
  pumping = null;
  claimLock = Promise.resolve();
  stopped = false;
  sweepTimer = null;
  retryTimer = null;
  report = { delivered: 0, rejected: 0, failed: 0 };
  /** Starts the periodic sweep (the reconciler) and looks for pending commands at once. */
  start() {
    if (this.sweepEveryMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.wake(), this.sweepEveryMs);
      this.sweepTimer.unref();
    }
    this.wake();
    return this;
  }
  /** Something may be claimable: look soon. Never waits, never throws (requests call it after commit). */
  wake() {
    if (this.stopped) return;
    this.wanted = true;
    if (this.pumping) return;
    this.pumping = this.pump().catch((err) => {
      this.log.error({ err: messageOf(err) }, "SLA command dispatcher could not claim commands; retrying");
      this.retryAt(this.clock().getTime() + this.backoff.initialMs * 4);
    }).finally(() => {
      this.pumping = null;
      if (this.wanted && this.inFlight.size < this.concurrency) this.wake();
    });
  }
  /**
   * Delivers everything claimable now and waits for it, including what becomes claimable as earlier
   * commands of the same instance are delivered (tests, benchmarks, a manual reconcile).
   */
  async drain() {
    const before = { ...this.report };
    for (; ; ) {
      const { claimed } = await this.claimIntoFreeSlots();
      const busy = [...this.inFlight, ...this.pumping ? [this.pumping] : []];
      if (!claimed && !busy.length) break;
      if (busy.length) await Promise.race(busy);
    }
    return {
      delivered: this.report.delivered - before.delivered,
      rejected: this.report.rejected - before.rejected,
      failed: this.report.failed - before.failed
    };
  }
  /** Totals since this dispatcher was created. */
  totals() {
    return { ...this.report };
  }
  /** Stops claiming and waits for the deliveries in flight (their outcome is recorded). */
  async stop() {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    await this.pumping;
    await Promise.all(this.inFlight);
  }
  async pump() {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      const { claimed, free } = await this.claimIntoFreeSlots();
      if (free > 0 && claimed === free) this.wanted = true;
    }
  }
  /** One claim at a time per dispatcher, so the deliveries in flight never exceed the concurrency. */
  claimIntoFreeSlots() {
    const run = this.claimLock.then(async () => {
      const free = this.stopped ? 0 : this.concurrency - this.inFlight.size;
      if (free <= 0) return { claimed: 0, free: 0 };
      const commands = await claimCommands(this.db, { limit: free, now: this.clock(), leaseMs: this.leaseMs });
      for (const c of commands) void this.track(c);
      return { claimed: commands.length, free };
    });
    this.claimLock = run.catch(() => void 0);
    return run;
  }
  track(c) {
    const delivery = this.deliver(c).finally(() => {
      this.inFlight.delete(delivery);
      this.wake();
    });
    this.inFlight.add(delivery);
    return delivery;
  }
  async deliver(c) {
    const context = { caseId: c.caseId, commandId: c.id, kind: c.kind, workflowId: c.workflowId, attempt: c.attempts };
    let outcome = {};
    try {
      await this.send(c);
    } catch (err) {
      outcome = err instanceof PermanentDeliveryError ? { rejected: err.message } : { error: messageOf(err) };
    }
    try {
      if (outcome.error !== void 0) {
        const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.max(0, c.attempts - 1));
        const retryAt = this.clock().getTime() + delay;
        if (!await markForRetry(this.db, c, new Date(retryAt), outcome.error)) return this.claimLost(context);
        this.retryAt(retryAt);
        this.report.failed++;
        this.log.warn({ ...context, err: outcome.error, retryInMs: delay }, "SLA command not delivered; retrying this KPI instance later");
      } else {
        if (!await markDelivered(this.db, c, this.clock(), outcome.rejected)) return this.claimLost(context);
        if (outcome.rejected !== void 0) {
          this.report.rejected++;
          this.log.warn({ ...context, reason: outcome.rejected }, "SLA command rejected by its workflow; recorded, not retried");
        } else {
          this.report.delivered++;
        }
      }
    } catch (err) {
      this.log.error({ ...context, err: messageOf(err) }, "SLA command outcome not recorded; it will be re-claimed after its lease");
    }
  }
  claimLost(context) {
    this.log.warn(context, "SLA command lease ran out during delivery; another dispatcher owns it now");
  }
  send(c) {
    const updateId = `sla-command-${c.id}`;
    const p = c.payload;
    switch (c.kind) {
      case "start":
        return this.gateway.start(p.input);
      case "pause":
        return this.gateway.pause(c.workflowId, p, updateId);
      case "resume":
        return this.gateway.resume(c.workflowId, p, updateId);
      case "succeed":
        return this.gateway.succeed(c.workflowId, p, updateId);
      case "cancel":
        return this.gateway.cancel(c.workflowId, p);
      case "apply_calendar":
        return this.gateway.applyCalendar(c.workflowId, p.calendar);
      default:
        return Promise.reject(new PermanentDeliveryError(`unknown command kind ${c.kind}`));
    }
  }
  /** One timer for the earliest backoff end of this dispatcher's own failures. */
  retryAt(atMs) {
    if (this.stopped || this.retryTimer && this.retryTimer.at <= atMs) return;
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    const timer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, Math.max(0, atMs - this.clock().getTime()));
    timer.unref();
    this.retryTimer = { at: atMs, timer };
  }
};
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

// src/sla/temporal-kpi-gateway.ts
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError
} from "@temporalio/client";

// src/temporal/search-attributes.ts
import { defineSearchAttributeKey, SearchAttributeType } from "@temporalio/common";
var slaSearchAttributes = {
  /** Case id (opaque, no PII). */
  caseId: defineSearchAttributeKey("SlaCaseId", SearchAttributeType.KEYWORD),
  /** Human-facing case number, e.g. "CAS-000042". */
  caseNumber: defineSearchAttributeKey("SlaCaseNumber", SearchAttributeType.KEYWORD),
  /** KPI name, e.g. "first_response". */
  kpi: defineSearchAttributeKey("SlaKpi", SearchAttributeType.KEYWORD),
  /** Clock state (`KpiState`): in_progress | nearing_noncompliance | noncompliant | paused | succeeded | canceled. */
  state: defineSearchAttributeKey("SlaState", SearchAttributeType.KEYWORD),
  /** Current failure (breach) deadline. */
  failureAt: defineSearchAttributeKey("SlaFailureAt", SearchAttributeType.DATETIME),
  /** Current warning deadline (absent when the item has no warning). */
  warningAt: defineSearchAttributeKey("SlaWarningAt", SearchAttributeType.DATETIME),
  /** True once the failure deadline passed without the KPI being met. */
  breached: defineSearchAttributeKey("SlaBreached", SearchAttributeType.BOOL)
};
var allSlaSearchAttributes = Object.values(slaSearchAttributes);

// src/sla/kpi-workflow-client.ts
function formatBusinessMinutes(minutes) {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return [h ? `${h}h` : "", m || !h ? `${m}m` : ""].filter(Boolean).join(" ");
}
function kpiStaticSummary(input) {
  return `${kpiLabel(input.kpi)} \xB7 ${input.caseNumber} \xB7 ${input.itemName}: ${formatBusinessMinutes(input.failureMinutes)}`;
}
function kpiStaticDetails(input) {
  const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return [
    `### ${kpiLabel(input.kpi)} for case ${input.caseNumber}`,
    "",
    `- Case: ${input.caseNumber} (\`${input.caseId}\`)`,
    `- SLA: ${input.slaName} (\`${input.slaId}\`), item **${input.itemName}** (\`${input.slaItemId}\`)`,
    `- Instance: \`${input.instanceId}\`, generation ${input.generation}`,
    `- Clock starts: ${input.applicableFrom}`,
    `- Warning after: ${input.warningMinutes === null ? "none" : `${formatBusinessMinutes(input.warningMinutes)} (${input.warningMinutes} business min)`}`,
    `- Failure after: ${formatBusinessMinutes(input.failureMinutes)} (${input.failureMinutes} business min)`,
    `- Calendar: ${input.calendar ? `\`${input.calendar.id}\` version ${input.calendar.version}` : "24x7 (no calendar)"}`,
    `- Pausing: ${input.allowPause ? "allowed" : "not allowed"}${input.pauses.length ? `; ${count(input.pauses.length, "pause")} carried over` : ""}`,
    `- Actions: ${count(input.actions.warning.length, "warning action")}, ${count(input.actions.failure.length, "failure action")}, ${count(input.actions.success.length, "success action")}`,
    ...input.stalePause ? [`- Stale-pause alert: after ${input.stalePause.afterMinutes} ${input.stalePause.time} min paused, ${count(input.stalePause.actions.length, "action")} (once per pause)`] : [],
    ...input.alreadyWarned || input.alreadyFailed ? [`- Replaces an instance that already ${input.alreadyFailed ? "failed" : "warned"} (those actions do not run again)`] : []
  ].join("\n");
}
function initialSearchAttributes(input) {
  const deadlines = input.recordedStart?.deadlines;
  return [
    { key: slaSearchAttributes.caseId, value: input.caseId },
    { key: slaSearchAttributes.caseNumber, value: input.caseNumber },
    { key: slaSearchAttributes.kpi, value: input.kpi },
    { key: slaSearchAttributes.state, value: initialKpiState(input) },
    { key: slaSearchAttributes.breached, value: input.alreadyFailed === true },
    ...deadlines?.warningAt ? [{ key: slaSearchAttributes.warningAt, value: new Date(deadlines.warningAt) }] : [],
    ...deadlines ? [{ key: slaSearchAttributes.failureAt, value: new Date(deadlines.failureAt) }] : []
  ];
}
async function startKpiWorkflow(client, options, input) {
  return client.workflow.start(KPI_WORKFLOW_TYPE, {
    taskQueue: options.taskQueue,
    workflowId: kpiWorkflowId(input.caseId, input.kpi, input.generation),
    args: [input],
    workflowIdConflictPolicy: "USE_EXISTING",
    workflowIdReusePolicy: "REJECT_DUPLICATE",
    staticSummary: kpiStaticSummary(input),
    staticDetails: kpiStaticDetails(input),
    typedSearchAttributes: initialSearchAttributes(input)
  });
}

// src/sla/temporal-kpi-gateway.ts
var GRPC_NOT_FOUND = 5;
var GRPC_FAILED_PRECONDITION = 9;
async function classify(fn) {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      throw new PermanentDeliveryError(cause);
    }
    if (err instanceof WorkflowNotFoundError) throw new PermanentDeliveryError(`workflow closed or unknown: ${err.message}`);
    if (isGrpcServiceError(err) && (err.code === GRPC_NOT_FOUND || err.code === GRPC_FAILED_PRECONDITION)) {
      throw new PermanentDeliveryError(err.details ?? err.message);
    }
    throw err;
  }
}
function createTemporalKpiGateway(client, options) {
  const timeout = options.callTimeoutMs ?? 1e4;
  const withDeadline = (fn) => client.connection.withDeadline(Date.now() + timeout, () => classify(fn));
  const handle = (workflowId) => client.workflow.getHandle(workflowId);
  return {
    start: (input) => withDeadline(async () => {
      try {
        await startKpiWorkflow(client, { taskQueue: options.taskQueue }, input);
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return;
        throw err;
      }
    }),
    pause: (id, payload, updateId) => withDeadline(async () => void await handle(id).executeUpdate(pauseUpdate, { args: [payload], updateId })),
    resume: (id, payload, updateId) => withDeadline(async () => void await handle(id).executeUpdate(resumeUpdate, { args: [payload], updateId })),
    succeed: (id, payload, updateId) => withDeadline(async () => void await handle(id).executeUpdate(succeedUpdate, { args: [payload], updateId })),
    cancel: (id, payload) => withDeadline(() => handle(id).signal(cancelSignal, payload)),
    applyCalendar: (id, calendar) => withDeadline(() => handle(id).signal(applyCalendarSignal, { calendar }))
  };
}

// src/worker/create-worker.ts
import { spawn } from "node:child_process";
import { randomUUID as randomUUID7 } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path4 from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "@temporalio/worker";
var WORKFLOWS_PATH = fileURLToPath(new URL("../../workflows/index.ts", import.meta.url));
var SLA_WORKER_TUNING = {
  /** Evicted clocks replay a short history when they wake: cheap, and memory stays flatter with 10,000s of clocks. */
  maxCachedWorkflows: 250,
  /** A fire's workflow task waits on two local activities (database): many in flight, little CPU each. */
  maxConcurrentWorkflowTaskExecutions: 100,
  maxConcurrentLocalActivityExecutions: 100,
  /** Actions: database transactions under a case row lock; bounded by the pool (SLA_WORKER_DB_CONNECTIONS). */
  maxConcurrentActivityTaskExecutions: 50,
  maxConcurrentWorkflowTaskPolls: 4,
  /** Few: the server hands most activities to the worker with the workflow task that schedules them (eager). */
  maxConcurrentActivityTaskPolls: 2
};
function createSlaWorker({ connection, namespace, taskQueue, activities, workflowBundle, options }) {
  return Worker.create({
    connection,
    namespace: namespace ?? "default",
    taskQueue,
    activities,
    ...workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH },
    ...SLA_WORKER_TUNING,
    ...options
  });
}
async function bundleWorkflowsInChildProcess() {
  const out = path4.join(os.tmpdir(), `sla-workflows-${process.pid}-${randomUUID7()}.js`);
  const script = fileURLToPath(new URL("./bundle-workflows.ts", import.meta.url));
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, out], { stdio: ["ignore", "inherit", "inherit"] });
      child.once("error", reject);
      child.once("exit", (code, signal) => code === 0 ? resolve() : reject(new Error(`bundling the workflows failed (exit ${code ?? signal})`)));
    });
    return { code: await readFile(out, "utf8") };
  } finally {
    await rm(out, { force: true });
  }
}

// src/worker/workflow-bundle-cache.ts
import { createHash as createHash5 } from "node:crypto";
import { mkdir as mkdir2, readdir, readFile as readFile2, rename as rename2, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import path5 from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
var ROOT = fileURLToPath2(new URL("../..", import.meta.url));
var SOURCE_DIRS = ["workflows", "src", "activities"];
var PREFIX = "workflow-bundle-";
async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|js|mjs|cjs|json)$/.test(e.name)).map((e) => path5.join(e.parentPath, e.name)).sort();
}
async function workflowSourcesHash(root = ROOT) {
  const hash = createHash5("sha256").update(process.version);
  const files = (await Promise.all(SOURCE_DIRS.map((d) => sourceFiles(path5.join(root, d))))).flat();
  for (const f of [...files, path5.join(root, "package-lock.json")]) {
    hash.update(path5.relative(root, f)).update("\0").update(await readFile2(f)).update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}
async function cachedWorkflowBundle(dir, build, log, root = ROOT) {
  const hash = await workflowSourcesHash(root);
  const file = path5.join(dir, `${PREFIX}${hash}.js`);
  try {
    return { code: await readFile2(file, "utf8"), fromCache: true };
  } catch {
  }
  const { code } = await build();
  try {
    await mkdir2(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile2(tmp, code);
    await rename2(tmp, file);
    for (const old of await readdir(dir)) {
      if (old.startsWith(PREFIX) && path5.join(dir, old) !== file) await rm2(path5.join(dir, old), { force: true });
    }
  } catch (err) {
    log.warn({ dir, err: err instanceof Error ? err.message : String(err) }, "workflow bundle not cached");
  }
  return { code, fromCache: false };
}

// src/surveys/survey-sweep.ts
var SURVEY_EMAIL_MAX_ATTEMPTS = 10;
var EMAILS_PER_PASS = 50;
var NPS_PER_PASS = 100;
var SurveySweeper = class {
  constructor(db2, options) {
    this.db = db2;
    this.options = options;
    this.clock = options.clock ?? (() => /* @__PURE__ */ new Date());
  }
  timer = null;
  running = null;
  nextNpsAt = 0;
  clock;
  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.options.everyMs);
    this.timer.unref();
    void this.sweep();
  }
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
  /** One pass (also what tests call); a pass already running is awaited instead of overlapped. */
  sweep() {
    this.running ??= this.pass().finally(() => this.running = null);
    return this.running;
  }
  async pass() {
    try {
      await this.deliverPending();
      await this.scheduledNps();
    } catch (err) {
      this.options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, "survey sweep failed; retrying at the next pass");
    }
  }
  async deliverPending() {
    await this.db.update(emailOutbox).set({ status: "failed" }).where(and(eq(emailOutbox.status, "pending"), like(emailOutbox.idempotencyKey, `${SURVEY_OUTBOX_KEY_PREFIX}%`), gte(emailOutbox.attempts, SURVEY_EMAIL_MAX_ATTEMPTS)));
    const pending = await this.db.select({ id: emailOutbox.id }).from(emailOutbox).where(and(eq(emailOutbox.status, "pending"), like(emailOutbox.idempotencyKey, `${SURVEY_OUTBOX_KEY_PREFIX}%`), lt(emailOutbox.attempts, SURVEY_EMAIL_MAX_ATTEMPTS))).orderBy(asc(emailOutbox.createdAt)).limit(EMAILS_PER_PASS);
    for (const { id } of pending) {
      try {
        await this.options.deliver(id);
      } catch (err) {
        this.options.log?.warn({ outboxId: id, err: err instanceof Error ? err.message : String(err) }, "survey email not delivered; retrying at the next pass");
      }
    }
  }
  async scheduledNps() {
    const { nps } = this.options;
    if (nps.scheduleHours <= 0) return;
    const now = this.clock();
    if (now.getTime() < this.nextNpsAt) return;
    const issued = await issueScheduledNps(this.db, nps, now, { ...SYSTEM, name: "NPS schedule" }, NPS_PER_PASS);
    this.nextNpsAt = issued >= NPS_PER_PASS ? 0 : now.getTime() + nps.scheduleHours * 36e5;
  }
};

// src/sla/reconciler-schedule.ts
import { ScheduleNotFoundError, WorkflowNotFoundError as WorkflowNotFoundError2 } from "@temporalio/client";
var RECONCILER_SCHEDULE_ID = "sla-reconciler";
var RECONCILER_RUN_ID = "sla-reconciler-run";
async function removeReconcilerSchedule(client) {
  let removed = false;
  try {
    await client.schedule.getHandle(RECONCILER_SCHEDULE_ID).delete();
    removed = true;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    const run = client.workflow.getHandle(RECONCILER_RUN_ID);
    if ((await run.describe()).status.name === "RUNNING") await run.terminate("the reconciler is now an in-process sweep");
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError2)) throw err;
  }
  return removed;
}

// src/entitlements/selection.ts
function choiceOf(e, channels, used, origin) {
  const channel = channels.find((c) => c.channel === origin);
  const totalRemaining = e.totalUnits - used.total;
  const channelRemaining = channel ? channel.totalUnits - (used.byChannel.get(origin) ?? 0) : void 0;
  return { entitlement: e, channel, totalRemaining, channelRemaining, exhausted: !hasTermsLeft({ totalRemaining, channelRemaining }) };
}
function exhaustedError(choice) {
  const e = choice.entitlement;
  const channelOut = choice.channelRemaining !== void 0 && choice.channelRemaining <= 0;
  const which = channelOut ? `its ${choice.channel.channel} terms (${formatTerms(e.allocationType, choice.channel.totalUnits)})` : `its terms (${formatTerms(e.allocationType, e.totalUnits)})`;
  return unprocessable(
    "ENTITLEMENT_EXHAUSTED",
    `Entitlement "${e.name}" (${e.id}) has used up ${which} and restricts case creation; no case can be created under it until its terms are increased.`,
    {
      entitlementId: e.id,
      entitlementName: e.name,
      channel: channelOut ? choice.channel.channel : null,
      allocationType: e.allocationType
    }
  );
}
async function effectiveAccountId(tx, c) {
  if (c.accountId) return c.accountId;
  if (!c.contactId) return null;
  const [contact] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, c.contactId));
  return contact?.accountId ?? null;
}
async function explicitChoice(tx, c, accountId, now) {
  const id = c.entitlementId;
  const field = { field: "body.entitlementId", entitlementId: id };
  const locked = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? await lockEntitlement(tx, id) : void 0;
  if (!locked) throw unprocessable("ENTITLEMENT_UNKNOWN", `body.entitlementId: no entitlement with id "${id}".`, field);
  const { entitlement: e, channels } = locked;
  const customers = e.contactId && e.contactId === c.contactId || e.accountId && e.accountId === accountId;
  if (!customers) {
    throw unprocessable("ENTITLEMENT_NOT_CUSTOMERS", `Entitlement "${e.name}" (${e.id}) belongs to another customer than this case's contact or account.`, field);
  }
  const status = entitlementStatus(e, now);
  if (status !== "active") {
    const why = status === "waiting" ? `starts on ${e.startDate}` : status === "expired" ? `ended on ${e.endDate}` : status === "draft" ? "has not been activated" : "was cancelled";
    throw unprocessable("ENTITLEMENT_NOT_ACTIVE", `Entitlement "${e.name}" (${e.id}) is ${status} (it ${why}); only an active entitlement can cover a new case.`, {
      ...field,
      entitlementStatus: status
    });
  }
  const covered = (await coveredProductsOf(tx, [e.id])).get(e.id);
  const problem = coverageProblem({ products: covered.ids, channels: channels.map((ch) => ch.channel) }, c.origin, c.productId);
  if (problem === "channel") {
    throw unprocessable(
      "ENTITLEMENT_CHANNEL_NOT_COVERED",
      `Entitlement "${e.name}" (${e.id}) covers only ${channels.map((ch) => ch.channel).join(", ")}; this case comes from ${c.origin}.`,
      { ...field, channel: c.origin }
    );
  }
  if (problem === "product") {
    throw unprocessable(
      "ENTITLEMENT_PRODUCT_NOT_COVERED",
      `Entitlement "${e.name}" (${e.id}) covers only the products ${covered.names.join(", ")}; this case is for ${c.productId ? `"${c.product ?? c.productId}"` : "no product"}.`,
      { ...field, product: c.product ?? null, productId: c.productId ?? null }
    );
  }
  return choiceOf(e, channels, (await usedUnits(tx, [e.id])).get(e.id), c.origin);
}
async function chooseEntitlement(tx, c, now) {
  const accountId = await effectiveAccountId(tx, c);
  if (c.entitlementId) return explicitChoice(tx, c, accountId, now);
  const owners = [];
  if (c.contactId) owners.push(eq(entitlements.contactId, c.contactId));
  if (accountId) owners.push(eq(entitlements.accountId, accountId));
  if (!owners.length) return null;
  const today = utcDate(now);
  const rows = await tx.select().from(entitlements).where(and(or(...owners), eq(entitlements.state, "activated"), lte(entitlements.startDate, today), gte(entitlements.endDate, today))).orderBy(asc(entitlements.id)).for("update");
  if (!rows.length) return null;
  const ids = rows.map((r) => r.id);
  const channels = await channelsOf(tx, ids, true);
  const used = await usedUnits(tx, ids);
  const covered = await coveredProductsOf(tx, ids);
  const choices = /* @__PURE__ */ new Map();
  const candidates = [];
  for (const e of rows) {
    const chs = channels.get(e.id);
    const productIds = covered.get(e.id).ids;
    if (coverageProblem({ products: productIds, channels: chs.map((ch) => ch.channel) }, c.origin, c.productId)) continue;
    const choice = choiceOf(e, chs, used.get(e.id), c.origin);
    choices.set(e.id, choice);
    candidates.push({
      id: e.id,
      level: e.contactId && e.contactId === c.contactId ? "contact" : "account",
      isDefault: e.isDefault,
      products: productIds,
      channels: chs.map((ch) => ch.channel),
      restrictCaseCreation: e.restrictCaseCreation,
      endDate: e.endDate,
      createdAt: e.createdAt,
      totalRemaining: choice.totalRemaining,
      channelRemaining: choice.channelRemaining
    });
  }
  const best = rankCandidates(candidates)[0];
  return best ? choices.get(best.id) : null;
}
async function entitlementSlaFor(tx, entitlementId, now) {
  if (!entitlementId) return null;
  const [row] = await tx.select({ state: entitlements.state, startDate: entitlements.startDate, endDate: entitlements.endDate, slaId: entitlements.slaId }).from(entitlements).where(eq(entitlements.id, entitlementId));
  if (!row?.slaId || entitlementStatus(row, now) !== "active") return null;
  const [sla] = await tx.select({ id: slas.id }).from(slas).where(and(eq(slas.id, row.slaId), isNull(slas.deletedAt)));
  return sla?.id ?? null;
}

// src/entitlements/entitlement-listener.ts
function createEntitlementListener() {
  return {
    name: "entitlements",
    async beforeCreate(tx, draft, at) {
      const choice = await chooseEntitlement(
        tx,
        { accountId: draft.accountId, contactId: draft.contactId, origin: draft.origin, productId: draft.productId, product: draft.product, entitlementId: draft.entitlementId },
        at
      );
      if (!choice) {
        draft.entitlementId = null;
        draft.entitlementExhausted = false;
        return;
      }
      if (choice.exhausted && choice.entitlement.restrictCaseCreation) throw exhaustedError(choice);
      draft.entitlementId = choice.entitlement.id;
      draft.entitlementExhausted = choice.exhausted;
      const slaId = await entitlementSlaFor(tx, choice.entitlement.id, at);
      if (slaId) draft.slaId = slaId;
    },
    async onCreated(tx, c, at, actor) {
      if (!c.entitlementId) return;
      const locked = await lockEntitlement(tx, c.entitlementId);
      if (!locked) return;
      const e = locked.entitlement;
      let used = "";
      if (e.allocationType === "cases" && e.decreaseOn === "create") {
        await useTerms(tx, e, locked.channels.some((ch) => ch.channel === c.origin), c, 1, "created", at);
        used = " and used 1 case";
      }
      const left = await remainingText(tx, e);
      const summary = `Entitlement "${e.name}" applied${used}${c.entitlementExhausted ? " (its terms were used up: overage)" : ""}; ${left}`;
      await event2(tx, c.id, "entitlement.applied", at, summary, { entitlementId: e.id, exhausted: c.entitlementExhausted }, actor);
    },
    async onUpdated(tx, before, after, changed, at, actor) {
      const explicit = changed.includes("entitlementId");
      const customerChanged = changed.includes("accountId") || changed.includes("contactId");
      if (!explicit && !customerChanged) return;
      await lockForReassignment(tx, before, after);
      let choice;
      if (explicit) {
        choice = after.entitlementId ? await chooseEntitlement(tx, { ...caseFacts2(after), entitlementId: after.entitlementId }, at) : null;
      } else {
        if (after.entitlementId && await belongsToCustomer(tx, after.entitlementId, after)) return;
        choice = await chooseEntitlement(tx, { ...caseFacts2(after), entitlementId: null }, at);
      }
      if (choice?.exhausted && choice.entitlement.restrictCaseCreation) throw exhaustedError(choice);
      const returned = before.entitlementId ? await giveBack(tx, before, "reassigned", at) : [];
      const entitlementId = choice?.entitlement.id ?? null;
      const entitlementExhausted = choice?.exhausted ?? false;
      if (entitlementId !== after.entitlementId || entitlementExhausted !== after.entitlementExhausted) {
        await tx.update(cases).set({ entitlementId, entitlementExhausted }).where(eq(cases.id, after.id));
      }
      Object.assign(after, { entitlementId, entitlementExhausted });
      let summary = choice ? `Entitlement changed to "${choice.entitlement.name}"` : "Entitlement removed";
      if (returned.length) summary += `; ${formatTerms(returned[0].kind === "case" ? "cases" : "hours", returned.reduce((n, u) => n + u.units, 0))} given back to the previous one`;
      if (choice) {
        const e = choice.entitlement;
        if (e.allocationType === "cases" && e.decreaseOn === "create") {
          await useTerms(tx, e, choice.channel !== void 0, after, 1, "reassigned", at);
          summary += "; 1 case used";
        }
        summary += `; ${await remainingText(tx, e)}`;
      }
      await event2(tx, after.id, "entitlement.changed", at, summary, { from: before.entitlementId, to: entitlementId, exhausted: entitlementExhausted }, actor);
    },
    async onResolved(tx, _before, after, at, actor) {
      if (!after.entitlementId) return;
      const locked = await lockEntitlement(tx, after.entitlementId);
      if (!locked) return;
      const e = locked.entitlement;
      const fromChannel = locked.channels.some((ch) => ch.channel === after.origin);
      if (e.allocationType === "hours") {
        const minutes = await billableMinutesOf(tx, after.id);
        if (await useTerms(tx, e, fromChannel, after, minutes, "resolved", at)) {
          const summary = `Entitlement "${e.name}": ${formatTerms("hours", minutes)} of billable time used; ${await remainingText(tx, e)}`;
          await event2(tx, after.id, "entitlement.used", at, summary, { entitlementId: e.id, minutes }, actor);
        }
      } else if (e.decreaseOn === "resolve") {
        if (await useTerms(tx, e, fromChannel, after, 1, "resolved", at)) {
          await event2(tx, after.id, "entitlement.used", at, `Entitlement "${e.name}": 1 case used; ${await remainingText(tx, e)}`, { entitlementId: e.id, cases: 1 }, actor);
        }
      }
    },
    async onCancelled(tx, _before, after, at, actor) {
      const returned = await giveBack(tx, after, "cancelled", at);
      await returnedEvents(tx, after, returned, "cancelled", at, actor);
    },
    async onReopened(tx, before, after, at, actor) {
      if (before.status === "resolved") {
        const returned = await giveBack(tx, after, "reopened", at, ["resolved"]);
        await returnedEvents(tx, after, returned, "reopened", at, actor);
        return;
      }
      if (before.status === "cancelled" && after.entitlementId) {
        const locked = await lockEntitlement(tx, after.entitlementId);
        if (!locked) return;
        const e = locked.entitlement;
        if (e.allocationType === "cases" && e.decreaseOn === "create") {
          if (await useTerms(tx, e, locked.channels.some((ch) => ch.channel === after.origin), after, 1, "reopened", at)) {
            const summary = `Entitlement "${e.name}": 1 case used again (case reopened); ${await remainingText(tx, e)}`;
            await event2(tx, after.id, "entitlement.used", at, summary, { entitlementId: e.id, cases: 1 }, actor);
          }
        }
      }
    }
  };
}
var caseFacts2 = (c) => ({ accountId: c.accountId, contactId: c.contactId, origin: c.origin, productId: c.productId, product: c.product });
async function lockForReassignment(tx, before, after) {
  const conds = [];
  for (const id of [before.entitlementId, after.entitlementId]) if (id) conds.push(eq(entitlements.id, id));
  if (after.contactId) conds.push(eq(entitlements.contactId, after.contactId));
  if (after.accountId) conds.push(eq(entitlements.accountId, after.accountId));
  if (after.contactId) conds.push(sql`${entitlements.accountId} = (select ${contacts.accountId} from ${contacts} where ${contacts.id} = ${after.contactId})`);
  if (conds.length) await tx.select({ id: entitlements.id }).from(entitlements).where(or(...conds)).orderBy(asc(entitlements.id)).for("update");
}
async function belongsToCustomer(tx, entitlementId, c) {
  const [e] = await tx.select({ accountId: entitlements.accountId, contactId: entitlements.contactId }).from(entitlements).where(eq(entitlements.id, entitlementId));
  if (!e) return false;
  if (e.contactId) return e.contactId === c.contactId;
  if (e.accountId === c.accountId) return true;
  if (!c.contactId) return false;
  const [contact] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, c.contactId));
  return !c.accountId && contact?.accountId === e.accountId;
}
async function useTerms(tx, e, fromChannel, c, units, trigger, at) {
  return consume(tx, {
    entitlementId: e.id,
    caseId: c.id,
    kind: e.allocationType === "cases" ? "case" : "hours",
    channel: fromChannel ? c.origin : null,
    units,
    trigger,
    at
  });
}
async function giveBack(tx, c, reason, at, onlyTriggers) {
  if (c.entitlementId) await lockEntitlement(tx, c.entitlementId);
  return release(tx, c.id, reason, at, onlyTriggers);
}
async function remainingText(tx, e) {
  const used = (await usedUnits(tx, [e.id])).get(e.id).total;
  const left = Math.max(0, e.totalUnits - used);
  const over = Math.max(0, used - e.totalUnits);
  return `${formatTerms(e.allocationType, left)} of ${formatTerms(e.allocationType, e.totalUnits)} left${over ? `, ${formatTerms(e.allocationType, over)} over` : ""}`;
}
async function returnedEvents(tx, c, returned, reason, at, actor) {
  if (!returned.length || !c.entitlementId) return;
  const locked = await lockEntitlement(tx, c.entitlementId);
  if (!locked) return;
  const e = locked.entitlement;
  const units = returned.filter((u) => u.entitlementId === e.id).reduce((s, u) => s + u.units, 0);
  await event2(
    tx,
    c.id,
    "entitlement.returned",
    at,
    `Entitlement "${e.name}": ${formatTerms(e.allocationType, units)} given back (case ${reason}); ${await remainingText(tx, e)}`,
    { entitlementId: e.id, units, reason },
    actor
  );
}
async function event2(tx, caseId, kind, at, summary, data, actor = SYSTEM) {
  await tx.insert(caseEvents).values({ caseId, kind, summary, data, occurredAt: at, ...actorColumns(actor) });
}

// src/processes/process-listener.ts
function createProcessListener() {
  return {
    name: "processes",
    async onCreated(tx, c, at, actor) {
      const facts = caseFacts(c);
      const p = (await activeProcesses(tx)).find((candidate) => evaluateCondition(candidate.definition.applicableWhen ?? null, facts));
      if (p) await startInstance2(tx, c, p, at, actor ?? SYSTEM, "on case creation");
    },
    async onUpdated(tx, before, after, _changed, at, actor) {
      const inst = await activeInstance(tx, after.id);
      if (!inst?.activeStage) return;
      const p = await getProcess(tx, inst.processId, inst.processVersion);
      const was = nextStage(p.definition, inst.activeStage, caseFacts(before));
      const now = nextStage(p.definition, inst.activeStage, caseFacts(after));
      if (was.stage === now.stage) return;
      const name = (k) => k ? stageOf(p.definition, k)?.name ?? k : "the end";
      await recordCaseEvent(
        tx,
        {
          caseId: after.id,
          kind: "process.path_changed",
          summary: `After stage ${name(inst.activeStage)} the process now goes to ${name(now.stage)} (was ${name(was.stage)})${now.branch?.label ? `: branch ${now.branch.label}` : ""}`,
          data: { processId: p.process.id, stage: inst.activeStage, from: was.stage, to: now.stage, branch: now.branch },
          occurredAt: at,
          actor: actor ?? SYSTEM
        },
        at
      );
    }
  };
}

// src/surveys/csat-listener.ts
async function csatRecipient(tx, c) {
  if (c.contactId) {
    const [contact] = await tx.select({ email: contacts.email, name: contacts.name }).from(contacts).where(eq(contacts.id, c.contactId));
    if (contact?.email) return { email: contact.email, name: contact.name };
  }
  if (c.accountId) {
    const [account] = await tx.select({ email: accounts.email, name: accounts.name }).from(accounts).where(eq(accounts.id, c.accountId));
    if (account?.email) return { email: account.email, name: account.name };
  }
  return void 0;
}
function createCsatSurveyListener(options) {
  return {
    name: "csat-surveys",
    async onResolved(tx, _before, after, at) {
      if (await openCsatSurvey(tx, after.id, at)) return;
      const recipient = await csatRecipient(tx, after);
      if (!recipient) {
        await recordCaseEvent(tx, { caseId: after.id, kind: "survey.not_sent", summary: "CSAT survey not sent: the customer has no email address", occurredAt: at, actor: SYSTEM }, at);
        return;
      }
      const survey = await issueSurvey(
        tx,
        {
          kind: "csat",
          trigger: "resolution",
          recipient: { ...recipient, caseId: after.id, contactId: after.contactId, accountId: after.accountId },
          caseLabel: `${after.number} "${after.title}"`
        },
        options,
        at,
        SYSTEM
      );
      await recordCaseEvent(
        tx,
        {
          caseId: after.id,
          kind: "survey.sent",
          summary: `CSAT survey sent to ${recipient.email}`,
          data: { surveyId: survey.id, kind: "csat", expiresAt: survey.expiresAt.toISOString(), emailOutboxId: survey.emailOutboxId },
          occurredAt: at,
          actor: SYSTEM
        },
        at
      );
    },
    async onImported(tx, c) {
      const issued = await tx.select({ id: surveys.id, outboxId: surveys.emailOutboxId }).from(surveys).where(and(eq(surveys.caseId, c.id), eq(surveys.trigger, "resolution")));
      if (issued.length === 0) return;
      await tx.delete(surveys).where(inArray(surveys.id, issued.map((s) => s.id)));
      const outboxIds = issued.flatMap((s) => s.outboxId ? [s.outboxId] : []);
      if (outboxIds.length) await tx.delete(emailOutbox).where(inArray(emailOutbox.id, outboxIds));
      await tx.delete(caseEvents).where(and(eq(caseEvents.caseId, c.id), inArray(caseEvents.kind, ["survey.sent", "survey.not_sent"])));
    }
  };
}

// src/webhooks/case-webhook-listener.ts
var iso7 = (d) => d ? d.toISOString() : null;
function caseWebhookView(c) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    priority: c.priority,
    serviceLevel: c.serviceLevel,
    accountId: c.accountId,
    queueId: c.queueId,
    ownerId: c.ownerId,
    slaId: c.slaId,
    breached: c.breached,
    fields: c.fields ?? {},
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    firstResponseAt: iso7(c.firstResponseAt),
    resolvedAt: iso7(c.resolvedAt)
  };
}
function publishCase(tx, type, what, c, at, changed) {
  return publishWebhookEvent(tx, {
    type,
    sourceKey: `case:${c.id}:v${c.version}:${what}`,
    caseId: c.id,
    occurredAt: at,
    data: { case: caseWebhookView(c), ...changed ? { changed } : {} }
  });
}
function createCaseWebhookListener(waker) {
  return {
    name: "webhooks",
    async onCreated(tx, c, at) {
      await publishCase(tx, "case.created", "created", c, at);
    },
    async onUpdated(tx, _before, after, changed, at) {
      await publishCase(tx, "case.updated", "updated", after, at, changed);
    },
    async onStatusChanged(tx, _before, after, at) {
      await publishCase(tx, "case.updated", "status", after, at, ["status"]);
    },
    async onFirstResponse(tx, c, at) {
      await publishCase(tx, "case.updated", "first_response", c, at, ["firstResponseAt"]);
    },
    async onCancelled(tx, _before, after, at) {
      await publishCase(tx, "case.updated", "cancelled", after, at, ["status"]);
    },
    async onReopened(tx, _before, after, at) {
      await publishCase(tx, "case.updated", "reopened", after, at, ["status"]);
    },
    async onResolved(tx, _before, after, at) {
      await publishCase(tx, "case.resolved", "resolved", after, at);
    },
    afterCommit() {
      waker?.wake();
    }
  };
}

// src/main/case-listeners.ts
function caseListeners(delivery, surveys2 = null, webhooks2 = null) {
  return [
    createEntitlementListener(),
    createSlaClockListener(delivery),
    createProcessListener(),
    ...surveys2 ? [createCsatSurveyListener(surveys2)] : [],
    createCaseWebhookListener(webhooks2)
  ];
}

// src/webhooks/webhook-dispatcher.ts
var WebhookDispatcher = class {
  constructor(db2, startDelivery, options = {}) {
    this.db = db2;
    this.startDelivery = startDelivery;
    this.sweepEveryMs = options.sweepEveryMs ?? 0;
    this.batch = options.batch ?? 50;
    this.clock = options.clock ?? (() => /* @__PURE__ */ new Date());
    this.log = options.log ?? { error: () => {
    } };
  }
  sweepEveryMs;
  batch;
  clock;
  log;
  wanted = false;
  pumping = null;
  sweepTimer = null;
  stopped = false;
  start() {
    if (this.sweepEveryMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.wake(), this.sweepEveryMs);
      this.sweepTimer.unref();
    }
    this.wake();
    return this;
  }
  /** Deliveries may be waiting: look soon. Never waits, never throws. */
  wake() {
    if (this.stopped) return;
    this.wanted = true;
    if (this.pumping) return;
    this.pumping = this.pump().catch((err) => this.log.error({ err: err instanceof Error ? err.message : String(err) }, "webhook dispatcher could not start deliveries; the sweep retries")).finally(() => {
      this.pumping = null;
    });
  }
  /** Starts everything waiting now and returns how many were started (tests, manual runs). */
  async drain() {
    await this.pumping;
    return this.pumpOnce(true);
  }
  async stop() {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.pumping;
  }
  async pump() {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      await this.pumpOnce(false);
    }
  }
  async pumpOnce(all) {
    let started = 0;
    for (; ; ) {
      const waiting = await this.db.select({ id: webhookDeliveries.id, eventId: webhookDeliveries.eventId, eventType: webhookEvents.type, url: webhookSubscriptions.url }).from(webhookDeliveries).innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId)).innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId)).where(and(isNull(webhookDeliveries.dispatchedAt), eq(webhookDeliveries.status, "pending"))).orderBy(asc(webhookDeliveries.createdAt)).limit(this.batch);
      for (const delivery of waiting) {
        const { id } = delivery;
        await this.startDelivery(delivery);
        await this.db.update(webhookDeliveries).set({ dispatchedAt: this.clock() }).where(eq(webhookDeliveries.id, id));
        started++;
      }
      if (waiting.length < this.batch || !all && this.stopped) return started;
    }
  }
};

// src/webhooks/temporal-delivery-starter.ts
import { WorkflowExecutionAlreadyStartedError as WorkflowExecutionAlreadyStartedError2 } from "@temporalio/client";
import { WorkflowIdReusePolicy } from "@temporalio/common";

// workflows/webhook-contract.ts
var WEBHOOK_DELIVERY_WORKFLOW_TYPE = "webhookDeliveryWorkflow";
function webhookDeliveryWorkflowId(deliveryId) {
  return `webhook:${deliveryId}`;
}

// src/webhooks/temporal-delivery-starter.ts
function webhookRetryPolicy(retryHours) {
  return { initialMs: 5e3, maxMs: 36e5, forMs: retryHours * 36e5 };
}
function temporalDeliveryStarter(client, options) {
  return async ({ id: deliveryId, eventId, eventType, url }) => {
    const input = { deliveryId, retry: options.retry };
    try {
      await client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
        taskQueue: options.taskQueue,
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
        staticSummary: `${eventType} ${eventId} \u2192 ${url}`.slice(0, 200)
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError2) return;
      throw err;
    }
  };
}

// src/main/runtime.ts
var WEBHOOK_SWEEP_MS = 1e4;
async function openConfiguredDatabase(config, options = {}) {
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path6.join(config.dataDir, "pglite"), maxConnections: options.maxConnections });
  await database.migrate();
  if (config.auth.bootstrapAdminKey) await ensureBootstrapAdminKey(database.db, config.auth.bootstrapAdminKey, config.auth.apiKeyPepper);
  return database;
}
async function connectClient(config, address) {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace });
}
function createSlaCommandDispatcher(config, database, client, log) {
  const gateway = createTemporalKpiGateway(client, { taskQueue: config.temporal.taskQueue });
  return new SlaCommandDispatcher(database.db, gateway, { sweepEveryMs: config.reconcileIntervalSeconds * 1e3, log });
}
function createWebhookDispatcher(config, database, client, log, sweep) {
  const starter = temporalDeliveryStarter(client, { taskQueue: config.temporal.taskQueue, retry: webhookRetryPolicy(config.webhooks.retryHours) });
  return new WebhookDispatcher(database.db, starter, { sweepEveryMs: sweep ? WEBHOOK_SWEEP_MS : 0, log });
}
async function startApi(config, database, client) {
  let app;
  const dispatcher = createSlaCommandDispatcher(config, database, client, {
    info: (obj, msg) => app?.log.info(obj, msg),
    warn: (obj, msg) => app?.log.warn(obj, msg),
    error: (obj, msg) => app?.log.error(obj, msg)
  });
  const webhooks2 = createWebhookDispatcher(config, database, client, { error: (obj, msg) => app?.log.error(obj, msg) }, true);
  app = await buildApp({
    config,
    database,
    temporal: client,
    caseListeners: caseListeners(dispatcher, config.surveys, webhooks2),
    webhookWaker: webhooks2
  });
  app.addHook("onClose", () => dispatcher.stop());
  app.addHook("onClose", () => webhooks2.stop());
  await app.listen({ host: config.http.host, port: config.http.port });
  dispatcher.start();
  webhooks2.start();
  return app;
}
function createSurveySweeper(config, database, mailer, log) {
  const { deliverEmail } = createEmailActivities({ db: database.db, mailer, clock: () => /* @__PURE__ */ new Date() });
  return new SurveySweeper(database.db, {
    deliver: deliverEmail,
    everyMs: config.surveys.sweepEverySeconds * 1e3,
    nps: { ...config.surveys, periodDays: config.surveys.npsPeriodDays, scheduleHours: config.surveys.npsScheduleHours },
    log
  });
}
async function startWorker(config, database, client, address) {
  const connection = await NativeConnection.connect({ address });
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, mailboxDir: config.mail.mailboxDir });
  const { code } = await cachedWorkflowBundle(path6.join(config.dataDir, "cache"), bundleWorkflowsInChildProcess, {
    warn: (obj, msg) => console.warn(msg, obj)
  });
  const workflowBundle = { code };
  const log = { warn: (obj, msg) => console.warn(msg, obj), error: (obj, msg) => console.error(msg, obj) };
  const dispatcher = new SlaCommandDispatcher(database.db, createTemporalKpiGateway(client, { taskQueue: config.temporal.taskQueue }), { log });
  const webhooks2 = createWebhookDispatcher(config, database, client, log, false);
  const caseLifecycle2 = new CaseLifecycle(caseListeners(dispatcher, config.surveys, webhooks2), log);
  const worker = await createSlaWorker({
    workflowBundle,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createSlaActivities({
      db: database.db,
      mailer,
      caseLifecycle: caseLifecycle2,
      webhooks: { allowPrivateNetworks: config.webhooks.allowPrivateNetworks, adminEmail: config.webhooks.adminEmail, timeoutSeconds: config.webhooks.timeoutSeconds },
      webhookWaker: webhooks2
    })
  });
  const done = worker.run();
  dispatcher.start();
  const surveySweep = createSurveySweeper(config, database, mailer, log);
  surveySweep.start();
  webhooks2.start();
  await removeReconcilerSchedule(client);
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === "RUNNING") worker.shutdown();
      await done.catch(() => void 0);
      await surveySweep.stop();
      await dispatcher.stop();
      await webhooks2.stop();
      await connection.close();
    }
  };
}

// bench/tmp-entry.ts
globalThis.keep = [activities_exports, runtime_exports];
