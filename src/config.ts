/**
 * The one place that reads environment variables. Everything else receives a `Config`.
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | `PORT` | `3000` | HTTP port of the API |
 * | `HOST` | `127.0.0.1` | interface the API binds to (`0.0.0.0` in containers) |
 * | `DATA_DIR` | `.data` | folder for embedded state: PGlite database, Temporal dev-server file, local mailbox |
 * | `DATABASE_URL` | unset | PostgreSQL URL; unset means embedded PGlite in `DATA_DIR/pglite` |
 * | `DATABASE_PREPARED_STATEMENTS` | `true` | PostgreSQL: every query as a named prepared statement, one round trip instead of two; `false` for a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode) |
 * | `TEMPORAL_ADDRESS` | unset | Temporal frontend `host:port`; unset means `npm start` runs its own dev server |
 * | `TEMPORAL_NAMESPACE` | `default` | Temporal namespace |
 * | `TEMPORAL_TASK_QUEUE` | `sla` | task queue of the SLA worker |
 * | `TEMPORAL_DEV_PORT` | `7233` | port of the embedded dev server (when `TEMPORAL_ADDRESS` is unset) |
 * | `TEMPORAL_UI_PORT` | `8233` | port of the embedded dev server's Web UI |
 * | `TEMPORAL_CLI_PATH` | `.tools/bin/temporal` | Temporal CLI used for the embedded dev server |
 * | `TEMPORAL_TEST_SERVER_PATH` | `.tools/bin/temporal-test-server` | time-skipping test server (tests only) |
 * | `SMTP_URL` | unset | e.g. `smtp://user:pass@mailpit:1025`; unset means emails are written to `DATA_DIR/mailbox` |
 * | `MAIL_FROM` | `SLA Service <sla@localhost>` | sender of SLA emails |
 * | `BOOTSTRAP_ADMIN_KEY` | unset (dev: `dev-admin-key-0123456789abcdef`) | an admin API key (≥ 24 characters) accepted at start, stored hashed |
 * | `API_KEY_PEPPER` | dev/test: a fixed development value | server secret (≥ 32 characters) of the HMAC that API keys are stored under; required in production |
 * | `RATE_LIMIT_PER_MINUTE` | `600` | requests per minute per API key |
 * | `AUTH_FAILURES_PER_MINUTE` | `30` | failed authentications per minute per client address before it gets 429 |
 * | `REQUEST_TIMEOUT_SECONDS` | `30` | time a client has to send a whole request (headers and body) |
 * | `HEADERS_TIMEOUT_SECONDS` | `10` | time a client has to send the request headers (at most REQUEST_TIMEOUT_SECONDS) |
 * | `RECONCILE_INTERVAL_SECONDS` | `30` | how often pending SLA commands are re-delivered to Temporal |
 * | `IDEMPOTENCY_KEY_TTL_HOURS` | `24` | how long an Idempotency-Key's answer is kept for replay |
 * | `REPORT_REFRESH_SECONDS` | `60` | how often the worker brings the report facts and per-day rollup up to date in the background (and once at start: the whole rollup after an upgrade); `0`: only reports and goals do, when read |
 * | `SURVEY_LINK_BASE_URL` | `http://localhost:3000/v1/surveys` | public base of survey links in emails; the token is appended as the last path segment |
 * | `SURVEY_EXPIRY_DAYS` | `14` | how long a survey link can be answered |
 * | `SURVEY_ANSWERS_PER_MINUTE` | `30` | requests per minute per client address to the public survey routes |
 * | `SURVEY_SWEEP_SECONDS` | `15` | how often the worker delivers pending survey emails and retries articles sent from a case (and runs the NPS schedule when due) |
 * | `NPS_PERIOD_DAYS` | `90` | a contact gets at most one NPS survey per this many days (on demand or scheduled) |
 * | `NPS_SCHEDULE_HOURS` | `0` | the worker issues scheduled NPS surveys every this many hours; `0`: no schedule |
 * | `WEBHOOK_ALLOW_PRIVATE_NETWORKS` | `false` | `true` allows webhook receivers on private, loopback and link-local addresses (SSRF guard off) |
 * | `WEBHOOK_ADMIN_EMAIL` | `admin@localhost` | who is emailed when a webhook subscription is disabled (unless it names its own `alertEmail`) |
 * | `WEBHOOK_ROTATION_GRACE_HOURS` | `24` | how long the previous secret still signs after a rotation (default of the rotate request) |
 * | `WEBHOOK_RETRY_HOURS` | `24` | how long a delivery is retried; a subscription failing this long is disabled |
 * | `WEBHOOK_TIMEOUT_SECONDS` | `10` | time a receiver has to answer one attempt |
 * | `SLA_WORKER_MAX_CACHED_WORKFLOWS` | `50` | sticky cache of the worker: clocks kept in memory between their timers (the rest replay when they wake) |
 * | `SLA_WORKER_WORKFLOW_TASK_SLOTS` | `50` | workflow tasks the worker runs at once (at most the cache) |
 * | `SLA_WORKER_STACK_TRACES` | `false` | `true`: the SDK's workflow stack traces (the Temporal UI's "Stack Trace" tab), at a stack captured for every promise in workflow code |
 * | `SLA_WORKER_ACTIVATION_TIMEOUT_MS` | `0` | `0`: no watchdog on workflow activations (see src/worker/tuning.ts); else the SDK's limit in ms (its default is 5000), at a thread per call |
 * | `LOG_LEVEL` | `info` | pino log level |
 * | `LOG_FORMAT` | dev: `pretty`, else `json` | `pretty` (human-readable, pino-pretty) or `json` (one object per line) |
 * | `NODE_ENV` | `development` | `production` makes `BOOTSTRAP_ADMIN_KEY` mandatory-or-absent and turns off pretty defaults |
 */
import path from 'node:path';
import { SLA_WORKER_TUNING, UNBOUNDED_ACTIVATION } from './worker/tuning.js';

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; requestTimeoutMs: number; headersTimeoutMs: number };
  dataDir: string;
  databaseUrl: string | undefined;
  /** postgres.js named prepared statements (DATABASE_PREPARED_STATEMENTS); off for poolers that cannot keep them. */
  databasePreparedStatements: boolean;
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    devPort: number;
    uiPort: number;
    cliPath: string | undefined;
    testServerPath: string | undefined;
  };
  mail: { smtpUrl: string | undefined; from: string; mailboxDir: string };
  auth: { bootstrapAdminKey: string | undefined; apiKeyPepper: string; failuresPerMinute: number };
  rateLimitPerMinute: number;
  reconcileIntervalSeconds: number;
  /** How long an Idempotency-Key's stored answer is replayed; afterwards the key is new again. */
  idempotencyKeyTtlHours: number;
  /** How often the worker refreshes the report facts and rollup in the background; 0: never (readers still do). */
  reportRefreshSeconds: number;
  surveys: SurveyConfig;
  webhooks: WebhookConfig;
  /** SLA_WORKER_STACK_TRACES: the SDK's workflow stack traces (src/worker/create-worker.ts). */
  workerStackTraces: boolean;
  /** Temporal worker settings over SLA_WORKER_TUNING (src/worker/tuning.ts). */
  worker: { maxCachedWorkflows: number; maxConcurrentWorkflowTaskExecutions: number; isolateExecutionTimeout: string };
  logLevel: string;
  logFormat: 'pretty' | 'json';
}

export interface SurveyConfig {
  /** Base of the links in survey emails, without a trailing slash; the token is appended. */
  linkBaseUrl: string;
  expiryDays: number;
  answersPerMinute: number;
  sweepEverySeconds: number;
  npsPeriodDays: number;
  /** 0: no scheduled NPS surveys. */
  npsScheduleHours: number;
}

export interface WebhookConfig {
  allowPrivateNetworks: boolean;
  adminEmail: string;
  rotationGraceHours: number;
  retryHours: number;
  timeoutSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The development admin key (README quick tour, tests of `npm start`); never accepted in production. */
export const DEVELOPMENT_ADMIN_KEY = 'dev-admin-key-0123456789abcdef';
/** Development and test only: production refuses to start without its own API_KEY_PEPPER. */
const DEVELOPMENT_API_KEY_PEPPER = 'development-api-key-pepper-not-a-secret';
const MIN_BOOTSTRAP_KEY_LENGTH = 24;
const MIN_PEPPER_LENGTH = 32;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const nodeEnv = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const smtpUrl = str('SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push(`SMTP_URL must start with smtp:// or smtps://`);
  const temporalAddress = str('TEMPORAL_ADDRESS');
  if (temporalAddress && !/^[^\s:]+:\d+$/.test(temporalAddress)) {
    problems.push(`TEMPORAL_ADDRESS must look like host:port, got "${temporalAddress}"`);
  }
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  let bootstrapAdminKey = str('BOOTSTRAP_ADMIN_KEY');
  if (bootstrapAdminKey && (bootstrapAdminKey.length < MIN_BOOTSTRAP_KEY_LENGTH || /\s/.test(bootstrapAdminKey))) {
    problems.push(`BOOTSTRAP_ADMIN_KEY must be at least ${MIN_BOOTSTRAP_KEY_LENGTH} characters long, without spaces (e.g. openssl rand -base64 32)`);
  }
  if (!bootstrapAdminKey && nodeEnv === 'development') bootstrapAdminKey = DEVELOPMENT_ADMIN_KEY;
  let apiKeyPepper = str('API_KEY_PEPPER');
  if (apiKeyPepper && apiKeyPepper.length < MIN_PEPPER_LENGTH) problems.push(`API_KEY_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters long (e.g. openssl rand -base64 48)`);
  if (!apiKeyPepper && nodeEnv === 'production') problems.push('API_KEY_PEPPER is required in production: the server secret API keys are hashed with (e.g. openssl rand -base64 48)');
  apiKeyPepper ??= DEVELOPMENT_API_KEY_PEPPER;
  const requestTimeoutSeconds = int('REQUEST_TIMEOUT_SECONDS', 30, 1, 3600);
  const headersTimeoutSeconds = int('HEADERS_TIMEOUT_SECONDS', Math.min(10, requestTimeoutSeconds), 1, 3600);
  if (headersTimeoutSeconds > requestTimeoutSeconds) problems.push('HEADERS_TIMEOUT_SECONDS must not be longer than REQUEST_TIMEOUT_SECONDS');
  const logFormat = str('LOG_FORMAT') ?? (nodeEnv === 'development' ? 'pretty' : 'json');
  if (logFormat !== 'pretty' && logFormat !== 'json') problems.push(`LOG_FORMAT must be pretty or json; got "${logFormat}"`);
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const webhookAdminEmail = str('WEBHOOK_ADMIN_EMAIL') ?? 'admin@localhost';
  if (!/^[^\s@]+@[^\s@]+$/.test(webhookAdminEmail)) problems.push(`WEBHOOK_ADMIN_EMAIL must be an email address, got "${webhookAdminEmail}"`);
  const dataDir = path.resolve(str('DATA_DIR') ?? '.data');
  const surveyLinkBaseUrl = (str('SURVEY_LINK_BASE_URL') ?? 'http://localhost:3000/v1/surveys').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(surveyLinkBaseUrl)) problems.push(`SURVEY_LINK_BASE_URL must be an http:// or https:// URL, got "${surveyLinkBaseUrl}"`);

  const maxCachedWorkflows = int('SLA_WORKER_MAX_CACHED_WORKFLOWS', SLA_WORKER_TUNING.maxCachedWorkflows, 2, 1_000_000);
  const workflowTaskSlots = int('SLA_WORKER_WORKFLOW_TASK_SLOTS', Math.min(SLA_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions, maxCachedWorkflows), 2, 10_000);
  const activationTimeoutMs = int('SLA_WORKER_ACTIVATION_TIMEOUT_MS', 0, 0, 3_600_000);
  // The SDK would silently lower the slots to the cache size: say so instead.
  if (workflowTaskSlots > maxCachedWorkflows) problems.push('SLA_WORKER_WORKFLOW_TASK_SLOTS must not be more than SLA_WORKER_MAX_CACHED_WORKFLOWS');

  const config: Config = {
    env: nodeEnv as Config['env'],
    http: {
      host: str('HOST') ?? '127.0.0.1',
      port: int('PORT', 3000, 0, 65535),
      requestTimeoutMs: requestTimeoutSeconds * 1000,
      headersTimeoutMs: headersTimeoutSeconds * 1000,
    },
    dataDir,
    databaseUrl,
    databasePreparedStatements: bool('DATABASE_PREPARED_STATEMENTS', true),
    temporal: {
      address: temporalAddress,
      namespace: str('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: str('TEMPORAL_TASK_QUEUE') ?? 'sla',
      devPort: int('TEMPORAL_DEV_PORT', 7233, 1, 65535),
      uiPort: int('TEMPORAL_UI_PORT', 8233, 1, 65535),
      cliPath: str('TEMPORAL_CLI_PATH'),
      testServerPath: str('TEMPORAL_TEST_SERVER_PATH'),
    },
    mail: {
      smtpUrl,
      from: str('MAIL_FROM') ?? 'SLA Service <sla@localhost>',
      mailboxDir: path.join(dataDir, 'mailbox'),
    },
    auth: { bootstrapAdminKey, apiKeyPepper, failuresPerMinute: int('AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000) },
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    reconcileIntervalSeconds: int('RECONCILE_INTERVAL_SECONDS', 30, 1, 86_400),
    idempotencyKeyTtlHours: int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 24 * 365),
    reportRefreshSeconds: int('REPORT_REFRESH_SECONDS', 60, 0, 86_400),
    surveys: {
      linkBaseUrl: surveyLinkBaseUrl,
      expiryDays: int('SURVEY_EXPIRY_DAYS', 14, 1, 365),
      answersPerMinute: int('SURVEY_ANSWERS_PER_MINUTE', 30, 1, 1_000_000),
      sweepEverySeconds: int('SURVEY_SWEEP_SECONDS', 15, 1, 86_400),
      npsPeriodDays: int('NPS_PERIOD_DAYS', 90, 1, 3650),
      npsScheduleHours: int('NPS_SCHEDULE_HOURS', 0, 0, 24 * 365),
    },
    webhooks: {
      allowPrivateNetworks: bool('WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
      adminEmail: webhookAdminEmail,
      rotationGraceHours: int('WEBHOOK_ROTATION_GRACE_HOURS', 24, 0, 24 * 30),
      retryHours: int('WEBHOOK_RETRY_HOURS', 24, 1, 24 * 7),
      timeoutSeconds: int('WEBHOOK_TIMEOUT_SECONDS', 10, 1, 120),
    },
    workerStackTraces: bool('SLA_WORKER_STACK_TRACES', false),
    worker: {
      maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: workflowTaskSlots,
      isolateExecutionTimeout: activationTimeoutMs === 0 ? UNBOUNDED_ACTIVATION : `${activationTimeoutMs}ms`,
    },
    logLevel,
    logFormat: logFormat as Config['logFormat'],
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
