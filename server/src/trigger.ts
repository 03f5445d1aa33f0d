/**
 * Finding the trigger word in a message and the time World Time appended to
 * it. A zone can follow the trigger directly: "hoge@Europe/Paris".
 */

export interface Trigger {
  /** The zone written after "<trigger>@", if any. */
  readonly zone?: string;
}

/** The trigger in `message`, or undefined when the message does not contain it. */
export function findTrigger(message: string, triggerWord: string): Trigger | undefined {
  if (triggerWord === '') return undefined;
  const at = message.indexOf(triggerWord);
  if (at < 0) return undefined;
  // "<trigger>@<zone>": the zone is the run of non-space characters after the @.
  const zone = /^@(\S*)/.exec(message.slice(at + triggerWord.length))?.[1];
  return zone ? { zone } : {};
}

/** " (2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00))" at the end of a message. */
const APPENDED = / \((\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \([^()]+, UTC[+-]\d{2}:\d{2}\))\)$/;

export function appendTime(message: string, display: string): string {
  return `${message} (${display})`;
}

/** The display World Time appended to `message`, if it did. */
export function appendedDisplay(message: string): string | undefined {
  return APPENDED.exec(message)?.[1];
}

/** `message` without a previously appended time, so an edit does not stack them. */
export function withoutAppendedTime(message: string): string {
  return message.replace(APPENDED, '');
}
