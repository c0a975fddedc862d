/**
 * The case fields SLA conditions may read (spec §2.2), with their types. `fields.<name>` reads a
 * free-form case field (e.g. one set by an SLA action).
 */
export type FieldKind = 'ordered' | 'enum' | 'string' | 'id' | 'instant' | 'boolean';

export interface FieldSpec {
  kind: FieldKind;
  /** For ordered/enum fields: the allowed values, in order for `ordered`. */
  values?: readonly string[];
  description: string;
}

export const caseFieldCatalog: Record<string, FieldSpec> = {
  priority: { kind: 'ordered', values: ['low', 'normal', 'high'], description: 'case priority (low < normal < high)' },
  serviceLevel: { kind: 'enum', values: ['standard', 'premium', 'enterprise'], description: 'customer tier / service level on the case' },
  origin: { kind: 'enum', values: ['phone', 'email', 'web', 'facebook', 'twitter', 'iot'], description: 'origin channel' },
  status: {
    kind: 'enum',
    values: ['in_progress', 'on_hold', 'waiting_for_details', 'researching', 'resolved', 'cancelled'],
    description: 'case status',
  },
  product: { kind: 'string', description: 'product name' },
  productId: { kind: 'id', description: 'product id (/v1/products)' },
  title: { kind: 'string', description: 'case title' },
  ownerId: { kind: 'id', description: 'owning agent id' },
  queueId: { kind: 'id', description: 'current queue id' },
  accountId: { kind: 'id', description: 'account id' },
  contactId: { kind: 'id', description: 'contact id' },
  entitlementId: { kind: 'id', description: 'entitlement id' },
  createdAt: { kind: 'instant', description: 'creation instant' },
  firstResponseAt: { kind: 'instant', description: 'first response instant' },
  resolvedAt: { kind: 'instant', description: 'resolution instant' },
  breached: { kind: 'boolean', description: 'any KPI of the case is noncompliant' },
};

/** The values a condition is evaluated against: case fields plus `fields.*`. */
export type CaseFacts = Record<string, unknown> & { fields?: Record<string, unknown> };

export function readField(facts: CaseFacts, field: string): unknown {
  if (field.startsWith('fields.')) return facts.fields?.[field.slice('fields.'.length)];
  const v = facts[field];
  return v instanceof Date ? v.toISOString() : v;
}

export function isKnownField(field: string): boolean {
  return field in caseFieldCatalog || /^fields\.[A-Za-z_][\w-]{0,63}$/.test(field);
}
