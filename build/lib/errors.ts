// Errors of the build scripts. Every failure a user can cause (a bad plugin.json,
// a missing file, a server that says no) is a ToolkitError subclass whose
// message says what was wrong and where; the CLIs print it and exit 1 without a
// stack trace. Anything else is a bug in the scripts and is printed in full.

export class ToolkitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
