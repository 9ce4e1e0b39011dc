import type { Channel, CreateChannel } from '@storefleet/contracts';

/** The channel form as typed: origins one per line. */
export interface ChannelFormValues {
  id: string;
  name: string;
  theme_color: string;
  default_currency: string;
  allowed_origins: string;
}

export function channelFormValues(channel?: Channel): ChannelFormValues {
  return {
    id: channel?.id ?? '',
    name: channel?.name ?? '',
    theme_color: channel?.theme_color ?? '#2450b2',
    default_currency: channel?.default_currency ?? 'EUR',
    allowed_origins: channel?.allowed_origins.join('\n') ?? '',
  };
}

/** The body the API takes: origins split on lines, commas or blanks, empty ones dropped; the API judges the rest. */
export function channelBody(values: ChannelFormValues): CreateChannel {
  return {
    id: values.id.trim(),
    name: values.name.trim(),
    theme_color: values.theme_color.trim(),
    default_currency: values.default_currency.trim().toUpperCase(),
    allowed_origins: values.allowed_origins.split(/[\s,]+/).filter(Boolean),
  };
}
