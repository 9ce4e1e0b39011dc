import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { AppError } from '@storefleet/kit';

/** The message templates, one folder each with subject.mustache, text.mustache and html.mustache, and sms.mustache where an SMS goes too. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface Templates {
  /** Renders a template with user data; HTML escapes it, the subject and text part keep it as written. */
  render(name: string, view: object): RenderedEmail;
  /** Renders a template's SMS text, as written. */
  renderSms(name: string, view: object): string;
}

const verbatim = (value: unknown) => String(value);

/**
 * Reads every template once, at start, so a missing part is found then, not at the first message.
 * @example createTemplates().render('welcome', { first_name: 'Ada', email, storefront_url })
 */
export function createTemplates(dir = TEMPLATES_DIR): Templates {
  const templates = new Map<string, RenderedEmail & { sms?: string }>();
  for (const name of readdirSync(dir)) {
    const files = readdirSync(join(dir, name));
    const part = (file: string) => readFileSync(join(dir, name, `${file}.mustache`), 'utf8');
    templates.set(name, { subject: part('subject'), text: part('text'), html: part('html'), sms: files.includes('sms.mustache') ? part('sms') : undefined });
  }
  return {
    render(name, view) {
      const template = templates.get(name);
      if (!template) throw new AppError('internal', `There is no message template ${name}`);
      return {
        // A subject is one line whatever the data holds.
        subject: Mustache.render(template.subject, view, {}, { escape: verbatim }).replace(/\s+/g, ' ').trim(),
        text: Mustache.render(template.text, view, {}, { escape: verbatim }),
        html: Mustache.render(template.html, view),
      };
    },
    renderSms(name, view) {
      const sms = templates.get(name)?.sms;
      if (sms === undefined) throw new AppError('internal', `There is no SMS template ${name}`);
      return Mustache.render(sms, view, {}, { escape: verbatim }).trim();
    },
  };
}
