/** The /time slash command: `/time [zone]` answers the time, to the caller only. */
import type { Command, CommandArgs, CommandResponse } from '../runtime';
import { UnknownTimeZoneError, zonedTime } from './time';

export const TIME_COMMAND = {
  trigger: 'time',
  auto_complete: true,
  auto_complete_desc: 'Show the current time in a time zone',
  auto_complete_hint: '[time zone]',
  display_name: 'World Time',
} satisfies Partial<Command>;

export function executeTimeCommand(args: CommandArgs, defaultTimezone: string): Partial<CommandResponse> {
  const zone = args.command.trim().split(/\s+/)[1] || defaultTimezone;
  try {
    return ephemeral(zonedTime(zone).display);
  } catch (error) {
    if (error instanceof UnknownTimeZoneError) return ephemeral(error.message);
    throw error;
  }
}

function ephemeral(text: string): Partial<CommandResponse> {
  return { response_type: 'ephemeral', text };
}
