import type { SalesEvent } from '../../schemas/generated/event-types.js';
import { formatDecimal, parseDecimal } from '../money.js';
import { type EventOf, type SchemaViolation, type StreamName, schemaViolations } from './event-schemas.js';

/** Rules JSON Schema cannot state: money arithmetic on a sales line. Run only on schema-valid lines. */
export function salesLineRuleViolations(line: SalesEvent): SchemaViolation[] {
  const gross = parseDecimal(line.unit_price) * BigInt(line.quantity);
  const discount = parseDecimal(line.discount);
  const violations: SchemaViolation[] = [];
  if (discount > gross) {
    violations.push({
      field: '/discount',
      value: line.discount,
      problem: `must not exceed quantity × unit_price (${formatDecimal(gross)})`,
    });
  }
  const expected = formatDecimal(gross - discount);
  if (line.line_total !== expected) {
    violations.push({ field: '/line_total', value: line.line_total, problem: `must equal quantity × unit_price − discount = ${expected}` });
  }
  return violations;
}

/** Every problem with an event: its schema first, then the stream's arithmetic rules. */
export function eventViolations<S extends StreamName>(stream: S, event: EventOf[S] | unknown): SchemaViolation[] {
  const violations = schemaViolations(stream, event);
  if (violations.length > 0 || stream !== 'sales') return violations;
  return salesLineRuleViolations(event as SalesEvent);
}

export function describeViolations(violations: readonly SchemaViolation[]): string {
  return violations.map((violation) => `${violation.field} = ${JSON.stringify(violation.value)} ${violation.problem}`).join('; ');
}
