import * as z from 'zod';
import { expecting, mailboxSchema, nameSchema, strictObject, timeZoneSchema } from './schema-parts.js';

/** Where notifications go: a list of e-mail recipients, reading times in one time zone. */
export const receiverSchema = strictObject(
  {
    name: nameSchema,
    /** `[]`: alerts routed here are recorded but not e-mailed (e.g. info level). */
    to: z.array(mailboxSchema, { error: expecting('array of e-mail addresses') }),
    /** Times in e-mails are shown in this zone and in UTC. */
    timeZone: timeZoneSchema.default('UTC'),
  },
  'mapping with name, to, timeZone',
);

export type ReceiverConfig = z.output<typeof receiverSchema>;

const perHour = z
  .int({ error: expecting('whole number of e-mails per hour') })
  .min(1, { error: 'expected at least 1 e-mail per hour' });

/**
 * At most this many e-mails per recipient per rolling hour. Past it, non-critical notifications
 * roll into a digest sent when the budget allows again; critical ones still go out.
 */
export const budgetSchema = strictObject(
  {
    /** Every recipient; absent = no limit. */
    perHour: perHour.optional(),
    /** Per address, overriding `perHour`. */
    recipients: z.record(mailboxSchema, perHour, { error: expecting('mapping of e-mail address to e-mails per hour') }).optional(),
  },
  'mapping with perHour, recipients',
);

export type BudgetConfig = z.output<typeof budgetSchema>;
