import type { HeadlinesSource } from '../headlines/headlines-file.js';
import type { Notification } from '../model/notification.js';
import { compileMailTemplates, readMailTemplates, type RenderedMail, type TemplateSources } from '../mail-templates.js';
import type { MailAttachment } from '../outgoing-mail.js';
import { renderNotificationCharts } from './notification-charts.js';
import { notificationView } from './notification-view.js';
import { SAMPLE_CHARTS, SAMPLE_HEADLINES, SAMPLE_NOTIFICATION } from './sample-notification.js';

/** File names inside a templates folder such as `alerts/templates/`. */
export const NOTIFICATION_TEMPLATE_FILES: TemplateSources = {
  subject: 'notification.subject.hbs',
  text: 'notification.txt.hbs',
  html: 'notification.html.hbs',
};

export interface RenderedNotification extends RenderedMail {
  /** Inline chart images the HTML refers to by `cid:`. */
  readonly attachments: readonly MailAttachment[];
  /** Charts left out because they could not be drawn; worth a log line, not a failed e-mail. */
  readonly warnings: readonly string[];
}

export interface NotificationTemplates {
  render(n: Notification): Promise<RenderedNotification>;
}

/** `names` label each template in error messages, e.g. its file path; `headlines` adds news of the alerted symbols. */
export function compileNotificationTemplates(
  sources: TemplateSources,
  names: TemplateSources = NOTIFICATION_TEMPLATE_FILES,
  headlines?: HeadlinesSource,
): NotificationTemplates {
  const render = compileMailTemplates(sources, names, notificationView(SAMPLE_NOTIFICATION, SAMPLE_CHARTS, SAMPLE_HEADLINES));
  return {
    async render(n) {
      // Charts first: only an image that was drawn is referenced from the HTML.
      const charts = await renderNotificationCharts(n);
      const lookup = await headlines?.current();
      return { ...render(notificationView(n, charts.cids, lookup)), attachments: charts.attachments, warnings: charts.warnings };
    },
  };
}

/** Loads `notification.subject.hbs`, `notification.txt.hbs` and `notification.html.hbs` from a folder such as `alerts/templates`. */
export async function loadNotificationTemplates(dir: string, headlines?: HeadlinesSource): Promise<NotificationTemplates> {
  const { sources, paths } = await readMailTemplates(dir, NOTIFICATION_TEMPLATE_FILES);
  return compileNotificationTemplates(sources, paths, headlines);
}
