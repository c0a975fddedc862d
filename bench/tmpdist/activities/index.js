// src/calendar/instant-text.ts
import { DateTime } from "luxon";

// src/calendar/errors.ts
var CalendarError = class extends Error {
  constructor(code, message, problems = [], details = {}) {
    super(message);
    this.code = code;
    this.problems = problems;
    this.details = details;
  }
  name = "CalendarError";
};
function invalidCalendar(problems) {
  const summary = problems.map((p) => `${p.path || "(root)"}: ${p.message}`).join("; ");
  return new CalendarError("CALENDAR_INVALID", `invalid calendar: ${summary}`, problems);
}
function invalidArgument(message) {
  return new CalendarError("ARGUMENT_INVALID", message);
}

// src/calendar/instant-text.ts
function formatLabel(ms, zone) {
  return `${inZone(ms, zone).toFormat("ccc d LLL HH:mm")} ${zone}`;
}
function inZone(ms, zone) {
  const dt = DateTime.fromMillis(ms, { zone, locale: "en-US" });
  if (!dt.isValid) throw new CalendarError("ARGUMENT_INVALID", `cannot show ${ms} in zone "${zone}": ${dt.invalidReason}`);
  return dt;
}

// activities/actions.activities.ts
import { ApplicationFailure } from "@temporalio/common";
import { asc as asc2, eq as eq7 } from "drizzle-orm";

// db/schema/auth.ts
import { pgTable, text, timestamp, uuid, jsonb, integer, primaryKey, index } from "drizzle-orm/pg-core";
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
import { pgTable as pgTable2, text as text2, timestamp as timestamp2, uuid as uuid2, integer as integer2 } from "drizzle-orm/pg-core";
var serviceLevels = ["standard", "premium", "enterprise"];
var accounts = pgTable2("accounts", {
  id: uuid2("id").primaryKey().defaultRandom(),
  name: text2("name").notNull(),
  serviceLevel: text2("service_level", { enum: serviceLevels }).notNull().default("standard"),
  email: text2("email"),
  createdAt: timestamp2("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp2("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  version: integer2("version").notNull().default(1)
});
var contacts = pgTable2("contacts", {
  id: uuid2("id").primaryKey().defaultRandom(),
  accountId: uuid2("account_id").references(() => accounts.id),
  name: text2("name").notNull(),
  email: text2("email"),
  phone: text2("phone"),
  serviceLevel: text2("service_level", { enum: serviceLevels }),
  createdAt: timestamp2("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp2("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  version: integer2("version").notNull().default(1)
});
var agents = pgTable2("agents", {
  id: uuid2("id").primaryKey().defaultRandom(),
  name: text2("name").notNull(),
  email: text2("email").notNull(),
  managerId: uuid2("manager_id").references(() => agents.id),
  createdAt: timestamp2("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});

// db/schema/queues.ts
import { pgTable as pgTable3, text as text3, timestamp as timestamp3, uuid as uuid3, boolean, uniqueIndex, index as index2 } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
var queues = pgTable3("queues", {
  id: uuid3("id").primaryKey().defaultRandom(),
  name: text3("name").notNull().unique(),
  description: text3("description"),
  /** SLA "escalate to queue" actions may target any queue; this marks the default one. */
  isEscalation: boolean("is_escalation").notNull().default(false),
  createdAt: timestamp3("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});
var queueItems = pgTable3(
  "queue_items",
  {
    id: uuid3("id").primaryKey().defaultRandom(),
    queueId: uuid3("queue_id").notNull().references(() => queues.id),
    caseId: uuid3("case_id").notNull(),
    workedById: uuid3("worked_by_id").references(() => agents.id),
    enteredAt: timestamp3("entered_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    removedAt: timestamp3("removed_at", { withTimezone: true, mode: "date" }),
    reason: text3("reason")
  },
  (t) => [
    uniqueIndex("queue_items_one_open_per_case").on(t.caseId).where(sql`${t.removedAt} is null`),
    index2("queue_items_queue_idx").on(t.queueId)
  ]
);

// db/schema/cases.ts
import { sql as sql3 } from "drizzle-orm";
import { pgTable as pgTable6, pgSequence as pgSequence2, text as text6, timestamp as timestamp6, uuid as uuid6, integer as integer5, boolean as boolean3, jsonb as jsonb3, index as index5, bigserial as bigserial2 } from "drizzle-orm/pg-core";

// db/schema/products.ts
import { pgTable as pgTable4, pgSequence, text as text4, timestamp as timestamp4, uuid as uuid4, integer as integer3, boolean as boolean2, index as index3, uniqueIndex as uniqueIndex2 } from "drizzle-orm/pg-core";
import { sql as sql2 } from "drizzle-orm";
var productNumberSeq = pgSequence("product_number_seq", { startWith: 1 });
var products = pgTable4(
  "products",
  {
    id: uuid4("id").primaryKey().defaultRandom(),
    /** Human product number, e.g. PRD-000123, from product_number_seq. */
    number: text4("number").notNull().unique(),
    name: text4("name").notNull(),
    parentId: uuid4("parent_id").references(() => products.id),
    /** Inactive products stay on the cases that have them; new cases and entitlements cannot take them. */
    active: boolean2("active").notNull().default(true),
    createdAt: timestamp4("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp4("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer3("version").notNull().default(1)
  },
  (t) => [uniqueIndex2("products_name_key").on(sql2`lower(${t.name})`), index3("products_parent_idx").on(t.parentId)]
);

// db/schema/audit.ts
import { pgTable as pgTable5, text as text5, timestamp as timestamp5, uuid as uuid5, integer as integer4, jsonb as jsonb2, index as index4, bigserial } from "drizzle-orm/pg-core";
var actorKindValues = ["api_key", "sla", "system"];
var actorColumnDefinitions = () => ({
  actorKind: text5("actor_kind", { enum: actorKindValues }).notNull().default("system"),
  actorApiKeyId: uuid5("actor_api_key_id"),
  actorName: text5("actor_name").notNull().default("System")
});
var auditLog = pgTable5(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    entity: text5("entity", { enum: ["sla", "calendar", "holiday_list"] }).notNull(),
    entityId: uuid5("entity_id").notNull(),
    /** The entity's version after the change (for a delete: the version deleted). */
    version: integer4("version"),
    action: text5("action").notNull(),
    ...actorColumnDefinitions(),
    data: jsonb2("data").$type().notNull().default({}),
    at: timestamp5("at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [index4("audit_log_entity_idx").on(t.entity, t.entityId, t.id)]
);

// db/schema/case-values.ts
var casePriorities = ["low", "normal", "high"];
var caseOrigins = ["phone", "email", "web", "facebook", "twitter", "iot"];
var activeCaseStatuses = ["in_progress", "on_hold", "waiting_for_details", "researching"];
var caseStatuses = [...activeCaseStatuses, "resolved", "cancelled"];

// db/schema/cases.ts
var caseNumberSeq = pgSequence2("case_number_seq", { startWith: 1 });
var cases = pgTable6(
  "cases",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    /** Human case number, e.g. CAS-001042, from the cases_number_seq sequence. */
    number: text6("number").notNull().unique(),
    title: text6("title").notNull(),
    description: text6("description"),
    accountId: uuid6("account_id").references(() => accounts.id),
    contactId: uuid6("contact_id").references(() => contacts.id),
    priority: text6("priority", { enum: casePriorities }).notNull().default("normal"),
    /** Copied from the customer at creation, editable; SLA conditions read it. */
    serviceLevel: text6("service_level").notNull().default("standard"),
    origin: text6("origin", { enum: caseOrigins }).notNull(),
    /** The product's name, kept with productId (SLA conditions and older clients read it). */
    product: text6("product"),
    productId: uuid6("product_id").references(() => products.id),
    ownerId: uuid6("owner_id").references(() => agents.id),
    queueId: uuid6("queue_id").references(() => queues.id),
    entitlementId: uuid6("entitlement_id"),
    /** Set when the case was created although its entitlement had no terms left (non-restricting). */
    entitlementExhausted: boolean3("entitlement_exhausted").notNull().default(false),
    slaId: uuid6("sla_id"),
    /** The SLA version the case's clocks follow (set with slaId); a newer version reaches them only when applied. */
    slaVersion: integer5("sla_version"),
    status: text6("status", { enum: caseStatuses }).notNull().default("in_progress"),
    /** Free-form fields SLA actions may set, e.g. { "firstResponseSlaMet": "no" }. */
    fields: jsonb3("fields").$type().notNull().default({}),
    firstResponseAt: timestamp6("first_response_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp6("resolved_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp6("cancelled_at", { withTimezone: true, mode: "date" }),
    /** True once any KPI instance of the case became Noncompliant. */
    breached: boolean3("breached").notNull().default(false),
    createdAt: timestamp6("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp6("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Optimistic concurrency: the ETag is derived from it. */
    version: integer5("version").notNull().default(1)
  },
  (t) => [
    index5("cases_status_idx").on(t.status),
    index5("cases_owner_idx").on(t.ownerId),
    index5("cases_queue_idx").on(t.queueId),
    index5("cases_product_idx").on(t.productId),
    index5("cases_created_idx").on(t.createdAt, t.id),
    /** Similar cases (src/knowledge/similar-cases.ts): words as written, matched by stem prefixes. */
    index5("cases_text_search_idx").using("gin", sql3`to_tsvector('simple'::regconfig, coalesce(${t.title}, '') || ' ' || coalesce(${t.description}, ''))`)
  ]
);
var activityKinds = ["phone_call", "email", "task", "appointment", "note", "resolution"];
var caseActivities = pgTable6(
  "case_activities",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    caseId: uuid6("case_id").notNull().references(() => cases.id),
    kind: text6("kind", { enum: activityKinds }).notNull(),
    direction: text6("direction", { enum: ["incoming", "outgoing"] }),
    subject: text6("subject").notNull(),
    body: text6("body"),
    state: text6("state", { enum: ["open", "completed"] }).notNull().default("completed"),
    durationMinutes: integer5("duration_minutes").notNull().default(0),
    billable: boolean3("billable").notNull().default(true),
    /** Resolution activities carry the case's totals. */
    totalMinutes: integer5("total_minutes"),
    billableMinutes: integer5("billable_minutes"),
    occurredAt: timestamp6("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp6("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Who logged it (a later completion is a case event with its own actor). */
    ...actorColumnDefinitions(),
    /** Optimistic concurrency for PATCH (ETag W/"<version>"). */
    version: integer5("version").notNull().default(1)
  },
  (t) => [index5("case_activities_case_idx").on(t.caseId, t.occurredAt)]
);
var caseEvents = pgTable6(
  "case_events",
  {
    id: bigserial2("id", { mode: "number" }).primaryKey(),
    caseId: uuid6("case_id").notNull().references(() => cases.id),
    kind: text6("kind").notNull(),
    summary: text6("summary").notNull(),
    data: jsonb3("data").$type().notNull().default({}),
    /** Idempotency for events written by retried activities. */
    dedupeKey: text6("dedupe_key").unique(),
    occurredAt: timestamp6("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp6("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Who made it happen: the request's API key, or the SLA engine for workflow transitions and actions. */
    ...actorColumnDefinitions()
  },
  (t) => [index5("case_events_case_idx").on(t.caseId, t.occurredAt)]
);

// db/schema/calendars.ts
import { pgTable as pgTable7, text as text7, timestamp as timestamp7, uuid as uuid7, integer as integer6, jsonb as jsonb4, primaryKey as primaryKey2 } from "drizzle-orm/pg-core";
var calendars = pgTable7("calendars", {
  id: uuid7("id").primaryKey().defaultRandom(),
  name: text7("name").notNull(),
  currentVersion: integer6("current_version").notNull().default(1),
  /** Holiday lists the current version includes (ids of `holiday_lists`); their holidays are resolved into each version. */
  holidayListIds: jsonb4("holiday_list_ids").$type().notNull().default([]),
  createdAt: timestamp7("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp7("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  deletedAt: timestamp7("deleted_at", { withTimezone: true, mode: "date" })
});
var calendarVersions = pgTable7(
  "calendar_versions",
  {
    calendarId: uuid7("calendar_id").notNull().references(() => calendars.id),
    version: integer6("version").notNull(),
    /** The calendar JSON (see src/calendar/calendar-definition.ts) with holiday lists resolved in. Never changes. */
    definition: jsonb4("definition").$type().notNull(),
    /** The definition as the admin wrote it (holiday lists not resolved); null for rows written before it existed. */
    sourceDefinition: jsonb4("source_definition").$type(),
    /** The holiday lists resolved into `definition`, with the list versions used. */
    holidayLists: jsonb4("holiday_lists").$type().notNull().default([]),
    /** Why this version exists, e.g. "created", "updated", "holiday list Public holidays changed to version 3". */
    reason: text7("reason"),
    createdAt: timestamp7("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [primaryKey2({ columns: [t.calendarId, t.version] })]
);
var holidayLists = pgTable7("holiday_lists", {
  id: uuid7("id").primaryKey().defaultRandom(),
  name: text7("name").notNull(),
  holidays: jsonb4("holidays").$type().notNull().default([]),
  version: integer6("version").notNull().default(1),
  createdAt: timestamp7("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp7("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  deletedAt: timestamp7("deleted_at", { withTimezone: true, mode: "date" })
});

// db/schema/slas.ts
import { pgTable as pgTable8, text as text8, timestamp as timestamp8, uuid as uuid8, integer as integer7, boolean as boolean4, jsonb as jsonb5, index as index6, uniqueIndex as uniqueIndex3, bigserial as bigserial3, primaryKey as primaryKey3, check } from "drizzle-orm/pg-core";
import { sql as sql4 } from "drizzle-orm";
var slas = pgTable8(
  "slas",
  {
    id: uuid8("id").primaryKey().defaultRandom(),
    name: text8("name").notNull(),
    description: text8("description"),
    /** Null means 24x7. */
    calendarId: uuid8("calendar_id").references(() => calendars.id),
    allowPause: boolean4("allow_pause").notNull().default(true),
    pausingStatuses: jsonb5("pausing_statuses").$type().notNull().default(["on_hold", "waiting_for_details"]),
    isDefault: boolean4("is_default").notNull().default(false),
    createdAt: timestamp8("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp8("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer7("version").notNull().default(1),
    deletedAt: timestamp8("deleted_at", { withTimezone: true, mode: "date" })
  },
  (t) => [uniqueIndex3("slas_one_default").on(t.isDefault).where(sql4`${t.isDefault} and ${t.deletedAt} is null`)]
);
var slaVersions = pgTable8(
  "sla_versions",
  {
    slaId: uuid8("sla_id").notNull().references(() => slas.id),
    version: integer7("version").notNull(),
    name: text8("name").notNull(),
    description: text8("description"),
    calendarId: uuid8("calendar_id").references(() => calendars.id),
    allowPause: boolean4("allow_pause").notNull(),
    pausingStatuses: jsonb5("pausing_statuses").$type().notNull(),
    createdAt: timestamp8("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [primaryKey3({ columns: [t.slaId, t.version] })]
);
var slaItems = pgTable8(
  "sla_items",
  {
    id: uuid8("id").primaryKey().defaultRandom(),
    slaId: uuid8("sla_id").notNull().references(() => slas.id),
    /** The SLA version this item belongs to (`sla_versions`); an edit writes a new version's items. */
    slaVersion: integer7("sla_version").notNull().default(1),
    position: integer7("position").notNull(),
    name: text8("name").notNull(),
    /** 'first_response', 'resolve' or a custom KPI name. */
    kpi: text8("kpi").notNull(),
    applicableWhen: jsonb5("applicable_when").$type(),
    successCriteria: jsonb5("success_criteria").$type(),
    /** Case field that starts the clock; default the case's creation time. */
    applicableFrom: text8("applicable_from").notNull().default("createdAt"),
    warningMinutes: integer7("warning_minutes"),
    failureMinutes: integer7("failure_minutes").notNull(),
    warningActions: jsonb5("warning_actions").$type().notNull().default([]),
    failureActions: jsonb5("failure_actions").$type().notNull().default([]),
    successActions: jsonb5("success_actions").$type().notNull().default([]),
    /** Stale-pause alert (migration 0017): paused longer than this (minutes of `stalePauseTime`) runs `stalePauseActions` once per pause. */
    stalePauseMinutes: integer7("stale_pause_minutes"),
    stalePauseTime: text8("stale_pause_time", { enum: ["business", "calendar"] }),
    stalePauseActions: jsonb5("stale_pause_actions").$type().notNull().default([]),
    /** Items are never deleted (instances point at them); an edit retires the old rows. */
    retiredAt: timestamp8("retired_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index6("sla_items_sla_version_idx").on(t.slaId, t.slaVersion, t.position),
    check(
      "sla_items_stale_pause_check",
      sql4`(${t.stalePauseMinutes} is null and ${t.stalePauseTime} is null) or (coalesce(${t.stalePauseMinutes} > 0, false) and coalesce(${t.stalePauseTime} in ('business', 'calendar'), false))`
    )
  ]
);
var kpiInstanceStates = ["in_progress", "nearing_noncompliance", "noncompliant", "succeeded", "paused", "canceled"];
var slaKpiInstances = pgTable8(
  "sla_kpi_instances",
  {
    id: uuid8("id").primaryKey().defaultRandom(),
    caseId: uuid8("case_id").notNull().references(() => cases.id),
    slaId: uuid8("sla_id").notNull().references(() => slas.id),
    slaItemId: uuid8("sla_item_id").notNull().references(() => slaItems.id),
    kpi: text8("kpi").notNull(),
    /** Increments when re-evaluation or reopening replaces the instance of a KPI. */
    generation: integer7("generation").notNull(),
    workflowId: text8("workflow_id").notNull().unique(),
    /** The item and calendar as they were when the instance started (editing an SLA never changes it). */
    itemSnapshot: jsonb5("item_snapshot").$type().notNull(),
    calendarId: uuid8("calendar_id"),
    calendarVersion: integer7("calendar_version"),
    state: text8("state", { enum: kpiInstanceStates }).notNull().default("in_progress"),
    applicableFrom: timestamp8("applicable_from", { withTimezone: true, mode: "date" }).notNull(),
    warningAt: timestamp8("warning_at", { withTimezone: true, mode: "date" }),
    failureAt: timestamp8("failure_at", { withTimezone: true, mode: "date" }),
    warnedAt: timestamp8("warned_at", { withTimezone: true, mode: "date" }),
    failedAt: timestamp8("failed_at", { withTimezone: true, mode: "date" }),
    succeededAt: timestamp8("succeeded_at", { withTimezone: true, mode: "date" }),
    /** Set when success came after the failure instant (state stays noncompliant). */
    lateSucceededAt: timestamp8("late_succeeded_at", { withTimezone: true, mode: "date" }),
    pausedSince: timestamp8("paused_since", { withTimezone: true, mode: "date" }),
    pausedBusinessMinutes: integer7("paused_business_minutes").notNull().default(0),
    carriedPausedMinutes: integer7("carried_paused_minutes").notNull().default(0),
    /** Pause intervals as sent to the workflow (ISO instants, `to` null while paused); carried on re-evaluation. */
    pauses: jsonb5("pauses").$type().notNull().default([]),
    endedAt: timestamp8("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text8("end_reason"),
    /** Monotonic counter from the workflow: older mirror writes never overwrite newer ones. */
    mirrorSeq: integer7("mirror_seq").notNull().default(0),
    workflowStartedAt: timestamp8("workflow_started_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp8("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp8("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    index6("sla_kpi_instances_case_idx").on(t.caseId),
    uniqueIndex3("sla_kpi_instances_case_kpi_gen").on(t.caseId, t.kpi, t.generation),
    index6("sla_kpi_instances_state_idx").on(t.state)
  ]
);
var slaCommands = pgTable8(
  "sla_commands",
  {
    id: bigserial3("id", { mode: "number" }).primaryKey(),
    caseId: uuid8("case_id").notNull(),
    instanceId: uuid8("instance_id").notNull().references(() => slaKpiInstances.id),
    kind: text8("kind").notNull(),
    payload: jsonb5("payload").$type().notNull().default({}),
    createdAt: timestamp8("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    deliveredAt: timestamp8("delivered_at", { withTimezone: true, mode: "date" }),
    attempts: integer7("attempts").notNull().default(0),
    lastError: text8("last_error"),
    /** The dispatcher that claimed the command for delivery, until `claimedUntil` (a lease: a crashed one is re-claimed). */
    claimToken: uuid8("claim_token"),
    claimedUntil: timestamp8("claimed_until", { withTimezone: true, mode: "date" }),
    /** After a transient failure: not claimed again before this instant (per-instance backoff). */
    nextAttemptAt: timestamp8("next_attempt_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index6("sla_commands_pending_idx").on(t.id).where(sql4`${t.deliveredAt} is null`),
    index6("sla_commands_instance_pending_idx").on(t.instanceId, t.id).where(sql4`${t.deliveredAt} is null`)
  ]
);
var slaActionRuns = pgTable8("sla_action_runs", {
  id: uuid8("id").primaryKey().defaultRandom(),
  actionKey: text8("action_key").notNull().unique(),
  instanceId: uuid8("instance_id").notNull().references(() => slaKpiInstances.id),
  caseId: uuid8("case_id").notNull(),
  phase: text8("phase", { enum: ["warning", "failure", "success", "pause_stale"] }).notNull(),
  kind: text8("kind").notNull(),
  summary: text8("summary").notNull(),
  detail: jsonb5("detail").$type().notNull().default({}),
  ranAt: timestamp8("ran_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
});
var emailOutbox = pgTable8(
  "email_outbox",
  {
    id: uuid8("id").primaryKey().defaultRandom(),
    idempotencyKey: text8("idempotency_key").notNull().unique(),
    to: jsonb5("to").$type().notNull(),
    subject: text8("subject").notNull(),
    body: text8("body").notNull(),
    /** Optional HTML alternative (knowledge articles), already sanitised. */
    html: text8("html"),
    status: text8("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer7("attempts").notNull().default(0),
    messageId: text8("message_id"),
    lastError: text8("last_error"),
    createdAt: timestamp8("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp8("sent_at", { withTimezone: true, mode: "date" })
  },
  // Survey emails have no workflow to deliver them: the worker's survey sweep finds them here (migration 0011).
  (t) => [index6("email_outbox_survey_pending_idx").on(t.createdAt).where(sql4`${t.status} = 'pending' AND ${t.idempotencyKey} LIKE 'survey:%'`)]
);

// db/schema/entitlements.ts
import { pgTable as pgTable9, text as text9, timestamp as timestamp9, uuid as uuid9, integer as integer8, boolean as boolean5, jsonb as jsonb6, date, index as index7, uniqueIndex as uniqueIndex4, check as check2 } from "drizzle-orm/pg-core";
import { sql as sql5 } from "drizzle-orm";
var entitlementAllocationTypes = ["cases", "hours"];
var entitlementStates = ["draft", "activated", "cancelled"];
var entitlementDecreaseOn = ["create", "resolve"];
var entitlements = pgTable9(
  "entitlements",
  {
    id: uuid9("id").primaryKey().defaultRandom(),
    name: text9("name").notNull(),
    description: text9("description"),
    /** Exactly one of accountId and contactId is set. */
    accountId: uuid9("account_id").references(() => accounts.id),
    contactId: uuid9("contact_id").references(() => contacts.id),
    /** UTC calendar dates; the entitlement covers startDate 00:00Z up to and including all of endDate. */
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    state: text9("state", { enum: entitlementStates }).notNull().default("draft"),
    allocationType: text9("allocation_type", { enum: entitlementAllocationTypes }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer8("total_units").notNull(),
    decreaseOn: text9("decrease_on", { enum: entitlementDecreaseOn }).notNull(),
    restrictCaseCreation: boolean5("restrict_case_creation").notNull().default(false),
    /** Before migration 0010: the products' names as typed. Kept as written; entitlement_products is what counts. */
    products: jsonb6("products").$type().notNull().default([]),
    /** SLA that applies to the entitlement's cases instead of the default SLA (spec §2.3). */
    slaId: uuid9("sla_id").references(() => slas.id),
    /** At most one activated default per customer; a draft marked default becomes it when activated. */
    isDefault: boolean5("is_default").notNull().default(false),
    activatedAt: timestamp9("activated_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp9("cancelled_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp9("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp9("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer8("version").notNull().default(1)
  },
  (t) => [
    check2("entitlements_one_customer", sql5`(${t.accountId} is null) <> (${t.contactId} is null)`),
    check2("entitlements_dates", sql5`${t.startDate} <= ${t.endDate}`),
    check2("entitlements_total_positive", sql5`${t.totalUnits} > 0`),
    index7("entitlements_account_idx").on(t.accountId),
    index7("entitlements_contact_idx").on(t.contactId),
    index7("entitlements_created_idx").on(t.createdAt, t.id),
    uniqueIndex4("entitlements_one_default_per_account").on(t.accountId).where(sql5`${t.isDefault} and ${t.accountId} is not null and ${t.state} = 'activated'`),
    uniqueIndex4("entitlements_one_default_per_contact").on(t.contactId).where(sql5`${t.isDefault} and ${t.contactId} is not null and ${t.state} = 'activated'`)
  ]
);
var entitlementChannels = pgTable9(
  "entitlement_channels",
  {
    id: uuid9("id").primaryKey().defaultRandom(),
    entitlementId: uuid9("entitlement_id").notNull().references(() => entitlements.id, { onDelete: "cascade" }),
    channel: text9("channel", { enum: caseOrigins }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer8("total_units").notNull(),
    createdAt: timestamp9("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp9("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    uniqueIndex4("entitlement_channels_entitlement_channel").on(t.entitlementId, t.channel),
    check2("entitlement_channels_total_positive", sql5`${t.totalUnits} > 0`)
  ]
);
var entitlementUsageKinds = ["case", "hours"];
var entitlementUsages = pgTable9(
  "entitlement_usages",
  {
    id: uuid9("id").primaryKey().defaultRandom(),
    entitlementId: uuid9("entitlement_id").notNull().references(() => entitlements.id),
    caseId: uuid9("case_id").notNull().references(() => cases.id),
    kind: text9("kind", { enum: entitlementUsageKinds }).notNull(),
    /** The origin channel whose terms this drew from; null when the entitlement has no terms for the channel. */
    channel: text9("channel", { enum: caseOrigins }),
    /** 1 case, or billable minutes. */
    units: integer8("units").notNull(),
    /** What used it: case creation, resolution, a reopened cancelled case, or the case moved to this entitlement. */
    trigger: text9("trigger", { enum: ["created", "resolved", "reopened", "reassigned"] }).notNull(),
    consumedAt: timestamp9("consumed_at", { withTimezone: true, mode: "date" }).notNull(),
    releasedAt: timestamp9("released_at", { withTimezone: true, mode: "date" }),
    /** Why it was given back: the case was cancelled, reopened, or moved to another entitlement (or none). */
    releaseReason: text9("release_reason", { enum: ["cancelled", "reopened", "reassigned"] })
  },
  (t) => [
    uniqueIndex4("entitlement_usages_once_per_case").on(t.entitlementId, t.caseId, t.kind).where(sql5`${t.releasedAt} is null`),
    index7("entitlement_usages_case_idx").on(t.caseId),
    index7("entitlement_usages_entitlement_idx").on(t.entitlementId, t.consumedAt),
    check2("entitlement_usages_units_nonnegative", sql5`${t.units} >= 0`)
  ]
);

// db/schema/surveys.ts
import { sql as sql6 } from "drizzle-orm";
import { pgTable as pgTable10, text as text10, timestamp as timestamp10, uuid as uuid10, boolean as boolean6, smallint, index as index8, check as check3 } from "drizzle-orm/pg-core";
var surveyKinds = ["csat", "nps", "engagement"];
var surveyTriggers = ["resolution", "on_demand", "schedule"];
var surveys = pgTable10(
  "surveys",
  {
    id: uuid10("id").primaryKey().defaultRandom(),
    kind: text10("kind", { enum: surveyKinds }).notNull(),
    trigger: text10("trigger", { enum: surveyTriggers }).notNull(),
    /** Hex SHA-256 of the link's token (256 random bits); the token itself is only in the email. */
    tokenHash: text10("token_hash").notNull().unique(),
    /** The batch it was issued in (an engagement pulse, an NPS request for an account). */
    roundId: uuid10("round_id"),
    caseId: uuid10("case_id").references(() => cases.id),
    contactId: uuid10("contact_id").references(() => contacts.id),
    accountId: uuid10("account_id").references(() => accounts.id),
    agentId: uuid10("agent_id").references(() => agents.id),
    recipientEmail: text10("recipient_email").notNull(),
    emailOutboxId: uuid10("email_outbox_id"),
    issuedAt: timestamp10("issued_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp10("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    answered: boolean6("answered").notNull().default(false),
    answeredAt: timestamp10("answered_at", { withTimezone: true, mode: "date" }),
    /** Who issued it: the manager's key (on demand) or the system (resolution, schedule). */
    ...actorColumnDefinitions()
  },
  (t) => [
    check3("surveys_kind_check", sql6`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check3("surveys_trigger_check", sql6`${t.trigger} IN ('resolution', 'on_demand', 'schedule')`),
    check3(
      "surveys_subject_check",
      sql6`(${t.kind} = 'csat' AND ${t.caseId} IS NOT NULL) OR (${t.kind} = 'nps' AND ${t.contactId} IS NOT NULL) OR (${t.kind} = 'engagement' AND ${t.agentId} IS NOT NULL AND ${t.answeredAt} IS NULL)`
    ),
    index8("surveys_kind_issued_idx").on(t.kind, t.issuedAt),
    index8("surveys_case_idx").on(t.caseId, t.issuedAt).where(sql6`${t.caseId} IS NOT NULL`),
    index8("surveys_contact_idx").on(t.contactId, t.issuedAt).where(sql6`${t.contactId} IS NOT NULL`),
    index8("surveys_account_idx").on(t.accountId, t.issuedAt).where(sql6`${t.accountId} IS NOT NULL`)
  ]
);
var surveyResponses = pgTable10(
  "survey_responses",
  {
    id: uuid10("id").primaryKey().defaultRandom(),
    kind: text10("kind", { enum: surveyKinds }).notNull(),
    surveyId: uuid10("survey_id").unique().references(() => surveys.id),
    roundId: uuid10("round_id"),
    caseId: uuid10("case_id").references(() => cases.id),
    contactId: uuid10("contact_id").references(() => contacts.id),
    accountId: uuid10("account_id").references(() => accounts.id),
    /** CSAT 1-5; NPS and engagement 0-10. */
    score: smallint("score").notNull(),
    comment: text10("comment"),
    answeredAt: timestamp10("answered_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [
    check3("survey_responses_kind_check", sql6`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check3(
      "survey_responses_score_check",
      sql6`(${t.kind} = 'csat' AND ${t.score} BETWEEN 1 AND 5) OR (${t.kind} IN ('nps', 'engagement') AND ${t.score} BETWEEN 0 AND 10)`
    ),
    check3(
      "survey_responses_anonymous_check",
      sql6`(${t.kind} = 'engagement') = (${t.surveyId} IS NULL) AND (${t.kind} <> 'engagement' OR (${t.caseId} IS NULL AND ${t.contactId} IS NULL AND ${t.accountId} IS NULL))`
    ),
    index8("survey_responses_kind_answered_idx").on(t.kind, t.answeredAt),
    index8("survey_responses_case_idx").on(t.caseId).where(sql6`${t.caseId} IS NOT NULL`)
  ]
);

// db/schema/previews.ts
import { pgTable as pgTable11, text as text11, timestamp as timestamp11, uuid as uuid11, integer as integer9, jsonb as jsonb7, index as index9 } from "drizzle-orm/pg-core";
var changePreviewKinds = ["calendar", "holiday_list", "sla"];
var changePreviews = pgTable11(
  "change_previews",
  {
    id: uuid11("id").primaryKey().defaultRandom(),
    kind: text11("kind", { enum: changePreviewKinds }).notNull(),
    /** The calendar, holiday list or SLA. */
    subjectId: uuid11("subject_id").notNull(),
    /** The subject's version when previewed (a proposal is written on top of it when applied). */
    baseVersion: integer9("base_version").notNull(),
    /** The proposed new definition (the body of the PUT it stands for); null: the current version is applied. */
    proposed: jsonb7("proposed").$type(),
    target: jsonb7("target").$type().notNull(),
    totals: jsonb7("totals").$type().notNull(),
    /** One `PreviewDecision` per instance in scope, stored as a tuple (see src/previews/preview-store.ts). */
    decisions: jsonb7("decisions").$type().notNull(),
    /** The instant breaches were judged at. */
    asOf: timestamp11("as_of", { withTimezone: true, mode: "date" }).notNull(),
    ...actorColumnDefinitions(),
    createdAt: timestamp11("created_at", { withTimezone: true, mode: "date" }).notNull(),
    appliedAt: timestamp11("applied_at", { withTimezone: true, mode: "date" }),
    appliedBy: text11("applied_by")
  },
  (t) => [index9("change_previews_subject_idx").on(t.kind, t.subjectId, t.createdAt)]
);

// db/schema/entitlement-products.ts
import { pgTable as pgTable12, uuid as uuid12, index as index10, primaryKey as primaryKey4 } from "drizzle-orm/pg-core";
var entitlementProducts = pgTable12(
  "entitlement_products",
  {
    entitlementId: uuid12("entitlement_id").notNull().references(() => entitlements.id, { onDelete: "cascade" }),
    productId: uuid12("product_id").notNull().references(() => products.id)
  },
  (t) => [primaryKey4({ columns: [t.entitlementId, t.productId] }), index10("entitlement_products_product_idx").on(t.productId)]
);

// db/schema/reports.ts
import { pgTable as pgTable13, text as text12, timestamp as timestamp12, uuid as uuid13, integer as integer10, doublePrecision, index as index11 } from "drizzle-orm/pg-core";
import { sql as sql7 } from "drizzle-orm";
var reportCaseFacts = pgTable13(
  "report_case_facts",
  {
    caseId: uuid13("case_id").primaryKey().references(() => cases.id),
    createdAt: timestamp12("created_at", { withTimezone: true, mode: "date" }).notNull(),
    firstResponseAt: timestamp12("first_response_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp12("resolved_at", { withTimezone: true, mode: "date" }),
    /** Resolved or cancelled (null while the case is active). */
    closedAt: timestamp12("closed_at", { withTimezone: true, mode: "date" }),
    calendarId: uuid13("calendar_id"),
    calendarVersion: integer10("calendar_version"),
    firstResponseBusinessMinutes: doublePrecision("first_response_business_minutes"),
    firstResponseCalendarMinutes: doublePrecision("first_response_calendar_minutes"),
    resolutionBusinessMinutes: doublePrecision("resolution_business_minutes"),
    resolutionCalendarMinutes: doublePrecision("resolution_calendar_minutes"),
    refreshedAt: timestamp12("refreshed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [
    index11("report_case_facts_created_idx").on(t.createdAt),
    index11("report_case_facts_first_response_idx").on(t.firstResponseAt).where(sql7`${t.firstResponseAt} is not null`),
    index11("report_case_facts_resolved_idx").on(t.resolvedAt).where(sql7`${t.resolvedAt} is not null`),
    index11("report_case_facts_closed_idx").on(t.closedAt),
    index11("report_case_facts_open_idx").on(t.createdAt).where(sql7`${t.closedAt} is null`)
  ]
);
var kpiOutcomes = ["met", "paused_at_resolution", "breached", "late_success", "open", "canceled"];
var reportKpiFacts = pgTable13(
  "report_kpi_facts",
  {
    instanceId: uuid13("instance_id").primaryKey().references(() => slaKpiInstances.id),
    caseId: uuid13("case_id").notNull().references(() => cases.id),
    kpi: text12("kpi").notNull(),
    startedAt: timestamp12("started_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp12("ended_at", { withTimezone: true, mode: "date" }),
    outcome: text12("outcome", { enum: kpiOutcomes }).notNull(),
    refreshedAt: timestamp12("refreshed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [index11("report_kpi_facts_started_idx").on(t.startedAt), index11("report_kpi_facts_case_idx").on(t.caseId)]
);
var reportDirtyCases = pgTable13("report_dirty_cases", {
  caseId: uuid13("case_id").primaryKey()
});

// db/schema/goals.ts
import { pgTable as pgTable14, text as text13, timestamp as timestamp13, uuid as uuid14, integer as integer11, doublePrecision as doublePrecision2, date as date2, index as index12, check as check4 } from "drizzle-orm/pg-core";
import { sql as sql8 } from "drizzle-orm";
var goalOwnerTypes = ["agent", "queue"];
var goalPeriodTypes = ["month", "quarter", "fiscal_year", "custom"];
var goals = pgTable14(
  "goals",
  {
    id: uuid14("id").primaryKey().defaultRandom(),
    name: text13("name").notNull(),
    metric: text13("metric").notNull(),
    ownerType: text13("owner_type", { enum: goalOwnerTypes }).notNull(),
    ownerId: uuid14("owner_id").notNull(),
    periodType: text13("period_type", { enum: goalPeriodTypes }).notNull(),
    /** e.g. "2027-03", "2027-Q1", "FY2027 (from April)", "2027-03-01..2027-03-15". */
    periodLabel: text13("period_label").notNull(),
    /** UTC dates, both included. */
    periodStart: date2("period_start", { mode: "string" }).notNull(),
    periodEnd: date2("period_end", { mode: "string" }).notNull(),
    target: doublePrecision2("target").notNull(),
    stretchTarget: doublePrecision2("stretch_target"),
    parentId: uuid14("parent_id").references(() => goals.id),
    createdAt: timestamp13("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp13("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    version: integer11("version").notNull().default(1),
    deletedAt: timestamp13("deleted_at", { withTimezone: true, mode: "date" }),
    ...actorColumnDefinitions()
  },
  (t) => [
    index12("goals_parent_idx").on(t.parentId),
    index12("goals_owner_idx").on(t.ownerType, t.ownerId),
    check4("goals_period", sql8`${t.periodStart} <= ${t.periodEnd}`),
    check4("goals_owner_type", sql8`${t.ownerType} in ('agent', 'queue')`)
  ]
);

// db/schema/webhooks.ts
import { sql as sql9 } from "drizzle-orm";
import { pgTable as pgTable15, text as text14, timestamp as timestamp14, uuid as uuid15, integer as integer12, boolean as boolean7, jsonb as jsonb8, index as index13, uniqueIndex as uniqueIndex5 } from "drizzle-orm/pg-core";
var webhookSubscriptions = pgTable15("webhook_subscriptions", {
  id: uuid15("id").primaryKey().defaultRandom(),
  url: text14("url").notNull(),
  description: text14("description"),
  eventTypes: jsonb8("event_types").$type().notNull(),
  enabled: boolean7("enabled").notNull().default(true),
  secret: text14("secret").notNull(),
  previousSecret: text14("previous_secret"),
  previousSecretExpiresAt: timestamp14("previous_secret_expires_at", { withTimezone: true, mode: "date" }),
  /** Who is told when the subscription is disabled (else WEBHOOK_ADMIN_EMAIL). */
  alertEmail: text14("alert_email"),
  failingSince: timestamp14("failing_since", { withTimezone: true, mode: "date" }),
  disabledAt: timestamp14("disabled_at", { withTimezone: true, mode: "date" }),
  disabledReason: text14("disabled_reason"),
  ...actorColumnDefinitions(),
  createdAt: timestamp14("created_at", { withTimezone: true, mode: "date" }).notNull(),
  updatedAt: timestamp14("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  version: integer12("version").notNull().default(1)
});
var webhookEvents = pgTable15(
  "webhook_events",
  {
    id: text14("id").primaryKey(),
    type: text14("type").notNull(),
    sourceKey: text14("source_key").notNull(),
    caseId: uuid15("case_id").references(() => cases.id),
    payload: jsonb8("payload").$type().notNull(),
    occurredAt: timestamp14("occurred_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [uniqueIndex5("webhook_events_source_key_unique").on(t.sourceKey)]
);
var webhookDeliveryStatuses = ["pending", "succeeded", "failed", "canceled"];
var webhookDeliveries = pgTable15(
  "webhook_deliveries",
  {
    id: uuid15("id").primaryKey().defaultRandom(),
    subscriptionId: uuid15("subscription_id").notNull().references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    eventId: text14("event_id").notNull().references(() => webhookEvents.id),
    status: text14("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    /** Set once its delivery workflow was started (the dispatcher's claim). */
    dispatchedAt: timestamp14("dispatched_at", { withTimezone: true, mode: "date" }),
    attempts: integer12("attempts").notNull().default(0),
    lastStatusCode: integer12("last_status_code"),
    lastLatencyMs: integer12("last_latency_ms"),
    lastError: text14("last_error"),
    lastAttemptAt: timestamp14("last_attempt_at", { withTimezone: true, mode: "date" }),
    nextAttemptAt: timestamp14("next_attempt_at", { withTimezone: true, mode: "date" }),
    /** The delivery this one repeats (manual redelivery). */
    redeliveryOf: uuid15("redelivery_of"),
    createdAt: timestamp14("created_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp14("finished_at", { withTimezone: true, mode: "date" })
  },
  (t) => [
    index13("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.createdAt, t.id),
    index13("webhook_deliveries_undispatched_idx").on(t.createdAt).where(sql9`${t.dispatchedAt} is null and ${t.status} = 'pending'`)
  ]
);
var webhookDeliveryAttempts = pgTable15(
  "webhook_delivery_attempts",
  {
    deliveryId: uuid15("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer12("attempt").notNull(),
    at: timestamp14("at", { withTimezone: true, mode: "date" }).notNull(),
    statusCode: integer12("status_code"),
    latencyMs: integer12("latency_ms").notNull(),
    error: text14("error")
  },
  (t) => [uniqueIndex5("webhook_delivery_attempts_unique").on(t.deliveryId, t.attempt)]
);

// db/schema/knowledge.ts
import { pgTable as pgTable16, pgSequence as pgSequence3, text as text15, timestamp as timestamp15, uuid as uuid16, integer as integer13, boolean as boolean8, jsonb as jsonb9, index as index14, uniqueIndex as uniqueIndex6, bigserial as bigserial4, customType } from "drizzle-orm/pg-core";
import { sql as sql10 } from "drizzle-orm";
var knowledgeArticleNumberSeq = pgSequence3("knowledge_article_number_seq", { startWith: 1 });
var tsvector = customType({ dataType: () => "tsvector" });
var articleStatuses = ["draft", "published", "archived"];
var articleVersionStatuses = ["draft", "published", "superseded", "archived"];
var knowledgeArticles = pgTable16("knowledge_articles", {
  id: uuid16("id").primaryKey().defaultRandom(),
  /** Human article number, e.g. KA-000123, from knowledge_article_number_seq. */
  number: text15("number").notNull().unique(),
  status: text15("status", { enum: articleStatuses }).notNull().default("draft"),
  /** The version agents and customers are served; null until the first publication. */
  publishedVersion: integer13("published_version"),
  latestVersion: integer13("latest_version").notNull().default(1),
  createdAt: timestamp15("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp15("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  /** Optimistic concurrency (ETag W/"<version>"); bumped by every change. */
  version: integer13("version").notNull().default(1),
  ...actorColumnDefinitions()
});
var knowledgeArticleVersions = pgTable16(
  "knowledge_article_versions",
  {
    id: uuid16("id").primaryKey().defaultRandom(),
    articleId: uuid16("article_id").notNull().references(() => knowledgeArticles.id),
    version: integer13("version").notNull(),
    status: text15("status", { enum: articleVersionStatuses }).notNull().default("draft"),
    title: text15("title").notNull(),
    content: text15("content").notNull(),
    contentHtml: text15("content_html").notNull(),
    keywords: jsonb9("keywords").$type().notNull().default([]),
    /** Canonical BCP 47 tag and its primary subtag (what the language filter compares). */
    language: text15("language").notNull(),
    languageBase: text15("language_base").notNull(),
    searchConfig: text15("search_config").notNull(),
    productId: uuid16("product_id").references(() => products.id),
    expiresAt: timestamp15("expires_at", { withTimezone: true, mode: "date" }),
    searchVector: tsvector("search_vector").notNull(),
    searchText: text15("search_text").notNull(),
    createdAt: timestamp15("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp15("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    publishedAt: timestamp15("published_at", { withTimezone: true, mode: "date" }),
    /** Who wrote this version. */
    ...actorColumnDefinitions()
  },
  (t) => [
    uniqueIndex6("knowledge_article_versions_article_version_key").on(t.articleId, t.version),
    index14("knowledge_article_versions_search_idx").using("gin", t.searchVector),
    index14("knowledge_article_versions_trgm_idx").using("gin", sql10`${t.searchText} gin_trgm_ops`),
    index14("knowledge_article_versions_status_idx").on(t.status, t.languageBase),
    index14("knowledge_article_versions_product_idx").on(t.productId)
  ]
);
var knowledgeLinks = pgTable16(
  "knowledge_links",
  {
    id: uuid16("id").primaryKey().defaultRandom(),
    caseId: uuid16("case_id").notNull().references(() => cases.id),
    articleId: uuid16("article_id").notNull().references(() => knowledgeArticles.id),
    articleVersion: integer13("article_version").notNull(),
    resolvesCase: boolean8("resolves_case").notNull().default(false),
    createdAt: timestamp15("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp15("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ...actorColumnDefinitions()
  },
  (t) => [uniqueIndex6("knowledge_links_case_article_key").on(t.caseId, t.articleId), index14("knowledge_links_article_idx").on(t.articleId)]
);
var knowledgeSends = pgTable16(
  "knowledge_sends",
  {
    id: uuid16("id").primaryKey().defaultRandom(),
    caseId: uuid16("case_id").notNull().references(() => cases.id),
    articleId: uuid16("article_id").notNull().references(() => knowledgeArticles.id),
    articleVersion: integer13("article_version").notNull(),
    outboxId: uuid16("outbox_id").notNull().references(() => emailOutbox.id),
    activityId: uuid16("activity_id").notNull().references(() => caseActivities.id),
    to: jsonb9("to").$type().notNull(),
    sentAt: timestamp15("sent_at", { withTimezone: true, mode: "date" }).notNull(),
    ...actorColumnDefinitions()
  },
  (t) => [index14("knowledge_sends_case_idx").on(t.caseId), index14("knowledge_sends_article_idx").on(t.articleId)]
);
var knowledgeSuggestions = pgTable16(
  "knowledge_suggestions",
  {
    id: bigserial4("id", { mode: "number" }).primaryKey(),
    caseId: uuid16("case_id").notNull().references(() => cases.id),
    articleId: uuid16("article_id").notNull().references(() => knowledgeArticles.id),
    times: integer13("times").notNull().default(1),
    firstAt: timestamp15("first_at", { withTimezone: true, mode: "date" }).notNull(),
    lastAt: timestamp15("last_at", { withTimezone: true, mode: "date" }).notNull()
  },
  (t) => [uniqueIndex6("knowledge_suggestions_case_article_key").on(t.caseId, t.articleId), index14("knowledge_suggestions_article_idx").on(t.articleId)]
);

// db/schema/processes.ts
import { pgTable as pgTable17, text as text16, timestamp as timestamp16, uuid as uuid17, integer as integer14, boolean as boolean9, jsonb as jsonb10, index as index15, uniqueIndex as uniqueIndex7, primaryKey as primaryKey5, bigserial as bigserial5 } from "drizzle-orm/pg-core";
import { sql as sql11 } from "drizzle-orm";
var processes = pgTable17(
  "processes",
  {
    id: uuid17("id").primaryKey().defaultRandom(),
    name: text16("name").notNull(),
    /** Only active processes start on new cases or can be switched to. */
    active: boolean9("active").notNull().default(true),
    /** Processes are tried in this order (then by creation) when a case is created: the first that applies starts. */
    rank: integer14("rank").notNull().default(100),
    currentVersion: integer14("current_version").notNull().default(1),
    createdAt: timestamp16("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp16("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
  },
  (t) => [index15("processes_rank_idx").on(t.rank, t.createdAt)]
);
var processVersions = pgTable17(
  "process_versions",
  {
    processId: uuid17("process_id").notNull().references(() => processes.id),
    version: integer14("version").notNull(),
    name: text16("name").notNull(),
    description: text16("description"),
    applicableWhen: jsonb10("applicable_when"),
    /** The validated stages, in order (see src/processes/definition.ts). */
    stages: jsonb10("stages").$type().notNull(),
    createdAt: timestamp16("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ...actorColumnDefinitions()
  },
  (t) => [primaryKey5({ columns: [t.processId, t.version] })]
);
var caseProcessStatuses = ["active", "finished", "switched"];
var caseProcesses = pgTable17(
  "case_processes",
  {
    id: uuid17("id").primaryKey().defaultRandom(),
    caseId: uuid17("case_id").notNull().references(() => cases.id),
    processId: uuid17("process_id").notNull().references(() => processes.id),
    processVersion: integer14("process_version").notNull(),
    status: text16("status", { enum: caseProcessStatuses }).notNull().default("active"),
    activeStage: text16("active_stage"),
    /** The stages taken to reach the active (or last) stage, in order: a move on appends, a move back removes the last. */
    path: jsonb10("path").$type().notNull().default([]),
    /** Checklist steps completed: { "<stage>/<step>": { at, actorName } }. Field steps are read from the case. */
    checked: jsonb10("checked").$type().notNull().default({}),
    startedAt: timestamp16("started_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp16("ended_at", { withTimezone: true, mode: "date" }),
    /** Optimistic concurrency for the process commands (ETag W/"<version>"). */
    version: integer14("version").notNull().default(1)
  },
  (t) => [
    uniqueIndex7("case_processes_one_active").on(t.caseId).where(sql11`${t.status} = 'active'`),
    index15("case_processes_case_idx").on(t.caseId, t.startedAt),
    index15("case_processes_process_idx").on(t.processId, t.status)
  ]
);
var stageExits = ["next", "back", "switched", "finished", "migrated"];
var caseProcessStages = pgTable17(
  "case_process_stages",
  {
    id: bigserial5("id", { mode: "number" }).primaryKey(),
    caseProcessId: uuid17("case_process_id").notNull().references(() => caseProcesses.id),
    stage: text16("stage").notNull(),
    enteredAt: timestamp16("entered_at", { withTimezone: true, mode: "date" }).notNull(),
    leftAt: timestamp16("left_at", { withTimezone: true, mode: "date" }),
    exit: text16("exit", { enum: stageExits }),
    ...actorColumnDefinitions()
  },
  (t) => [index15("case_process_stages_instance_idx").on(t.caseProcessId, t.id)]
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
function instant(text17, part) {
  if (!text17) return "none";
  if (part === "both") return `${text17.local} (${text17.utc})`;
  return text17[part];
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

// src/sla/kpis.ts
var FIRST_RESPONSE = "first_response";
var RESOLVE = "resolve";
function kpiLabel(kpi) {
  if (kpi === FIRST_RESPONSE) return "First Response By";
  if (kpi === RESOLVE) return "Resolve By";
  return kpi.replace(/[_-]+/g, " ").replace(/\b\w/g, (m) => m.toUpperCase());
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
var preconditionFailed = (message, details) => new AppError("PRECONDITION_FAILED", 412, message, details);

// src/cases/case-status.ts
function isActive(status) {
  return activeCaseStatuses.includes(status);
}

// src/customers/agents.ts
import { and, eq } from "drizzle-orm";

// src/paging.ts
import { sql as sql12 } from "drizzle-orm";

// src/customers/case-customer.ts
import { eq as eq2 } from "drizzle-orm";

// src/cases/case-store.ts
import { and as and2, desc, eq as eq3, inArray } from "drizzle-orm";

// src/audit/actor.ts
var SLA_ENGINE = { kind: "sla", name: "SLA engine" };
function actorColumns(actor) {
  return { actorKind: actor.kind, actorApiKeyId: actor.kind === "api_key" ? actor.apiKeyId : null, actorName: actor.name };
}

// src/cases/case-store.ts
async function writeCase(tx, before, set, now) {
  const [row] = await tx.update(cases).set({ ...set, updatedAt: now, version: before.version + 1 }).where(and2(eq3(cases.id, before.id), eq3(cases.version, before.version))).returning();
  if (!row) throw preconditionFailed("The case changed while this request was processed; read it again and retry.");
  return row;
}
async function recordCaseEvent(tx, event, now) {
  const { actor, ...values } = event;
  await tx.insert(caseEvents).values({ ...values, data: values.data ?? {}, ...actorColumns(actor), createdAt: now });
}

// src/products/products.ts
import { and as and3, asc, eq as eq4, inArray as inArray2, sql as sql13 } from "drizzle-orm";

// src/cases/update-case.ts
async function setCaseField(tx, events, before, field, value, now, actor) {
  const fields = before.fields ?? {};
  if (Object.hasOwn(fields, field) && fields[field] === value) return { case: before, changed: false };
  const name = `fields.${field}`;
  const after = await writeCase(tx, before, { fields: { ...fields, [field]: value } }, now);
  const changes = { [name]: { from: fields[field] ?? null, to: value } };
  await recordCaseEvent(tx, { caseId: before.id, kind: "fields_updated", summary: `Updated ${name}`, data: { changes }, occurredAt: now, actor }, now);
  await events.emit("onUpdated", tx, before, after, [name], now, actor);
  return { case: after, changed: true };
}

// src/queues/queue-items.ts
import { and as and4, eq as eq5, inArray as inArray3, isNull } from "drizzle-orm";
async function openItemOf(tx, caseId) {
  const [row] = await tx.select().from(queueItems).where(and4(eq5(queueItems.caseId, caseId), isNull(queueItems.removedAt)));
  return row;
}
async function queueNames(tx, ids) {
  const wanted = ids.filter((id) => id !== null);
  if (!wanted.length) return /* @__PURE__ */ new Map();
  const rows = await tx.select({ id: queues.id, name: queues.name }).from(queues).where(inArray3(queues.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
async function moveCaseToQueue(tx, events, c, queueId, reason, now, actor) {
  const current = await openItemOf(tx, c.id);
  const fromQueueId = current?.queueId ?? null;
  if (fromQueueId === queueId && c.queueId === queueId) return { case: c, item: current ?? null, moved: false };
  if (current) await tx.update(queueItems).set({ removedAt: now }).where(eq5(queueItems.id, current.id));
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

// activities/recipients.ts
import { eq as eq6 } from "drizzle-orm";
async function agentById(db, id) {
  const [row] = await db.select({ email: agents.email, managerId: agents.managerId }).from(agents).where(eq6(agents.id, id));
  return row;
}
async function resolveRecipients(db, c, to) {
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
  const owner = c.ownerId ? await agentById(db, c.ownerId) : void 0;
  for (const r of to) {
    if (typeof r === "object") add("address", r.address, "empty address");
    else if (r === "owner") add("owner", owner?.email, c.ownerId ? "the owner has no email" : "the case has no owner");
    else if (r === "manager") {
      const manager = owner?.managerId ? await agentById(db, owner.managerId) : void 0;
      add("manager", manager?.email, !owner ? "the case has no owner" : !owner.managerId ? "the owner has no manager" : "the manager has no email");
    } else if (r === "customer") {
      const [contact] = c.contactId ? await db.select({ email: contacts.email }).from(contacts).where(eq6(contacts.id, c.contactId)) : [];
      const [account] = !contact?.email && c.accountId ? await db.select({ email: accounts.email }).from(accounts).where(eq6(accounts.id, c.accountId)) : [];
      add("customer", contact?.email ?? account?.email, "neither the contact nor the account has an email");
    }
  }
  return out;
}
async function caseForEmail(db, caseId) {
  const [row] = await db.select({ number: cases.number, title: cases.title, ownerId: cases.ownerId, contactId: cases.contactId, accountId: cases.accountId }).from(cases).where(eq6(cases.id, caseId));
  return row;
}

// activities/actions.activities.ts
var SLA_ACTION_CONFIG_ERROR = "SlaActionConfigError";
var configError = (message) => ApplicationFailure.create({ type: SLA_ACTION_CONFIG_ERROR, message, nonRetryable: true });
async function lockActionCase(tx, caseId) {
  const [c] = await tx.select().from(cases).where(eq7(cases.id, caseId)).for("update");
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
  const { db, clock, caseLifecycle } = deps;
  const instantText = (iso, zone) => {
    if (!iso) return null;
    const ms = Date.parse(iso);
    return { local: deps.formatInstant(ms, zone), utc: deps.formatInstant(ms, "UTC"), iso: new Date(ms).toISOString() };
  };
  async function sendEmail(input, action) {
    const c = await caseForEmail(db, input.context.caseId);
    if (!c) throw configError(`Case ${input.context.caseId} does not exist`);
    const recipients = await resolveRecipients(db, c, action.to);
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
    const at = clock();
    return db.transaction(async (tx) => {
      if (!await claimRun(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject }, at)) {
        const [existing] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq7(emailOutbox.idempotencyKey, input.key));
        return { applied: false, outboxId: existing?.id, note: "already ran" };
      }
      let outboxId;
      if (recipients.addresses.length) {
        const [row] = await tx.insert(emailOutbox).values({ idempotencyKey: input.key, to: recipients.addresses, subject, body, createdAt: at }).onConflictDoNothing({ target: emailOutbox.idempotencyKey }).returning({ id: emailOutbox.id });
        outboxId = row?.id ?? (await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq7(emailOutbox.idempotencyKey, input.key)))[0]?.id;
      }
      await timelineEvent(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject, outboxId }, at);
      return { applied: true, outboxId, note };
    });
  }
  async function escalate(input, action) {
    const at = clock();
    const why = `${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]}`;
    const result = await db.transaction(async (tx) => {
      const [target] = action.queue ? await tx.select().from(queues).where(eq7(queues.name, action.queue)) : await tx.select().from(queues).where(eq7(queues.isEscalation, true)).orderBy(asc2(queues.createdAt)).limit(1);
      if (!target) throw configError(action.queue ? `No queue named "${action.queue}"` : "No queue is marked as the escalation queue");
      const c = await lockActionCase(tx, input.context.caseId);
      const closed = !isActive(c.status);
      const moved = !closed && c.queueId !== target.id;
      const summary = moved ? `Moved to queue "${target.name}" (SLA: ${why})` : closed ? `Not moved to queue "${target.name}": the case is ${c.status} (SLA: ${why})` : `Already in queue "${target.name}" (SLA: ${why})`;
      const detail = { fromQueueId: c.queueId, toQueueId: target.id, queue: target.name, moved };
      if (!await claimRun(tx, input, summary, detail, at)) return { applied: false, note: "already ran" };
      if (moved) await moveCaseToQueue(tx, caseLifecycle, c, target.id, `SLA escalation: ${why}`, at, SLA_ENGINE);
      await timelineEvent(tx, input, summary, detail, at);
      return { applied: true, note: moved ? void 0 : closed ? `the case is ${c.status}` : "the case was already in that queue" };
    });
    if (result.applied) caseLifecycle.afterCommit(input.context.caseId);
    return result;
  }
  async function setCaseField2(input, action) {
    const at = clock();
    const summary = `Set case field ${action.field} = ${JSON.stringify(action.value)} (SLA: ${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]})`;
    const result = await db.transaction(async (tx) => {
      const c = await lockActionCase(tx, input.context.caseId);
      if (!await claimRun(tx, input, summary, { field: action.field, value: action.value }, at)) return { applied: false, note: "already ran" };
      const { changed } = await setCaseField(tx, caseLifecycle, c, action.field, action.value, at, SLA_ENGINE);
      await timelineEvent(tx, input, summary, { field: action.field, value: action.value, changed }, at);
      return changed ? { applied: true } : { applied: true, note: "the field already had that value" };
    });
    if (result.applied) caseLifecycle.afterCommit(input.context.caseId);
    return result;
  }
  async function recordNotRun(input, reason) {
    const at = clock();
    const what = actionSummary(input.action, { caseNumber: input.context.caseNumber, kpiLabel: kpiLabel(input.context.kpi), phase: input.phase });
    const summary = `Not run (${reason}): ${what}`;
    return db.transaction(async (tx) => {
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
function parseDate(text17) {
  const m = DATE_RE.exec(text17);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const dn = daysFromCivil(year, month, day);
  const back = civilFromDays(dn);
  return back.month === month && back.day === day ? dn : null;
}
var CLOCK_RE = /^(\d{2}):(\d{2})$/;
function parseClock(text17) {
  const m = CLOCK_RE.exec(text17);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return MINUTES_PER_DAY;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
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
  offsetAt(ms) {
    if (ms >= this.segStart && ms < this.segEnd) return this.segOffset;
    const table = this.yearTable(yearOfDay(Math.floor(ms / MS_PER_DAY)));
    let i = table.starts.length - 1;
    while (i > 0 && table.starts[i] > ms) i--;
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
  probe(ms) {
    const text17 = this.format.format(ms);
    let field = 0;
    let value = 0;
    let inNumber = false;
    const parts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < text17.length; i++) {
      const c = text17.charCodeAt(i) - 48;
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
    if (field !== 6) throw new Error(`unexpected Intl output for ${this.zone}: ${text17}`);
    const [month, day, year, hour, minute, second] = parts;
    const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    return wall - ms;
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
  const problems = [];
  const report = (path, message) => {
    problems.push({ path, message });
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
        const path = `weekly.${key}`;
        if (!Array.isArray(list)) return report(path, 'must be a list of ["HH:MM", "HH:MM"] intervals');
        list.forEach((item, i) => {
          const iv = parseInterval(item, `${path}[${i}]`, true, report);
          if (iv) declared[wd].push(iv);
        });
      });
      if (is24x7 && declared.some((d) => d.length > 0)) {
        report("weekly", "must be empty when is24x7 is true (a 24x7 calendar is open all day every day)");
      }
    }
  }
  const holidays = /* @__PURE__ */ new Map();
  listOf(def, "holidays", report, (entry, path) => {
    unknownKeys(entry, ["date", "name"], path, report);
    const date5 = parseDateField(entry.date, `${path}.date`, report);
    const name = optionalString(entry.name, `${path}.name`, report) ?? "Holiday";
    if (date5) holidays.set(date5, [...holidays.get(date5) ?? [], name]);
  });
  const closures = [];
  listOf(def, "closures", report, (entry, path) => {
    unknownKeys(entry, ["date", "from", "to", "reason"], path, report);
    const date5 = parseDateField(entry.date, `${path}.date`, report);
    const from = parseTime(entry.from, `${path}.from`, report);
    const to = parseTime(entry.to, `${path}.to`, report);
    const reason = optionalString(entry.reason, `${path}.reason`, report) ?? "Closed";
    if (from === MINUTES_PER_DAY) report(`${path}.from`, "a closure cannot start at 24:00");
    else if (from !== null && to !== null && to <= from) {
      report(`${path}.to`, 'must be after "from" (a closure lies within one date; use "24:00" for midnight)');
    } else if (date5 && from !== null && to !== null) closures.push({ date: date5, from, to, reason });
  });
  const special = /* @__PURE__ */ new Map();
  listOf(def, "specialHours", report, (entry, path) => {
    unknownKeys(entry, ["date", "intervals", "name"], path, report);
    const date5 = parseDateField(entry.date, `${path}.date`, report);
    const name = optionalString(entry.name, `${path}.name`, report) ?? "Special hours";
    const intervals = [];
    if (!Array.isArray(entry.intervals)) report(`${path}.intervals`, 'required: a list of ["HH:MM", "HH:MM"] intervals (empty closes the date)');
    else {
      entry.intervals.forEach((item, i) => {
        const iv = parseInterval(item, `${path}.intervals[${i}]`, false, report);
        if (iv) intervals.push(iv);
      });
    }
    if (!date5) return;
    if (holidays.has(date5)) {
      report(`${path}.date`, `${date5} is also listed as a holiday; a date is either a holiday or has special hours`);
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
  if (weeklyMinutes === 0 && specialMinutes === 0 && problems.length === 0) {
    report("weekly", "the calendar has no open time at all: give weekly hours, set is24x7, or add special hours");
  }
  if (problems.length > 0) return { ok: false, problems };
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
function unknownKeys(obj, allowed, path, report, hint) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      report(path ? `${path}.${key}` : key, `unknown key${hint ? ` (${hint})` : ` (allowed: ${allowed.join(", ")})`}`);
    }
  }
}
function listOf(def, key, report, each) {
  const list = def[key];
  if (list === void 0) return;
  if (!Array.isArray(list)) return report(key, "must be a list");
  list.forEach((entry, i) => {
    const path = `${key}[${i}]`;
    if (!isObject(entry)) report(path, "must be an object");
    else each(entry, path);
  });
}
function optionalString(v, path, report) {
  if (v === void 0) return void 0;
  if (typeof v !== "string") {
    report(path, "must be a string");
    return void 0;
  }
  return v;
}
function parseDateField(v, path, report) {
  const dn = typeof v === "string" ? parseDate(v) : null;
  if (dn === null) {
    report(path, `${JSON.stringify(v)} is not a date "YYYY-MM-DD"`);
    return null;
  }
  const { year } = civilFromDays(dn);
  if (year < MIN_YEAR || year >= END_YEAR) {
    report(path, `must be between ${MIN_YEAR}-01-01 and ${END_YEAR - 1}-12-31`);
    return null;
  }
  return v;
}
function parseTime(v, path, report) {
  const m = typeof v === "string" ? parseClock(v) : null;
  if (m === null) report(path, `${JSON.stringify(v)} is not a time "HH:MM" from 00:00 to 24:00`);
  return m;
}
function parseInterval(item, path, overnight, report) {
  if (!Array.isArray(item) || item.length !== 2) {
    report(path, 'must be a pair ["HH:MM", "HH:MM"]');
    return null;
  }
  const s = parseTime(item[0], `${path}[0]`, report);
  const e = parseTime(item[1], `${path}[1]`, report);
  if (s === null || e === null) return null;
  if (s === MINUTES_PER_DAY) {
    report(`${path}[0]`, "an interval cannot start at 24:00 (use 00:00 of the next day)");
    return null;
  }
  if (e > s) return [s, e];
  if (overnight) return [s, e + MINUTES_PER_DAY];
  report(`${path}[1]`, 'must be after the start: special hours lie within their date (use "24:00" for midnight, and give the next date its own special hours)');
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
  dayOf(ms) {
    let dn = Math.floor((ms + this.offsets.offsetAt(ms)) / MS_PER_DAY);
    while (ms < this.dayStart(dn)) dn--;
    while (ms >= this.dayStart(dn + 1)) dn++;
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
  formatIso(ms) {
    const offset = this.offsets.offsetAt(ms);
    const wall = ms + offset;
    const dn = Math.floor(wall / MS_PER_DAY);
    const { year, month, day } = civilFromDays(dn);
    const t = wall - dn * MS_PER_DAY;
    const msPart = t % 1e3;
    const clock = `${pad2(Math.floor(t / 36e5))}:${pad2(Math.floor(t / MS_PER_MINUTE) % 60)}:${pad2(Math.floor(t / 1e3) % 60)}`;
    return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}T${clock}${msPart ? `.${String(msPart).padStart(3, "0")}` : ""}${formatOffset(offset)}`;
  }
  block(index16) {
    let block = this.blocks.get(index16);
    if (!block) {
      block = this.buildBlock(index16);
      this.blocks.set(index16, block);
    }
    return block;
  }
  buildBlock(index16) {
    const first = index16 * BLOCK_DAYS;
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
function inRange(ms) {
  if (ms >= END_DAY * 864e5) throw new CalendarError("OUT_OF_RANGE", "the result would be after the year 2399");
  return ms;
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
        const ms = cal.plainSpanMs(dn, end - dn);
        total += ms;
        if (trace !== null) trace.plainRun(dn, end, ms);
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
function checkInstant(ms, name) {
  if (typeof ms !== "number" || !Number.isInteger(ms)) {
    throw invalidArgument(`${name} must be an instant as whole epoch milliseconds, got ${String(ms)}`);
  }
  if (ms < MIN_MS || ms >= END_MS) throw new CalendarError("OUT_OF_RANGE", `${name} must be in the years 1900..2399`);
  return ms;
}
function minutesToMs(minutes, name) {
  if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
    throw invalidArgument(`${name} must be a finite number of minutes >= 0, got ${String(minutes)}`);
  }
  const raw = minutes * MS_PER_MINUTE;
  const ms = Math.round(raw);
  if (Math.abs(raw - ms) > FLOAT_NOISE_MS) throw invalidArgument(`${name} must be a whole number of milliseconds, got ${minutes} minutes`);
  return ms;
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
  let ms = elapsedCore(cal, a, b, options.strategy);
  if (pauses.length > 0) ms -= pausedBusinessMs(cal, a, b, pauses);
  return fromMs <= toMs ? ms : 0 - ms;
}
function elapsed(cal, fromMs, toMs, options = {}) {
  return elapsedMs(cal, fromMs, toMs, options) / MS_PER_MINUTE;
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
import { and as and5, eq as eq8, sql as sql14 } from "drizzle-orm";

// src/mail/mailer.ts
import nodemailer from "nodemailer";
function outboxMessageId(outboxId, from) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "sla.localhost";
  return `<outbox-${outboxId}@${domain}>`;
}

// activities/email.activities.ts
function isPermanent(err) {
  const code = err.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
function createEmailActivities({ db, mailer, clock }) {
  return {
    async deliverEmail(outboxId) {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.select().from(emailOutbox).where(eq8(emailOutbox.id, outboxId)).for("update", { skipLocked: true });
          if (!row) {
            const [exists] = await tx.select({ status: emailOutbox.status, messageId: emailOutbox.messageId }).from(emailOutbox).where(eq8(emailOutbox.id, outboxId));
            if (!exists) throw ApplicationFailure3.nonRetryable(`No outbox email ${outboxId}`, "EmailOutboxMissing");
            if (exists.status === "sent") return { status: "already_sent", messageId: exists.messageId ?? "" };
            throw ApplicationFailure3.retryable(`Outbox email ${outboxId} is being delivered by another attempt`, "EmailOutboxBusy");
          }
          if (row.status === "sent") return { status: "already_sent", messageId: row.messageId ?? "" };
          const messageId = outboxMessageId(row.id, mailer.from);
          await mailer.send({ to: row.to, subject: row.subject, text: row.body, html: row.html ?? void 0, messageId, headers: { "X-SLA-Outbox-Id": row.id } });
          await tx.update(emailOutbox).set({ status: "sent", sentAt: clock(), messageId, attempts: sql14`${emailOutbox.attempts} + 1`, lastError: null }).where(and5(eq8(emailOutbox.id, row.id), eq8(emailOutbox.status, "pending")));
          return { status: "sent", messageId };
        });
      } catch (err) {
        if (err instanceof ApplicationFailure3) throw err;
        const message = err instanceof Error ? err.message : String(err);
        const permanent = isPermanent(err);
        await db.update(emailOutbox).set({ attempts: sql14`${emailOutbox.attempts} + 1`, lastError: message, ...permanent ? { status: "failed" } : {} }).where(and5(eq8(emailOutbox.id, outboxId), eq8(emailOutbox.status, "pending"))).catch(() => void 0);
        if (permanent) throw ApplicationFailure3.nonRetryable(`SMTP refused the email: ${message}`, "EmailRejected");
        throw err;
      }
    }
  };
}

// activities/mirror.activities.ts
import { and as and7, eq as eq11, sql as sql16 } from "drizzle-orm";

// src/sla/kpi-mirror-row.ts
var date3 = (iso) => iso ? new Date(iso) : null;
function kpiStateColumns(status, calendar, seq, at) {
  return {
    state: status.state,
    warningAt: date3(status.warningAt),
    failureAt: date3(status.failureAt),
    warnedAt: date3(status.warnedAt),
    failedAt: date3(status.failedAt),
    succeededAt: date3(status.succeededAt),
    lateSucceededAt: date3(status.lateSucceededAt),
    pausedBusinessMinutes: Math.round(status.pausedBusinessMinutes),
    calendarId: calendar?.id ?? null,
    calendarVersion: calendar?.version ?? null,
    mirrorSeq: seq,
    updatedAt: at
  };
}
function kpiTimelineEvent(instance, status, transition, seq) {
  return {
    caseId: instance.caseId,
    kind: `sla.${transition.kind}`,
    summary: transition.summary,
    data: {
      instanceId: instance.instanceId,
      kpi: instance.kpi,
      state: status.state,
      warningAt: status.warningAt,
      failureAt: status.failureAt,
      pausedBusinessMinutes: status.pausedBusinessMinutes,
      ...transition.note ? { note: transition.note } : {}
    },
    dedupeKey: `sla:${instance.instanceId}:${seq}`,
    occurredAt: new Date(transition.at),
    ...actorColumns(SLA_ENGINE)
  };
}

// workflows/contract.ts
import { defineQuery, defineSignal, defineUpdate } from "@temporalio/workflow";
function kpiWorkflowId(caseId, kpi, generation) {
  return `sla:${caseId}:${kpi}:${generation}`;
}
var pauseUpdate = defineUpdate("pause");
var resumeUpdate = defineUpdate("resume");
var succeedUpdate = defineUpdate("succeed");
var cancelSignal = defineSignal("cancel");
var applyCalendarSignal = defineSignal("applyCalendar");
var statusQuery = defineQuery("status");

// src/webhooks/sla-webhook-events.ts
import { eq as eq10 } from "drizzle-orm";

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
  const alias = SLA_TIMELINE_ALIASES[timelineKind];
  if (alias) return alias;
  return isWebhookEventType(timelineKind) && timelineKind.startsWith("sla.") ? { type: timelineKind } : null;
}

// src/webhooks/webhook-outbox.ts
import { randomUUID } from "node:crypto";
import { and as and6, eq as eq9, sql as sql15 } from "drizzle-orm";
var newEventId = () => `evt_${randomUUID().replaceAll("-", "")}`;
function eventPayload(id, e, data) {
  return { id, type: e.type, timestamp: e.occurredAt.toISOString(), data };
}
async function publishWebhookEvent(tx, e, now = /* @__PURE__ */ new Date()) {
  const listeners = await tx.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(and6(eq9(webhookSubscriptions.enabled, true), sql15`${webhookSubscriptions.eventTypes} @> ${JSON.stringify([e.type])}::jsonb`));
  if (listeners.length === 0) return 0;
  const id = newEventId();
  const data = typeof e.data === "function" ? await e.data() : e.data;
  const [event] = await tx.insert(webhookEvents).values({ id, type: e.type, sourceKey: e.sourceKey, caseId: e.caseId, payload: eventPayload(id, e, data), occurredAt: e.occurredAt }).onConflictDoNothing({ target: webhookEvents.sourceKey }).returning({ id: webhookEvents.id });
  if (!event) return 0;
  await tx.insert(webhookDeliveries).values(listeners.map((s) => ({ subscriptionId: s.id, eventId: event.id, createdAt: now })));
  return listeners.length;
}

// src/webhooks/sla-webhook-events.ts
async function publishSlaTransition(tx, row) {
  const event = slaEventTypeOf(row.kind);
  if (!event || !row.dedupeKey) return 0;
  const { instanceId, kpi, state, warningAt, failureAt, pausedBusinessMinutes, note } = row.data ?? {};
  return publishWebhookEvent(tx, {
    type: event.type,
    sourceKey: row.dedupeKey,
    caseId: row.caseId,
    occurredAt: row.occurredAt,
    data: async () => ({
      caseId: row.caseId,
      caseNumber: (await tx.select({ number: cases.number }).from(cases).where(eq10(cases.id, row.caseId)))[0]?.number ?? null,
      instanceId,
      kpi,
      state,
      at: row.occurredAt.toISOString(),
      warningAt: warningAt ?? null,
      failureAt: failureAt ?? null,
      pausedBusinessMinutes: pausedBusinessMinutes ?? 0,
      ...event.late !== void 0 ? { late: event.late } : {},
      ...note ? { note } : {}
    })
  });
}

// activities/mirror.activities.ts
var date4 = (iso) => iso ? new Date(iso) : null;
function createMirrorActivities({ db, webhookWaker = null }) {
  return {
    async mirrorInstance({ seq, status, transition, instance }) {
      const at = new Date(transition.at);
      const state = kpiStateColumns(status, instance.calendar, seq, at);
      const result = await db.transaction(async (tx) => {
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
          pausedSince: date4(status.pausedSince),
          pauses: status.pauses,
          endedAt: date4(status.endedAt),
          endReason: status.endReason,
          workflowStartedAt: transition.kind === "started" ? at : null,
          ...state
        }).onConflictDoUpdate({
          target: slaKpiInstances.id,
          set: {
            ...state,
            // An operator's apply-to-running records the new version before the workflow hears of it.
            calendarVersion: sql16`greatest(${slaKpiInstances.calendarVersion}, ${state.calendarVersion}::int)`,
            endedAt: sql16`coalesce(${slaKpiInstances.endedAt}, ${status.endedAt}::timestamptz)`,
            endReason: sql16`coalesce(${slaKpiInstances.endReason}, ${status.endReason}::text)`,
            workflowStartedAt: sql16`coalesce(${slaKpiInstances.workflowStartedAt}, ${transition.kind === "started" ? transition.at : null}::timestamptz)`
          },
          setWhere: sql16`${slaKpiInstances.mirrorSeq} < ${seq}`
        }).returning({ id: slaKpiInstances.id });
        const timelineRow = kpiTimelineEvent(instance, status, transition, seq);
        const [recorded] = await tx.insert(caseEvents).values(timelineRow).onConflictDoNothing({ target: caseEvents.dedupeKey }).returning({ id: caseEvents.id });
        const published = recorded ? await publishSlaTransition(tx, timelineRow) : 0;
        if (transition.kind === "failed") {
          await tx.update(cases).set({ breached: true, version: sql16`${cases.version} + 1` }).where(and7(eq11(cases.id, instance.caseId), eq11(cases.breached, false)));
        }
        return { mirrored: rows.length > 0, published };
      });
      if (result.published > 0) webhookWaker?.wake();
      return { mirrored: result.mirrored };
    }
  };
}

// activities/pending-commands.activities.ts
import { and as and8, asc as asc3, eq as eq12, inArray as inArray4, isNull as isNull2 } from "drizzle-orm";
var KINDS = ["pause", "resume", "succeed", "cancel"];
var slaCommandUpdateId = (commandId) => `sla-command-${commandId}`;
function createPendingCommandActivities({ db }) {
  return {
    async undeliveredSlaCommands({ instanceId, upTo }) {
      const rows = await db.select({ id: slaCommands.id, kind: slaCommands.kind, payload: slaCommands.payload }).from(slaCommands).where(and8(eq12(slaCommands.instanceId, instanceId), isNull2(slaCommands.deliveredAt), inArray4(slaCommands.kind, [...KINDS]))).orderBy(asc3(slaCommands.id));
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
import { and as and9, eq as eq13, sql as sql17 } from "drizzle-orm";

// src/webhooks/signature.ts
import { createHmac, randomBytes } from "node:crypto";
var SECRET_PREFIX = "whsec_";
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
  const timestamp17 = Math.floor(at.getTime() / 1e3);
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp17),
    "webhook-signature": activeSecrets(s, at).map((secret) => signPayload(secret, webhookId, timestamp17, body)).join(" ")
  };
}

// src/webhooks/send-webhook.ts
import http from "node:http";
import https from "node:https";

// src/webhooks/receiver-address.ts
import { lookup as dnsLookup } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
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
function guardedLookup(policy) {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, result) => {
      if (err) return callback(err, "", 0);
      const addresses = result;
      try {
        refuseUnlessPublic(hostname, addresses.map((a) => a.address), policy);
      } catch (refused) {
        return callback(refused, "", 0);
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
async function sendWebhook(target, headers, body, options) {
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
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "sla-service-webhooks/1" },
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
function createWebhookActivities({ db, clock, settings }) {
  return {
    async attemptWebhookDelivery(input) {
      const [row] = await db.select({ delivery: webhookDeliveries, subscription: webhookSubscriptions, event: webhookEvents }).from(webhookDeliveries).innerJoin(webhookSubscriptions, eq13(webhookSubscriptions.id, webhookDeliveries.subscriptionId)).innerJoin(webhookEvents, eq13(webhookEvents.id, webhookDeliveries.eventId)).where(eq13(webhookDeliveries.id, input.deliveryId));
      if (!row) return { outcome: "stopped" };
      const { delivery, subscription, event } = row;
      const attemptAt = new Date(input.attemptAt);
      if (delivery.attempts >= input.attempt || delivery.status !== "pending") {
        if (delivery.status === "succeeded") return { outcome: "succeeded" };
        const [mail] = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq13(emailOutbox.idempotencyKey, disabledEmailKey(subscription.id, attemptAt)));
        if (mail && delivery.attempts === input.attempt) return { outcome: "disabled", emailOutboxId: mail.id };
        return { outcome: delivery.status === "pending" ? "retry" : delivery.status === "failed" ? "failed" : "stopped" };
      }
      if (!subscription.enabled) {
        await db.update(webhookDeliveries).set({ status: "canceled", finishedAt: attemptAt, nextAttemptAt: null, lastError: "subscription disabled" }).where(and9(eq13(webhookDeliveries.id, delivery.id), eq13(webhookDeliveries.status, "pending")));
        return { outcome: "stopped" };
      }
      const body = JSON.stringify(event.payload);
      const sent = await sendWebhook(subscription.url, webhookHeaders(subscription, event.id, clock(), body), body, {
        allowPrivateNetworks: settings.allowPrivateNetworks,
        timeoutMs: settings.timeoutSeconds * 1e3
      });
      const last = input.nextAttemptAt === null;
      return db.transaction(async (tx) => {
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
        }).where(eq13(webhookDeliveries.id, delivery.id));
        if (sent.ok) {
          await tx.update(webhookSubscriptions).set({ failingSince: null }).where(eq13(webhookSubscriptions.id, subscription.id));
          return { outcome: "succeeded" };
        }
        const [failing] = await tx.update(webhookSubscriptions).set({ failingSince: sql17`coalesce(${webhookSubscriptions.failingSince}, ${attemptAt.toISOString()}::timestamptz)` }).where(eq13(webhookSubscriptions.id, subscription.id)).returning({ failingSince: webhookSubscriptions.failingSince, enabled: webhookSubscriptions.enabled });
        const failingForMs = failing?.failingSince ? attemptAt.getTime() - failing.failingSince.getTime() : 0;
        if (!failing?.enabled || failingForMs < input.disableAfterMs) return { outcome: last ? "failed" : "retry" };
        const reason = `every delivery failed for ${Math.round(failingForMs / 36e5)} h (last: ${sent.error})`;
        await tx.update(webhookSubscriptions).set({ enabled: false, disabledAt: attemptAt, disabledReason: reason, updatedAt: attemptAt, version: sql17`${webhookSubscriptions.version} + 1` }).where(eq13(webhookSubscriptions.id, subscription.id));
        const mail = disabledEmail(subscription, reason, attemptAt);
        const key = disabledEmailKey(subscription.id, attemptAt);
        await tx.insert(emailOutbox).values({ idempotencyKey: key, to: [subscription.alertEmail ?? settings.adminEmail], subject: mail.subject, body: mail.body }).onConflictDoNothing({ target: emailOutbox.idempotencyKey });
        const [queued] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq13(emailOutbox.idempotencyKey, key));
        if (!queued) throw ApplicationFailure4.retryable("admin email of a disabled webhook subscription was not queued");
        if (!last) await tx.update(webhookDeliveries).set({ status: "canceled", finishedAt: attemptAt, nextAttemptAt: null }).where(eq13(webhookDeliveries.id, delivery.id));
        return { outcome: "disabled", emailOutboxId: queued.id };
      });
    }
  };
}

// activities/index.ts
function createSlaActivities({ db, mailer, clock = () => /* @__PURE__ */ new Date(), caseLifecycle, webhooks = DEFAULT_WEBHOOK_DELIVERY_SETTINGS, webhookWaker = null }) {
  return {
    ...createDeadlineActivities(),
    ...createActionActivities({ db, clock, formatInstant: formatLabel, caseLifecycle }),
    ...createEmailActivities({ db, mailer, clock }),
    ...createMirrorActivities({ db, webhookWaker }),
    ...createPendingCommandActivities({ db }),
    // Signed with real time: receivers compare `webhook-timestamp` with their own clock.
    ...createWebhookActivities({ db, clock: () => /* @__PURE__ */ new Date(), settings: webhooks })
  };
}
export {
  SLA_ACTION_CONFIG_ERROR,
  createSlaActivities
};
