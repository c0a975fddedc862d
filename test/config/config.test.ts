import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { SLA_WORKER_TUNING } from '../../src/worker/tuning.js';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.temporal).toMatchObject({ address: undefined, namespace: 'default', taskQueue: 'sla', devPort: 7233, uiPort: 8233 });
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(c.mail.mailboxDir).toMatch(/\.data[/\\]mailbox$/);
    expect(c.auth.bootstrapAdminKey).toBe('dev-admin-key-0123456789abcdef');
    expect(c.auth.failuresPerMinute).toBe(30);
  });

  it('has no development admin key in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', API_KEY_PEPPER: 'p'.repeat(32) }).auth.bootstrapAdminKey).toBeUndefined();
  });

  it('needs its own API key pepper of at least 32 characters in production, and a bootstrap key of at least 24', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/API_KEY_PEPPER is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', API_KEY_PEPPER: 'too-short' })).toThrow(/API_KEY_PEPPER must be at least 32 characters/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_KEY: 'a'.repeat(23) })).toThrow(/BOOTSTRAP_ADMIN_KEY must be at least 24 characters/);
    expect(loadConfig({ BOOTSTRAP_ADMIN_KEY: 'a'.repeat(24) }).auth.bootstrapAdminKey).toBe('a'.repeat(24));
    expect(loadConfig({ NODE_ENV: 'test' }).auth.apiKeyPepper.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '6' })).toThrow(/HEADERS_TIMEOUT_SECONDS must not be longer/);
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '5' }).http).toMatchObject({ requestTimeoutMs: 5000, headersTimeoutMs: 5000 });
  });

  it('tunes the worker cache and workflow-task slots, never more slots than cached workflows', () => {
    expect(loadConfig({}).worker).toMatchObject({ maxCachedWorkflows: SLA_WORKER_TUNING.maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions: SLA_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions });
    expect(loadConfig({ SLA_WORKER_MAX_CACHED_WORKFLOWS: '10' }).worker).toMatchObject({ maxCachedWorkflows: 10, maxConcurrentWorkflowTaskExecutions: 10 });
    expect(loadConfig({ SLA_WORKER_MAX_CACHED_WORKFLOWS: '500', SLA_WORKER_WORKFLOW_TASK_SLOTS: '20' }).worker).toMatchObject({ maxCachedWorkflows: 500, maxConcurrentWorkflowTaskExecutions: 20 });
    expect(() => loadConfig({ SLA_WORKER_MAX_CACHED_WORKFLOWS: '10', SLA_WORKER_WORKFLOW_TASK_SLOTS: '20' })).toThrow(/SLA_WORKER_WORKFLOW_TASK_SLOTS must not be more than/);
  });

  it('leaves the SDK workflow stack traces off unless SLA_WORKER_STACK_TRACES is true', () => {
    expect(loadConfig({}).workerStackTraces).toBe(false);
    expect(loadConfig({ SLA_WORKER_STACK_TRACES: 'true' }).workerStackTraces).toBe(true);
  });

  it('runs workflow activations without a watchdog unless SLA_WORKER_ACTIVATION_TIMEOUT_MS sets one', () => {
    expect(loadConfig({}).worker.isolateExecutionTimeout).toBe('4294967295ms');
    expect(loadConfig({ SLA_WORKER_ACTIVATION_TIMEOUT_MS: '5000' }).worker.isolateExecutionTimeout).toBe('5000ms');
    expect(() => loadConfig({ SLA_WORKER_ACTIVATION_TIMEOUT_MS: '-1' })).toThrow(/SLA_WORKER_ACTIVATION_TIMEOUT_MS/);
  });

  it('lists every invalid variable with what to fix, not just the first', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost', LOG_LEVEL: 'loud', BOOTSTRAP_ADMIN_KEY: 'short', SMTP_URL: 'http://mail' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(problems.join('\n')).toMatch(/TEMPORAL_ADDRESS must look like host:port/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/BOOTSTRAP_ADMIN_KEY must be at least 24 characters/);
    expect(problems.join('\n')).toMatch(/SMTP_URL must start with smtp/);
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@db/x' })).toThrow(/mysql:\/\/user:\*\*\*@db\/x/);
  });
});

describe('configuration documentation', () => {
  const read = (f: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../..', f), 'utf8');
  const variablesRead = [...read('src/config.ts').matchAll(/(?:str|int|bool)\('([A-Z_]+)'/g)].map((m) => m[1]).sort();

  it('.env.example lists exactly the variables the config module reads', () => {
    const listed = [...read('.env.example').matchAll(/^# ([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(variablesRead);
  });

  it('the README configuration table names every variable the config module reads', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Business-hours calendars'));
    for (const v of variablesRead) expect(table, v).toContain(`\`${v}\``);
  });
});
